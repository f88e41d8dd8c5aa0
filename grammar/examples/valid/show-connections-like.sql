-- command: ShowConnections
-- parsed: like=Some("open%")
show connections like 'open%';
