"""A merchandiser's webhook receiver: a real HTTP server on 127.0.0.1, in a thread.

It answers each POST with the next of its scripted answers (a status code, or
("hang", seconds) to say nothing for that long), 200 once the script runs out, and keeps
what it was sent. `verify` checks a request the way docs/webhooks.md tells receivers to.
"""
import hashlib
import hmac
import json
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 300


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def event(self):
        return json.loads(self.body)


class Receiver:
    def __init__(self, tls=None):
        """`tls`: (certificate file, key file) to answer https instead of http."""
        self.received, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(Received(self.path, dict(self.headers.items()), body))
                answer = receiver.answers.pop(0) if receiver.answers else 200
                if isinstance(answer, tuple):
                    time.sleep(answer[1])
                    answer = 200
                self.send_response(answer)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if answer < 300 else b"receiver is broken")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"{self.scheme}://127.0.0.1:{self.server.server_port}/hooks/larder"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def verify(request, secret, now=None):
    """The receiver's check (docs/webhooks.md): the signature matches the raw body, and is fresh."""
    fields = dict(part.split("=", 1) for part in request.headers["Larder-Signature"].split(","))
    timestamp = int(fields["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256).hexdigest()
    fresh = abs((now or time.time()) - timestamp) <= TOLERANCE_SECONDS
    return fresh and hmac.compare_digest(expected, fields["v1"])
