-- command: CreateConnection
CREATE CONNECTION mcp WITH (
  'type' = 'MCP_SERVER',
  'endpoint' = 'https://mcp.example.com',
  'token' = '<bearer-token>',
  'transport-type' = 'streamable_http'
);
