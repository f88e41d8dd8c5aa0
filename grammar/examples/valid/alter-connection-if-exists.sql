-- command: AlterConnection
-- parsed: if_exists=true name=my-mongodb options=[password=<new-password>, username=app]
-- type: MONGODB
ALTER CONNECTION IF EXISTS my-mongodb SET ('password' = '<new-password>', 'username' = 'app');
