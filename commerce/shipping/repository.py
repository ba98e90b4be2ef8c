"""Which delivery options a basket may use: standard first (the default), then express."""
from oscar.apps.shipping import repository

from .methods import Express, Standard


class Repository(repository.Repository):
    methods = (Standard(), Express())
