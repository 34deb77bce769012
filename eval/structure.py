"""How well the PDF reader finds the structure of real PDFs, against the gold in eval/structure/*.json.

Run: ``python -m eval.structure [--json] [--ocr] [--verbose]`` (reads ../shared/real-pdfs/; see eval/structure/README.md)

Per document and in total: heading precision and recall (a predicted heading matches a gold heading on the
same page when their normalised texts agree; one that matches an optional heading is not counted),
reading-order errors (pairs of snippets found in the wrong order, or not found), page accuracy (the page
our text puts a snippet on), table-of-contents pages found, footnotes kept as footnote blocks, running
lines left in the text, and junk headings (years, amounts, footnotes, ToC lines) — which must be zero.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from eval.real import REAL_PDFS, real_folder_or_exit

GOLD_DIR = Path(__file__).parent / "structure"
_FUZZY = 0.9


def _normal(text: str) -> str:
    return re.sub(r"[^0-9a-zà-ÿ]+", " ", text.lower()).strip()


def _squash(text: str) -> str:
    return " ".join(text.split()).lower()


@dataclass
class Parsed:
    """A real PDF through the real ingest pipeline: its text, page offsets and blocks."""

    text: str
    page_starts: list[int]
    blocks: list
    pages: list

    def page_of(self, offset: int) -> int:
        return bisect.bisect_right(self.page_starts, offset)

    def find(self, snippet: str, page: int | None = None) -> int:
        """Offset of ``snippet`` (whitespace and case folded) in the text, preferring ``page``; -1 if absent."""
        squashed, offsets = _squashed_text(self.text)
        target = _squash(snippet)
        hits = [m.start() for m in re.finditer(re.escape(target), squashed)]
        if not hits:
            return -1
        positions = [offsets[hit] for hit in hits]
        on_page = [p for p in positions if page is None or self.page_of(p) == page]
        return (on_page or positions)[0]


def _squashed_text(text: str) -> tuple[str, list[int]]:
    """The text lower-cased with whitespace runs as one space, and the original offset of each character."""
    chars, offsets = [], []
    previous_space = False
    for offset, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            chars.append(" ")
            previous_space = True
        else:
            chars.append(char.lower())
            previous_space = False
        offsets.append(offset)
    return "".join(chars), offsets


def parse(path: Path, ocr: bool) -> Parsed:
    from beleid.settings import IngestSettings
    from ingest.clean import clean_pages
    from ingest.loaders import load_document
    from ingest.ocr import Tesseract
    from ingest.sections import document_structure

    limits = IngestSettings()
    reader = Tesseract(limits.tesseract_command, limits.ocr_languages, limits.ocr_dpi) if ocr else None
    pages = clean_pages(load_document(path, max_pages=limits.max_pages, ocr=reader).pages)
    text, starts, blocks = document_structure(pages)
    return Parsed(text, starts, blocks, pages)


def _gold_forms(heading: dict) -> set[str]:
    number, title = heading.get("number", ""), heading.get("title", "")
    forms = {title, f"{number} {title}", heading.get("printed", "")}
    for word in ("Artikel", "Hoofdstuk", "Bijlage", "Paragraaf", "Afdeling"):
        forms.add(f"{word} {number} {title}")
    return {_normal(form) for form in forms if _normal(form)}


def _matches(predicted: str, forms: set[str]) -> bool:
    text = _normal(predicted)
    if text in forms:
        return True
    return any(difflib.SequenceMatcher(None, text, form).ratio() >= _FUZZY for form in forms)


def _is_junk(text: str) -> bool:
    from ingest.sections import _is_junk as junk

    return junk(" ".join(text.split()))


def score_document(gold: dict, parsed: Parsed) -> dict:
    headings = [b for b in parsed.blocks if b.kind == "heading"]
    predicted = [(parsed.page_of(b.start), b.text) for b in headings]
    gold_headings = [(h["page"], _gold_forms(h)) for h in gold["headings"]]
    optional = [(h["page"], _gold_forms({"title": h["title"]})) for h in gold.get("optional_headings", [])]
    used_gold: set[int] = set()
    true_positive = ignored = 0
    misses, false = [], []
    for page, text in predicted:
        hit = next((i for i, (p, forms) in enumerate(gold_headings)
                    if i not in used_gold and p == page and _matches(text, forms)), None)
        if hit is not None:
            used_gold.add(hit)
            true_positive += 1
        elif any(p == page and _matches(text, forms) for p, forms in optional):
            ignored += 1
        else:
            false.append(f"p{page}: {text[:80]}")
    misses = [f"p{h['page']}: {h.get('number', '')} {h['title'][:70]}"
              for i, h in enumerate(gold["headings"]) if i not in used_gold]
    counted = len(predicted) - ignored
    order_errors = []
    for pair in gold.get("reading_order", []):
        before, after = parsed.find(pair["before"], pair["page"]), parsed.find(pair["after"], pair["page"])
        if before < 0 or after < 0 or before > after:
            order_errors.append(f"p{pair['page']}: {pair['before'][:30]!r} / {pair['after'][:30]!r}"
                                + (" (not found)" if min(before, after) < 0 else ""))
    probes = gold.get("page_probes", [])
    probe_pages = [(probe, parsed.find(probe["text"], probe["page"])) for probe in probes]
    wrong_pages = [f"p{probe['page']} -> {parsed.page_of(at) if at >= 0 else 'not found'}: {probe['text'][:40]!r}"
                   for probe, at in probe_pages if at < 0 or parsed.page_of(at) != probe["page"]]
    toc_found = sorted({parsed.page_of(b.start) for b in parsed.blocks if b.kind == "toc"})
    footnote_blocks = [b for b in parsed.blocks if b.kind == "footnote"]
    footnotes_kept = sum(
        1 for note in gold.get("footnotes", [])
        if any(_squash(note["text"]) in _squash(b.text) and parsed.page_of(b.start) == note["page"] for b in footnote_blocks))
    running_left = [f"p{page}: {line['text'][:40]!r}" for line in gold.get("running_lines", []) for page in line["pages"]
                    if _running_left(parsed, line["text"], page)]
    junk = [f"p{page}: {text[:60]}" for page, text in predicted if _is_junk(text)]
    return {
        "document": gold["file"], "gold_headings": len(gold_headings), "predicted": counted,
        "matched": true_positive, "precision": round(true_positive / counted, 3) if counted else 1.0,
        "recall": round(len(used_gold) / len(gold_headings), 3) if gold_headings else 1.0,
        "order_pairs": len(gold.get("reading_order", [])), "order_errors": len(order_errors),
        "probes": len(probes), "page_correct": len(probes) - len(wrong_pages),
        "toc_gold": gold.get("toc_pages", []), "toc_found": toc_found,
        "footnotes": len(gold.get("footnotes", [])), "footnotes_kept": footnotes_kept,
        "running_left": len(running_left), "junk_headings": len(junk),
        "details": {"missed": misses, "false": false, "order": order_errors, "pages": wrong_pages,
                    "running": running_left, "junk": junk},
    }


def _running_left(parsed: Parsed, line: str, page: int) -> bool:
    """Whether a running header/footer still stands at the very top or bottom of the page's text."""
    if page - 1 >= len(parsed.pages):
        return False
    body = _squash(parsed.pages[page - 1].text)
    target = _squash(line)
    return body.startswith(target) or body.endswith(target)


