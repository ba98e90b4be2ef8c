"""Staff two-factor sign-in: after the password, a code from an authenticator app (TOTP)
or a single-use recovery code before the Oscar dashboard, the Wagtail CMS or the Django
admin opens. Built on django-otp's devices and forms; lockout is security/lockout.py's.
See docs/security.md, "Two-factor sign-in for staff"."""
