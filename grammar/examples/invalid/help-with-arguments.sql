-- error: unexpected text after HELP
HELP me;