def totals(rows: list[dict]) -> dict:
    def ratio(a: str, b: str) -> float:
        total = sum(r[b] for r in rows)
        return round(sum(r[a] for r in rows) / total, 3) if total else 1.0

    gold = sum(r["gold_headings"] for r in rows)
    return {
        "documents": len(rows),
        "heading_precision": ratio("matched", "predicted"),
        "heading_recall": round(sum(r["recall"] * r["gold_headings"] for r in rows) / gold, 3) if gold else 1.0,
        "reading_order_errors": f"{sum(r['order_errors'] for r in rows)}/{sum(r['order_pairs'] for r in rows)}",
        "page_accuracy": ratio("page_correct", "probes"),
        "toc_pages_found": f"{sum(len(set(r['toc_gold']) & set(r['toc_found'])) for r in rows)}/{sum(len(r['toc_gold']) for r in rows)}",
        "toc_pages_false": sum(len(set(r["toc_found"]) - set(r["toc_gold"])) for r in rows),
        "footnotes_kept": f"{sum(r['footnotes_kept'] for r in rows)}/{sum(r['footnotes'] for r in rows)}",
        "running_lines_left": sum(r["running_left"] for r in rows),
        "junk_headings": sum(r["junk_headings"] for r in rows),
    }


def run(ocr: bool = False, folder: Path = REAL_PDFS) -> dict:
    rows = []
    for gold_file in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        pdf = folder / gold["file"]
        if pdf.exists():
            rows.append(score_document(gold, parse(pdf, ocr)))
    return {"totals": totals(rows), "documents": rows}


def main(argv: list[str] | None = None) -> None:
    from beleid.offline import apply_offline_guards

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.add_argument("--ocr", action="store_true", help="OCR scanned pages (needs Tesseract)")
    parser.add_argument("--verbose", action="store_true", help="list missed and false headings per document")
    args = parser.parse_args(argv)
    apply_offline_guards(allow_network=False)
    real_folder_or_exit(REAL_PDFS)
    report = run(args.ocr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    columns = ("document", "gold_headings", "predicted", "matched", "precision", "recall", "order_errors",
               "page_correct", "probes", "toc_gold", "toc_found", "footnotes_kept", "footnotes", "running_left",
               "junk_headings")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in report["documents"]:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    print()
    for key, value in report["totals"].items():
        print(f"{key}: {value}")
    if args.verbose:
        for row in report["documents"]:
            print(f"\n## {row['document']}")
            for kind, items in row["details"].items():
                for item in items:
                    print(f"  {kind}: {item}")


if __name__ == "__main__":
    main()
