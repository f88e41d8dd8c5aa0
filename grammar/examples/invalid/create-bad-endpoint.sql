-- error: it must be an http:// or https:// URL
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'endpoint' = 'api.openai.com', 'api-key' = 'k');
