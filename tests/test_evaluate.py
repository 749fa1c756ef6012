"""The scorer: matching rules of issue 3 on small hand-built cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import GoldRow, Predicted, load_gold, loose_council, score
from tests.conftest import GOLD, needs_shared


def gold(value: float, **kw: object) -> GoldRow:
    base: dict[str, object] = dict(
        doc="a.txt", council="Camden", family="workforce", metric="staff_turnover_rate",
        value=value, qualifier="exact", unit="percent", rating_text="", period="",
        comparator_scope="", comparator_value=None, quote="turnover was 10%",
    )  # fmt: skip
    base.update(kw)
    return GoldRow(**base)  # type: ignore[arg-type]


def pred(value: float, **kw: object) -> Predicted:
    base: dict[str, object] = dict(
        doc="a", council="London Borough of Camden", family="workforce",
        metric="staff_turnover_rate", value=value, unit="percent", value_text=f"{value}%",
        period="", comparator_scope="", comparator_value=None, quote="turnover was 10%",
    )  # fmt: skip
    base.update(kw)
    return Predicted(**base)  # type: ignore[arg-type]


CANON = {"staff_turnover_rate": "staff_turnover_rate"}


def test_exact_match() -> None:
    s = score([gold(10)], [pred(10)], CANON)
    assert (s.recall, s.precision, s.canonical_accuracy) == (1.0, 1.0, 1.0)


def test_other_council_or_value_does_not_match() -> None:
    s = score([gold(10)], [pred(10, council="Hackney"), pred(11)], CANON)
    assert s.recall == 0.0 and s.precision == 0.0 and len(s.extras) == 2


def test_durations_compare_in_days() -> None:
    s = score([gold(2, unit="weeks")], [pred(14, unit="days")], CANON)
    assert s.recall == 1.0


def test_a_repeated_figure_is_correct_twice_but_matches_once() -> None:
    s = score([gold(10)], [pred(10, metric="a"), pred(10, metric="b")], CANON)
    assert s.matched == 1 and s.precision == 1.0


def test_percent_and_score_interchange() -> None:
    s = score([gold(62, unit="score", metric="cqc_score")], [pred(62, unit="percent")], CANON)
    assert s.recall == 1.0


def test_ratings_compare_by_rating() -> None:
    g = gold(4, unit="rating", rating_text="Outstanding", metric="cqc_rating")
    assert score([g], [pred(4, unit="rating")], CANON).recall == 1.0
    assert score([g], [pred(3, unit="rating")], CANON).recall == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("London Borough of Camden", "Camden"),
        ("Barking & Dagenham Council", "barking and dagenham"),
    ],
)
def test_loose_council_names(a: str, b: str) -> None:
    assert loose_council(a) == loose_council(b)


@needs_shared
def test_reads_the_shared_gold() -> None:
    rows = load_gold(GOLD)
    assert len(rows) == 212


def test_bad_gold_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("doc,council,family,metric,value,unit,quote\na,b,c,d,not-a-number,count,q\n")
    with pytest.raises(ValueError, match=":2: bad gold row"):
        load_gold(path)
