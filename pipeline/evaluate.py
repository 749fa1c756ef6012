"""Score an extraction against gold annotations (format: shared/gold/README.md).

Stage: ``(gold CSV, metrics rows) -> Scores``.

Matching, as the gold README and issue 3 define it:

- predicted rows are first collapsed on (document, council, metric, value);
- a gold row is matched by at most one predicted row of the same document (file
  stem), the same council (names compared loosely), a compatible unit (percent and
  score are interchangeable; durations compare in days; a count and a rank or score
  of the same value match) and an equal value (ratings: the same rating); when several
  fit, the one whose quote shares most words with the gold quote wins (a maximum
  matching, so one greedy choice cannot starve another gold row);
- a predicted row is correct when it states any gold fact of its document.
"""

from __future__ import annotations

import csv
import math
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import regex

__all__ = ["GoldRow", "Scores", "evaluate_command", "load_gold", "score"]

_DAYS = {
    "minutes": 1 / 1440,
    "hours": 1 / 24,
    "days": 1.0,
    "weeks": 7.0,
    "months": 30.4375,
    "years": 365.25,
}
_RATING_VALUES = {"inadequate": 1.0, "requires improvement": 2.0, "good": 3.0, "outstanding": 4.0}


@dataclass(frozen=True, slots=True)
class GoldRow:
    doc: str
    council: str
    family: str
    metric: str
    value: float
    qualifier: str
    unit: str
    rating_text: str
    period: str
    comparator_scope: str
    comparator_value: float | None
    quote: str


@dataclass(frozen=True, slots=True)
class Predicted:
    doc: str
    council: str
    family: str
    metric: str
    value: float
    unit: str
    value_text: str
    period: str
    comparator_scope: str
    comparator_value: float | None
    quote: str


@dataclass(slots=True)
class Scores:
    gold: int
    predicted: int
    matched: int
    correct_predictions: int
    per_family: dict[str, tuple[int, int, int, int]]  # gold, matched, predicted, correct
    family_accuracy: float
    period_accuracy: float
    comparator_recall: float
    canonical_accuracy: float
    misses: list[GoldRow] = field(default_factory=list)
    extras: list[Predicted] = field(default_factory=list)
    pairs: list[tuple[GoldRow, Predicted]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _stem(name: str) -> str:
    return Path(name).stem


def loose_council(name: str | None) -> str:
    """A council name reduced for comparison.

    >>> loose_council("London Borough of Barking & Dagenham Council")
    'barking and dagenham'
    """
    text = (name or "").lower().replace("&", " and ")
    text = regex.sub(r"[’'`]s\b", "", text)
    text = regex.sub(
        r"\b(?:london borough of|royal borough of|city of|county council|city council|borough council|metropolitan borough council|council)\b",
        " ",
        text,
    )
    return " ".join(regex.sub(r"[^a-z0-9]+", " ", text).split())


def load_gold(path: Path) -> list[GoldRow]:
    """Rows of a gold CSV; raises ValueError naming the line of a bad row."""
    rows = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"doc", "council", "family", "metric", "value", "unit", "quote"} - set(
            reader.fieldnames or []
        )
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            try:
                comparator = row.get("comparator_value") or ""
                rows.append(
                    GoldRow(
                        doc=row["doc"],
                        council=row["council"],
                        family=row["family"],
                        metric=row["metric"],
                        value=float(row["value"]),
                        qualifier=row.get("qualifier") or "exact",
                        unit=row["unit"],
                        rating_text=row.get("rating_text") or "",
                        period=row.get("period") or "",
                        comparator_scope=row.get("comparator_scope") or "",
                        comparator_value=float(comparator) if comparator else None,
                        quote=row["quote"],
                    )
                )
            except (KeyError, ValueError) as exc:
                raise ValueError(f"{path}:{line}: bad gold row: {exc}") from exc
    return rows


