#!/usr/bin/env python3
"""Build ``patterns/councils.csv``, the council gazetteer, from the mySociety reference file.

Run from anywhere (paths default relative to the repository root)::

    .venv/bin/python scripts/build_gazetteer.py
    .venv/bin/python scripts/build_gazetteer.py --reference PATH --aliases PATH --output PATH

Inputs:

- the reference CSV (``--reference``; default ``../shared/reference/`` beside the repository
  root, file ``uk_local_authorities_future.csv``): mysociety/uk_local_authority_names_and_codes,
  MIT licence;
- the hand-kept ``patterns/council_aliases.csv`` (``--aliases``): abbreviations and colloquial
  names the reference lacks.

Output: ``patterns/councils.csv`` (``--output``), one row per council with adult social care
duties (153) plus England, sorted by GSS code. The output depends only on the two inputs, so
running the script again gives the same bytes (tests/test_gazetteer.py checks this).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "reference" / "uk_local_authorities_future.csv"
DEFAULT_ALIASES = REPO_ROOT / "patterns" / "council_aliases.csv"
DEFAULT_OUTPUT = REPO_ROOT / "patterns" / "councils.csv"

SOURCE_REPO = "mysociety/uk_local_authority_names_and_codes"
SOURCE_FILE = "data/packages/uk_la_future/uk_local_authorities_future.csv"
SOURCE_COMMIT = "67ef8b1 (2025-07-10)"
SOURCE_LICENCE = "MIT"

# Types of English authority with adult social care duties: unitary, metropolitan district,
# London borough, City of London, county.
ASC_TYPES: tuple[str, ...] = ("UA", "MD", "LBO", "CC", "CTY")
EXPECTED_COUNCILS = 153
COLUMNS: tuple[str, ...] = ("name", "gss_code", "kind", "region", "variants", "needs_context")
ALIAS_COLUMNS: tuple[str, ...] = ("name", "alias", "note")

# The reference's two known region slips (reference README).
REGION_FIXES: dict[str, tuple[str, str]] = {
    "E10000007": ("Derbyshire", "East Midlands"),
    "E10000019": ("Lincolnshire", "East Midlands"),
}

# Canonical names where the reference's nice-name is not the short name used in text.
NAME_OVERRIDES: dict[str, tuple[str, str]] = {
    "E06000023": ("City of Bristol", "Bristol"),
    "E06000059": ("Dorset Council", "Dorset"),
}

# Alternative names of the reference that are not used as variants.
EXCLUDED_ALT_NAMES: dict[tuple[str, str], str] = {
    ("E06000047", "Durham"): "the city and university; the council is County Durham",
}

# Councils whose bare name is also a common word or often means another place or body. Their
# bare name is kept as a variant (resolve() accepts it) but find() only counts contextual forms:
# "Reading Borough Council", "London Borough of Sutton", "City of Westminster", ...
NEEDS_CONTEXT: dict[str, tuple[str, str]] = {
    "E06000038": ("Reading", "the word 'reading' ('Reading the report...', 'Reading list')"),
    "E08000002": ("Bury", "the verb 'bury'; Bury St Edmunds is a town in Suffolk"),
    "E09000029": ("Sutton", "Sutton Coldfield (Birmingham), Sutton-in-Ashfield; a surname"),
    "E09000033": ("Westminster", "routinely means Parliament or central government"),
}
# Considered and left out: Halton (a Leeds suburb and a Lancaster village, rarely named in care
# documents, while bare "Halton" in tables is the council), Wirral ("the Wirral" is the borough),
# Brent, Harrow, Derby, Dudley (rare other senses). York, Hampshire and England after "New" and
# Manchester after "Greater" are handled by the matcher in pipeline/gazetteer.py.

ENGLAND: tuple[str, str, str, str] = ("England", "E92000001", "ENG", "England")


@dataclass(frozen=True, slots=True)
class Authority:
    """One selected row of the reference file."""

    code: str
    official: str
    nice: str
    kind: str
    region: str
    alt_names: tuple[str, ...]


def _clean(text: str) -> str:
    """Collapse runs of whitespace ("North Somerset  Council")."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """Loose comparison key; mirrors ``pipeline.gazetteer.normalize_name``."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    text = re.sub(r"'s\b", "", text).replace("&", " and ")
    text = re.sub(r"[-‐‑–—]", " ", text)
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def split_alt_names(field: str) -> list[str]:
    """Split the reference's ``alt-names``: commas inside a name are followed by a space."""
    return [_clean(part) for part in re.split(r",(?! )", field) if part.strip()]


