"""Nothing contacts a host beyond loopback: env guards are set and the socket guard refuses."""

import os
import socket

import pytest

from beleid import offline


@pytest.fixture
def recorded_connects(monkeypatch):
    """Replace the real connect so that no test traffic can ever leave the machine."""
    calls = []
    monkeypatch.setattr(offline, "_original_connect", lambda sock, address: calls.append(address))
    monkeypatch.setattr(offline, "blocked_attempts", [])
    return calls


def test_hub_and_telemetry_are_switched_off_in_code():
    offline.apply_offline_guards(allow_network=False)
    for key, value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
                       "GRADIO_ANALYTICS_ENABLED": "False", "ORT_DISABLE_TELEMETRY": "1"}.items():
        assert os.environ[key] == value


def test_a_connection_beyond_loopback_is_refused_before_any_packet_is_sent(recorded_connects):
    with socket.socket() as sock, pytest.raises(offline.NetworkBlockedError, match="only loopback"):
        sock.connect(("192.0.2.10", 443))  # TEST-NET-1; never reached: the guard raises first
    assert recorded_connects == []
    assert offline.blocked_attempts == ["('192.0.2.10', 443)"]


def test_loopback_connections_are_allowed(recorded_connects):
    with socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
    with socket.socket(socket.AF_INET6) as sock:
        sock.connect(("::1", 9, 0, 0))
    assert recorded_connects == [("127.0.0.1", 9), ("::1", 9, 0, 0)]


def test_a_configured_server_host_is_allowed(recorded_connects):
    offline.install_network_guard(["chroma.intern.example"])
    try:
        with socket.socket() as sock:
            sock.connect(("chroma.intern.example", 8000))
        assert recorded_connects == [("chroma.intern.example", 8000)]
    finally:
        offline._allowed_hosts.discard("chroma.intern.example")


def test_the_whole_test_session_runs_behind_the_guard():
    assert socket.socket.connect is offline._guarded_connect
