-- command: UseCatalog
USE CATALOG `my env`;