def read_reference(path: Path) -> list[Authority]:
    """The 153 English councils with adult social care duties, sorted by GSS code."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    selected = [
        row
        for row in rows
        if row["nation"] == "England"
        and row["current-authority"] == "True"
        and row["local-authority-type"] in ASC_TYPES
    ]
    authorities = [
        Authority(
            code=row["gss-code"],
            official=_clean(row["official-name"]),
            nice=_clean(row["nice-name"]),
            kind=row["local-authority-type"],
            region=row["region"],
            alt_names=tuple(split_alt_names(row["alt-names"])),
        )
        for row in selected
    ]
    assert len(authorities) == EXPECTED_COUNCILS, f"expected 153 councils, got {len(authorities)}"
    return sorted(authorities, key=lambda a: a.code)


def canonical_name(authority: Authority) -> str:
    override = NAME_OVERRIDES.get(authority.code)
    if override is None:
        return authority.nice
    expected, name = override
    assert authority.nice == expected, f"{authority.code}: nice-name is now {authority.nice!r}"
    return name


def region(authority: Authority) -> str:
    fix = REGION_FIXES.get(authority.code)
    if fix is None:
        return authority.region
    expected, fixed = fix
    assert authority.nice == expected, f"{authority.code}: expected {expected}"
    return fixed


def useful_alt_names(authority: Authority) -> list[str]:
    """Alternative names worth matching: cased (the lower-case ones duplicate cased or generated
    forms, or are typos such as "north west somerset"), not ONS "X UA" labels, not excluded."""
    return [
        alt
        for alt in authority.alt_names
        if alt[0].isupper()
        and not alt.endswith(" UA")
        and (authority.code, alt) not in EXCLUDED_ALT_NAMES
    ]


def generated_forms(authority: Authority, name: str) -> list[str]:
    """Name forms built from the council's kind and official name."""
    official, kind = authority.official, authority.kind
    is_city = kind != "CC" and "City" in official.split()
    forms = [official, name, f"{name} Council"]
    if is_city:
        forms += [f"{name} City Council", f"City of {name}"]
        if official.startswith("City of "):
            forms.append(official.removeprefix("City of "))
    elif kind in {"MD", "LBO"} or "Borough" in official.split():
        forms.append(f"{name} Borough Council")
        if kind == "MD" and "Metropolitan District" not in official:
            forms.append(f"{name} Metropolitan Borough Council")
    if kind == "LBO" and not is_city:
        royal = official.startswith("Royal Borough of ")
        forms.append(f"{'Royal' if royal else 'London'} Borough of {name}")
    if kind == "CTY":
        forms.append(f"{name} County Council")
    return forms


def expand(forms: Iterable[str]) -> list[str]:
    """Add the "&"/"and" and "St."/"St" spellings of each form."""
    out: list[str] = []
    for form in forms:
        out.append(form)
        for pattern, replacement in (
            (r" & ", " and "),
            (r" and ", " & "),
            (r"\bSt\. ", "St "),
            (r"\bSt (?=[A-Z])", "St. "),
        ):
            if re.search(pattern, form):
                out.append(re.sub(pattern, replacement, form))
    return out


def read_aliases(path: Path, names: set[str]) -> dict[str, list[str]]:
    """Hand-kept aliases by canonical name; exits naming file and line on a bad row."""
    aliases: dict[str, list[str]] = {}
    header_seen = False
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        row = next(csv.reader([line]))
        where = f"{path.name}:{number}"
        if not header_seen:
            if tuple(row) != ALIAS_COLUMNS:
                sys.exit(f"{where}: header must be {','.join(ALIAS_COLUMNS)}")
            header_seen = True
            continue
        if len(row) != len(ALIAS_COLUMNS) or not all(cell.strip() for cell in row):
            sys.exit(f"{where}: expected name,alias,note all filled, got {row}")
        name, alias, _note = (cell.strip() for cell in row)
        if name not in names:
            sys.exit(f"{where}: unknown council name {name!r}")
        aliases.setdefault(name, []).append(alias)
    return aliases


