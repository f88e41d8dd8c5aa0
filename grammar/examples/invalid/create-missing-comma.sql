-- error: expected ',' or ')' after an option
CREATE CONNECTION c WITH ('type' = 'OPENAI' 'endpoint' = 'https://x');
