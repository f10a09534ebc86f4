"""Personal data (RGPD): a family's export, and the retention that anonymises old files."""
