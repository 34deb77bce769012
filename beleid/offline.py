"""Offline guards: no model hub, no telemetry, no connection beyond the hosts the settings name.

Called by every entry point (CLI, app, tests) before heavy libraries are imported.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterable

_TELEMETRY_OFF = {
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime (the default embedder; chromadb imports it too)
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}
_HUB_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
# Defaults for the process, kept when already set. torch's OpenMP threads otherwise spin while they wait;
# on 2 cores shared with other work a spinning thread takes the core from the one doing the work: a query
# embedding took ~500 ms instead of ~75 ms (docs/BENCHMARKS.md). Read once, when torch is first imported.
# It matters for the sentence-transformers backend and the ONNX export; onnxruntime's PyPI build has its
# own thread pool, which ignores it (index/onnx_embedder.py turns spinning off in the session options).
_PROCESS_DEFAULTS = {"OMP_WAIT_POLICY": "PASSIVE"}

_original_connect = socket.socket.connect
_allowed_hosts: set[str] = set()
blocked_attempts: list[str] = []  # every refused connection, for tests and diagnostics


class NetworkBlockedError(ConnectionError):
    """A connection to a host that the settings do not allow was attempted."""


def apply_offline_guards(allow_network: bool = False) -> None:
    """Turn telemetry off always and the Hugging Face hub off unless the network is allowed; let idle
    OpenMP threads sleep instead of spin (unless ``OMP_WAIT_POLICY`` is set already)."""
    os.environ.update(_TELEMETRY_OFF)
    for key, value in _PROCESS_DEFAULTS.items():
        os.environ.setdefault(key, value)
    if not allow_network:
        os.environ.update(_HUB_OFFLINE)


def _is_allowed(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # Unix sockets and the like never leave the machine.
    host = str(address[0])
    if host in _allowed_hosts:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return host == "localhost"


def _guarded_connect(sock: socket.socket, address: object) -> None:
    if not _is_allowed(address):
        blocked_attempts.append(repr(address))
        raise NetworkBlockedError(
            f"Blocked connection to {address!r}: only loopback and configured hosts are allowed "
            "(set BELEID_ALLOW_NETWORK=true to lift this)."
        )
    _original_connect(sock, address)


def install_network_guard(extra_hosts: Iterable[str] = ()) -> None:
    """Make every socket connect to a non-loopback address fail, except to ``extra_hosts``.

    Hosts are resolved once so that their IP addresses are allowed too.
    """
    for host in extra_hosts:
        _allowed_hosts.add(host)
        try:
            for info in socket.getaddrinfo(host, None):
                _allowed_hosts.add(str(info[4][0]))
        except OSError:
            pass
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


def remove_network_guard() -> None:
    """Restore the original ``socket.connect`` (used by tests)."""
    socket.socket.connect = _original_connect  # type: ignore[method-assign]
    _allowed_hosts.clear()
