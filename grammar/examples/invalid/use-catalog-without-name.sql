-- error: expected a catalog name after USE CATALOG
USE CATALOG;
