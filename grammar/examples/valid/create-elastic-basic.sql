-- command: CreateConnection
create connection es with ('type'='elastic','endpoint'='https://es.example.com:9243','username'='elastic','password'='<pw>');
