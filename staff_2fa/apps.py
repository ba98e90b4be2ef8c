from django.apps import AppConfig


class StaffTwoFactorConfig(AppConfig):
    name = "staff_2fa"
    verbose_name = "Staff two-factor sign-in"
