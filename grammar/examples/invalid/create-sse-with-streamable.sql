-- error: 'sse-endpoint' cannot be used with 'transport-type' = 'STREAMABLE_HTTP'
CREATE CONNECTION c WITH ('type' = 'MCP_SERVER', 'endpoint' = 'https://x', 'api-key' = 'k', 'transport-type' = 'STREAMABLE_HTTP', 'sse-endpoint' = '/sse');
