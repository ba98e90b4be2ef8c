"""Storefront pictures made ahead of time, served with srcset, never drawn while a shopper waits.

Product pictures are sorl-thumbnail files, Wagtail pictures are renditions; both are made by
Celery after the upload commits, in every size the templates use (sizes.py). The template
tags only look sizes up; a missing size falls back to the largest one there (or the
original) and queues the work.
"""
