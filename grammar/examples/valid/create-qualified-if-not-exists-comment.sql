-- command: CreateConnection
-- parsed: if_not_exists=true name=my_catalog.my_db.azure-openai comment=Some("production chat model") options=[type=azureopenai, endpoint=https://my-resource.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2025-01-01-preview, api-key=<key>]
-- A qualified name, IF NOT EXISTS and a comment.
CREATE CONNECTION IF NOT EXISTS `my_catalog`.`my_db`.`azure-openai`
  COMMENT 'production chat model'
  WITH (
    'type' = 'azureopenai',
    'endpoint' = 'https://my-resource.openai.azure.com/openai/deployments/gpt/chat/completions?api-version=2025-01-01-preview',
    'api-key' = '<key>'
  );
