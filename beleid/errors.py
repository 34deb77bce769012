"""Errors that reach users: a Dutch message that says what to do, and an English log text."""

from __future__ import annotations


class BeleidError(Exception):
    """Base error. ``str(err)`` is the English log text; ``err.user_message`` the Dutch one."""

    def __init__(self, log_message: str, user_message: str) -> None:
        super().__init__(log_message)
        self.user_message = user_message


class DocumentError(BeleidError):
    """A document could not be ingested; the rest of the batch goes on."""


class IngestBusyError(BeleidError):
    """Another ingest holds the lock on the data directory."""

    def __init__(self, lock_path: str) -> None:
        super().__init__(
            f"another ingest is running (lock {lock_path})",
            "Er loopt al een andere inname van documenten. Wacht tot die klaar is en probeer opnieuw.",
        )


class ModelUnavailableError(BeleidError):
    """The embedding model cannot be loaded offline."""
