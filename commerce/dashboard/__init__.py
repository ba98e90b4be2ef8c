"""Forks of Oscar's dashboard apps (only those we change)."""
