"""Oscar's basket, forked for query-lean line loading (models.py)."""
