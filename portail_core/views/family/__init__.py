"""Parents' family file pages: the family, child sheets, documents, the family scope."""
