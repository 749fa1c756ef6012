"""Skip regular expressions that cannot match: the literals every match must contain.

Stage helper: ``str (a regular expression) -> tuple[str, ...] | None``.

The taxonomy tries some 300 phrases, cues, vetoes and exclusions on every figure's
clause, and almost all of them fail. Each phrase holds words that any match must contain
("enquir" in ``\\benquir(?:y|ies)\\b``), and a substring test costs a few percent of a
regular-expression search. ``required_literals`` reads a pattern's parse tree (the
standard library's own parser, ``re._parser``) and returns strings of which every match
contains at least one, case-folded; ``Rule.search`` runs the expression only when the
case-folded text holds one of them (the idea of RE2's ``FilteredRE2``, in miniature).

The filter only ever skips searches that would fail: a pattern the parser cannot read,
or with no literal that every match needs, gets ``None`` and is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import regex

__all__ = ["LiteralIndex", "Rule", "fold", "required_literals"]

# A parse-tree node: (opcode, argument), as ``re._parser`` builds them.
_Node = tuple[Any, Any]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
# syntax the standard parser would read differently from ``regex``: POSIX and nested
# classes, fuzzy matching, property, name and grapheme escapes, version and case flags
_REGEX_ONLY = regex.compile(
    r"\[\[:|\[\[|\{[eisd]\s*[<=]|\\[pPNXGKLmM]|\(\?[a-zA-Z-]*[Vfwr][a-zA-Z-]*[:)]"
)
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


def fold(text: str) -> str:
    """Text as the literals are kept: case-folded (``"Staff" -> "staff"``, ``"ß" -> "ss"``).

    Case folding keeps every letter that a case-insensitive ``regex`` match takes for an
    ASCII letter, but one: "İ" folds to "i" plus a combining dot, and is put back to "i"
    (``tests/test_prefilter.py`` checks every code point).
    """
    return text.casefold().replace("i\u0307", "i")


def required_literals(source: str) -> tuple[str, ...] | None:
    """Case-folded strings of which every match of ``source`` contains at least one.

    None when there are none worth testing (a pattern that may match without any literal,
    or that the standard parser cannot read: ``regex``-only syntax).

    >>> required_literals(r"\\bwait(?:ing)?\\s+(?:list|times?)")
    ('wait',)
    >>> required_literals(r"social workers?|OT|occupational therapists?")
    ('social worker', 'ot', 'occupational therapist')
    >>> required_literals(r"(?:\\w+\\s+)?\\d+") is None
    True
    """
    if _REGEX_ONLY.search(source):
        return None
    try:
        tree = sre_parse.parse(source)
    except (re.error, RecursionError, OverflowError):
        return None
    found = _sequence(list(tree))
    if not found or any(not literal for literal in found):
        return None
    return tuple(dict.fromkeys(found))


def _sequence(nodes: list[_Node]) -> tuple[str, ...] | None:
    """A concatenation: its most selective requirement (each item's must all be met)."""
    options: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, arg in nodes:
        char = _single_char(op, arg)
        if char is not None:
            run.append(char)
            continue
        if run:
            options.append(("".join(run),))
            run = []
        if str(op) in _ZERO_WIDTH:
            continue  # "\b", lookarounds: they match no characters of their own
        found = _node(op, arg)
        if found:
            options.append(found)
    if run:
        options.append(("".join(run),))
    if not options:
        return None
    # the most selective: the shortest literal is longest, then the fewest alternatives
    return max(options, key=lambda lits: (min(len(x) for x in lits), -len(lits)))


def _node(op: Any, arg: Any) -> tuple[str, ...] | None:
    name = str(op)
    if name == "SUBPATTERN":
        return _sequence(list(arg[-1]))
    if name == "ATOMIC_GROUP":
        return _sequence(list(arg))
    if name in _REPEATS:
        low, _, item = arg
        return _sequence(list(item)) if low >= 1 else None
    if name == "BRANCH":
        found: list[str] = []
        for alternative in arg[1]:
            sub = _sequence(list(alternative))
            if not sub:
                return None  # this alternative needs no literal: neither does the branch
            found.extend(sub)
        return tuple(found)
    return None  # classes, categories, any character, back references


def _single_char(op: Any, arg: Any) -> str | None:
    """The case-folded character a node matches, if it matches exactly one (up to case)."""
    name = str(op)
    if name == "LITERAL":
        return fold(chr(arg))
    if name == "IN":  # "[Aa]" is one character up to case; "[ab]" is not
        chars = {fold(chr(value)) for kind, value in arg if str(kind) == "LITERAL"}
        if len(chars) == 1 and all(str(kind) == "LITERAL" for kind, _ in arg):
            return chars.pop()
    return None


class Rule:
    """A pattern file's compiled expression with the literals any match must contain.

    ``search(text)`` is the expression's; ``search(text, folded)`` with ``folded =
    fold(text)`` first tests the literals and returns None at once when none is there.
    """

    __slots__ = ("literals", "pattern")

    def __init__(self, pattern: regex.Pattern[str], literals: tuple[str, ...] | None) -> None:
        self.pattern = pattern
        self.literals = literals

    @classmethod
    def of(cls, pattern: regex.Pattern[str]) -> Rule:
        """``pattern`` with the literals read from its source."""
        return cls(pattern, required_literals(pattern.pattern))

    def may_match(self, folded: str) -> bool:
        """False when ``folded`` (``fold`` of the text) lacks every required literal."""
        return self.literals is None or any(literal in folded for literal in self.literals)

    def search(self, text: str, folded: str | None = None) -> regex.Match[str] | None:
        if folded is not None and not self.may_match(folded):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str, folded: str) -> Iterator[regex.Match[str]]:
        """The expression's matches in ``text``; none at once when ``folded`` rules them out."""
        if not self.may_match(folded):
            return iter(())
        matches: Iterator[regex.Match[str]] = self.pattern.finditer(text)
        return matches

    def __repr__(self) -> str:
        return f"Rule({self.pattern.pattern!r}, literals={self.literals!r})"


class LiteralIndex:
    """Which of many rules may match a text, found with one pass over their literals.

    Built from each rule's ``literals`` (in the rules' order); ``candidates(folded)`` is
    the sorted positions of the rules whose literal the text holds, and of those with
    none, so a caller searches only those and in the same order as before.

    >>> index = LiteralIndex([("staff",), ("wait", "delay"), None])
    >>> index.candidates(fold("Waits for Staff"))
    [0, 1, 2]
    >>> index.candidates(fold("No delay"))
    [1, 2]
    """

    __slots__ = ("always", "by_literal")

    def __init__(self, needs: Sequence[tuple[str, ...] | None]) -> None:
        by_literal: dict[str, list[int]] = {}
        always: list[int] = []
        for position, literals in enumerate(needs):
            if literals is None:
                always.append(position)
                continue
            for literal in literals:
                by_literal.setdefault(literal, []).append(position)
        self.by_literal = {literal: tuple(ids) for literal, ids in by_literal.items()}
        self.always = tuple(always)

    def candidates(self, folded: str) -> list[int]:
        found = set(self.always)
        for literal, positions in self.by_literal.items():
            if literal in folded:
                found.update(positions)
        return sorted(found)
