-- error: expected WITH ('key' = 'value', …) after the comment
CREATE CONNECTION c COMMENT 'x';
