-- error: option 'password' does not apply to type OPENAI
-- type: OPENAI
ALTER CONNECTION c SET ('password' = 'p');
