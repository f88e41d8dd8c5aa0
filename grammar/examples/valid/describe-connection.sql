-- command: DescribeConnection
-- parsed: name=my-openai
DESCRIBE CONNECTION `my-openai`;
