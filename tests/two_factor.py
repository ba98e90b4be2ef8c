"""Staff's second factor in tests, passed honestly: an authenticator app added as the
enrolment page adds it, and the code it would show now, computed from its secret."""
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from staff_2fa import devices


def add_authenticator(user):
    """(the confirmed app, its ten recovery codes), as after enrolment."""
    device = devices.pending_authenticator(user)
    codes = devices.confirm(device)
    return device, codes


def code_now(device):
    """The six digits the staff member's phone shows at this moment."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def code_form(user, code, *, recovery=False, prefix=None, **extra):
    """The POST of a second-factor form: the code, and where it comes from."""
    if recovery:
        source = StaticDevice.objects.get(user=user).persistent_id
    else:
        source = devices.authenticator(user).persistent_id
    name = (lambda field: f"{prefix}-{field}") if prefix else (lambda field: field)
    return {name("otp_device"): source, name("otp_token"): code, **extra}
