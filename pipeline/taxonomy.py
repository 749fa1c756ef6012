"""Load the analyst-editable pattern files and name figures with them.

Reads ``patterns/metrics.yaml``, ``quality_statements.yaml``, ``exclusions.yaml`` and
``comparators.yaml`` (see their headers) into typed, compiled records, validating as
it goes: an unknown family or unit, a duplicate key or a regular expression that does
not compile raises ``PatternError`` naming the file and the entry.

In every pattern ``{N}`` is the figure being named, ``{X}`` any other number,
``{C}`` a comparator's number and ``{P}`` a period; the extractor masks sentences the
same way (see ``pipeline.extract.mask``). ``{W}`` is one word (or a masked number or
period in its place). A metric phrase may join regular expressions with `` && ``:
all must match the clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from pipeline.errors import PatternError
from pipeline.paths import patterns_dir
from pipeline.prefilter import LiteralIndex, Rule, fold, required_literals
from pipeline.records import COMPARATOR_SCOPES, FAMILIES, UNITS

__all__ = [
    "FIGURE",
    "OTHER",
    "PERIOD",
    "ComparatorRules",
    "Exclusion",
    "MetricDef",
    "Patterns",
    "Statement",
    "load_patterns",
]

FIGURE = "⟨N⟩"
OTHER = "⟨X⟩"
COMPARATOR = "⟨C⟩"
PERIOD = "⟨P⟩"
_PLACEHOLDERS = {
    "{N}": regex.escape(FIGURE),
    "{X}": "⟨[XC]⟩",
    "{C}": regex.escape(COMPARATOR),
    "{P}": regex.escape(PERIOD),
    # one word, or a number or period standing in for one: "(?:{W}\s+){0,3}"
    "{W}": "(?:[\\w'’-]+|⟨[XCP]⟩)",
}


class Phrase:
    """One phrasing of a metric: regular expressions joined by `&&` must all match.

    ``search`` returns the first part's match (the words that name the measure).
    """

    __slots__ = ("parts", "source")

    def __init__(self, source: str, where: str) -> None:
        self.source = source
        self.parts = tuple(compile_pattern(part.strip(), where) for part in source.split(" && "))

    @property
    def literals(self) -> tuple[str, ...] | None:
        """The literals any match of the first part contains (``pipeline.prefilter``)."""
        return self.parts[0].literals

    def search(self, text: str, folded: str | None = None) -> regex.Match[str] | None:
        """The first part's match when every part matches; ``folded`` is ``fold(text)``."""
        first = self.parts[0].search(text, folded)
        if first is None or not all(part.search(text, folded) for part in self.parts[1:]):
            return None
        return first

    def __repr__(self) -> str:
        return f"Phrase({self.source!r})"


def _pattern_error(message: str) -> PatternError:
    """A PatternError from a message that starts with "<file>: "."""
    path, _, rest = message.partition(": ")
    return PatternError(path, None, rest)


def compile_pattern(source: str, where: str) -> Rule:
    """Compile a pattern file's regular expression, placeholders substituted.

    The ``Rule`` knows the literals any match must contain (``pipeline.prefilter``), so
    callers that pass the folded text skip the searches that cannot succeed.
    """
    text = source
    for placeholder in _PLACEHOLDERS:
        # placeholders end in a symbol: a word boundary right after one never matches
        text = text.replace(placeholder + "\\b", placeholder).replace(
            "\\b" + placeholder, placeholder
        )
    for placeholder, replacement in _PLACEHOLDERS.items():
        text = text.replace(placeholder, replacement)
    try:
        compiled = regex.compile(text, regex.IGNORECASE)
    except regex.error as exc:
        raise _pattern_error(f"{where}: bad regular expression {source!r}: {exc}") from exc
    return Rule(compiled, required_literals(text))


