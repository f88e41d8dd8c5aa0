-- command: AlterConnection
-- type: OPENAI
ALTER CONNECTION `my-openai` SET ('api-key' = '<new-key>');
