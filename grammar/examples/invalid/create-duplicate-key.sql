-- error: option 'api-key' is given twice
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://x', 'api-key' = 'a', 'API-KEY' = 'b');
