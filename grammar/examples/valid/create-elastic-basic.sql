-- command: CreateConnection
-- parsed: if_not_exists=false name=es comment=None options=[type=elastic, endpoint=https://es.example.com:9243, username=elastic, password=<pw>]
create connection es with ('type'='elastic','endpoint'='https://es.example.com:9243','username'='elastic','password'='<pw>');
