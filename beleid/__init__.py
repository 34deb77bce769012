"""Beleidsassistent: shared core (settings, offline guards, errors) and the `beleid` CLI."""
