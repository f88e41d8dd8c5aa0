-- command: Reset
RESET 'sql.state-ttl';
