-- command: CreateConnection
CREATE CONNECTION my-openai-connection WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'k')
