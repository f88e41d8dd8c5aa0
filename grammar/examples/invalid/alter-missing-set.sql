-- error: expected SET ('key' = 'value', …) after the name
ALTER CONNECTION c ('api-key' = 'k');