def _text(value: object) -> str:
    """A string cell; "" for None and NaN (pandas' missing markers)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def predicted_from_frame(frame: pd.DataFrame) -> list[Predicted]:
    out = []
    for row in frame.to_dict("records"):
        comparator = row["comparator_value"]
        out.append(
            Predicted(
                doc=_stem(str(row["source"])),
                council=_text(row["council"]),
                family=str(row["family"]),
                metric=str(row["metric"]),
                value=float(row["value"]),
                unit=str(row["unit"]),
                value_text=str(row["value_text"]),
                period=_text(row["period"]),
                comparator_scope=_text(row["comparator_scope"]),
                comparator_value=None
                if comparator is None or (isinstance(comparator, float) and math.isnan(comparator))
                else float(comparator),
                quote=str(row["quote"]),
            )
        )
    return out


def _units_compatible(gold: GoldRow, pred: Predicted) -> bool:
    if gold.unit == pred.unit:
        return True
    pair = {gold.unit, pred.unit}
    if pair <= {"percent", "score"}:
        return True
    if pair <= {"count", "score", "rank"}:
        return True
    return gold.unit in _DAYS and pred.unit in _DAYS


def _values_equal(gold: GoldRow, pred: Predicted) -> bool:
    if gold.unit == "rating" or pred.unit == "rating":
        if gold.unit != pred.unit:
            return False
        return _RATING_VALUES.get(gold.rating_text.lower(), gold.value) == pred.value
    if gold.unit in _DAYS and pred.unit in _DAYS and gold.unit != pred.unit:
        return math.isclose(
            gold.value * _DAYS[gold.unit], pred.value * _DAYS[pred.unit], rel_tol=0.02
        )
    return math.isclose(gold.value, pred.value, rel_tol=1e-6, abs_tol=1e-6)


def _fits(gold: GoldRow, pred: Predicted) -> bool:
    return (
        _stem(gold.doc) == pred.doc
        and loose_council(gold.council) == loose_council(pred.council)
        and _units_compatible(gold, pred)
        and _values_equal(gold, pred)
    )


def _words(text: str) -> set[str]:
    return set(regex.findall(r"[a-z0-9]+", text.lower()))


def _overlap(gold: GoldRow, pred: Predicted) -> int:
    return len(_words(gold.quote) & _words(pred.quote))


def _collapse(predicted: Iterable[Predicted]) -> list[Predicted]:
    """One row per (document, council, metric, value): the most specific one."""
    best: dict[tuple[str, str, str, float], Predicted] = {}
    for p in predicted:
        key = (p.doc, loose_council(p.council), p.metric, p.value)
        current = best.get(key)
        rank = (bool(p.comparator_value is not None), bool(p.comparator_scope), bool(p.period))
        if current is None or rank > (
            bool(current.comparator_value is not None),
            bool(current.comparator_scope),
            bool(current.period),
        ):
            best[key] = p
    return list(best.values())


def _max_matching(candidates: list[list[int]]) -> dict[int, int]:
    """Maximum bipartite matching gold -> predicted; candidate lists best-first.

    Each gold row first takes its best candidate when that is still free, so
    preferences hold where they can; augmenting paths then add the rows that
    remain (Kuhn's algorithm), so the number matched is still the maximum.
    """
    owner: dict[int, int] = {}
    for g in sorted(range(len(candidates)), key=lambda i: len(candidates[i])):
        if candidates[g] and candidates[g][0] not in owner:
            owner[candidates[g][0]] = g
    matched = set(owner.values())

    def assign(g: int, seen: set[int]) -> bool:
        for p in candidates[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or assign(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in sorted(range(len(candidates)), key=lambda i: len(candidates[i])):
        if g not in matched:
            assign(g, set())
    return {g: p for p, g in owner.items()}


def score(
    gold: Sequence[GoldRow], predicted: Sequence[Predicted], canonical: dict[str, str]
) -> Scores:
    """Match and score; ``canonical`` maps canonical keys and aliases to canonical keys."""
    docs = {_stem(g.doc) for g in gold}
    predicted = _collapse(p for p in predicted if p.doc in docs)

    def preference(g: GoldRow, p: Predicted) -> tuple[int, bool, bool]:
        # quote overlap decides (issue 3); among equal quotes, the same key, then family
        same_key = canonical.get(p.metric, p.metric) == canonical.get(g.metric, g.metric)
        return (_overlap(g, p), same_key, p.family == g.family)

    candidates = [
        sorted(
            (i for i, p in enumerate(predicted) if _fits(g, p)),
            key=lambda i: preference(g, predicted[i]),
            reverse=True,
        )
        for g in gold
    ]
    matching = _max_matching(candidates)
    pairs = [(gold[g], predicted[p]) for g, p in sorted(matching.items())]
    correct = [any(_fits(g, p) for g in gold) for p in predicted]
    per_family: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for index, g in enumerate(gold):
        per_family[g.family][0] += 1
        per_family[g.family][1] += index in matching
    for p, ok in zip(predicted, correct, strict=True):
        per_family[p.family][2] += 1
        per_family[p.family][3] += ok

    def share(hits: Iterable[bool]) -> float:
        values = list(hits)
        return sum(values) / len(values) if values else 1.0

    return Scores(
        gold=len(gold),
        predicted=len(predicted),
        matched=len(matching),
        correct_predictions=sum(correct),
        per_family={k: (v[0], v[1], v[2], v[3]) for k, v in sorted(per_family.items())},
        family_accuracy=share(g.family == p.family for g, p in pairs),
        period_accuracy=share(g.period == p.period for g, p in pairs if g.period),
        comparator_recall=share(
            p.comparator_value is not None and math.isclose(p.comparator_value, g.comparator_value)
            for g, p in pairs
            if g.comparator_value is not None
        ),
        canonical_accuracy=share(
            canonical.get(p.metric, p.metric) == canonical[g.metric]
            for g, p in pairs
            if g.metric in canonical
        ),
        misses=[g for i, g in enumerate(gold) if i not in matching],
        extras=[p for p, ok in zip(predicted, correct, strict=True) if not ok],
        pairs=pairs,
    )


def format_scores(scores: Scores, show: int = 50) -> str:
    lines = [
        f"gold rows {scores.gold}, predicted rows {scores.predicted} (collapsed), matched {scores.matched}",
        f"recall {scores.recall:.3f}  precision {scores.precision:.3f}  F1 {scores.f1:.3f}",
        f"among matched rows: family {scores.family_accuracy:.3f}  period {scores.period_accuracy:.3f}  "
        f"comparator {scores.comparator_recall:.3f}  canonical key {scores.canonical_accuracy:.3f}",
        "",
        f"{'family':<26}{'gold':>6}{'recall':>8}{'pred':>6}{'precision':>11}",
    ]
    for family, (n_gold, n_matched, n_pred, n_correct) in scores.per_family.items():
        recall = f"{n_matched / n_gold:.2f}" if n_gold else "-"
        precision = f"{n_correct / n_pred:.2f}" if n_pred else "-"
        lines.append(f"{family:<26}{n_gold:>6}{recall:>8}{n_pred:>6}{precision:>11}")
    if show:
        lines.append("")
        lines.append(f"misses ({len(scores.misses)}):")
        for g in scores.misses[:show]:
            quote = " ".join(g.quote.split())[:110]
            lines.append(
                f"  {_stem(g.doc)[:3]} {g.council[:14]:<14} {g.metric[:34]:<34} {g.value:g} {g.unit} | {quote}"
            )
        lines.append(f"extras ({len(scores.extras)}):")
        for p in scores.extras[:show]:
            quote = " ".join(p.quote.split())[:100]
            lines.append(
                f"  {p.doc[:3]} {p.council[:14]:<14} {p.metric[:34]:<34} {p.value:g} {p.unit} [{p.value_text}] | {quote}"
            )
    return "\n".join(lines)


def evaluate_command(
    *,
    gold: Path,
    docs: Path | None,
    out: Path | None,
    workers: int,
    min_recall: float | None,
    min_precision: float | None,
    show: int,
) -> int:
    from pipeline.run import run_batch
    from pipeline.taxonomy import load_patterns

    gold_rows = load_gold(gold)
    with tempfile.TemporaryDirectory(prefix="council-metrics-eval-") as tmp:
        out_dir = out or Path(tmp) / "out"
        if docs is not None:
            run_batch([docs], out_dir, workers=workers)
        metrics_dir = out_dir / "metrics"
        if not metrics_dir.exists():
            print(
                f"council-metrics evaluate: error: no metrics dataset in {out_dir}", file=sys.stderr
            )
            return 2
        frame = pd.read_parquet(metrics_dir)
    scores = score(gold_rows, predicted_from_frame(frame), load_patterns().canonical_keys)
    print(format_scores(scores, show))
    failed = []
    if min_recall is not None and scores.recall < min_recall:
        failed.append(f"recall {scores.recall:.3f} < {min_recall}")
    if min_precision is not None and scores.precision < min_precision:
        failed.append(f"precision {scores.precision:.3f} < {min_precision}")
    if failed:
        print("council-metrics evaluate: below threshold: " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


def family_counts(rows: Iterable[GoldRow]) -> Counter[str]:
    return Counter(r.family for r in rows)
