"""Security: login lockout, abuse limits, Content Security Policy, log scrubbing, upload
checks and the customer's data rights (download, delete). See README "Security"."""
from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"
