"""Council gazetteer: find and resolve the English councils (and England) named in text.

The data is ``patterns/councils.csv`` (built by ``scripts/build_gazetteer.py`` from mySociety's
register plus the hand-kept ``patterns/council_aliases.csv``): for each of the 153 councils with
adult social care duties, and for England, its GSS code, kind, region and the name forms
("variants") it goes by.

:meth:`Gazetteer.find` rules, in the order they apply:

- A variant matches as written (proper nouns are case-sensitive: "camden" is not Camden), in ALL
  CAPS ("LONDON BOROUGH OF CAMDEN") and with capitalised connectives ("Barking And Dagenham").
- A space or hyphen inside a name matches any run of whitespace, line breaks included, or a hyphen
  ("Stoke on Trent", "Barking and\\nDagenham").
- Mentions never overlap. Scanning left to right, the longest variant starting at a position wins:
  "North East Lincolnshire" is not "Lincolnshire", "London Borough of Camden" and "Barking and
  Dagenham Council" are one mention each.
- Whole words only: no "Kent" in "Kentish", no "Derby" in "Derbyshire". A possessive after the
  name is fine ("Camden’s", "Hackney's"); the span stops before it.
- Not another place that starts or ends with a council's name: nothing after "New " or "Greater "
  ("New York", "New England", "New Hampshire", "Greater Manchester", "Greater Lincolnshire"), and
  nothing before a hyphenated connective ("Newcastle-under-Lyme", "Bradford-on-Avon",
  "Bromley-by-Bow", "Bolton-le-Sands").
- Councils marked ``needs_context`` (Reading, Bury, Sutton, Westminster) only match in a form
  that says it is the council: one containing "Council", "Borough" or "Corporation", or starting
  "City of" ("Reading Borough Council", "London Borough of Sutton", "City of Westminster").

>>> gazetteer = load_gazetteer()
>>> [(m.name, m.code) for m in gazetteer.find("London Borough of Camden’s rating beat Hackney's.")]
[('Camden', 'E09000007'), ('Hackney', 'E09000012')]
>>> gazetteer.resolve("the london borough of barking & dagenham").name
'Barking and Dagenham'
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import PatternError
from pipeline.paths import patterns_dir
from pipeline.records import CouncilMention

COLUMNS: tuple[str, ...] = ("name", "gss_code", "kind", "region", "variants", "needs_context")
# Kind -> the prefix its GSS codes carry.
KINDS: dict[str, str] = {
    "UA": "E06",  # unitary authority
    "MD": "E08",  # metropolitan district
    "LBO": "E09",  # London borough
    "CC": "E09",  # City of London
    "CTY": "E10",  # county
    "ENG": "E92",  # England itself
}
COUNCIL_COUNT = 153
ENGLAND_CODE = "E92000001"

# Words that make a form contextual for a needs_context council.
_CONTEXT_WORDS = frozenset({"council", "borough", "corporation"})
# Lower-case words of a name that headings capitalise ("Isle Of Wight").
_CONNECTIVES = re.compile(r"\b(?:and|of|upon|on|the|with|in|under|by)\b")

# Trie units standing for a separator (space or hyphen) and an apostrophe inside a name.
_SEP = "\x00"
_APOS = "\x01"
_UNIT_PATTERNS: dict[str, str] = {
    _SEP: r"(?:\s*[-‐‑]\s*|\s+)",
    _APOS: r"['’]",
}
_LEFT_EDGE = (
    r"(?<!\w)"  # not inside a word
    r"(?<!\bNew\s)(?<!\bNEW\s)"  # New York, New England, New Hampshire, New Brighton
    r"(?<!\bGreater\s)(?<!\bGREATER\s)"  # Greater Manchester, Greater Lincolnshire
)
_RIGHT_EDGE = (
    r"(?!\w)"  # not inside a word; a possessive ’s may follow
    r"(?![-‐‑](?:upon|under|on|in|le|by|with)[-‐‑])"  # Newcastle-under-Lyme, Bradford-on-Avon
)

# Loose forms for resolve(): stripped one at a time, the least stripped match wins.
_PREFIXES: tuple[str, ...] = (
    "the ",
    "london borough of ",
    "royal borough of ",
    "city and county of ",
    "city of ",
    "county of ",
    "council of the ",
)
_SUFFIXES: tuple[str, ...] = (
    " metropolitan borough council",
    " metropolitan district council",
    " london borough council",
    " borough council",
    " city council",
    " county council",
    " district council",
    " council",
    " corporation",
    " mbc",
    " city",
    " county",
)


@dataclass(frozen=True, slots=True)
class Council:
    """A council with adult social care duties, or England (kind ``ENG``)."""

    name: str  # canonical short name: "Barking and Dagenham", "County Durham", "Bristol"
    code: str  # GSS code: "E09000002"
    kind: str  # UA, MD, LBO, CC, CTY or ENG
    region: str  # "London", "East Midlands", ...; "England" for England
    variants: tuple[str, ...]  # name forms found in text, the canonical name first
    needs_context: bool  # bare name too ambiguous: only contextual forms count in find()


def normalize_name(text: str) -> str:
    """A loose key for a name: case, "&"/"and", dashes, punctuation and possessives ignored.

    >>> normalize_name("Hammersmith & Fulham’s")
    'hammersmith and fulham'
    >>> normalize_name("St. Helens") == normalize_name("ST HELENS")
    True
    """
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    text = re.sub(r"'s\b", "", text).replace("&", " and ")
    text = re.sub(r"[-‐‑–—]", " ", text)
    return " ".join(re.sub(r"[^\w\s]", "", text).split())


def is_contextual(variant: str) -> bool:
    """Whether a form says it is the council ("Reading Borough Council", "City of Westminster")."""
    key = normalize_name(variant)
    return bool(_CONTEXT_WORDS.intersection(key.split())) or key.startswith("city of ")


def _match_forms(council: Council) -> set[str]:
    """The spellings find() looks for: each usable variant as written, in capitals, and with
    capitalised connectives."""
    usable = [v for v in council.variants if not council.needs_context or is_contextual(v)]
    forms: set[str] = set()
    for variant in usable:
        forms.add(variant)
        forms.add(_CONNECTIVES.sub(lambda m: m[0].capitalize(), variant))
        if sum(ch.isalpha() for ch in variant) > 1:
            forms.add(variant.upper())
    return forms


@dataclass(slots=True)
class _Node:
    """A node of the character trie the matching regex is built from."""

    children: dict[str, _Node] = field(default_factory=dict)
    terminal: bool = False


def _units(form: str) -> list[str]:
    units: list[str] = []
    for char in form:
        if char in " -‐‑":
            if not units or units[-1] != _SEP:
                units.append(_SEP)
        elif char in "'’":
            units.append(_APOS)
        else:
            units.append(char)
    return units


def _trie_regex(forms: Iterable[str]) -> str:
    """One regex matching any of ``forms``, as a trie: a position is tested against each first
    character once, and a longer form is tried before a form it extends."""
    root = _Node()
    for form in forms:
        node = root
        for unit in _units(form):
            node = node.children.setdefault(unit, _Node())
        node.terminal = True

    def emit(node: _Node) -> str:
        branches = [
            _UNIT_PATTERNS.get(unit, re.escape(unit)) + emit(child)
            for unit, child in sorted(node.children.items())
        ]
        if not branches:
            return ""
        if len(branches) == 1 and not node.terminal:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if node.terminal else group

    return emit(root)


class Gazetteer:
    """Councils by code and by name, and a compiled matcher for finding them in text.

    Build one with :func:`load_gazetteer`; the constructor takes already validated councils.
    """

    __slots__ = ("_by_code", "_forms", "_index", "_pattern", "councils")

    def __init__(self, councils: Iterable[Council]) -> None:
        self.councils: tuple[Council, ...] = tuple(councils)
        self._by_code: dict[str, Council] = {}
        self._index: dict[str, Council] = {}
        for council in self.councils:
            if self._by_code.setdefault(council.code, council) is not council:
                raise ValueError(f"duplicate gss_code {council.code}")
            for variant in council.variants:
                owner = self._index.setdefault(normalize_name(variant), council)
                if owner is not council:
                    raise ValueError(f"variant {variant!r} of {council.name} is {owner.name}'s")
        # Spelling as matched -> council, so find() only normalises unusual spacing.
        self._forms: dict[str, Council] = {
            form: council for council in self.councils for form in _match_forms(council)
        }
        self._pattern = re.compile(
            _LEFT_EDGE + "(?:" + _trie_regex(self._forms) + ")" + _RIGHT_EDGE
        )

    def __repr__(self) -> str:
        return f"Gazetteer({len(self.councils)} councils)"

    def by_code(self, code: str) -> Council:
        """The council with this GSS code; ``KeyError`` if there is none."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no council with gss_code {code!r}") from None

    def resolve(self, name: str) -> Council | None:
        """The council a name refers to, loosely: ignores case, "&"/"and", punctuation,
        possessives and "London Borough of" / "City of" / "Council"-style prefixes and suffixes.
        Unlike find(), bare needs_context names resolve ("Reading"). None if no council matches.

        >>> load_gazetteer().resolve("NOTTINGHAM CITY COUNCIL").code
        'E06000018'
        >>> load_gazetteer().resolve("Kingston") is None
        True
        """
        queue = [normalize_name(name)]
        seen: set[str] = set()
        while queue:
            key = queue.pop(0)
            if not key or key in seen:
                continue
            seen.add(key)
            council = self._index.get(key)
            if council is not None:
                return council
            queue += [key.removeprefix(p) for p in _PREFIXES if key.startswith(p)]
            queue += [key.removesuffix(s) for s in _SUFFIXES if key.endswith(s)]
        return None

    def find(self, text: str) -> list[CouncilMention]:
        """Council mentions in ``text``, in order and non-overlapping (see the module docstring
        for the rules). ``text[m.start:m.end]`` is the name as written."""
        mentions: list[CouncilMention] = []
        for match in self._pattern.finditer(text):
            matched = match.group()
            council = self._forms.get(matched) or self._index.get(normalize_name(matched))
            if council is not None:  # always, as every matched form comes from the index
                mentions.append(CouncilMention(council.name, council.code, *match.span()))
        return mentions


