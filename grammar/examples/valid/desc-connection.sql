-- command: DescribeConnection
desc connection cat.db.`my-openai`
