"""Quality of the commitments store against the annotated fixture convenants (issue 8).

Run: ``python -m eval.commitments [--synthetic N] [--ablation] [--json]``, and with ``--real [--misses]``
the real documents of ``eval/commitments/real/`` instead (see eval/commitments_real.py).

The five fixture PDFs are ingested through the real pipeline into a temporary data dir (same model
cache as the settings) and the stored commitments are compared with the annotations. A stored
commitment matches an annotated one when their normalised texts (whitespace collapsed, case folded,
final ";" or "." dropped) are equal, or else when one contains the other. Reported per document:
precision and recall of the extraction, and on the matched items the accuracy of actor, theme,
article and page. ``--synthetic N`` adds N generated convenants (eval.pdfgen, seed 7; extraction and
theme classification without storing), on which the theme weights were chosen. ``--ablation`` adds
theme accuracy without the heading and keyword terms.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from beleid.offline import apply_offline_guards
from beleid.settings import IngestSettings, Settings
from eval.fixtures.convenants import FIXTURES, Bullets, Commit, Commitment, Document, Paragraph, normalize_space
from index.themes import HEADING_WEIGHT, KEYWORD_WEIGHT

SYNTHETIC_SEED = 7
CHOSEN = (HEADING_WEIGHT, KEYWORD_WEIGHT)
VARIANTS = {"embedding only": (0.0, 0.0), "+ heading": (HEADING_WEIGHT, 0.0), "+ keywords": (0.0, KEYWORD_WEIGHT),
            "chosen": CHOSEN}


def _norm(text: str) -> str:
    return normalize_space(text).rstrip(";.").casefold()


def match(gold: Sequence[Commitment], found: Sequence) -> list[tuple[int, int]]:
    """(gold index, found index) pairs: equal texts first, then containment; each item used once."""
    pairs: list[tuple[int, int]] = []
    used_gold, used_found = set(), set()
    for equal in (True, False):
        for g, item in enumerate(gold):
            if g in used_gold:
                continue
            target = _norm(item.text)
            for f, candidate in enumerate(found):
                text = _norm(candidate.text)
                if f not in used_found and (text == target if equal else (target in text or text in target)):
                    pairs.append((g, f))
                    used_gold.add(g)
                    used_found.add(f)
                    break
    return sorted(pairs)


def gold_pages(doc: Document) -> list[int]:
    """The page of each annotated commitment, in the order of ``doc.commitments``."""
    def segments(block) -> tuple:
        return block.segments if isinstance(block, Paragraph) else block.items if isinstance(block, Bullets) else ()

    return [number for number, page in enumerate(doc.pages, 1)
            for block in page for segment in segments(block) if isinstance(segment, Commit)]


def score(doc: Document, found: Sequence) -> dict:
    """Counts for one document; ``found`` items have text, actor, theme, article and page."""
    gold = doc.commitments
    pairs = match(gold, found)
    row = {"document": doc.slug, "gold": len(gold), "found": len(found), "matched": len(pairs)}
    for field in ("actor", "theme", "article"):
        row[f"{field}_ok"] = sum(getattr(gold[g], field) == getattr(found[f], field) for g, f in pairs)
    pages = gold_pages(doc)
    row["page_ok"] = sum(pages[g] == found[f].page for g, f in pairs)
    return row


def summarize(rows: list[dict]) -> dict:
    """Micro-averaged precision, recall and accuracies over documents."""
    total = {key: sum(r[key] for r in rows) for key in rows[0] if key != "document"}
    matched = max(1, total["matched"])
    return {
        "precision": round(total["matched"] / max(1, total["found"]), 3),
        "recall": round(total["matched"] / max(1, total["gold"]), 3),
        **{f"{field}_accuracy": round(total[f"{field}_ok"] / matched, 3) for field in ("actor", "theme", "article", "page")},
        **{key: total[key] for key in ("gold", "found", "matched")},
    }


def _settings(root: Path) -> Settings:
    base = Settings()
    return base.model_copy(update={"data_dir": root / "data", "model_cache": base.models_dir,
                                   "ingest": IngestSettings(corpus_dir=root / "corpus")})


def evaluate_fixtures(settings: Settings, catalog) -> list[dict]:
    """Ingest the fixture PDFs and score the stored commitments per document."""
    from eval.pdfgen import write_fixture_corpus
    from index.commitments import list_commitments
    from index.indexer import Indexer

    write_fixture_corpus(settings.ingest.corpus_dir)
    Indexer(settings, catalog).ingest()
    return [score(doc, list_commitments(catalog.state, doc_id=doc.slug)) for doc in FIXTURES]


def synthetic_documents(folder: Path, n: int) -> list[tuple[Document, Path]]:
    """``n`` generated convenants with their annotations (the same documents the generator writes)."""
    from eval.pdfgen import _synthetic_document, generate_synthetic_corpus

    paths = generate_synthetic_corpus(folder, n, seed=SYNTHETIC_SEED, min_pages=3, max_pages=10)
    master = random.Random(SYNTHETIC_SEED)
    seeds = [master.getrandbits(64) for _ in range(n)]
    return [(_synthetic_document(random.Random(s), i, 3, 10)[0], p) for i, (s, p) in enumerate(zip(seeds, paths))]


def evaluate_parsed(docs: list[tuple[Document, Path]], indexer, weights: dict[str, tuple[float, float]]) -> dict[str, list[dict]]:
    """Extraction and themes without storing, once per (heading, keyword) weight variant: variant -> rows."""
    from index.themes import ThemeClassifier
    from ingest.pipeline import parse_document

    limits = indexer.settings.ingest
    parsed = [(doc, parse_document(path, path.name, indexer.chunker, max_mb=limits.max_file_mb,
                                   max_pages=limits.max_pages)) for doc, path in docs]
    results = {}
    for name, (heading, keyword) in weights.items():
        classifier = ThemeClassifier(indexer.catalog.embedder, heading_weight=heading, keyword_weight=keyword)
        results[name] = [score(doc, classifier.classify(p.commitments)) for doc, p in parsed]
    return results


def _table(rows: list[dict]) -> str:
    lines = ["| document | annotated | extracted | P | R | actor | theme | article | page |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows + [{"document": "**totaal**", **{k: sum(r[k] for r in rows) for k in rows[0] if k != "document"}}]:
        m = max(1, row["matched"])
        lines.append(f"| {row['document']} | {row['gold']} | {row['found']} | {row['matched'] / max(1, row['found']):.3f} | "
                     f"{row['matched'] / max(1, row['gold']):.3f} | {row['actor_ok'] / m:.3f} | {row['theme_ok'] / m:.3f} | "
                     f"{row['article_ok'] / m:.3f} | {row['page_ok'] / m:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=0, help="Also score N synthetic convenants.")
    parser.add_argument("--ablation", action="store_true", help="Theme accuracy per scoring variant.")
    parser.add_argument("--json", action="store_true", help="Print JSON instead of Markdown.")
    parser.add_argument("--real", action="store_true", help="Score the real documents (../shared) instead.")
    parser.add_argument("--misses", action="store_true", help="With --real: list missed, extra and wrong items.")
    parser.add_argument("--show-held-out", action="store_true", help="With --misses: also for the held-out documents.")
    args = parser.parse_args()
    if args.real:
        return _main_real(args)
    with tempfile.TemporaryDirectory(prefix="beleid-commitments-") as tmp:
        settings = _settings(Path(tmp))
        apply_offline_guards(settings.allow_network)
        from index.catalog import IndexCatalog
        from index.indexer import Indexer

        catalog = IndexCatalog(settings)
        stored = evaluate_fixtures(settings, catalog)
        report = {"fixtures": {"summary": summarize(stored), "documents": stored}}
        variants = VARIANTS if args.ablation else {"chosen": CHOSEN}
        sets = [("fixtures", [(doc, settings.ingest.corpus_dir / f"{doc.slug}.pdf") for doc in FIXTURES])]
        if args.synthetic:
            sets.append(("synthetic", synthetic_documents(Path(tmp) / "synthetic", args.synthetic)))
        indexer = Indexer(settings, catalog)
        for name, docs in sets:
            by_variant = evaluate_parsed(docs, indexer, variants)
            report.setdefault(name, {"summary": summarize(by_variant["chosen"]), "documents": by_variant["chosen"]})
            report[name]["theme_accuracy_by_variant"] = {v: summarize(r)["theme_accuracy"] for v, r in by_variant.items()}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for name, part in report.items():
        print(f"### {name}\n\n{_table(part['documents'])}\n")
        print("Summary: " + ", ".join(f"{k} {v}" for k, v in part["summary"].items()))
        print("Theme accuracy by variant: " + ", ".join(f"{k} {v}" for k, v in part["theme_accuracy_by_variant"].items()) + "\n")


def _main_real(args: argparse.Namespace) -> None:
    from eval.commitments_real import evaluate_real, markdown_report
    from eval.real import REAL_PDFS, REAL_TEXTS, real_folder_or_exit

    real_folder_or_exit(REAL_TEXTS)
    real_folder_or_exit(REAL_PDFS)
    with tempfile.TemporaryDirectory(prefix="beleid-commitments-real-") as tmp:
        settings = _settings(Path(tmp))
        apply_offline_guards(settings.allow_network)
        from index.catalog import IndexCatalog
        from index.indexer import Indexer

        report = evaluate_real(Indexer(settings, IndexCatalog(settings)))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(markdown_report(report, misses=args.misses, show_held_out=args.show_held_out))


if __name__ == "__main__":
    main()
