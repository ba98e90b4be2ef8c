"""https endpoints: the connection goes to the checked address, the certificate is checked for the URL's host.

Given a receiver answering https on 127.0.0.1 with a certificate for "localhost", when the
endpoint is https://localhost:<port>/ and that certificate's issuer is trusted, then the
event is delivered (the shop connected to the address it checked, and checked the
certificate against the name in the URL); when the certificate is for another name, or
its issuer is not trusted, nothing is delivered and the error says why.
"""
import shutil
import subprocess

import pytest

from webhooks.events import emit
from webhooks.models import Delivery

from .receiver import Receiver

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command to make a certificate")]


def certificate(tmp_path, name):
    cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return str(cert), str(key)


def deliver_to(receiver, settings, subscribe, committed):
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["localhost"]
    subscribe("order.shipped", url=f"https://localhost:{receiver.server.server_port}/hooks")
    with committed():
        emit("order.shipped", {"order": {"number": "100001"}})
    return Delivery.objects.get()


def test_a_trusted_certificate_for_the_host_is_delivered_to(tmp_path, monkeypatch, settings, subscribe, committed):
    tls = certificate(tmp_path, "localhost")
    monkeypatch.setenv("SSL_CERT_FILE", tls[0])  # trust this self-signed certificate, as a CA bundle would
    with Receiver(tls=tls) as receiver:
        delivery = deliver_to(receiver, settings, subscribe, committed)
    assert delivery.status == "delivered"
    assert receiver.received[0].headers["Host"] == f"localhost:{receiver.server.server_port}"


def test_a_certificate_for_another_name_is_refused(tmp_path, monkeypatch, settings, subscribe, committed):
    tls = certificate(tmp_path, "someone-else.example")
    monkeypatch.setenv("SSL_CERT_FILE", tls[0])
    with Receiver(tls=tls) as receiver:
        delivery = deliver_to(receiver, settings, subscribe, committed)
    assert delivery.status == "retrying" and "localhost" in delivery.last_error
    assert receiver.received == []


def test_an_untrusted_certificate_is_refused(tmp_path, settings, subscribe, committed):
    with Receiver(tls=certificate(tmp_path, "localhost")) as receiver:
        delivery = deliver_to(receiver, settings, subscribe, committed)
    assert delivery.status == "retrying" and "CERTIFICATE_VERIFY_FAILED" in delivery.last_error
    assert receiver.received == []
