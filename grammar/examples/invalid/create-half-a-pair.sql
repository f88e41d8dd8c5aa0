-- error: missing 'aws-secret-key' (needed with 'aws-access-key') for type BEDROCK
CREATE CONNECTION c WITH ('type' = 'BEDROCK', 'endpoint' = 'https://bedrock', 'aws-access-key' = 'a');