def build_rows(authorities: Sequence[Authority], aliases: dict[str, list[str]]) -> list[list[str]]:
    """Output rows (without header), sorted by GSS code, England last (E92 > E10)."""
    rows: list[list[str]] = []
    owner: dict[str, str] = {}
    entries = [(a, canonical_name(a)) for a in authorities]
    for authority, name in entries:
        generated = generated_forms(authority, name)
        forms = expand([*generated, *useful_alt_names(authority), *aliases.get(name, [])])
        rest = sorted({f for f in forms if f != name}, key=lambda f: (f.casefold(), f))
        variants = [name, *rest]
        for variant in variants:
            assert "|" not in variant, variant
            key = name_key(variant)
            other = owner.setdefault(key, name)
            if other != name:
                sys.exit(f"variant {variant!r} of {name} clashes with a variant of {other}")
        context = NEEDS_CONTEXT.get(authority.code)
        if context is not None:
            assert context[0] == name, f"{authority.code}: NEEDS_CONTEXT names {context[0]}"
        rows.append(
            [
                name,
                authority.code,
                authority.kind,
                region(authority),
                "|".join(variants),
                "true" if context else "false",
            ]
        )
    name, code, kind, nation = ENGLAND
    rows.append([name, code, kind, nation, name, "false"])
    return sorted(rows, key=lambda row: row[1])


def header_comment() -> list[str]:
    """The ``#`` block at the top of the output: what it is, source, how to regenerate."""
    paragraphs = [
        "Council gazetteer: the 153 English councils with adult social care duties (CQC local"
        " authority assessment, Care Act 2014 Part 1) plus England, with the name forms found"
        " in text. One row per council, sorted by gss_code.",
        f"Source: {SOURCE_REPO} (GitHub), file {SOURCE_FILE} at commit {SOURCE_COMMIT},"
        f" {SOURCE_LICENCE} licence. Rows: nation England, current-authority True,"
        f" local-authority-type in {', '.join(ASC_TYPES)}. Names, codes, types and regions are"
        " the reference's, except: the regions of Derbyshire and Lincolnshire are fixed to East"
        " Midlands (known slips); the names 'Bristol' and 'Dorset' replace the reference's"
        " 'City of Bristol' and 'Dorset Council'.",
        "GENERATED, do not edit by hand: built by scripts/build_gazetteer.py from the reference"
        " file plus the hand-kept patterns/council_aliases.csv (abbreviations, colloquial"
        " names). Regenerate from the repository root with"
        " `.venv/bin/python scripts/build_gazetteer.py [--reference PATH]`.",
        "Columns: name = canonical short name; gss_code; kind = UA unitary, MD metropolitan"
        " district, LBO London borough, CC City of London, CTY county, ENG England; region;"
        " variants = '|'-separated name forms (official, nice and alternative names, generated"
        " 'X Council' / 'X City Council' / 'London Borough of X' ... forms, '&'/'and'"
        " spellings, aliases); needs_context = true when the bare name is also a common word or"
        " often means something else, so only a contextual form ('X Borough Council', 'City of"
        " X') counts as a mention in text:",
    ]
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += [*textwrap.wrap(paragraph, width=96), ""]
    for name, why in NEEDS_CONTEXT.values():
        lines += textwrap.wrap(f"- {name}: {why}", width=96, subsequent_indent="  ")
    return ["# " + line if line else "#" for line in lines]


def render(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    buffer.write("\n".join(header_comment()) + "\n")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--aliases", type=Path, default=DEFAULT_ALIASES)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    authorities = read_reference(args.reference)
    names = {canonical_name(a) for a in authorities}
    rows = build_rows(authorities, read_aliases(args.aliases, names))
    text = render(rows)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
