"""Run localstripe (the fake Stripe server) on 127.0.0.1:<port> for the payment tests.

localstripe's own entry point binds every IPv6 address and pickles its store to a fixed
file in /tmp after each write; the tests want a loopback-only, in-memory server per run.
"""
import sys

from aiohttp import web
from localstripe import resources, server

resources.Store.dump_to_disk = lambda self: None

if __name__ == "__main__":
    web.run_app(server.app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
