"""Constructs that consume numbers on their own terms, read before plain figures.

Stage helper: ``(ParsedSentence, SentenceCouncils, Patterns) -> list[Reading]``, a
``Reading`` being a named ``Figure`` and the council it belongs to:

- CQC ratings given to councils, one reading per council when several are listed
  ("Birmingham, Lincolnshire and Suffolk were rated good") (``rating_readings``);
- counts of councils with a rating: "none was rated inadequate" (``none_rated_readings``)
  and "14 have been rated good" (``rating_count``, asked by the extractor for a count);
- quality statement scores: counts of scores ("eight 3s and one 2", "scored a 3 in the
  other four statements"), per-statement scores ("scored a 3 for the other four
  statements: ..."; "These were ..." in the next sentence; "Safeguarding: 2")
  (``statement_readings``);
- "no waiting lists for A, B or C": a zero for each (``zero_waiting_readings``).

Numbers a construct reads are not named again as plain figures
(``StatementReadings.consumed``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from pipeline.attribution import SentenceCouncils
from pipeline.figures import Figure, ParsedSentence, content_words, snake
from pipeline.gazetteer import ENGLAND_CODE, Council
from pipeline.prefilter import Rule, fold
from pipeline.records import CouncilMention, Quantity
from pipeline.taxonomy import FIGURE, Patterns, Statement

__all__ = [
    "RATINGS",
    "Reading",
    "StatementReadings",
    "none_rated_readings",
    "rating_count",
    "rating_readings",
    "score_line_reading",
    "statement_readings",
    "zero_waiting_items",
    "zero_waiting_readings",
]

Reading = tuple[Figure, Council | None]

# --- CQC ratings ----------------------------------------------------------------------------

RATINGS = {"outstanding": 4, "good": 3, "requires improvement": 2, "inadequate": 1}
_RATING_WORD = r"(?P<r>outstanding|good|requires\s+improvement|inadequate)"
_RATING_PATTERNS = (
    regex.compile(
        r"\b(?:rated|judged|assessed)\s+(?!as\b)(?:[\w'’&,-]+\s+){1,10}?as\s+(?:an?\s+)?['\"]?"
        + _RATING_WORD
        + r"\b['\"]?",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"\b(?:an?\s+)?(?:indicative\s+|overall\s+)?ratings?\s+of\s+['\"]?"
        + _RATING_WORD
        + r"\b['\"]?",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"\b(?:rated|rating(?:\s+of|:)?|awarded|given|received|achieved|judged|assessed\s+as"
        r"|indicative\s+rating:?)\s+(?:as\s+|an?\s+|the\s+)?(?:overall\s+)?['\"]?"
        + _RATING_WORD
        + r"\b['\"]?(?!\s+(?:standard|practice|relationships|quality|level))",
        regex.IGNORECASE,
    ),
    regex.compile(
        r"['\"]?" + _RATING_WORD + r"['\"]?\s+(?:overall\s+|indicative\s+)?ratings?\b",
        regex.IGNORECASE,
    ),
)
# every rating pattern holds a rating word: a sentence without one skips them all
_RATING_GATE = Rule.of(regex.compile(_RATING_WORD, regex.IGNORECASE))
# whoever got the rating must be the council, not a provider or a care home
_NOT_COUNCIL_RATED = regex.compile(
    r"\b(?:providers?|care homes?|homes?|services? (?:we|they) commission|those|which|who"
    r"|agencies|practices|schools?|hospitals?|trusts?|areas like|areas such as|councils)\b[^.;]{0,100}$",
    regex.IGNORECASE,
)
# "the second highest", "grades", "below"/"above" good: not a rating given
_NOT_A_RATING = regex.compile(
    r"\b(?:second|third)\s+(?:highest|lowest)\b|\bgrades?\b|\bbelow\s*$|\babove\s*$",
    regex.IGNORECASE,
)
_NONE_BEFORE = regex.compile(
    r"\b(?:none|no\s+councils?|no\s+authorities)\s+(?:(?:was|were|has been|have been)\s+)?$",
    regex.IGNORECASE,
)
_NUMBER = regex.compile(r"⟨N⟩|\d")
_COUNCILS_BEFORE = regex.compile(
    r"\b(?:councils|authorities|have been|of the others)\b", regex.IGNORECASE
)
_COUNCIL_LIST_JOIN = regex.compile(r"\s*(?:,|and|&|,\s*and)\s*")
_RATING_COUNT = regex.compile(
    r"⟨N⟩\s+(?:(?:local\s+)?(?:councils|authorities|local authorities)\s+)?"
    r"(?:have\s+been\s+|had\s+been\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"(?:rated\s+(?:as\s+)?|given\s+(?:indicative\s+)?ratings?\s+of\s+|received\s+)?"
    r"['\"]?"
    + _RATING_WORD
    + r"['\"]?(?=\s*(?:[,.;:)]|$)|\s+(?:and|by|in|for|so|ratings?|overall)\b)",
    regex.IGNORECASE,
)
_NONE_RATED = regex.compile(
    r"\b(?:none|no\s+councils?|no\s+authorities)\s+(?:(?:was|were|has\s+been|have\s+been)\s+)?"
    r"(?:rated\s+(?:as\s+)?)?['\"]?" + _RATING_WORD,
    regex.IGNORECASE,
)
_NONE_RATED_RULE = Rule.of(_NONE_RATED)
_COUNCILS_CONTEXT = regex.compile(
    r"\b(?:councils|authorities|the others|the rest|of them)\b", regex.IGNORECASE
)
_PROVIDERS = regex.compile(r"\b(?:providers?|care homes?|homes)\b", regex.IGNORECASE)

# --- quality statement scores -----------------------------------------------------------------

_SCORE_COUNTS = regex.compile(r"(?P<n>⟨N⟩)\s+(?P<d>[1-4])(?:s|'s)\b", regex.IGNORECASE)
# what _SCORE_COUNTS needs in the unmasked text: a sentence without it counts no scores
_SCORE_DIGIT_S = regex.compile(r"\s[1-4](?:s|'s)", regex.IGNORECASE)
# "eight 3s and one 2": the count right before a single score digit in a list of counts
_SCORE_DIGIT_AFTER = regex.compile(r"\s+(?P<d>[1-4])\b(?=\s*[),;]|\.(?!\d)|\s+and\b|\s*$)")
_LIST_JOIN_BEFORE = regex.compile(r"(?:\band|,)\s*$", regex.IGNORECASE)
_ACROSS_BOARD = regex.compile(r"\b(?P<d>[1-4])s\s+across\s+the\s+board", regex.IGNORECASE)
_STATEMENT_SCORE = regex.compile(
    r"\b(?:score|scored|scoring|mark|marked|rated|rating)\s+(?:of\s+|an?\s+|as\s+)?(?P<d>[1-4])\b(?![.,]\d|%)"
    r"|\b(?P<d2>[1-4])\s+out\s+of\s+4\b",
    regex.IGNORECASE,
)
_STATEMENT_SCORE_RULE = Rule.of(_STATEMENT_SCORE)
# "three quality statements at 3 and six at 2", "seven statements were rated 3": a count
# of statements and the score they were given (the digits as written, read from the text)
_COUNT_WORD = r"\d+|one|two|three|four|five|six|seven|eight|nine"
_STATEMENTS_AT_SCORE = regex.compile(
    rf"\b(?P<n>{_COUNT_WORD})\s+(?:of\s+(?:the|its|their|[\w'’]+['’]s)\s+(?:(?P<all>nine|9)\s+)?)?"
    r"(?:quality\s+)?statements?\s+"
    r"(?:(?:were|was)\s+)?(?:(?:scored|rated|marked|given)\s+(?:at\s+|as\s+)?|at\s+|as\s+)"
    r"(?:an?\s+)?(?P<d>[1-4])\b(?![.,]\d|%)",
    regex.IGNORECASE,
)
_STATEMENTS_AT_SCORE_RULE = Rule.of(_STATEMENTS_AT_SCORE)
_AND_COUNT_AT_SCORE = regex.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?P<n>{_COUNT_WORD})\s+(?:(?:were|was)\s+)?"
    r"(?:(?:scored|rated|marked)\s+(?:at\s+)?|at\s+)(?:an?\s+)?(?P<d>[1-4])\b(?![.,]\d|%)",
    regex.IGNORECASE,
)
# "Score: 2", "Score: 2 - Evidence shows some shortfalls": a report's line scoring the
# statement whose heading came before it
_SCORE_LINE = regex.compile(
    r"^\s*(?:quality\s+statement\s+)?score\s*:?\s*(?P<d>[1-4])\b(?![.,]\d|%)"
    r"(?:\s*(?:[-–]\s*)?(?:out\s+of\s+4\s*)?(?:[-–]\s*)?Evidence\s+shows[^.]*)?\.?\s*$",
    regex.IGNORECASE,
)
_STATEMENTS_WORD = regex.compile(r"quality statements?|statements", regex.IGNORECASE)
_STATEMENT_COUNT = regex.compile(
    r"\b(?:in|for|across|on)\s+(?:the\s+)?(?:other\s+|remaining\s+|all\s+)?⟨N⟩\s+"
    r"(?:of\s+the\s+(?:⟨X⟩\s+|nine\s+)?)?"
    r"(?:other\s+|remaining\s+)?(?:quality\s+)?statements\b"
    r"|\b(?:in|for|on)\s+the\s+(?:other|remaining)\s+⟨N⟩(?!\s*\w)",
    regex.IGNORECASE,
)
_LIST_INTRO = regex.compile(
    r"^\s*(?:these|they|those|the statements)\s+(?:were|are|being)\b", regex.IGNORECASE
)
# "Safeguarding: 2", "1. assessing people's needs - 3": a score right after a statement's name
_SCORE_AFTER_NAME = regex.compile(
    r"\s*(?:[:(\-]|scored|score of|was|-)\s*(?P<d>[1-4])\)?(?!\d|\.\d|%)"
)

# --- "no waiting lists" ---------------------------------------------------------------------

_ZERO_WAITING = regex.compile(
    r"\b(?:no|lack\s+of|zero|nil)\s+(?:\w+\s+)?(?:waiting\s+lists?|backlogs?|waits?)"
    r"(?:\s+(?:of\s+people\s+)?(?:\w+\s+){0,6}?(?:waiting\s+)?(?:for|in|across)\s+(?P<items>[^.;]+))?"
    r"|\b(?:no[- ]one|nobody|none)\s+(?:was|is|were|has\s+been)\s+waiting\s+(?:to\s+be\s+seen\s+)?(?:by|for)\s+(?P<items2>[^.;,]+(?:\s+or\s+[^.;,]+)?)",
    regex.IGNORECASE,
)
_ZERO_WAITING_RULE = Rule.of(_ZERO_WAITING)
_WAITING_FOR = regex.compile(r"\bwaiting\s+for\s+(.+)")
_FOR = regex.compile(r"\bfor\s+(.+)")
_IN_OR_ACROSS = regex.compile(r"^\s*(?:in|across)\s+")
_REPEATED_FOR = regex.compile(r",\s*(?:or\s+|and\s+)?for\s")
_ITEM_SEPARATOR = regex.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LEADING_FOR = regex.compile(r"^for\s+", regex.IGNORECASE)
_NEW_CLAUSE = regex.compile(r"although|but|while|whilst|though|which|who", regex.IGNORECASE)
_ARTICLE = regex.compile(r"(?:a|an|the|its|their|our)\s+", regex.IGNORECASE)
_WORD = regex.compile(r"[A-Za-z]+")


# --- CQC ratings ----------------------------------------------------------------------------


def rating_readings(text: str, councils: SentenceCouncils) -> list[Reading]:
    """Each CQC rating the sentence gives a council, one reading per council rated.

    The first pattern to read a rating word takes it. A rating given to England (a
    national sentence) is no council's.
    """
    readings: list[Reading] = []
    if not _RATING_GATE.may_match(fold(text)):
        return readings
    taken: list[tuple[int, int]] = []
    for pattern in _RATING_PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start("r") < e for s, e in taken) or not _rates_a_council(text, m):
                continue
            rated = _rated_councils(text, m, councils)
            if rated and rated[0].code == ENGLAND_CODE:
                continue
            start, end = m.start("r"), m.end("r")
            taken.append((start, end))
            rating = " ".join(m.group("r").split()).title()
            q = Quantity(
                float(RATINGS[rating.lower()]), "rating", "", "exact", start, end, text[start:end]
            )
            figure = Figure(
                q, "rating", "cqc_rating", "rating", "rating", "rating", value_text=rating
            )
            readings.extend((figure, council) for council in rated)
    return readings


def _rates_a_council(text: str, m: regex.Match[str]) -> bool:
    """Whether a rating phrase gives a council its rating.

    Not a provider's rating, a grade or a place in a ranking, nor a count of councils with
    that rating (read by ``rating_count`` and ``none_rated_readings``).
    """
    before = text[: m.start()]
    if _NOT_COUNCIL_RATED.search(before[-90:]) or _NOT_A_RATING.search(
        text[max(0, m.start() - 40) : m.end() + 20]
    ):
        return False
    if _NONE_BEFORE.search(before):
        return False  # "none was rated inadequate": a count of councils, read elsewhere
    # "14 have been rated good": a count of councils, read elsewhere
    return not (
        _NUMBER.search(text[max(0, m.start() - 25) : m.start()]) and _COUNCILS_BEFORE.search(before)
    )


def _rated_councils(text: str, m: regex.Match[str], councils: SentenceCouncils) -> list[Council]:
    """The councils a rating is given to: a list of councils before it, else its owner."""
    listed = _listed_councils(text, councils.named, m.start("r"))
    if listed:
        return [councils.gazetteer.by_code(x.code) for x in listed]
    council = councils.owner(m.start(), text)
    return [council] if council is not None else []


def _listed_councils(
    text: str, named: Sequence[CouncilMention], position: int
) -> list[CouncilMention]:
    """Councils listed together as the subject of a rating.

    The block of council names nearest before ``position`` that are joined only by
    commas and "and" ("Birmingham, Lincolnshire, North Lincolnshire and Suffolk").
    """
    before = [m for m in named if m.end <= position]
    if len(before) < 2:
        return []
    block = [before[-1]]
    for m in reversed(before[:-1]):
        if not _COUNCIL_LIST_JOIN.fullmatch(text[m.end : block[0].start]):
            break
        block.insert(0, m)
    return block if len(block) >= 2 else []


def _councils_rated_key(rating: str) -> str:
    """``councils_rated_requires_improvement`` for "requires  Improvement"."""
    return "councils_rated_" + "_".join(rating.lower().split())


def rating_count(masked: str, text: str) -> tuple[str, str] | None:
    """(metric, label) when the figure ``⟨N⟩`` counts councils with a rating.

    "14 have been rated good": said of councils, and not of providers or care homes.
    """
    m = _RATING_COUNT.search(masked)
    if m and _COUNCILS_CONTEXT.search(text) and not _PROVIDERS.search(text):
        return _councils_rated_key(m.group("r")), m.group(0)
    return None


def none_rated_readings(text: str, england: Council) -> list[Reading]:
    """A zero count of councils with a rating ("none was rated inadequate"), England's."""
    readings: list[Reading] = []
    for m in _NONE_RATED_RULE.finditer(text, fold(text)):
        q = Quantity(0.0, "count", "", "exact", m.start(), m.end(), m.group(0))
        figure = Figure(
            q,
            "count",
            _councils_rated_key(m.group("r")),
            "rating",
            m.group(0),
            "rating_count",
            value_text=m.group(0),
        )
        readings.append((figure, england))
    return readings


