-- error: unknown connection type 'chatgpt': use one of AZUREML, AZUREOPENAI, A2A
CREATE CONNECTION c WITH ('type' = 'chatgpt', 'endpoint' = 'https://x', 'api-key' = 'k');
