"""Where a local preview server listens: HOST and PORT checked, each problem as one line.

`make serve` and `make devserver` use it; run on its own (`python tools/address.py serve`) it
only checks that the address is free, so a busy port is reported before a build starts.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
ALL_INTERFACES = ("0.0.0.0", "::", "")


class AddressProblem(Exception):
    """A problem with HOST or PORT, with the one line that says how to fix it."""


@dataclass(frozen=True)
class Address:
    host: str
    port: int
    family: socket.AddressFamily

    @property
    def local_url(self) -> str:
        return f"http://localhost:{self.port}/"

    @property
    def shared(self) -> bool:
        """True when other devices on the network (a phone) can reach the preview."""
        return self.host in ALL_INTERFACES

    def network_urls(self) -> list[str]:
        """Addresses to open on a phone on the same network (empty when not shared)."""
        if not self.shared:
            return []
        own = network_address()
        return [f"http://{own}:{self.port}/"] if own else []


def network_address() -> str | None:
    """This computer's address on its network, or None when it is on no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # sends nothing: only picks the outgoing interface
        except OSError:
            return None
        own = probe.getsockname()[0]
    return None if own.startswith("127.") else own


def from_environment(command: str, environ: dict[str, str] | None = None) -> Address:
    """HOST and PORT as `make` passes them; AddressProblem when either is not usable."""
    environ = os.environ if environ is None else environ
    host = environ.get("HOST", "").strip() or DEFAULT_HOST
    raw_port = environ.get("PORT", "").strip() or str(DEFAULT_PORT)
    if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
        raise AddressProblem(
            f"PORT={raw_port} is not a port number; choose one from 1024 to 65535, "
            f"for example: PORT={DEFAULT_PORT} make {command}"
        )
    port = int(raw_port)
    try:
        family = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise AddressProblem(unknown_host(host, port, command)) from None
    return Address(host, port, family)


def unknown_host(host: str, port: int, command: str) -> str:
    return (
        f"HOST={host} is not an address of this computer; use HOST=127.0.0.1 (this computer "
        f"only) or HOST=0.0.0.0 (also a phone on the same network): "
        f"HOST=0.0.0.0 PORT={port} make {command}"
    )


def explain(error: OSError, address: Address, command: str) -> str:
    """The one line an editor needs when the server cannot listen at this address."""
    if error.errno == errno.EADDRINUSE:
        free = free_port_after(address)
        suggestion = f"PORT={free} make {command}" if free else f"PORT=… make {command}"
        return (
            f"Port {address.port} is already in use (is `make serve` or `make devserver` "
            f"already running?). Start on a free port: {suggestion}"
        )
    if error.errno == errno.EACCES:
        return (
            f"Port {address.port} needs administrator rights; use a port from 1024 to 65535: "
            f"PORT={DEFAULT_PORT} make {command}"
        )
    if error.errno == errno.EADDRNOTAVAIL:
        return unknown_host(address.host, address.port, command)
    return f"Cannot listen on {address.host} port {address.port}: {error.strerror}"


def bind_test(address: Address, port: int) -> None:
    """Bind and release a socket the way the servers do (OSError when that fails)."""
    with socket.socket(address.family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address.host, port))


def free_port_after(address: Address, tries: int = 50) -> int | None:
    """The first port after the busy one that is free on the same host."""
    for port in range(address.port + 1, min(address.port + 1 + tries, 65536)):
        try:
            bind_test(address, port)
        except OSError:
            continue
        return port
    return None


def check(command: str) -> Address:
    """The address to listen on, known to be free now; AddressProblem otherwise."""
    address = from_environment(command)
    try:
        bind_test(address, address.port)
    except OSError as error:
        raise AddressProblem(explain(error, address, command)) from None
    return address


def announce(address: Address, what: str) -> None:
    """Tell the editor where to look, including the phone address when the preview is shared."""
    print(f"Serving {what} at {address.local_url} (Ctrl-C stops)", flush=True)
    if address.shared:
        urls = address.network_urls()
        if urls:
            print(f"On a phone on the same network, open {' or '.join(urls)}", flush=True)
        else:
            print("This computer is on no network: a phone cannot reach it.", flush=True)
        print("Everyone on this network can open the preview while it runs.", flush=True)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "serve"
    try:
        check(command)
    except AddressProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
