-- error: expected WITH ('key' = 'value', …) after the name
CREATE CONNECTION c ('type' = 'OPENAI');