# --- quality statement scores -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementReadings:
    """What ``statement_readings`` read in one sentence."""

    readings: list[Reading]
    consumed: set[int]  # starts of the numbers read here: they are not figures of their own
    score: int | None  # the score the sentence gave a list of statements, for "These were ..."


def statement_readings(
    sentence: ParsedSentence,
    councils: SentenceCouncils,
    patterns: Patterns,
    pending_score: int | None,
) -> StatementReadings:
    """Quality statement scores and counts of scores.

    In order: counts of scores ("eight 3s", "and one 2", "in the other four statements"),
    "3s across the board", then the score given to the statements named in the sentence:
    a score stated in it, or for a list that begins "These were ...", ``pending_score``
    (the score the sentence before gave). Without such a score, a statement's name may
    carry its own ("Safeguarding: 2").
    """
    text = sentence.text
    hits = patterns.statements_in(text)
    readings, consumed, score, counted = _score_counts(sentence, councils)
    if counted:
        pending_score = None  # counts of scores ("eight 3s") come between a score and its list
    masked_plain = sentence.masked()
    readings += _across_the_board(text, masked_plain, councils)
    # the score of a list of statements: this sentence or one before ("These were ...")
    score_match = _STATEMENT_SCORE_RULE.search(text, fold(text))
    if score_match and (hits or _STATEMENTS_WORD.search(text)):
        score = _score_digit(score_match)
        consumed.update(
            q.start
            for q in sentence.quantities
            if q.start == score_match.start("d")
            or q.start == score_match.start("d2")
            or (q.start <= score_match.end() - 1 and q.end >= score_match.end())
        )
    statement_score = score
    if statement_score is None and _LIST_INTRO.search(text):
        statement_score = pending_score
    if hits and statement_score is not None:
        owner = councils.owner(0, masked_plain)
        readings += [(f, owner) for f in _statement_scores(text, hits, statement_score)]
    else:
        for figure, start in _scores_after_names(text, hits):
            readings.append((figure, councils.owner(start, masked_plain)))
            consumed.update(
                x.start for x in sentence.quantities if x.start == figure.quantity.start
            )
    return StatementReadings(readings, consumed, score)


