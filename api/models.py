"""API keys: one per integration (a warehouse system, an ERP), each allowed only its scopes.

Only a hash of the key is stored; the full key is shown once, when staff create it in the
dashboard. The first characters (`prefix`) are kept in clear so a request's key is found
with one indexed lookup before its hash is compared.
"""
from django.conf import settings
from django.db import models


class ApiKey(models.Model):
    name = models.CharField(max_length=100, help_text="Which integration uses this key, e.g. “Warehouse sync”")
    prefix = models.CharField(max_length=16, unique=True)
    hashed_key = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        permissions = [("manage_apikey", "Can create and revoke API keys")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    # DRF's IsAuthenticated-style checks read request.auth; a key is a credential, not a person.
    is_authenticated = True
