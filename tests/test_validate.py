"""Validation: ranges and rating/score/statement consistency, into warnings."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.records import Metric
from pipeline.taxonomy import load_patterns
from pipeline.validate import rating_for_score, validate_metrics

BASE = Metric(
    doc_id="d", source="d.txt", council="Camden", council_code="E09000007", family="score",
    metric="cqc_score", label="score", value=89.0, value_text="89", unit="score",
    qualifier="exact", period=None, period_start=None, period_end=None, comparator_scope=None,
    comparator_value=None, comparator_period=None, page=None, char_start=0, char_end=2,
    quote="89", quote_start=0, quote_end=2, pattern="test",
)  # fmt: skip


def row(**changes: object) -> Metric:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("score", "rating"), [(25, 1), (38, 1), (39, 2), (62, 2), (63, 3), (87, 3), (88, 4)]
)
def test_score_bands(score: float, rating: int) -> None:
    assert rating_for_score(score) == rating


def test_rating_and_score_disagree() -> None:
    rows = [
        row(),
        row(metric="cqc_rating", family="rating", value=3.0, unit="rating", value_text="Good"),
    ]
    checked = validate_metrics(rows, load_patterns())
    assert any("disagree" in w for w in checked[0].warnings)
    assert checked[1].warnings == ()


def test_rating_and_score_agree() -> None:
    rows = [row(), row(metric="cqc_rating", family="rating", value=4.0, unit="rating")]
    assert all(m.warnings == () for m in validate_metrics(rows, load_patterns()))


def test_statement_scores_must_add_up() -> None:
    statements = [s.key for s in load_patterns().statements]
    rows = [row(value=70.0)] + [
        row(metric=key, family="quality_statement_score", value=4.0) for key in statements
    ]
    checked = validate_metrics(rows, load_patterns())
    assert any("nine statement scores" in w for w in checked[0].warnings)


@pytest.mark.parametrize(
    ("changes", "warning"),
    [
        ({"metric": "staff_turnover_rate", "unit": "percent", "value": 140.0}, "out of range"),
        ({"metric": "safeguarding_concerns", "unit": "count", "value": -3.0}, "out of range"),
        ({"metric": "qs_safeguarding", "unit": "score", "value": 5.0}, "not 1, 2, 3 or 4"),
        (
            {"metric": "care_home_admissions_65plus", "unit": "per_100k", "value": 9000.0},
            "out of range",
        ),
    ],
)
def test_ranges(changes: dict[str, object], warning: str) -> None:
    (checked,) = validate_metrics([row(**changes)], load_patterns())
    assert any(warning in w for w in checked.warnings)