def _parse_row(row: list[str], path: Path, line: int) -> Council:
    if len(row) != len(COLUMNS):
        raise PatternError(path, line, f"expected {len(COLUMNS)} columns, got {len(row)}")
    name, code, kind, region, variants_field, needs_context = (cell.strip() for cell in row)
    if kind not in KINDS:
        raise PatternError(path, line, f"unknown kind {kind!r} (known: {', '.join(KINDS)})")
    if not re.fullmatch(r"E\d{8}", code) or not code.startswith(KINDS[kind]):
        raise PatternError(path, line, f"bad gss_code {code!r} for kind {kind}")
    if not name or not region:
        raise PatternError(path, line, "empty name or region")
    if needs_context not in {"true", "false"}:
        raise PatternError(
            path, line, f"needs_context must be true or false, not {needs_context!r}"
        )
    variants = tuple(v.strip() for v in variants_field.split("|"))
    if not all(variants) or name not in variants:
        raise PatternError(path, line, f"variants must be non-empty and include {name!r}")
    council = Council(name, code, kind, region, variants, needs_context == "true")
    if council.needs_context and not any(is_contextual(v) for v in variants):
        raise PatternError(path, line, f"{name} needs context but has no contextual variant")
    return council


def read_councils(path: Path) -> tuple[Council, ...]:
    """Parse and validate a councils file; ``PatternError`` names the file and line of a fault."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise PatternError(path, None, f"cannot read: {error}") from error
    councils: list[Council] = []
    code_lines: dict[str, int] = {}
    variant_owners: dict[str, tuple[str, int]] = {}
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            row = next(csv.reader([line], strict=True))
        except csv.Error as error:
            raise PatternError(path, number, f"bad CSV: {error}") from error
        if not header_seen:
            if tuple(row) != COLUMNS:
                raise PatternError(path, number, f"header must be {','.join(COLUMNS)}")
            header_seen = True
            continue
        council = _parse_row(row, path, number)
        if council.code in code_lines:
            first = code_lines[council.code]
            raise PatternError(path, number, f"duplicate gss_code {council.code} (line {first})")
        code_lines[council.code] = number
        for variant in council.variants:
            owner, first = variant_owners.setdefault(
                normalize_name(variant), (council.name, number)
            )
            if owner != council.name:
                raise PatternError(
                    path, number, f"variant {variant!r} is also {owner}'s (line {first})"
                )
        councils.append(council)
    if not header_seen:
        raise PatternError(path, None, "no header row")
    england = [c for c in councils if c.kind == "ENG"]
    if len(councils) - len(england) != COUNCIL_COUNT or [c.code for c in england] != [ENGLAND_CODE]:
        raise PatternError(
            path,
            None,
            f"expected {COUNCIL_COUNT} councils and England ({ENGLAND_CODE}), got"
            f" {len(councils) - len(england)} councils and {len(england)} ENG rows",
        )
    return tuple(councils)


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer from ``path`` (default ``patterns_dir() / "councils.csv"``), loaded and
    compiled once per path; edit the file and restart to see changes."""
    return _load_cached((path if path is not None else patterns_dir() / "councils.csv").resolve())


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path) -> Gazetteer:
    return Gazetteer(read_councils(path))
