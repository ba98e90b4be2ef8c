"""The shop: Oscar apps we fork (labels unchanged), the user model, demo data, payments."""
