"""Settings sweeps: vary one knob at a time around the defaults and compare the runs' key metrics."""

from __future__ import annotations

from beleid.settings import Settings
from eval.run import eval_settings, run_eval

# (section, field) -> values tried; the default is always among them.
KNOBS: dict[tuple[str, str], tuple] = {
    ("index", "chunk_tokens"): (160, 240, 320),
    ("index", "dense_weight"): (0.5, 0.6, 0.7),
    ("answer", "passages"): (4, 5, 6),
    ("answer", "min_answerability"): (0.5, None, 0.7),  # None: the threshold fitted with the model
    ("answer", "lexical_weight"): (0.04, 0.08, 0.12),
    ("answer", "passage_weight"): (0.05, 0.10, 0.15),
    ("answer", "kind_bonus"): (0.01, 0.02, 0.03),
    ("answer", "kind_penalty"): (0.02, 0.04, 0.08),
    ("answer", "place_margin"): (0.06, 0.08, 0.10),
}
# Knobs the extractive answerer reads when it answers: tried on one warm assistant (its sentence vectors stay
# cached), instead of a new one per value.
ANSWER_TIME = {"min_answerability", "lexical_weight", "passage_weight", "kind_bonus", "kind_penalty", "place_margin"}
KEY_METRICS = ("correct", "answerable_correct", "citation_precision", "refusal_recall", "recall@5", "mrr@10")


def _variant(settings: Settings, section: str, field: str, value) -> Settings:
    part = getattr(settings, section).model_copy(update={field: value})
    return settings.model_copy(update={section: part})


def sweep(settings: Settings, sets: list[str]) -> list[dict]:
    """One row per knob value: the key metrics of a full evaluation run with that value."""
    from answer.assistant import Assistant
    from index.catalog import IndexCatalog
    from index.embedder import load_embedder

    embedder = load_embedder(settings)
    base = IndexCatalog(eval_settings(settings, sets), embedder=embedder)
    warm = Assistant(base.settings, catalog=base)
    rows = []
    for (section, field), values in KNOBS.items():
        default = getattr(getattr(settings, section), field)
        for value in values:
            variant = _variant(settings, section, field, value)
            if section == "answer" and field in ANSWER_TIME:
                warm.extractive.settings = variant.answer
                assistant = warm
            else:
                catalog = IndexCatalog(eval_settings(variant, sets), embedder=embedder)
                assistant = Assistant(catalog.settings, catalog=catalog)
            run = run_eval(variant, sets, assistant=assistant)
            rows.append({"knob": f"{section}.{field}", "value": value, "default": value == default,
                         **{m: run["summary"][m] for m in KEY_METRICS}})
        warm.extractive.settings = settings.answer
    return rows


def sweep_markdown(rows: list[dict]) -> str:
    """The sweep table, and per knob whether the default is the measured best on 'correct'."""
    lines = ["## Settings sweep", "", "| knob | value | " + " | ".join(KEY_METRICS) + " |",
             "|---|---|" + "---|" * len(KEY_METRICS)]
    verdicts = []
    for knob in dict.fromkeys(r["knob"] for r in rows):
        group = [r for r in rows if r["knob"] == knob]
        best = max(r["correct"] for r in group)
        default = next(r for r in group if r["default"])
        verdicts.append(f"- `{knob}`: default {default['value']} "
                        + ("is the measured best." if default["correct"] == best else
                           f"scores {default['correct']} against a best of {best}."))
        for r in group:
            mark = f"**{r['value']}** (default)" if r["default"] else str(r["value"])
            lines.append(f"| {knob} | {mark} | " + " | ".join(str(r[m]) for m in KEY_METRICS) + " |")
    return "\n".join(lines + [""] + verdicts) + "\n"
