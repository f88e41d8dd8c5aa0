-- error: only secret options can be altered, not 'endpoint'
-- type: OPENAI
ALTER CONNECTION c SET ('endpoint' = 'https://elsewhere');
