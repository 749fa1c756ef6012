"""Check figures against what they can be, and against each other.

Stage: ``list[Metric] -> list[Metric]`` (the same rows, ``warnings`` filled in).

- ranges per unit (percent 0-100, counts and money >= 0, per_100k 0-5000, ranks >= 1)
  and per metric (``range`` in patterns/metrics.yaml; statement scores 1-4);
- a council's stated CQC rating, overall score and statement scores must agree
  (score bands 25-38 Inadequate, 39-62 Requires Improvement, 63-87 Good, 88+
  Outstanding; ../shared/docs/DOMAIN.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from pipeline.records import Metric
from pipeline.taxonomy import Patterns

__all__ = ["rating_for_score", "validate_metrics"]

_UNIT_RANGES: dict[str, tuple[float, float]] = {
    "percent": (-100.0, 100.0),
    "count": (0.0, float("inf")),
    "gbp": (0.0, float("inf")),
    "per_100k": (0.0, 5000.0),
    "rank": (1.0, float("inf")),
    "rating": (1.0, 4.0),
    "minutes": (0.0, float("inf")),
    "hours": (0.0, float("inf")),
    "days": (0.0, float("inf")),
    "weeks": (0.0, float("inf")),
    "months": (0.0, float("inf")),
    "years": (0.0, float("inf")),
}
_RATING_NAMES = {1: "Inadequate", 2: "Requires Improvement", 3: "Good", 4: "Outstanding"}


def rating_for_score(score: float) -> int:
    """The rating (1-4) a CQC overall score falls in.

    >>> [rating_for_score(s) for s in (30, 62, 63, 88)]
    [1, 2, 3, 4]
    """
    if score >= 88:
        return 4
    if score >= 63:
        return 3
    if score >= 39:
        return 2
    return 1


def _range_warnings(metric: Metric, patterns: Patterns) -> list[str]:
    warnings = []
    low, high = _UNIT_RANGES.get(metric.unit, (float("-inf"), float("inf")))
    if metric.unit == "percent" and metric.value < 0 and "change" not in metric.metric:
        low = -100.0
    if not low <= metric.value <= high:
        warnings.append(f"out of range: {metric.value:g} {metric.unit} outside {low:g}..{high:g}")
    definition = patterns.metric(metric.metric)
    if definition is not None and definition.range is not None:
        lo, hi = definition.range
        if not lo <= metric.value <= hi:
            warnings.append(
                f"out of range for {metric.metric}: {metric.value:g} outside {lo:g}..{hi:g}"
            )
    if metric.metric.startswith("qs_") and metric.value not in (1.0, 2.0, 3.0, 4.0):
        warnings.append(f"quality statement score {metric.value:g} is not 1, 2, 3 or 4")
    return warnings


def _consistency_warnings(metrics: Sequence[Metric]) -> dict[int, list[str]]:
    """Rating vs score vs statement scores, per council, within one document."""
    by_council: dict[str | None, list[int]] = defaultdict(list)
    for index, m in enumerate(metrics):
        by_council[m.council_code].append(index)
    found: dict[int, list[str]] = defaultdict(list)
    for indexes in by_council.values():
        ratings = {metrics[i].value for i in indexes if metrics[i].metric == "cqc_rating"}
        scores = [i for i in indexes if metrics[i].metric == "cqc_score"]
        statements = {
            metrics[i].metric: metrics[i].value
            for i in indexes
            if metrics[i].metric.startswith("qs_")
        }
        for i in scores:
            band = rating_for_score(metrics[i].value)
            for rating in ratings:
                if int(rating) != band:
                    found[i].append(
                        f"rating and score disagree: score {metrics[i].value:g} is "
                        f"{_RATING_NAMES[band]}, rating stated {_RATING_NAMES[int(rating)]}"
                    )
            if len(statements) == 9:
                derived = round(100 * sum(statements.values()) / 36)
                if abs(derived - metrics[i].value) > 1:
                    found[i].append(
                        f"score {metrics[i].value:g} disagrees with the nine statement scores "
                        f"(sum {sum(statements.values()):g} of 36 = {derived})"
                    )
    return found


def validate_metrics(metrics: Sequence[Metric], patterns: Patterns) -> list[Metric]:
    """The rows of one document with their validation warnings."""
    consistency = _consistency_warnings(metrics)
    out = []
    for index, metric in enumerate(metrics):
        warnings = _range_warnings(metric, patterns) + consistency.get(index, [])
        out.append(replace(metric, warnings=tuple(warnings)) if warnings else metric)
    return out
