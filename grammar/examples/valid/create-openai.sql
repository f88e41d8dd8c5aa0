-- command: CreateConnection
-- parsed: if_not_exists=false name=my-openai comment=None options=[type=OPENAI, endpoint=https://api.openai.com/v1/chat/completions, api-key=<your-api-key>]
CREATE CONNECTION `my-openai`
  WITH (
    'type' = 'OPENAI',
    'endpoint' = 'https://api.openai.com/v1/chat/completions',
    'api-key' = '<your-api-key>'
  );