@dataclass(frozen=True, slots=True)
class MetricDef:
    key: str
    family: str
    units: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    vetoes: tuple[Rule, ...]
    range: tuple[float, float] | None
    ascof: str | None
    scope: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Statement:
    key: str
    name: str
    theme: str
    phrases: tuple[Phrase, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    id: str
    why: str
    patterns: tuple[Rule, ...]
    units: tuple[str, ...] = ()  # empty: every unit
    qualifiers: tuple[str, ...] = ()  # empty: every qualifier


@dataclass(frozen=True, slots=True)
class ComparatorRules:
    scope_words: tuple[tuple[str, Rule], ...]
    lead: tuple[Rule, ...]
    change: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Match:
    metric: MetricDef
    label: str
    anchored: bool


@dataclass(frozen=True, slots=True)
class Patterns:
    metrics: tuple[MetricDef, ...]
    family_cues: tuple[tuple[str, tuple[Rule, ...]], ...]
    statements: tuple[Statement, ...]
    exclusions: tuple[Exclusion, ...]
    comparators: ComparatorRules
    # built from the fields above: every phrase of every metric, and every family cue, in
    # order, with the literal index that says which of them may match a text
    _phrases: tuple[tuple[int, MetricDef, Phrase], ...] = field(
        init=False, repr=False, compare=False
    )
    _phrase_index: LiteralIndex = field(init=False, repr=False, compare=False)
    _cues: tuple[tuple[int, Rule], ...] = field(init=False, repr=False, compare=False)
    _cue_index: LiteralIndex = field(init=False, repr=False, compare=False)
    _by_key: dict[str, MetricDef] = field(init=False, repr=False, compare=False)
    _statement_phrases: tuple[tuple[Statement, Phrase], ...] = field(
        init=False, repr=False, compare=False
    )
    _statement_index: LiteralIndex = field(init=False, repr=False, compare=False)
    _exclusion_patterns: tuple[tuple[Exclusion, Rule], ...] = field(
        init=False, repr=False, compare=False
    )
    _exclusion_index: LiteralIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases = tuple(
            (order, metric, phrase)
            for order, metric in enumerate(self.metrics)
            for phrase in metric.phrases
        )
        cues = tuple(
            (family, cue) for family, (_, rules) in enumerate(self.family_cues) for cue in rules
        )
        object.__setattr__(self, "_phrases", phrases)
        object.__setattr__(self, "_phrase_index", LiteralIndex([p.literals for *_, p in phrases]))
        object.__setattr__(self, "_cues", cues)
        object.__setattr__(self, "_cue_index", LiteralIndex([c.literals for _, c in cues]))
        object.__setattr__(self, "_by_key", {m.key: m for m in reversed(self.metrics)})
        statement_phrases = tuple((st, p) for st in self.statements for p in st.phrases)
        object.__setattr__(self, "_statement_phrases", statement_phrases)
        object.__setattr__(
            self, "_statement_index", LiteralIndex([p.literals for _, p in statement_phrases])
        )
        exclusions = tuple((rule, p) for rule in self.exclusions for p in rule.patterns)
        object.__setattr__(self, "_exclusion_patterns", exclusions)
        object.__setattr__(
            self, "_exclusion_index", LiteralIndex([p.literals for _, p in exclusions])
        )

    def metric(self, key: str) -> MetricDef | None:
        return self._by_key.get(key)

    @property
    def canonical_keys(self) -> dict[str, str]:
        """Every canonical key and alias, mapped to its canonical key."""
        keys: dict[str, str] = {}
        for metric in self.metrics:
            keys[metric.key] = metric.key
            keys.update({alias: metric.key for alias in metric.aliases})
        for statement in self.statements:
            keys[statement.key] = statement.key
            keys.update({alias: statement.key for alias in statement.aliases})
        return keys

    def classify(self, clause: str, unit: str) -> Match | None:
        """The best metric for the figure marked ``⟨N⟩`` in ``clause``, if any.

        Bare counts may be scores or ranks: a number is compatible with a metric of
        unit count, score or rank. A phrase that contains the figure beats one that
        does not; then the phrase nearest the figure; then the longest; then the
        metric listed first. Vetoes look only at the words near the figure.
        """
        at = clause.find(FIGURE)
        near = clause[max(0, at - _VETO_WINDOW) : at + _VETO_WINDOW] if at >= 0 else clause
        folded, near_folded = fold(clause), fold(near)
        vetoed: dict[int, bool] = {}
        best: tuple[int, int, int, int, Match] | None = None
        # only the phrases whose literals the clause holds (pipeline.prefilter), in order
        for position in self._phrase_index.candidates(folded):
            order, metric, phrase = self._phrases[position]
            if not _unit_fits(unit, metric.units):
                continue
            if order not in vetoed:
                vetoed[order] = any(v.search(near, near_folded) for v in metric.vetoes)
            if vetoed[order]:
                continue
            m = phrase.search(clause, folded)
            if not m:
                continue
            anchored = FIGURE in m.group(0)
            distance = 0 if anchored or at < 0 else min(abs(m.start() - at), abs(m.end() - at))
            label = " ".join(m.group(0).replace(FIGURE, " ").split()).strip(" :;,-–")
            rank = (1 if anchored else 0, -distance // 20, len(m.group(0)), -order)
            if best is None or rank > best[:4]:
                best = (*rank, Match(metric, label, anchored))
        return best[4] if best else None

    def statements_in(self, text: str) -> list[tuple[Statement, regex.Match[str]]]:
        """Every match of a quality statement's phrases in ``text``, in pattern order."""
        folded = fold(text)
        hits = []
        for position in self._statement_index.candidates(folded):
            statement, phrase = self._statement_phrases[position]
            m = phrase.search(text, folded)
            if m:
                hits.append((statement, m))
        return hits

    def exclusion_for(self, masked: str, unit: str | None, qualifier: str) -> str | None:
        """The id of the first exclusion rule that says the ``⟨N⟩`` of ``masked`` is not
        a figure (``patterns/exclusions.yaml``), if any."""
        for position in self._exclusion_index.candidates(fold(masked)):
            rule, pattern = self._exclusion_patterns[position]
            if rule.units and unit not in rule.units:
                continue
            if rule.qualifiers and qualifier not in rule.qualifiers:
                continue
            if pattern.pattern.search(masked):
                return rule.id
        return None

    def family_of(self, text: str) -> str | None:
        """The family with most cue words in ``text``; None when no cue is found."""
        hits = [0] * len(self.family_cues)
        for position in self._cue_index.candidates(fold(text)):
            family, cue = self._cues[position]
            if cue.pattern.search(text):
                hits[family] += 1
        best: tuple[int, str] | None = None
        for (family_name, _), count in zip(self.family_cues, hits, strict=True):
            if count and (best is None or count > best[0]):
                best = (count, family_name)
        return best[1] if best else None


_VETO_WINDOW = 60


def _unit_fits(unit: str, units: tuple[str, ...]) -> bool:
    if unit in units:
        return True
    return unit == "count" and bool({"score", "rank"} & set(units))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as exc:
        raise _pattern_error(f"{path}: pattern file not found") from exc
    except yaml.YAMLError as exc:
        raise _pattern_error(f"{path}: not valid YAML: {exc}") from exc


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _pattern_error(f"{where}: expected a list of strings, got {value!r}")
    return list(value)


def _load_metrics(
    path: Path,
) -> tuple[tuple[MetricDef, ...], tuple[tuple[str, tuple[Rule, ...]], ...]]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or "metrics" not in data:
        raise _pattern_error(f"{path}: expected top-level keys 'families' and 'metrics'")
    cues = []
    for family, entry in (data.get("families") or {}).items():
        if family not in FAMILIES:
            raise _pattern_error(f"{path}: families: unknown family {family!r}")
        where = f"{path}: families.{family}"
        weight = 1
        if isinstance(entry, dict):
            weight = int(entry.get("weight", 1))
            entry = entry.get("cues")
        compiled = tuple(compile_pattern(w, where) for w in _strings(entry, where))
        cues.append((family, compiled * weight))
    metrics: list[MetricDef] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["metrics"]):
        where = f"{path}: metrics[{index}]"
        if not isinstance(entry, dict) or "key" not in entry:
            raise _pattern_error(f"{where}: each metric needs a 'key'")
        key = entry["key"]
        where = f"{path}: metric {key!r}"
        if not regex.fullmatch(r"[a-z][a-z0-9_]*", str(key)):
            raise _pattern_error(f"{where}: key must be snake_case")
        if key in seen:
            raise _pattern_error(f"{where}: duplicate key")
        seen.add(key)
        family = entry.get("family")
        if family not in FAMILIES:
            raise _pattern_error(f"{where}: unknown family {family!r}")
        units = _strings(entry.get("units"), f"{where}.units")
        if not units or any(u not in UNITS for u in units):
            raise _pattern_error(f"{where}: units must be a non-empty list of {sorted(UNITS)}")
        bounds = entry.get("range")
        if bounds is not None and (
            not isinstance(bounds, list) or len(bounds) != 2 or bounds[0] > bounds[1]
        ):
            raise _pattern_error(f"{where}: range must be [min, max]")
        scope = entry.get("scope")
        if scope not in (None, "national"):
            raise _pattern_error(f"{where}: scope must be 'national' or absent")
        metrics.append(
            MetricDef(
                key=key,
                family=family,
                units=tuple(units),
                phrases=tuple(Phrase(p, where) for p in _strings(entry.get("phrases"), where)),
                vetoes=tuple(compile_pattern(p, where) for p in _strings(entry.get("not"), where)),
                range=(float(bounds[0]), float(bounds[1])) if bounds else None,
                ascof=entry.get("ascof"),
                scope=scope,
                aliases=tuple(_strings(entry.get("aliases"), where)),
            )
        )
    return tuple(metrics), tuple(cues)


def _load_statements(path: Path) -> tuple[Statement, ...]:
    data = _read_yaml(path)
    out = []
    for index, entry in enumerate((data or {}).get("statements") or []):
        where = f"{path}: statements[{index}]"
        if not isinstance(entry, dict) or not str(entry.get("key", "")).startswith("qs_"):
            raise _pattern_error(f"{where}: each statement needs a key starting with 'qs_'")
        out.append(
            Statement(
                key=entry["key"],
                name=str(entry.get("name", entry["key"])),
                theme=str(entry.get("theme", "")),
                phrases=tuple(Phrase(p, where) for p in _strings(entry.get("phrases"), where)),
                aliases=tuple(_strings(entry.get("aliases"), where)),
            )
        )
    if len(out) != 9:
        raise _pattern_error(f"{path}: expected the nine CQC quality statements, found {len(out)}")
    return tuple(out)


def _load_exclusions(path: Path) -> tuple[Exclusion, ...]:
    data = _read_yaml(path)
    out = []
    for index, entry in enumerate((data or {}).get("rules") or []):
        where = f"{path}: rules[{index}]"
        if not isinstance(entry, dict) or "id" not in entry:
            raise _pattern_error(f"{where}: each rule needs an 'id'")
        patterns = _strings(entry.get("patterns"), where)
        if any("{N}" not in p for p in patterns):
            raise _pattern_error(f"{where}: every exclusion pattern must contain {{N}}")
        out.append(
            Exclusion(
                id=str(entry["id"]),
                why=str(entry.get("why", "")),
                patterns=tuple(compile_pattern(p, where) for p in patterns),
                units=tuple(_strings(entry.get("units"), where)),
                qualifiers=tuple(_strings(entry.get("qualifiers"), where)),
            )
        )
    return tuple(out)


def _load_comparators(path: Path) -> ComparatorRules:
    data = _read_yaml(path) or {}
    scope_words = []
    for scope, words in (data.get("scope_words") or {}).items():
        if scope not in COMPARATOR_SCOPES:
            raise _pattern_error(f"{path}: scope_words: unknown scope {scope!r}")
        for word in _strings(words, f"{path}: scope_words.{scope}"):
            scope_words.append((scope, compile_pattern(word, f"{path}: scope_words.{scope}")))
    lead = tuple(compile_pattern(p, f"{path}: lead") for p in _strings(data.get("lead"), "lead"))
    change = tuple(
        compile_pattern(p, f"{path}: change") for p in _strings(data.get("change"), "change")
    )
    return ComparatorRules(tuple(scope_words), lead, change)


@lru_cache(maxsize=4)
def load_patterns(directory: Path | None = None) -> Patterns:
    """All pattern files of ``directory`` (default: ``pipeline.paths.patterns_dir()``)."""
    root = directory or patterns_dir()
    metrics, cues = _load_metrics(root / "metrics.yaml")
    return Patterns(
        metrics=metrics,
        family_cues=cues,
        statements=_load_statements(root / "quality_statements.yaml"),
        exclusions=_load_exclusions(root / "exclusions.yaml"),
        comparators=_load_comparators(root / "comparators.yaml"),
    )
