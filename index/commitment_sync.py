"""Keeps stored commitments in line with the extractor rules and ingest/themes.toml.

New and changed documents get their commitments in the same transaction as their chunks
(``IndexState.save_document``). This module handles the other case: the documents did not change but
the extraction did (a new version of the rules, an edited themes file, or an index built before
commitments existed). Their commitments are then extracted again, without embedding the chunks again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from beleid.errors import DocumentError
from index.state import IndexState
from index.themes import HEADING_WEIGHT, KEYWORD_WEIGHT, ThemeClassifier
from ingest.commitments import EXTRACTOR_VERSION
from ingest.pipeline import content_hash
from ingest.themes import themes_fingerprint
from ingest.types import ParsedDocument

log = logging.getLogger(__name__)
VERSION_KEY = "commitments_version"


def commitments_version() -> str:
    """Everything that shapes the stored commitments, as one string."""
    return f"rules{EXTRACTOR_VERSION}-themes{themes_fingerprint()}-w{HEADING_WEIGHT}-{KEYWORD_WEIGHT}"


def refresh_stale_commitments(state: IndexState, corpus_dir: Path, parse: Callable[[Path, str], ParsedDocument],
                              classifier: ThemeClassifier) -> int:
    """Extract the commitments of unchanged indexed documents (of every type) again when the version changed.

    Documents whose file changed or vanished are left to the ingest that follows. Returns how many
    documents were refreshed.
    """
    version = commitments_version()
    if state.get_info(VERSION_KEY) == version:
        return 0
    refreshed = 0
    for doc in state.documents():
        path = corpus_dir / doc["file_name"]
        if doc["status"] != "indexed" or not path.is_file():
            continue
        try:
            if content_hash(path) != doc["content_hash"]:
                continue
            parsed = parse(path, doc["file_name"])
        except (OSError, DocumentError) as err:
            log.warning("commitments of %s not refreshed: %s", doc["file_name"], err)
            continue
        state.replace_commitments(parsed.meta, classifier.classify(parsed.commitments))
        refreshed += 1
    state.set_info(VERSION_KEY, version)
    log.info("commitments refreshed for %d documents (version %s)", refreshed, version)
    return refreshed