def _score_counts(
    sentence: ParsedSentence, councils: SentenceCouncils
) -> tuple[list[Reading], set[int], int | None, bool]:
    """Counts of statements by score, each number once.

    Returns the readings, the numbers read, the score the sentence gave "the other N
    statements" (None if it gave none) and whether it counted "N 3s".
    """
    text, quantities = sentence.text, sentence.quantities
    readings: list[Reading] = []
    consumed: set[int] = set()
    score: int | None = None
    scores = list(_STATEMENT_SCORE_RULE.finditer(text, fold(text)))
    readings += _counts_at_scores(sentence, councils, consumed)
    if not scores and not _SCORE_DIGIT_S.search(text):
        return readings, consumed, score, False  # no "N 3s" and no score: nothing to count
    masks = [sentence.masked(figure=q) for q in quantities]
    has_count = [bool(_SCORE_COUNTS.search(masked)) for masked in masks]
    for q, masked in zip(quantities, masks, strict=True):
        council = councils.owner(q.start, masked)
        for m in _SCORE_COUNTS.finditer(masked):  # "eight 3s"
            d = int(m.group("d"))
            readings.append((_score_count(q, d, f"{d}s"), council))
            consumed.add(q.start)
        if q.start not in consumed and any(
            flag for o, flag in zip(quantities, has_count, strict=True) if o is not q
        ):
            digit = _SCORE_DIGIT_AFTER.match(text, q.end)
            if digit and _LIST_JOIN_BEFORE.search(text[: q.start]):  # "... and one 2"
                consumed.update(
                    o.start
                    for o in quantities
                    if o.start > q.start and text[q.end : o.start].strip() == ""
                )
                d = int(digit.group("d"))
                readings.append((_score_count(q, d, f"{d}"), council))
                consumed.add(q.start)
        if q.start in consumed:
            continue
        # "scored 3 in the other four statements": the nearest score stated before the count
        before_count = [s for s in scores if s.end() <= q.start]
        score_match = before_count[-1] if before_count else (scores[0] if scores else None)
        if _STATEMENT_COUNT.search(masked) and score_match:
            score = _score_digit(score_match)
            readings.append((_score_count(q, score, "quality statements"), council))
            consumed.add(q.start)
    return readings, consumed, score, any(has_count)


