-- error: expected NOT EXISTS after IF
CREATE CONNECTION IF EXISTS c WITH ('type' = 'OPENAI');
