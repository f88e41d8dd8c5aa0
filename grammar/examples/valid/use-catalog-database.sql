-- command: Use
-- parsed: catalog=Some("my env") database=my cluster
use `my env`.`my cluster`
