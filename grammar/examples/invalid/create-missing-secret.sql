-- error: type OPENAI needs 'api-key'; it takes type, endpoint, api-key
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1');
