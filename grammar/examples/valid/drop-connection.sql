-- command: DropConnection
-- parsed: if_exists=false name=azure-openai_connection
DROP CONNECTION `azure-openai_connection`;
