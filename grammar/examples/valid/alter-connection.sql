-- command: AlterConnection
-- parsed: if_exists=false name=my-openai options=[api-key=<new-key>]
-- type: OPENAI
ALTER CONNECTION `my-openai` SET ('api-key' = '<new-key>');
