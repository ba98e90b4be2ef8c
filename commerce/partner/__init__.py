"""Oscar's partner app, forked for the pricing/stock strategy (strategy.py)."""
