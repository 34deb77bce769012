"""Where a quoted sentence sits in its passage: quotes join wrapped lines, so whitespace may differ."""

from __future__ import annotations

import re


def locate(text: str, quote: str) -> int:
    """Offset of ``quote`` in ``text``, matching any run of whitespace for any other; 0 when not found."""
    words = quote.split()
    if not words:
        return 0
    found = text.find(quote)
    if found >= 0:
        return found
    match = re.search(r"\s+".join(re.escape(word) for word in words[:12]), text)
    return match.start() if match else 0
