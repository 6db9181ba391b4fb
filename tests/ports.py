"""Ports for servers the tests start in other processes."""

from __future__ import annotations

import random
import socket


def free_port() -> int:
    """A loopback port nothing listens on, for a server another process will start. Taken below
    the kernel's range for outgoing connections (32768+), so a client socket cannot grab it in
    between."""
    while True:
        port = random.randint(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
