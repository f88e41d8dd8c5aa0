-- command: CreateConnection
CREATE CONNECTION `my-openai`
  WITH (
    'type' = 'OPENAI',
    'endpoint' = 'https://api.openai.com/v1/chat/completions',
    'api-key' = '<your-api-key>'
  );
