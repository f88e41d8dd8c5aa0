-- command: CreateConnection
-- parsed: if_not_exists=false name=bedrock-conn comment=None options=[type=BEDROCK, endpoint=https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v2/invoke, aws-access-key=<access-key>, aws-secret-key=<secret-key>, aws-session-token=<session-token>]
CREATE CONNECTION bedrock-conn WITH (
  'type' = 'BEDROCK',
  'endpoint' = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-v2/invoke',
  'aws-access-key' = '<access-key>',
  'aws-secret-key' = '<secret-key>',
  'aws-session-token' = '<session-token>'
);
