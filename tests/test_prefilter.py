"""The literal prefilter: it skips only searches that cannot match.

``pipeline.prefilter`` lets the taxonomy skip a phrase whose literals are not in the
text. If it ever skipped a phrase that matches, a figure would lose its metric, so
besides the table of expected literals these tests generate matching strings from every
shipped pattern (hypothesis ``from_regex``) and check the filter lets each through, and
compare the indexed taxonomy with a plain search over every phrase on real sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import constructs, periods
from pipeline.clean import clean_document
from pipeline.constructs import _RATING_PATTERNS as _RATINGS
from pipeline.extract import mask
from pipeline.ingest import read_document
from pipeline.periods import _GATED, _may_hold_year, find_periods
from pipeline.prefilter import LiteralIndex, Rule, fold, required_literals
from pipeline.quantities import parse_quantities
from pipeline.run import extract_document
from pipeline.sentences import split_sentences
from pipeline.taxonomy import FIGURE, Match, Patterns, Phrase, load_patterns

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
DEMO = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bstaff\b", ("staff",)),
        (r"[Ss]afeguarding concerns?", ("safeguarding concern",)),
        (r"rat(?:ed|ing)", ("rat",)),
        (r"\bscor(?:e|ed)\b", ("score",)),  # the parser factors "e|ed" into "e" + "|d"
        (r"social workers?|occupational therapists?", ("social worker", "occupational therapist")),
        (r"(?:aged\s+)?⟨N⟩\s+and over", ("and over",)),
        (r"wait(?:ing)?\s+list", ("wait",)),  # "wait" and "list" tie: the first is kept
        (r"(?:\w+\s+){2}\d+", None),  # no literal at all
        (r"staff|\d+", None),  # one alternative needs no literal
        (r"(?:turnover)?\s*rate", ("rate",)),  # an optional group requires nothing
        (r"(?:vacanc(?:y|ies)){1,3}", ("vacanc",)),
        (r"(?<!not )Satisfied", ("satisfied",)),  # lookarounds add nothing
        (r"STRASSE", ("strasse",)),
        (r"\p{Lu}staff", None),  # regex-only syntax: not read by the standard parser
        (r"(?V1)staff", None),
        (r"[[:alpha:]]+ staff", None),
        (r"(", None),  # does not parse
    ],
)
def test_required_literals(pattern: str, literals: tuple[str, ...] | None) -> None:
    assert required_literals(pattern) == literals


def test_rule_search_skips_only_without_the_literal() -> None:
    rule = Rule(regex.compile(r"\bturnover\b", regex.IGNORECASE), ("turnover",))
    text = "Staff TURNOVER fell"
    assert rule.search(text, fold(text)) is not None
    assert rule.search("Vacancies fell", fold("Vacancies fell")) is None
    assert rule.search(text) is not None  # without the folded text: a plain search


def test_literal_index_keeps_order_and_rules_without_literals() -> None:
    index = LiteralIndex([("wait",), None, ("staff", "workforce"), ("wait",)])
    assert index.candidates(fold("Waiting times")) == [0, 1, 3]
    assert index.candidates(fold("the Workforce")) == [1, 2]
    assert index.candidates("") == [1]


def _shipped_rules() -> list[tuple[str, Rule]]:
    patterns = load_patterns()
    rules: list[tuple[str, Rule]] = []
    for metric in patterns.metrics:
        rules += [(f"{metric.key}: phrase", part) for p in metric.phrases for part in p.parts]
        rules += [(f"{metric.key}: not", v) for v in metric.vetoes]
    for family, cues in patterns.family_cues:
        rules += [(f"family {family}", cue) for cue in cues]
    for statement in patterns.statements:
        rules += [(statement.key, part) for p in statement.phrases for part in p.parts]
    for exclusion in patterns.exclusions:
        rules += [(f"exclusion {exclusion.id}", p) for p in exclusion.patterns]
    comparators = patterns.comparators
    rules += [(f"scope {scope}", word) for scope, word in comparators.scope_words]
    rules += [("lead", p) for p in comparators.lead] + [("change", p) for p in comparators.change]
    return rules


SHIPPED = _shipped_rules()


def _code_gates() -> list[tuple[str, regex.Pattern[str], Rule]]:
    """The gates in front of the code's own expressions: (name, expression, its gate)."""
    gates = [(f"period {build.__name__}", rule.pattern, rule) for rule, _, build in _GATED]
    gates += [(f"rating {n}", p, constructs._RATING_GATE) for n, p in enumerate(_RATINGS)]
    gates += [("none rated", constructs._NONE_RATED, constructs._NONE_RATED_RULE)]
    for name in ("_STATEMENT_SCORE", "_ZERO_WAITING"):
        gates.append((name, getattr(constructs, name), getattr(constructs, f"{name}_RULE")))
    return gates


