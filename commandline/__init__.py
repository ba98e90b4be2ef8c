"""Pieces shared by the project's management commands (demo store, search index, thumbnails):
not an app, no models; just what a long-running command needs to talk to its operator."""
