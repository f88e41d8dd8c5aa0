-- error: give only one way to authenticate for type REST
CREATE CONNECTION c WITH ('type' = 'REST', 'endpoint' = 'https://x', 'token' = 't', 'username' = 'u', 'password' = 'p');
