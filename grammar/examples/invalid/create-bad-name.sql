-- error: invalid connection name 'My_Conn'
CREATE CONNECTION My_Conn WITH ('type' = 'OPENAI', 'endpoint' = 'https://x', 'api-key' = 'k');
