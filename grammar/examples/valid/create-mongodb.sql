-- command: CreateConnection
-- parsed: if_not_exists=false name=my-mongodb-connection comment=None options=[type=MONGODB, endpoint=mongodb+srv://myCluster.mongodb.net/myDatabase, username=<atlas-user-name>, password=<atlas-password>]
CREATE CONNECTION `my-mongodb-connection`
  WITH (
    'type' = 'MONGODB',
    'endpoint' = 'mongodb+srv://myCluster.mongodb.net/myDatabase',
    'username' = '<atlas-user-name>',
    'password' = '<atlas-password>'
  );
