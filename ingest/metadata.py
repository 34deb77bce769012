"""Document metadata: inferred from the file name and first page, overridden by NAME.meta.toml."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from beleid.errors import DocumentError
from ingest.titles import document_title
from ingest.types import DocumentMeta, Page

_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")
_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_OVERRIDABLE = {"title", "doc_type", "sector", "period", "author"}
_TYPES = (
    ("addendum", re.compile(r"\baddend(um|a)\b", re.I)),
    ("convenant", re.compile(r"convenant|overeenkomst", re.I)),
    ("regelgeving", re.compile(r"\b(decreet|besluit|omzendbrief)\b", re.I)),
)


def slugify(text: str) -> str:
    """Lower-case ASCII slug used for document ids."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG_STRIP.sub("-", ascii_text).strip("-") or "document"


def sidecar_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.meta.toml")


def read_sidecar(path: Path) -> dict[str, str]:
    """The overrides in NAME.meta.toml next to ``path`` (empty when there is none)."""
    sidecar = sidecar_path(path)
    if not sidecar.exists():
        return {}
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise DocumentError(
            f"{sidecar.name}: invalid TOML: {err}", f"{sidecar.name}: ongeldig metadatabestand ({err})."
        ) from err
    unknown = set(data) - _OVERRIDABLE
    if unknown:
        raise DocumentError(
            f"{sidecar.name}: unknown keys {sorted(unknown)}",
            f"{sidecar.name}: onbekende velden {sorted(unknown)}; toegelaten: {sorted(_OVERRIDABLE)}.",
        )
    return {key: str(value) for key, value in data.items()}


@lru_cache(maxsize=1)
def _sector_aliases() -> list[tuple[str, str]]:
    table = tomllib.loads((Path(__file__).with_name("sectors.toml")).read_text(encoding="utf-8"))["sectors"]
    pairs = [(alias, name) for name, aliases in table.items() for alias in aliases]
    return sorted(pairs, key=lambda pair: -len(pair[0]))  # longest alias wins


def sector_aliases(sector: str) -> list[str]:
    """The names by which texts refer to ``sector`` (longest first), as written in sectors.toml."""
    return [alias for alias, name in _sector_aliases() if name == sector]


def _haystack(text: str) -> str:
    return " " + text.lower().replace("-", " ").replace("_", " ") + " "


def _mentions(haystack: str, alias: str) -> bool:
    return re.search(rf"(?<![a-zà-ÿ]){re.escape(alias.replace('-', ' '))}(?![a-zà-ÿ])", haystack) is not None


def infer_sector(*texts: str) -> str:
    """First known sector alias found in the given texts (file name first), else ''."""
    for text in texts:
        haystack = _haystack(text)
        for alias, name in _sector_aliases():
            if _mentions(haystack, alias):
                return name
    return ""


def named_sectors(text: str) -> set[str]:
    """Every sector ``text`` names ("de voedingsindustrie of de bouw": both)."""
    haystack = _haystack(text)
    return {name for alias, name in _sector_aliases() if _mentions(haystack, alias)}


def infer_period(*texts: str) -> str:
    for text in texts:
        match = _PERIOD.search(text)
        if match and int(match.group(1)) <= int(match.group(2)):
            return f"{match.group(1)}-{match.group(2)}"
    return ""


def infer_type(*texts: str) -> str:
    for name, pattern in _TYPES:
        if any(pattern.search(text) for text in texts):
            return name
    return "beleidstekst"


def build_meta(path: Path, relative_name: str, pages: list[Page], declared_title: str = "") -> DocumentMeta:
    """Metadata for a document; sidecar values win over inferred ones. ``declared_title``: the title the file
    itself declares (PDF info, DOCX properties)."""
    overrides = read_sidecar(path)
    first_page = pages[0].text[:2000] if pages else ""
    title = overrides.get("title") or document_title(path, pages, declared_title)
    return DocumentMeta(
        doc_id=slugify(str(Path(relative_name).with_suffix(""))),
        file_name=relative_name,
        title=title,
        doc_type=overrides.get("doc_type") or infer_type(path.stem, title),
        sector=overrides.get("sector", infer_sector(path.stem, title, first_page)),
        period=overrides.get("period") or infer_period(path.stem, title, first_page),
        author=overrides.get("author", ""),
    )
