"""Wagtail pages editors publish: home, standard pages, contact, blog, promotions."""