def score_line_reading(
    sentence: ParsedSentence, councils: SentenceCouncils, heading: Statement | None
) -> tuple[Reading, int] | None:
    """A report's "Score: 2" line under a quality statement's heading: that statement's
    score, and the start of the digit it used; None for any other sentence."""
    m = _SCORE_LINE.match(sentence.text)
    if heading is None or m is None:
        return None
    digit = next((q for q in sentence.quantities if q.start == m.start("d")), None)
    if digit is None:
        return None
    figure = _statement_score(heading, int(m.group("d")), digit.start, digit.end, m.group("d"))
    return (figure, councils.owner(0, sentence.masked())), digit.start


def _counts_at_scores(
    sentence: ParsedSentence, councils: SentenceCouncils, consumed: set[int]
) -> list[Reading]:
    """ "three quality statements at 3 and six at 2": each count with its score; the numbers
    read (counts and scores) are added to ``consumed``."""
    text = sentence.text
    by_start = {q.start: q for q in sentence.quantities}
    readings: list[Reading] = []
    masked_plain = sentence.masked()
    for first in _STATEMENTS_AT_SCORE_RULE.finditer(text, fold(text)):
        found = [first]
        while (more := _AND_COUNT_AT_SCORE.match(text, found[-1].end())) is not None:
            found.append(more)
        for m in found:
            count = by_start.get(m.start("n"))
            if count is None or count.start in consumed:
                continue
            d = int(m.group("d"))
            readings.append(
                (
                    _score_count(count, d, f"statements at {d}"),
                    councils.owner(count.start, masked_plain),
                )
            )
            # the score, and "nine" in "four of the nine statements", are not counts of their own
            whole = m.start("all") if "all" in m.re.groupindex else -1
            consumed.update({count.start, m.start("d"), whole} & set(by_start))
    return readings


