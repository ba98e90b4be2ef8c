"""A loopback TCP proxy that can cut, drop or slow the line to a real service.

The fault tests put it between the shop and Redis, PostgreSQL, SMTP, OpenSearch or
localstripe, then make the service look down (`cut`: new connections are refused and open
ones are closed), hung (`hang`: connections are accepted but nothing is passed on, like a
paused process), or slow (`delay`: every chunk waits that long). `heal()` puts the line
back. It listens on 127.0.0.1 only, and every connection it makes goes to the one
loopback address it was given.
"""
import socket
import threading
import time


class FaultProxy:
    def __init__(self, target_host, target_port):
        assert target_host in ("127.0.0.1", "localhost", "::1"), "the fault proxy only talks to this machine"
        self.target = (target_host, target_port)
        self.delay = 0.0
        self.mode = "open"  # open | cut | hang
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._open = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    # --- faults -------------------------------------------------------------------

    def cut(self):
        """Refuse new connections and close the open ones, as a stopped service does."""
        self.mode = "cut"
        self._close_all()

    def hang(self):
        """Accept connections but pass nothing on, as a paused (SIGSTOP) service does."""
        self.mode = "hang"

    def slow(self, seconds):
        self.delay = seconds

    def heal(self):
        self.mode, self.delay = "open", 0.0

    def stop(self):
        self._stopped.set()
        self._listener.close()
        self._close_all()

    # --- plumbing -----------------------------------------------------------------

    def _close_all(self):
        with self._lock:
            sockets, self._open = list(self._open), set()
        for sock in sockets:
            _hang_up(sock)

    def _accept(self):
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            if self.mode == "cut":
                client.close()
                continue
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)  # the timeout was for connecting: an idle line stays open
        with self._lock:
            self._open.update((client, upstream))
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while not self._stopped.is_set():
                data = source.recv(65536)
                if not data:
                    break
                while self.mode == "hang" and not self._stopped.is_set():
                    time.sleep(0.05)
                if self.mode == "cut":
                    break
                if self.delay:
                    time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                _hang_up(sock)


def _hang_up(sock):
    """Shut the socket down before closing it: a bare close() while another thread is reading
    it sends nothing, and the other side would wait for ever."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
