-- error: missing option 'endpoint' for type OPENAI; it takes type, endpoint, api-key
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'api-key' = 'k');
