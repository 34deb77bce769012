"""Quality of the commitment extraction on real documents, against the gold of eval/commitments/real/.

Run: ``python -m eval.commitments --real [--json] [--misses]`` (this module does the work).

Each gold file names one document in ``../shared/real-texts/`` or ``../shared/real-pdfs/``. The document
goes through the real ingest pipeline (loader, cleaning, chunking, commitment extraction) and the real
theme classifier, without storing anything. Extracted commitments are paired one-to-one with the gold:
equal texts first, then containment, both on a loose form of the text (case folded, only letters and
digits kept, so "RES-proces" / "RESproces" and glued sentences still pair). Reported per document and in
total: precision and recall of the extraction and, on the pairs, the accuracy of actor, section (the last
part of the section path against the gold's innermost heading), article, page and theme.

Two views: **all** gold, and **high**-confidence gold only. In the high view an extraction that pairs
with a low-confidence gold item counts neither as right nor as wrong (it leaves the precision
denominator), since the annotator judged those sentences a toss-up.

Two documents (``HELD_OUT``) were set aside before the rules were tuned; the summaries are given for all
six, for the four tuning ("dev") documents and for the two held-out ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.real import REAL_PDFS, REAL_TEXTS, missing_message

GOLD_DIR = Path(__file__).resolve().parent / "commitments" / "real"
FIELDS = ("actor", "section", "article", "page", "theme")
# Set aside before the rules were tuned: their misses were never looked at while tuning (docs/COMMITMENTS_TUNING.md).
HELD_OUT = ("240208_Verslag_BO_ZSDZ.pdf", "BWBR0019619-Circulaire-Arbeidsvoorwaardenovereenkomst-sector-Rijk-2005–2006.md")


@dataclass(frozen=True)
class GoldCommitment:
    """One annotated commitment (see eval/commitments/README.md)."""

    file: str
    page: int
    text: str
    actor: str
    theme: str
    section: str
    article: str
    confidence: str
    notes: str = ""


def load_gold(folder: Path = GOLD_DIR) -> dict[str, list[GoldCommitment]]:
    """Gold per document file name, in file order."""
    gold: dict[str, list[GoldCommitment]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        rows = [GoldCommitment(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if rows:
            gold[rows[0].file] = rows
    return gold


def document_path(file_name: str) -> Path:
    """Where a gold document lives in ../shared (Markdown texts or PDFs)."""
    folder = REAL_PDFS if file_name.lower().endswith(".pdf") else REAL_TEXTS
    return folder / file_name


def loose(text: str) -> str:
    """Case-folded letters and digits only: the form texts are paired on."""
    return re.sub(r"[\W_]+", "", text.casefold())


def last_section(path: str) -> str:
    """The innermost heading of a section path ("2 Loon › 2.1 Salaris" -> "2.1 Salaris")."""
    from ingest.sections import PATH_SEPARATOR

    return path.split(PATH_SEPARATOR)[-1] if path else ""


def pair(gold: Sequence[GoldCommitment], found: Sequence) -> list[tuple[int, int]]:
    """(gold index, found index) pairs: equal loose texts first, then containment; each item used once."""
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_found: set[int] = set()
    gold_texts = [loose(g.text) for g in gold]
    found_texts = [loose(f.text) for f in found]
    for equal in (True, False):
        for g, target in enumerate(gold_texts):
            if g in used_gold:
                continue
            for f, text in enumerate(found_texts):
                if f in used_found or not text:
                    continue
                if text == target if equal else (target in text or text in target):
                    pairs.append((g, f))
                    used_gold.add(g)
                    used_found.add(f)
                    break
    return sorted(pairs)


def _field_ok(field: str, gold: GoldCommitment, found) -> bool:
    if field == "section":
        return loose(gold.section) == loose(last_section(found.heading))
    if field == "actor":
        return gold.actor.casefold() == found.actor.casefold()
    return getattr(gold, field) == getattr(found, field)


def score_document(name: str, gold: Sequence[GoldCommitment], found: Sequence) -> dict:
    """Counts of one document in both views: {'all': {...}, 'high': {...}}."""
    pairs = pair(gold, found)
    rows = {}
    for view in ("all", "high"):
        keep = [g for g, item in enumerate(gold) if view == "all" or item.confidence == "high"]
        kept_pairs = [(g, f) for g, f in pairs if g in set(keep)]
        ignored = len(pairs) - len(kept_pairs)  # pairs with low gold in the high view: neither right nor wrong
        row = {"document": name, "gold": len(keep), "found": len(found) - ignored, "matched": len(kept_pairs)}
        for field in FIELDS:
            row[f"{field}_ok"] = sum(_field_ok(field, gold[g], found[f]) for g, f in kept_pairs)
        rows[view] = row
    return rows


def summarize(rows: list[dict]) -> dict:
    """Micro-averaged figures over documents."""
    total = {key: sum(r[key] for r in rows) for key in rows[0] if key != "document"}
    matched = max(1, total["matched"])
    return {
        "precision": round(total["matched"] / max(1, total["found"]), 3),
        "recall": round(total["matched"] / max(1, total["gold"]), 3),
        **{f"{field}_accuracy": round(total[f"{field}_ok"] / matched, 3) for field in FIELDS},
        **{key: total[key] for key in ("gold", "found", "matched")},
    }


def extract_real(indexer, path: Path):
    """The classified commitments of one real document, through the real pipeline (nothing stored)."""
    from ingest.pipeline import parse_document

    limits = indexer.settings.ingest
    parsed = parse_document(path, path.name, indexer.chunker, max_mb=limits.max_file_mb, max_pages=limits.max_pages)
    return parsed, indexer.themes.classify(parsed.commitments)


def evaluate_real(indexer, gold: dict[str, list[GoldCommitment]] | None = None) -> dict:
    """Per-document rows, summaries of both views, and the misses and false positives per document."""
    gold = gold or load_gold()
    missing = [name for name in gold if not document_path(name).is_file()]
    if missing:
        raise FileNotFoundError(missing_message(document_path(missing[0]).parent))
    documents, details = {"all": [], "high": []}, {}
    for name, items in gold.items():
        parsed, found = extract_real(indexer, document_path(name))
        rows = score_document(name, items, found)
        for view in rows:
            documents[view].append(rows[view])
        pairs = pair(items, found)
        paired_gold, paired_found = {g for g, _ in pairs}, {f for _, f in pairs}
        details[name] = {
            "doc_type": parsed.meta.doc_type,
            "missed": [{"text": g.text, "confidence": g.confidence} for i, g in enumerate(items) if i not in paired_gold],
            "false_positives": [f.text for i, f in enumerate(found) if i not in paired_found],
            "wrong": [{"text": items[g].text, **{field: [getattr(items[g], field), _found_value(field, found[f])]
                                                 for field in FIELDS if not _field_ok(field, items[g], found[f])}}
                      for g, f in pairs if not all(_field_ok(field, items[g], found[f]) for field in FIELDS)],
        }
    report = {view: {"summary": summarize(rows), "documents": rows,
                     "dev": summarize([r for r in rows if r["document"] not in HELD_OUT]),
                     "held_out": summarize([r for r in rows if r["document"] in HELD_OUT])}
              for view, rows in documents.items()}
    return report | {"details": details}


def _found_value(field: str, found):
    return last_section(found.heading) if field == "section" else getattr(found, field)


def table(rows: list[dict]) -> str:
    """Markdown table of per-document rows plus a total row."""
    lines = ["| document | gold | extracted | P | R | actor | section | article | page | theme |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    total = {"document": "**total**", **{k: sum(r[k] for r in rows) for k in rows[0] if k != "document"}}
    for row in rows + [total]:
        m = max(1, row["matched"])
        cells = [f"{row['matched'] / max(1, row['found']):.3f}", f"{row['matched'] / max(1, row['gold']):.3f}"]
        cells += [f"{row[f'{field}_ok'] / m:.3f}" for field in FIELDS]
        lines.append(f"| {row['document'][:60]} | {row['gold']} | {row['found']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def markdown_report(report: dict, misses: bool = False, show_held_out: bool = False) -> str:
    """The two views as Markdown; with ``misses`` also every missed, spurious and wrong item."""
    parts = []
    for view, title in (("all", "all gold"), ("high", "high-confidence gold")):
        parts.append(f"### real documents, {title}\n\n{table(report[view]['documents'])}\n\n"
                     + "\n".join(f"{label}: " + ", ".join(f"{k} {v}" for k, v in report[view][key].items())
                                 for label, key in (("Summary (6 documents)", "summary"), ("Dev (4 tuning documents)", "dev"),
                                                    ("Held out (2 documents)", "held_out"))))
    if misses:
        for name, detail in report["details"].items():
            if name in HELD_OUT and not show_held_out:
                parts.append(f"#### {name}: held out, details not shown (--show-held-out)")
                continue
            parts.append(f"#### {name} ({detail['doc_type']})")
            parts += [f"- MISSED [{m['confidence']}] {m['text']}" for m in detail["missed"]]
            parts += [f"- EXTRA {text}" for text in detail["false_positives"]]
            parts += [f"- WRONG {json.dumps(w, ensure_ascii=False)}" for w in detail["wrong"]]
    return "\n\n".join(parts)
