"""Pattern files: they load, they name figures, and a bad edit fails with the file's name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import PatternError
from pipeline.paths import patterns_dir
from pipeline.records import FAMILIES, UNITS
from pipeline.taxonomy import FIGURE, load_patterns

DOMAIN_KEYS = [
    "cqc_rating", "cqc_score", "staff_turnover_rate", "staff_vacancy_rate",
    "people_waiting_assessment", "people_waiting_ot_assessment", "safeguarding_concerns",
    "safeguarding_enquiries", "safeguarding_conversion_rate", "satisfied_with_care_rate",
    "feel_safe_rate", "older_people_home_91_days_after_discharge_rate",
    "short_term_no_further_support_rate", "care_home_admissions_65plus", "direct_payment_rate",
    "quality_statements_scored_3",
]  # fmt: skip


def test_loads_with_the_canonical_keys_of_domain_md() -> None:
    patterns = load_patterns()
    keys = {m.key for m in patterns.metrics}
    assert set(DOMAIN_KEYS) <= keys
    assert all(m.family in FAMILIES and set(m.units) <= UNITS for m in patterns.metrics)
    assert len(patterns.statements) == 9
    assert patterns.canonical_keys["qs_score_safeguarding"] == "qs_safeguarding"


@pytest.mark.parametrize(
    ("clause", "unit", "key"),
    [
        (f"Staff turnover was {FIGURE} last year", "percent", "staff_turnover_rate"),
        (f"the vacancy rate stood at {FIGURE}", "percent", "staff_vacancy_rate"),
        (f"{FIGURE} safeguarding concerns were raised", "count", "safeguarding_concerns"),
        (f"{FIGURE} section 42 enquiries", "count", "safeguarding_enquiries"),
        (
            f"{FIGURE} people were waiting for a financial assessment",
            "count",
            "people_waiting_financial_assessment",
        ),
        (f"a score of {FIGURE}", "count", "cqc_score"),
        (f"{FIGURE} said they felt safe", "percent", "feel_safe_rate"),
    ],
)
def test_classify(clause: str, unit: str, key: str) -> None:
    match = load_patterns().classify(clause, unit)
    assert match is not None and match.metric.key == key


def test_unit_must_fit() -> None:
    assert load_patterns().classify(f"staff turnover of {FIGURE}", "gbp") is None


def _copy_patterns(tmp_path: Path) -> Path:
    target = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("family: workforce\n", "family: staffing\n", "unknown family 'staffing'"),
        ("units: [percent]\n", "units: [percentage]\n", "units must be"),
        ("key: staff_vacancy_rate", "key: staff_turnover_rate", "duplicate key"),
        ("phrases: ['\\bvacanc(?:y|ies)\\b']", "phrases: ['vacanc(y']", "bad regular expression"),
    ],
)
def test_bad_edits_fail_with_the_file_named(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = _copy_patterns(tmp_path)
    path = root / "metrics.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PatternError, match=message) as info:
        load_patterns(root)
    assert "metrics.yaml" in str(info.value)


def test_exclusion_rules_must_name_the_figure(tmp_path: Path) -> None:
    root = _copy_patterns(tmp_path)
    path = root / "exclusions.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("'\\bNHS\\s+{N}\\b'", "'NHS'"), encoding="utf-8"
    )
    with pytest.raises(PatternError, match="must contain"):
        load_patterns(root)
