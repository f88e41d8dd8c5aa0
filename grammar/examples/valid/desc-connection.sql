-- command: DescribeConnection
-- parsed: name=cat.db.my-openai
desc connection cat.db.`my-openai`
