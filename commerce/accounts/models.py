"""The project's user: a customer, editor or merchandiser who signs in with an email.

Built on Oscar's AbstractUser (no username; email is unique and the login). Addresses
live in Oscar's address book (`address.UserAddress`) with default shipping/billing flags.
"""
from django.db import models
from oscar.apps.customer.abstract_models import AbstractUser


class User(AbstractUser):
    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            # Oscar's field is unique but case-sensitive; logins are not.
            models.UniqueConstraint(
                models.functions.Lower("email"), name="accounts_user_email_ci_unique"
            ),
        ]

    @property
    def name(self):
        """The seed's customer "name": the full name, or the email when none is given."""
        return self.get_full_name() or self.email
