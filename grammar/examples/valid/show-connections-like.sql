-- command: ShowConnections
show connections like 'open%';
