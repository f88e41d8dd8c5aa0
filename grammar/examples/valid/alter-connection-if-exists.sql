-- command: AlterConnection
-- type: MONGODB
ALTER CONNECTION IF EXISTS my-mongodb SET ('password' = '<new-password>', 'username' = 'app');
