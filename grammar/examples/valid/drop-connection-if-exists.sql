-- command: DropConnection
drop connection if exists my-openai;
