-- error: expected a quoted value after 'api-key' =
CREATE CONNECTION c WITH ('type' = 'OPENAI', 'api-key' = sk_live);
