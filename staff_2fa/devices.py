"""A staff member's second factor, as django-otp devices: one authenticator app (a
TOTPDevice, unconfirmed until its first code is typed) and one set of ten recovery codes
(a StaticDevice whose tokens are deleted as they are used).
"""
import xml.etree.ElementTree as ET
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery code"
RECOVERY_CODES = 10


def works_in_staff_areas(user):
    """Merchandisers (staff), editors (Wagtail admin access) and superusers: those the
    second factor protects. Shoppers are never asked for one."""
    return bool(user.is_authenticated and user.is_active
                and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")))


def authenticator(user):
    """The confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user):
    """The app being added: the same secret on every visit to the enrolment page until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def issue_recovery_codes(user):
    """Ten new recovery codes, replacing any earlier ones; returned once, to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_NAME, "confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm(device):
    """The first right code proves the app holds the secret: the app counts from now on."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return issue_recovery_codes(device.user)


@transaction.atomic
def remove_second_factor(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def secret_text(device):
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The otpauth:// link as an inline SVG picture (markup only: the CSP allows no inline script)."""
    picture = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = picture.get_image()
    svg.set("role", "img")
    svg.set("aria-label", "QR code for your authenticator app")
    svg.set("class", "two-factor-qr")
    return ET.tostring(svg, encoding="unicode")
