-- command: Use
use `my env`.`my cluster`
