-- error: unexpected text after the name
DROP CONNECTION a b;
