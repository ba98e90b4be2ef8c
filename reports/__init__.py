"""Merchandiser reports (sales, inventory, customer behaviour), built in the background by Celery."""
