-- error: option 'service-key' does not apply to type OPENAI; it takes type, endpoint, api-key
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'https://x', 'service-key' = 's');