def _across_the_board(text: str, masked_plain: str, councils: SentenceCouncils) -> list[Reading]:
    """All nine quality statements got one score ("3s across the board")."""
    readings: list[Reading] = []
    for m in _ACROSS_BOARD.finditer(text):
        d = int(m.group("d"))
        council = councils.owner(m.start(), masked_plain)
        q = Quantity(9.0, "count", "", "exact", m.start(), m.end(), m.group(0))
        readings.append((_score_count(q, d, "across the board", value_text=m.group(0)), council))
    return readings


def _score_count(q: Quantity, score: int, label: str, value_text: str | None = None) -> Figure:
    """``q`` statements were scored ``score``."""
    return Figure(
        q,
        "count",
        f"quality_statements_scored_{score}",
        "quality_statement_score",
        label,
        "statement_score_count",
        value_text=value_text,
    )


def _score_digit(m: regex.Match[str]) -> int:
    """The score a ``_STATEMENT_SCORE`` match states."""
    return int(m.group("d") or m.group("d2"))


def _statement_scores(
    text: str, hits: Sequence[tuple[Statement, regex.Match[str]]], score: int
) -> list[Figure]:
    """``score`` for each statement named in the sentence, in the order they are named."""
    figures: list[Figure] = []
    seen_keys: set[str] = set()
    for st, m in sorted(hits, key=lambda h: h[1].start()):
        if st.key in seen_keys:
            continue
        # "safe systems, pathways and transitions" names safeguarding's words, not safeguarding
        if st.key == "qs_safeguarding" and any(
            o.key == "qs_safe_systems_pathways_transitions" and om.start() <= m.start() < om.end()
            for o, om in hits
        ):
            continue
        seen_keys.add(st.key)
        figures.append(_statement_score(st, score, m.start(), m.end(), m.group(0)))
    return figures


