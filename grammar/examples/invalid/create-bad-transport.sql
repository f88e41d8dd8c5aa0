-- error: 'transport-type' must be SSE or STREAMABLE_HTTP
CREATE CONNECTION c WITH ('type' = 'MCP_SERVER', 'endpoint' = 'https://x', 'api-key' = 'k', 'transport-type' = 'grpc');
