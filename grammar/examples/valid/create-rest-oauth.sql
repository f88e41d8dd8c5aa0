-- command: CreateConnection
CREATE CONNECTION rest-api WITH (
  'type' = 'REST',
  'endpoint' = 'https://api.example.com',
  'oauth-token-endpoint' = 'https://auth.example.com/oauth/token',
  'oauth-client-id' = '<client-id>',
  'oauth-client-secret' = '<client-secret>',
  'oauth-scope' = 'read'
);