def _statement_score(statement: Statement, score: int, start: int, end: int, text: str) -> Figure:
    """``statement`` was given ``score``; the evidence spans ``start``-``end``."""
    q = Quantity(float(score), "score", "", "exact", start, end, text)
    return Figure(
        q,
        "score",
        statement.key,
        "quality_statement_score",
        statement.name,
        "statement_score",
        value_text=str(score),
    )


def _scores_after_names(
    text: str, hits: Sequence[tuple[Statement, regex.Match[str]]]
) -> list[tuple[Figure, int]]:
    """A score right after a statement's name ("Safeguarding: 2", "1. assessing people's
    needs - 3"): each as (figure, where the name starts)."""
    found: list[tuple[Figure, int]] = []
    for st, m in hits:
        after = _SCORE_AFTER_NAME.match(text[m.end() :])
        if after:
            d = int(after.group("d"))
            start = m.end() + after.start("d")
            q = Quantity(float(d), "score", "", "exact", start, start + 1, text[start : start + 1])
            figure = Figure(
                q,
                "score",
                st.key,
                "quality_statement_score",
                st.name,
                "statement_score_list",
                value_text=str(d),
            )
            found.append((figure, m.start()))
    return found


# --- "no waiting lists" ---------------------------------------------------------------------


def zero_waiting_readings(
    sentence: ParsedSentence, councils: SentenceCouncils, patterns: Patterns
) -> list[Reading]:
    """A zero for each thing a "no waiting lists for A, B or C" phrase says nobody waits for."""
    readings: list[Reading] = []
    masked_plain = sentence.masked()
    for m in _ZERO_WAITING_RULE.finditer(sentence.text, fold(sentence.text)):
        items = zero_waiting_items(m.group("items") or m.group("items2") or "")
        council = councils.owner(m.start(), masked_plain)
        for item in items:
            q = Quantity(0.0, "count", "", "exact", m.start(), m.end(), m.group(0))
            figure = Figure(
                q,
                "count",
                _waiting_key(item, patterns),
                "waiting",
                f"waiting {item}".strip(),
                "zero_waiting",
                value_text=m.group(0).split(" for ")[0],
            )
            readings.append((figure, council))
    return readings