CODE_GATES = _code_gates()


def test_most_shipped_patterns_have_literals() -> None:
    # the filter is only worth having if it applies: measured, 95% of the rules have one
    with_literals = sum(rule.literals is not None for _, rule in SHIPPED)
    assert with_literals >= 0.9 * len(SHIPPED)


@pytest.mark.parametrize(("where", "rule"), SHIPPED, ids=[w for w, _ in SHIPPED])
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_string_the_pattern_matches_passes_the_filter(
    where: str, rule: Rule, data: st.DataObject
) -> None:
    try:
        standard = re.compile(rule.pattern.pattern, re.IGNORECASE)
    except re.error:
        assert rule.literals is None  # the filter never applies to what it cannot parse
        return
    padding = st.text(st.characters(codec="utf-8"), max_size=8)
    text = data.draw(padding) + data.draw(st.from_regex(standard)) + data.draw(padding)
    if rule.pattern.search(text) is None:
        return  # the two engines differ on this text (rare): nothing to check
    assert rule.search(text, fold(text)) is not None, (where, rule, text)


def test_rule_of_reads_the_literals_and_finditer_skips_without_them() -> None:
    rule = Rule.of(regex.compile(r"\bsince\s+(?:19|20)\d\d\b", regex.IGNORECASE))
    assert rule.literals == ("since",)
    text = "SINCE 2021 and since 2023"
    assert [m.group() for m in rule.finditer(text, fold(text))] == ["SINCE 2021", "since 2023"]
    assert list(rule.finditer("In 2021", fold("In 2021"))) == []
    assert rule.may_match(fold("Since")) and not rule.may_match(fold("In 2021"))


@pytest.mark.parametrize(
    ("where", "pattern", "gate"), CODE_GATES, ids=[w for w, _, _ in CODE_GATES]
)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_string_the_code_matches_passes_its_gate(
    where: str, pattern: regex.Pattern[str], gate: Rule, data: st.DataObject
) -> None:
    # the periods' and constructs' gates must let through every text their expressions match
    # the standard engine (which hypothesis draws from) takes no variable-width look-behind:
    # drawn without them, a text the real expression does not match is skipped below
    source = regex.sub(r"\(\?<[!=][^()]*\)", "", pattern.pattern)
    standard = re.compile(source, pattern.flags & re.IGNORECASE)
    padding = st.text(st.characters(codec="utf-8"), max_size=8)
    text = data.draw(padding) + data.draw(st.from_regex(standard)) + data.draw(padding)
    if pattern.search(text) is None:
        return  # the two engines differ on this text (rare): nothing to check
    assert gate.may_match(fold(text)), (where, text)
    if where.startswith("period") and where != "period _last_n":
        assert _may_hold_year(text), (where, text)  # every rule but "the last N months"


