-- command: DropConnection
DROP CONNECTION `azure-openai_connection`;
