-- command: DropConnection
-- parsed: if_exists=true name=my-openai
drop connection if exists my-openai;
