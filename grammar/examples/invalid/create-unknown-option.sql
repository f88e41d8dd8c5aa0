-- error: unknown option 'api_key' for type OPENAI
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://x', 'api_key' = 's');
