-- command: CreateConnection
-- parsed: if_not_exists=false name=rest-api comment=None options=[type=REST, endpoint=https://api.example.com, oauth-token-endpoint=https://auth.example.com/oauth/token, oauth-client-id=<client-id>, oauth-client-secret=<client-secret>, oauth-scope=read]
CREATE CONNECTION rest-api WITH (
  'type' = 'REST',
  'endpoint' = 'https://api.example.com',
  'oauth-token-endpoint' = 'https://auth.example.com/oauth/token',
  'oauth-client-id' = '<client-id>',
  'oauth-client-secret' = '<client-secret>',
  'oauth-scope' = 'read'
);
