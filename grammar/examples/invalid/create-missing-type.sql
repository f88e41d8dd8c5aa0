-- error: missing option 'type'
CREATE CONNECTION c WITH ('endpoint' = 'https://x', 'api-key' = 'k');