def test_the_gates_change_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows with every literal gate and the year test as they are, and with all of them
    open (every expression searched, as before the filter): the same, field for field."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    paths = [p for folder in (SAMPLES, DEMO) for p in sorted(folder.glob("*"))]
    paths = [p for p in paths if p.suffix in {".txt", ".html", ".md", ".pdf"}]

    def rows() -> list[object]:
        out: list[object] = []
        for path in paths:
            out += extract_document(read_document(path.read_bytes(), path.name))[1]
        return out

    gated = rows()
    assert len(gated) > 250
    monkeypatch.setattr(Rule, "may_match", lambda self, folded: True)
    monkeypatch.setattr(
        LiteralIndex,
        "candidates",
        lambda self, folded: sorted(
            {*self.always, *(i for ids in self.by_literal.values() for i in ids)}
        ),
    )
    monkeypatch.setattr(periods, "_may_hold_year", lambda text: True)
    assert rows() == gated


def _plain_classify(patterns: Patterns, clause: str, unit: str) -> Match | None:
    """``Patterns.classify`` as it was before the index: every phrase of every metric."""
    at = clause.find(FIGURE)
    near = clause[max(0, at - 60) : at + 60] if at >= 0 else clause
    best: tuple[int, int, int, int, Match] | None = None
    for order, metric in enumerate(patterns.metrics):
        fits = unit in metric.units or (unit == "count" and {"score", "rank"} & set(metric.units))
        if not fits or any(v.pattern.search(near) for v in metric.vetoes):
            continue
        for phrase in metric.phrases:
            m = _plain_search(phrase, clause)
            if not m:
                continue
            anchored = FIGURE in m.group(0)
            distance = 0 if anchored or at < 0 else min(abs(m.start() - at), abs(m.end() - at))
            label = " ".join(m.group(0).replace(FIGURE, " ").split()).strip(" :;,-–")
            rank = (1 if anchored else 0, -distance // 20, len(m.group(0)), -order)
            if best is None or rank > best[:4]:
                best = (*rank, Match(metric, label, anchored))
    return best[4] if best else None


def _plain_search(phrase: Phrase, text: str) -> regex.Match[str] | None:
    first = phrase.parts[0].pattern.search(text)
    if first is None or not all(p.pattern.search(text) for p in phrase.parts[1:]):
        return None
    return first


def _masked_sentences() -> list[str]:
    out = []
    for folder in (SAMPLES, DEMO):
        for path in sorted(folder.glob("*")):
            if path.suffix not in {".txt", ".html", ".md"}:
                continue
            for page in clean_document(read_document(path.read_bytes(), path.name)):
                for sentence in split_sentences(page):
                    quantities = parse_quantities(sentence.text)
                    periods = find_periods(sentence.text)
                    out += [mask(sentence.text, quantities, periods, figure=q) for q in quantities]
    return out


def test_indexed_taxonomy_names_figures_as_the_plain_search_does() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    patterns = load_patterns()
    clauses = _masked_sentences()
    assert len(clauses) > 300
    for clause in clauses:
        for unit in ("count", "percent", "per_100k", "gbp", "rank"):
            assert patterns.classify(clause, unit) == _plain_classify(patterns, clause, unit)
        plain_family = _plain_family(patterns, clause)
        assert patterns.family_of(clause) == plain_family, clause


def _plain_family(patterns: Patterns, text: str) -> str | None:
    best: tuple[int, str] | None = None
    for family, cues in patterns.family_cues:
        hits = sum(1 for cue in cues if cue.pattern.search(text))
        if hits and (best is None or hits > best[0]):
            best = (hits, family)
    return best[1] if best else None


def test_fold_keeps_every_letter_a_case_insensitive_match_takes_for_ascii() -> None:
    # the literals are ASCII in practice: a character that regex's IGNORECASE matches to
    # "k" (the Kelvin sign), "s" (the long s) or "i" (dotted capital I) must fold to it
    letter = regex.compile(r"(?i)[a-z]")
    missed = []
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or not letter.fullmatch(char):
            continue
        for ascii_letter in "abcdefghijklmnopqrstuvwxyz":
            # inside a word: "fİve" must fold to a text that holds "five"
            in_word = f"x{ascii_letter}x" in fold(f"x{char}x")
            if regex.fullmatch(f"(?i){ascii_letter}", char) and not in_word:
                missed.append((hex(code), ascii_letter))
    assert missed == []
