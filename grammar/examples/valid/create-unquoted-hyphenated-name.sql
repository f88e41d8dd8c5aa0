-- command: CreateConnection
-- parsed: if_not_exists=false name=my-openai-connection comment=None options=[type=OPENAI, endpoint=https://api.openai.com/v1/chat/completions, api-key=k]
CREATE CONNECTION my-openai-connection WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'k')
