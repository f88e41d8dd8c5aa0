-- command: DescribeConnection
DESCRIBE CONNECTION `my-openai`;
