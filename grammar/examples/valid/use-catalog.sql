-- command: UseCatalog
-- parsed: catalog=my env
USE CATALOG `my env`;
