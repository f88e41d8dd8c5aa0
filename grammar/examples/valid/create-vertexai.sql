-- command: CreateConnection
-- parsed: if_not_exists=false name=vertex comment=None options=[type=VERTEXAI, endpoint=https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini:generateContent, service-key={"type": "service_account"}]
CREATE CONNECTION vertex WITH ('type' = 'VERTEXAI', 'endpoint' = 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/gemini:generateContent', 'service-key' = '{"type": "service_account"}');
