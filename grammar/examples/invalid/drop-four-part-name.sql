-- error: a name has at most three parts
DROP CONNECTION a.b.c.d;
