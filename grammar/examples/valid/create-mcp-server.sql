-- command: CreateConnection
-- parsed: if_not_exists=false name=mcp comment=None options=[type=MCP_SERVER, endpoint=https://mcp.example.com, token=<bearer-token>, transport-type=streamable_http]
CREATE CONNECTION mcp WITH (
  'type' = 'MCP_SERVER',
  'endpoint' = 'https://mcp.example.com',
  'token' = '<bearer-token>',
  'transport-type' = 'streamable_http'
);
