"""Tests for pipeline.gazetteer: sentence in, council mentions out."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import PatternError
from pipeline.gazetteer import Council, Gazetteer, load_gazetteer, normalize_name
from pipeline.paths import PATTERNS_ENV, patterns_dir

REPO_ROOT = Path(__file__).resolve().parents[1]
COUNCILS_CSV = REPO_ROOT / "patterns" / "councils.csv"
REFERENCE = REPO_ROOT.parent / "shared" / "reference" / "uk_local_authorities_future.csv"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    return [(m.name, text[m.start : m.end]) for m in gazetteer.find(text)]


# ---------------------------------------------------------------------------------------------
# find(): sentence in, [(canonical name, text as written)] out
# ---------------------------------------------------------------------------------------------
FIND_CASES = [
    # official and generated forms are one mention each
    pytest.param(
        "Barking and Dagenham Council has been awarded an ‘Outstanding’ rating",
        [("Barking and Dagenham", "Barking and Dagenham Council")],
        id="council-suffix-is-one-mention",
    ),
    pytest.param(
        "The London Borough of Camden was assessed.",
        [("Camden", "London Borough of Camden")],
        id="london-borough-of-is-one-mention",
    ),
    pytest.param(
        "Royal Borough of Kensington and Chelsea and the Royal Borough of Greenwich",
        [
            ("Kensington and Chelsea", "Royal Borough of Kensington and Chelsea"),
            ("Greenwich", "Royal Borough of Greenwich"),
        ],
        id="royal-borough-of",
    ),
    pytest.param(
        "Suffolk County Council and Nottingham City Council",
        [("Suffolk", "Suffolk County Council"), ("Nottingham", "Nottingham City Council")],
        id="county-and-city-council",
    ),
    pytest.param(
        "Bury Metropolitan Borough Council and Wigan Council",
        [("Bury", "Bury Metropolitan Borough Council"), ("Wigan", "Wigan Council")],
        id="metropolitan-borough-council",
    ),
    pytest.param(
        "City of London Corporation and the City of Bristol",
        [("City of London", "City of London Corporation"), ("Bristol", "City of Bristol")],
        id="city-of-forms",
    ),
    pytest.param(
        "Birmingham, Lincolnshire, North Lincolnshire and Suffolk were rated good; Nottingham "
        "requires improvement.",
        [
            ("Birmingham", "Birmingham"),
            ("Lincolnshire", "Lincolnshire"),
            ("North Lincolnshire", "North Lincolnshire"),
            ("Suffolk", "Suffolk"),
            ("Nottingham", "Nottingham"),
        ],
        id="pilot-councils-list",
    ),
    pytest.param(
        "Cumberland and Westmorland and Furness replaced Cumbria.",
        [("Cumberland", "Cumberland"), ("Westmorland and Furness", "Westmorland and Furness")],
        id="reorganised-cumbria",
    ),
    # longest match first
    pytest.param(
        "North East Lincolnshire, North Lincolnshire and Lincolnshire County Council",
        [
            ("North East Lincolnshire", "North East Lincolnshire"),
            ("North Lincolnshire", "North Lincolnshire"),
            ("Lincolnshire", "Lincolnshire County Council"),
        ],
        id="longest-first-lincolnshires",
    ),
    pytest.param(
        "Bath and North East Somerset, North Somerset and Somerset",
        [
            ("Bath and North East Somerset", "Bath and North East Somerset"),
            ("North Somerset", "North Somerset"),
            ("Somerset", "Somerset"),
        ],
        id="longest-first-somersets",
    ),
    pytest.param(
        "Lincolnshire County Councils", [("Lincolnshire", "Lincolnshire")], id="backs-off-to-word"
    ),
    # "&" and "and", hyphens, spaces, line breaks
    pytest.param(
        "Barking & Dagenham and Hammersmith & Fulham",
        [
            ("Barking and Dagenham", "Barking & Dagenham"),
            ("Hammersmith and Fulham", "Hammersmith & Fulham"),
        ],
        id="ampersand",
    ),
    pytest.param(
        "Brighton & Hove City Council",
        [("Brighton and Hove", "Brighton & Hove City Council")],
        id="ampersand-generated",
    ),
    pytest.param(
        "residents of Barking and \nDagenham",
        [("Barking and Dagenham", "Barking and \nDagenham")],
        id="line-break-inside-name",
    ),
    pytest.param(
        "Stoke on Trent and Kingston-upon-Thames",
        [("Stoke-on-Trent", "Stoke on Trent"), ("Kingston upon Thames", "Kingston-upon-Thames")],
        id="hyphen-or-space",
    ),
    # word boundaries
    pytest.param("a Kentish Town day centre", [], id="no-kent-in-kentish"),
    pytest.param(
        "Derbyshire, not Derby",
        [("Derbyshire", "Derbyshire"), ("Derby", "Derby")],
        id="no-derby-in-derbyshire",
    ),
    pytest.param("Suffolks and Camdens", [], id="no-partial-word-at-end"),
    pytest.param("Kent-based providers", [("Kent", "Kent")], id="hyphen-suffix-still-counts"),
    # possessives
    pytest.param("Camden’s rating", [("Camden", "Camden")], id="possessive-curly"),
    pytest.param("Hackney's rating", [("Hackney", "Hackney")], id="possessive-straight"),
    pytest.param(
        "Barking and Dagenham Council’s staff",
        [("Barking and Dagenham", "Barking and Dagenham Council")],
        id="possessive-after-council",
    ),
    # case
    pytest.param("camden and hackney residents", [], id="lower-case-is-not-a-name"),
    pytest.param(
        "LONDON BOROUGH OF BARKING AND DAGENHAM",
        [("Barking and Dagenham", "LONDON BOROUGH OF BARKING AND DAGENHAM")],
        id="all-caps-heading",
    ),
    pytest.param("SUFFOLK’S RATING", [("Suffolk", "SUFFOLK")], id="all-caps-possessive"),
    pytest.param(
        "London Borough Of Barking And Dagenham",
        [("Barking and Dagenham", "London Borough Of Barking And Dagenham")],
        id="title-case-connectives",
    ),
    pytest.param("Camden COUNCIL", [("Camden", "Camden")], id="mixed-case-suffix-not-joined"),
    # England
    pytest.param(
        "one of only three local authorities in England",
        [("England", "England")],
        id="england",
    ),
    pytest.param("ENGLAND’S 153 COUNCILS", [("England", "ENGLAND")], id="england-all-caps"),
    pytest.param("New England and New York", [], id="not-new-england-or-new-york"),
    pytest.param("New Hampshire and New Brighton", [], id="not-new-hampshire-or-new-brighton"),
    pytest.param("Greater Manchester and Greater Lincolnshire", [], id="not-greater-areas"),
    # hyphenated places that start with a council's name
    pytest.param("Newcastle-under-Lyme", [], id="not-newcastle-under-lyme"),
    pytest.param("Bradford-on-Avon and Bromley-by-Bow", [], id="not-hyphenated-places"),
    # needs_context councils
    pytest.param("Reading the report, officers agreed.", [], id="reading-bare-word"),
    pytest.param(
        "Reading Borough Council said",
        [("Reading", "Reading Borough Council")],
        id="reading-council",
    ),
    pytest.param("a hospice in Bury St Edmunds", [], id="bury-st-edmunds"),
    pytest.param("Bury Council", [("Bury", "Bury Council")], id="bury-council"),
    pytest.param("Sutton Coldfield residents", [], id="sutton-coldfield"),
    pytest.param(
        "London Borough of Sutton", [("Sutton", "London Borough of Sutton")], id="sutton-council"
    ),
    pytest.param("funding from Westminster", [], id="westminster-parliament"),
    pytest.param(
        "City of Westminster and Westminster City Council",
        [("Westminster", "City of Westminster"), ("Westminster", "Westminster City Council")],
        id="westminster-council",
    ),
    pytest.param("READING", [], id="needs-context-all-caps-bare"),
    # aliases
    pytest.param(
        "LBBD, RBKC, B&NES and BCP Council",
        [
            ("Barking and Dagenham", "LBBD"),
            ("Kensington and Chelsea", "RBKC"),
            ("Bath and North East Somerset", "B&NES"),
            ("Bournemouth, Christchurch and Poole", "BCP"),
        ],
        id="abbreviations",
    ),
    pytest.param(
        "Bournemouth, Christchurch and Poole Council",
        [("Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole Council")],
        id="bcp-full-name",
    ),
    pytest.param(
        "Hull, Brighton, Southend and Telford",
        [
            ("Kingston upon Hull", "Hull"),
            ("Brighton and Hove", "Brighton"),
            ("Southend-on-Sea", "Southend"),
            ("Telford and Wrekin", "Telford"),
        ],
        id="colloquial-names",
    ),
    pytest.param(
        "Durham County Council and the Royal Borough of Windsor and Maidenhead",
        [
            ("County Durham", "Durham County Council"),
            ("Windsor and Maidenhead", "Royal Borough of Windsor and Maidenhead"),
        ],
        id="official-names-of-unitaries",
    ),
    pytest.param("Durham University", [], id="durham-alone-is-not-county-durham"),
    pytest.param("Kingston residents", [], id="kingston-is-ambiguous"),
    pytest.param(
        "Kingston upon Thames and Kingston upon Hull",
        [
            ("Kingston upon Thames", "Kingston upon Thames"),
            ("Kingston upon Hull", "Kingston upon Hull"),
        ],
        id="kingstons-in-full",
    ),
    pytest.param(
        "Lincs, North Lincs and North East Lincs",
        [
            ("Lincolnshire", "Lincs"),
            ("North Lincolnshire", "North Lincs"),
            ("North East Lincolnshire", "North East Lincs"),
        ],
        id="county-abbreviations-longest-first",
    ),
    pytest.param("", [], id="empty-text"),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find(gazetteer: Gazetteer, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(gazetteer, text) == expected


def test_find_gives_codes_and_exact_offsets(gazetteer: Gazetteer) -> None:
    text = "Hackney’s rating, unlike England's,\nand the London Borough of Camden."
    mentions = gazetteer.find(text)
    assert [(m.code, m.start, m.end) for m in mentions] == [
        ("E09000012", 0, 7),
        ("E92000001", 25, 32),
        ("E09000007", 44, 68),
    ]


def test_find_scans_a_sample_document(gazetteer: Gazetteer) -> None:
    sample = REPO_ROOT.parent / "shared" / "samples" / "000_eb90428a2c5a3189.txt"
    if not sample.exists():
        pytest.skip(f"sample {sample.name} not present (../shared/samples lives outside the repo)")
    counts = Counter(m.name for m in gazetteer.find(sample.read_text(encoding="utf-8")))
    assert set(counts) == {"Barking and Dagenham", "England"}


# ---------------------------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------------------------
def test_all_councils_and_england_loaded(gazetteer: Gazetteer) -> None:
    kinds = Counter(c.kind for c in gazetteer.councils)
    assert kinds == {"UA": 63, "MD": 36, "LBO": 32, "CC": 1, "CTY": 21, "ENG": 1}
    assert sum(n for kind, n in kinds.items() if kind != "ENG") == 153
    assert len({c.code for c in gazetteer.councils}) == 154
    assert [c.code for c in gazetteer.councils] == sorted(c.code for c in gazetteer.councils)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E09000002", "Barking and Dagenham"),
        ("E09000007", "Camden"),
        ("E09000012", "Hackney"),
        ("E08000025", "Birmingham"),
        ("E10000019", "Lincolnshire"),
        ("E06000013", "North Lincolnshire"),
        ("E10000029", "Suffolk"),
        ("E06000018", "Nottingham"),
        ("E06000063", "Cumberland"),
        ("E06000064", "Westmorland and Furness"),
        ("E09000001", "City of London"),
        ("E06000047", "County Durham"),
        ("E06000010", "Kingston upon Hull"),
        ("E06000023", "Bristol"),
        ("E92000001", "England"),
    ],
    ids=lambda value: str(value),
)
def test_codes_match_the_reference(gazetteer: Gazetteer, code: str, name: str) -> None:
    assert gazetteer.by_code(code).name == name
    resolved = gazetteer.resolve(name)
    assert resolved is not None and resolved.code == code


def test_region_slips_fixed(gazetteer: Gazetteer) -> None:
    assert gazetteer.by_code("E10000007").region == "East Midlands"  # Derbyshire
    assert gazetteer.by_code("E10000019").region == "East Midlands"  # Lincolnshire


def test_council_record(gazetteer: Gazetteer) -> None:
    camden = gazetteer.by_code("E09000007")
    assert camden == Council(
        name="Camden",
        code="E09000007",
        kind="LBO",
        region="London",
        variants=camden.variants,
        needs_context=False,
    )
    assert camden.variants[0] == "Camden"
    assert "London Borough of Camden" in camden.variants
    assert [c.name for c in gazetteer.councils if c.needs_context] == [
        "Reading",
        "Bury",
        "Sutton",
        "Westminster",
    ]


def test_by_code_unknown(gazetteer: Gazetteer) -> None:
    with pytest.raises(KeyError, match="E07000223"):
        gazetteer.by_code("E07000223")  # Adur, a district: no adult social care duty


# ---------------------------------------------------------------------------------------------
# resolve(): loose names
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Barking and Dagenham", "Barking and Dagenham", id="exact"),
        pytest.param("barking & dagenham", "Barking and Dagenham", id="case-and-ampersand"),
        pytest.param("LONDON BOROUGH OF CAMDEN", "Camden", id="caps-prefix"),
        pytest.param("Camden Council", "Camden", id="council-suffix"),
        pytest.param("Hackney’s", "Hackney", id="possessive"),
        pytest.param("the City of Westminster", "Westminster", id="the-city-of"),
        pytest.param("Westminster", "Westminster", id="bare-needs-context-name"),
        pytest.param("Reading", "Reading", id="reading-bare"),
        pytest.param("Nottingham City", "Nottingham", id="city-suffix"),
        pytest.param(
            "Barking and Dagenham London Borough Council", "Barking and Dagenham", id="lbc"
        ),
        pytest.param(
            "  north-east   lincolnshire council. ", "North East Lincolnshire", id="spacing-punct"
        ),
        pytest.param("Bristol, City of", "Bristol", id="ons-inverted"),
        pytest.param("St Helens", "St. Helens", id="st-without-dot"),
        pytest.param("Durham County Council", "County Durham", id="durham-official"),
        pytest.param("Kingston-upon-Hull City Council", "Kingston upon Hull", id="hull-hyphens"),
        pytest.param("Royal Borough of Windsor & Maidenhead", "Windsor and Maidenhead", id="royal"),
        pytest.param("B&NES", "Bath and North East Somerset", id="alias"),
        pytest.param("BCP Council", "Bournemouth, Christchurch and Poole", id="alias-council"),
        pytest.param("England", "England", id="england"),
        pytest.param("Kingston", None, id="kingston-ambiguous"),
        pytest.param("London", None, id="london-is-not-a-council"),
        pytest.param("Adur District Council", None, id="district"),
        pytest.param("Council", None, id="council-alone"),
        pytest.param("", None, id="empty"),
    ],
)
def test_resolve(gazetteer: Gazetteer, name: str, expected: str | None) -> None:
    council = gazetteer.resolve(name)
    assert (council.name if council else None) == expected


# ---------------------------------------------------------------------------------------------
# loading: paths, cache, malformed files
# ---------------------------------------------------------------------------------------------
def test_patterns_dir_default_and_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(PATTERNS_ENV, raising=False)
    assert patterns_dir().resolve() == COUNCILS_CSV.parent
    monkeypatch.setenv(PATTERNS_ENV, str(tmp_path))
    assert patterns_dir() == tmp_path


def test_load_is_cached_per_path(gazetteer: Gazetteer) -> None:
    assert load_gazetteer() is gazetteer
    assert load_gazetteer(COUNCILS_CSV) is gazetteer


def _line_of(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))


Mutation = Callable[[list[str]], int | None]  # edits lines in place, returns the faulty line


def _duplicate_code(lines: list[str]) -> int:
    n = _line_of(lines, "Hackney,")
    lines[n - 1] = lines[n - 1].replace("E09000012", "E09000007")
    return n


def _unknown_kind(lines: list[str]) -> int:
    n = _line_of(lines, "Camden,")
    lines[n - 1] = lines[n - 1].replace(",LBO,", ",NMD,")
    return n


def _shared_variant(lines: list[str]) -> int:
    n = _line_of(lines, "Hackney,")
    lines[n - 1] = lines[n - 1].replace("Hackney Council", "Hackney Council|camden council")
    return n


def _bad_flag(lines: list[str]) -> int:
    n = _line_of(lines, "Camden,")
    lines[n - 1] = lines[n - 1].replace(",false", ",yes")
    return n


def _short_row(lines: list[str]) -> int:
    n = _line_of(lines, "Camden,")
    lines[n - 1] = "Camden,E09000007,LBO,London"
    return n


def _bad_header(lines: list[str]) -> int:
    n = _line_of(lines, "name,")
    lines[n - 1] = "name,code,kind,region,variants,needs_context"
    return n


def _bad_code(lines: list[str]) -> int:
    n = _line_of(lines, "Camden,")
    lines[n - 1] = lines[n - 1].replace("E09000007", "E10000007")
    return n


def _missing_council(lines: list[str]) -> None:
    del lines[_line_of(lines, "Camden,") - 1]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        pytest.param(_duplicate_code, "duplicate gss_code E09000007", id="duplicate-code"),
        pytest.param(_unknown_kind, "unknown kind 'NMD'", id="unknown-kind"),
        pytest.param(_shared_variant, "is also Camden's", id="variant-of-two-councils"),
        pytest.param(_bad_flag, "needs_context must be true or false", id="bad-flag"),
        pytest.param(_short_row, "expected 6 columns", id="short-row"),
        pytest.param(_bad_header, "header must be", id="bad-header"),
        pytest.param(_bad_code, "bad gss_code 'E10000007' for kind LBO", id="code-kind-mismatch"),
        pytest.param(_missing_council, "expected 153 councils", id="missing-council"),
    ],
)
def test_malformed_file_raises_pattern_error(
    tmp_path: Path, mutate: Mutation, message: str
) -> None:
    lines = COUNCILS_CSV.read_text(encoding="utf-8").splitlines()
    line = mutate(lines)
    bad = tmp_path / "councils.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=message) as caught:
        load_gazetteer(bad)
    assert caught.value.path == bad
    assert caught.value.line == line
    where = f"{bad}:{line}: " if line is not None else f"{bad}: "
    assert str(caught.value).startswith(where)


def test_pattern_error_is_a_value_error_and_pickles() -> None:
    error = PatternError("patterns/councils.csv", 3, "bad")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.line, copy.message) == (str(error), 3, "bad")


def test_missing_file_raises_pattern_error(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match="cannot read"):
        load_gazetteer(tmp_path / "nope.csv")


# ---------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------
FRAGMENTS = [
    "Camden",
    "London Borough of ",
    "Barking and\nDagenham",
    "’s",
    "'s",
    "North East Lincolnshire",
    "Lincolnshire",
    "Kentish",
    "New ",
    "Greater ",
    "-under-Lyme",
    "Reading Borough Council",
    "ENGLAND",
    "B&NES",
    "Council",
    " ",
    "-",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(), st.sampled_from(FRAGMENTS)), max_size=12).map("".join))
def test_find_spans_are_in_bounds_ordered_and_disjoint(text: str) -> None:
    gazetteer = load_gazetteer()
    end = 0
    for mention in gazetteer.find(text):
        assert end <= mention.start < mention.end <= len(text)
        end = mention.end
        resolved = gazetteer.resolve(text[mention.start : mention.end])
        assert resolved is not None and resolved.code == mention.code


@given(st.text())
def test_normalize_name_is_idempotent(text: str) -> None:
    assert normalize_name(normalize_name(text)) == normalize_name(text)


# ---------------------------------------------------------------------------------------------
# the generated file is what the script generates
# ---------------------------------------------------------------------------------------------
@pytest.mark.skipif(
    not REFERENCE.exists(),
    reason="reference ../shared/reference/uk_local_authorities_future.csv is not present",
)
def test_build_script_reproduces_councils_csv(tmp_path: Path) -> None:
    output = tmp_path / "councils.csv"
    subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "build_gazetteer.py"),
            "--reference",
            str(REFERENCE),
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
    )
    assert output.read_bytes() == COUNCILS_CSV.read_bytes()
