"""What got better or worse between two evaluation runs, per question and overall."""

from __future__ import annotations


def compare_runs(old: dict, new: dict) -> str:
    """A Markdown section: metric deltas and the questions whose correctness changed."""
    lines = ["## Compared with the previous run", "", "| metric | before | after | change |", "|---|---|---|---|"]
    for key, after in new["summary"].items():
        before = old["summary"].get(key)
        if isinstance(after, (int, float)) and isinstance(before, (int, float)) and before != after:
            lines.append(f"| {key} | {before} | {after} | {after - before:+.3f} |")
    old_rows = {q["id"]: q for q in old["questions"]}
    better, worse = [], []
    for q in new["questions"]:
        previous = old_rows.get(q["id"])
        if previous and previous["correct"] != q["correct"]:
            (better if q["correct"] else worse).append(q)
    for title, rows in (("Better", better), ("Worse", worse)):
        lines += ["", f"### {title} ({len(rows)})"]
        lines += [f"- {q['id']} ({q['type']}): {q['question']} → {q['answer'][:120]!r}" for q in rows] or ["- none"]
    return "\n".join(lines)
