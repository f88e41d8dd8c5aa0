-- error: SET: expected a value after 'a' =
SET 'a' = ;