def _waiting_key(item: str, patterns: Patterns) -> str:
    """The waiting metric for what nobody waits for, else a key made from its words."""
    match = patterns.classify(f"people waiting for {item} {FIGURE}", "count")
    if match and match.metric.family == "waiting":
        return match.metric.key
    words = content_words(_WORD.findall(item))
    return "people_waiting_" + snake(words[:4]) if words else "people_waiting"


def zero_waiting_items(tail: str) -> list[str]:
    """What a "no waiting lists ..." phrase says nobody waits for.

    >>> zero_waiting_items("in Camden for an assessment, for leaving hospital or for home care")
    ['assessment', 'leaving hospital', 'home care']
    >>> zero_waiting_items("across key services and a strong focus on inequalities")
    ['key services']
    >>> zero_waiting_items("of people in care homes waiting for DoLS assessments")
    ['DoLS assessments']
    >>> zero_waiting_items("for assessments, although some people were waiting for reviews")
    ['assessments']
    """
    clause = tail.split(",")[0]
    waiting_for = _WAITING_FOR.search(clause)
    introduced = _FOR.search(tail)
    if waiting_for:  # "no backlog of people in care homes waiting for DoLS assessments"
        tail = waiting_for.group(1)
    elif introduced is not None:  # "no waiting lists in Camden for A, for B or for C"
        tail = introduced.group(1)
    else:  # "no waiting lists across key services"
        tail = _IN_OR_ACROSS.sub("", tail)
    # in "for A, for B" every item repeats "for"; elsewhere an item that starts with an
    # article after the first begins a new clause ("key services and a strong focus")
    repeated_for = bool(_REPEATED_FOR.search(tail))
    items = []
    for index, chunk in enumerate(_ITEM_SEPARATOR.split(tail)):
        chunk = _LEADING_FOR.sub("", chunk.strip())
        if _NEW_CLAUSE.match(chunk):
            break
        if index and not repeated_for and _ARTICLE.match(chunk):
            break
        if chunk and len(chunk.split()) <= 6:
            items.append(_ARTICLE.sub("", chunk, count=1) if _ARTICLE.match(chunk) else chunk)
    return items or [""]
