"""Clean page text so that sentences and figures read as a person reads them.

Stage: ``RawDocument -> tuple[Page, ...]``. The cleaned text is what the pipeline
stores in ``pages`` and what every offset points into, so nothing downstream needs a
map back to the raw text.

What it does, in order:

1. characters: non-breaking and thin spaces to spaces, soft hyphens and zero-width
   characters dropped, dashes to "-", curly quotes to straight, ligatures split,
   superscript digits (footnote markers) dropped;
2. bare URL lines dropped (footnote link lists of PDF exports);
3. footnote markers glued to words and numbers ("2022-23xxii", "monitor thisx"):
   lower-case roman numerals that run i, ii, iii, ... through the document;
4. lines joined into paragraphs: wrapped lines joined with a space, words hyphenated
   across a line break joined ("self-\\nassessment" -> "self-assessment",
   "develop-\\nment" -> "development" when the document spells it so elsewhere),
   headings and list items kept as paragraphs of their own;
5. runs of spaces collapsed. Paragraphs are separated by a single newline.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

import regex

from pipeline.records import Page, RawDocument, RawPage

__all__ = [
    "clean_document",
    "clean_text",
    "find_footnote_markers",
    "normalise_characters",
    "roman",
]

# typographic ligatures a PDF may carry as single characters, split into their letters
LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u202f": " ",  # narrow no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\t": " ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\ufeff": None,
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2026": "...",
        **LIGATURES,
        "\u2022": "•",
        "\u25cf": "•",
        "\u25aa": "•",
        "\u25e6": "•",
        "\u2023": "•",
        "\uf0b7": "•",  # Symbol-font bullet in Word exports
        "\u00b9": None,  # superscript digits are footnote markers
        "\u00b2": None,
        "\u00b3": None,
        "\u2070": None,
        "\u2074": None,
        "\u2075": None,
        "\u2076": None,
        "\u2077": None,
        "\u2078": None,
        "\u2079": None,
        "\r": None,
        "\f": "\n\n",
        "\v": "\n",
    }
)
_URL_LINE = regex.compile(r"^\s*(?:https?://|www\.|file:///)\S*\s*$", regex.MULTILINE)
_ROMANS = (
    ("c", 100),
    ("xc", 90),
    ("l", 50),
    ("xl", 40),
    ("x", 10),
    ("ix", 9),
    ("v", 5),
    ("iv", 4),
    ("i", 1),
)
_WORD = regex.compile(r"[A-Za-z]+")
# where a word ends on a lower-case roman letter: the only places a marker can end
_ROMAN_WORD_END = regex.compile(r"[ivxlc](?![A-Za-z0-9])")
_GLUE = frozenset(".,;:)]'\"%")  # a marker may be glued after these
_ALONE_AFTER = frozenset(")].,;:'\"")  # or stand alone after these and a space
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "to",
        "and",
        "or",
        "for",
        "as",
        "at",
        "by",
        "with",
        "from",
        "than",
        "per",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "their",
        "our",
        "this",
        "these",
        "those",
        "into",
        "over",
        "under",
        "between",
        "about",
        "including",
        "such",
        "not",
        "but",
        "if",
        "so",
        "any",
        "each",
        "every",
        "whilst",
        "while",
        "where",
        "when",
    ]
)
_BULLET_START = regex.compile(r"^(?:[•\-*·o]\s+|\(?\d{1,2}[.)]\s+(?=[A-Z])|\(?[a-h][.)]\s+)")
# "peer support.1000 carers": a sentence glued to the next by a lost space
_GLUED_SENTENCE = regex.compile(r"(?<=\b[a-z]{3,})\.(?=[A-Z][a-z]|\d{2,}\b)")
_TERMINAL = regex.compile(r"[.!?:;]['\")\]]*$")


def normalise_characters(text: str) -> str:
    """Spaces, dashes, quotes, ligatures and superscripts, one for one.

    >>> normalise_characters("2023\u201324 \u2018Outstanding\u2019 \ufb01rst\u00a0day")
    "2023-24 'Outstanding' first day"
    """
    return text.translate(_CHAR_MAP)


def roman(n: int) -> str:
    """``n`` in lower-case roman numerals, as footnote markers are numbered.

    >>> [roman(n) for n in (1, 4, 9, 14, 40, 90, 149)]
    ['i', 'iv', 'ix', 'xiv', 'xl', 'xc', 'cxlix']
    """
    out = []
    for letters, value in _ROMANS:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def find_footnote_markers(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """Spans of footnote markers per text, for documents that number them i, ii, iii...

    Markers are glued to the word, number or punctuation before them. Only markers
    that continue the sequence count, and a stem glued to a marker must be a word the
    document uses on its own, so "civic" or "will" are never cut. Fewer than three
    markers in sequence means the document has none.

    >>> text = "About 219,000i people; 16ii. Deprivationiii is high in London and Londoniv. Deprivation."
    >>> [text[s:e] for s, e in find_footnote_markers([text])[0]]
    ['i', 'ii', 'iii', 'iv']
    >>> find_footnote_markers(["A civic will is six."])
    [[]]
    """
    vocabulary = Counter(w.lower() for t in texts for w in _WORD.findall(t))
    found: list[list[tuple[int, int]]] = [[] for _ in texts]
    expected = 1
    total = 0
    for index, text in enumerate(texts):
        # every marker ends a word on a roman letter: index those ends once
        ends = [m.end() for m in _ROMAN_WORD_END.finditer(text)]
        pos = 0
        while True:
            best: tuple[int, int, int] | None = None  # (start, end, number)
            for number in range(expected, expected + 3):
                span = _next_marker(text, ends, pos, roman(number), vocabulary)
                if span and (best is None or span[0] < best[0]):
                    best = (span[0], span[1], number)
            if best is None:
                break
            found[index].append((best[0], best[1]))
            total += 1
            expected = best[2] + 1
            pos = best[1]
    if total < 3:
        return [[] for _ in texts]
    return found


def _next_marker(
    text: str, ends: list[int], pos: int, numeral: str, vocabulary: Counter[str]
) -> tuple[int, int] | None:
    """The first place at or after ``pos`` where ``numeral`` is a footnote marker.

    ``ends`` are the offsets where a word ends on a roman letter (sorted). The marker
    sits right after a word, number or closing punctuation, or stands alone after
    closing punctuation and a space; a word stem glued to it must be a word the
    document uses on its own, and the stem plus marker must not be a word of its own.
    """
    size = len(numeral)
    for end in ends[bisect.bisect_left(ends, pos + size) :]:
        start = end - size
        if not text.startswith(numeral, start):
            continue
        before = text[start - 1] if start else ""
        glued = (before.isalnum() and before.isascii()) or before in _GLUE
        alone = before.isspace() and start >= 2 and text[start - 2] in _ALONE_AFTER
        if not (glued or alone):
            continue
        if before.isalpha():
            stem_start = start - 1
            while (
                stem_start > 0 and text[stem_start - 1].isascii() and text[stem_start - 1].isalpha()
            ):
                stem_start -= 1
            stem = text[stem_start:start]
            whole = (stem + numeral).lower()
            if stem.lower() not in vocabulary or vocabulary.get(whole, 0) > 1:
                continue
            # a stem that ends in a roman letter may be the marker's own first letters
            if len(stem) < 2:
                continue
        return start, end
    return None


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out = []
    last = 0
    for start, end in spans:
        if text[start - 1 : start] == " " and text[end : end + 1] == " ":
            end += 1  # a marker standing alone between spaces
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def _is_wrapped(lines: list[str]) -> bool:
    """Plain text is hard-wrapped when nearly all its lines fit a page width."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < 5:
        return False
    # a page width is 50-140 characters; shorter lines are lists or headings
    return 50 <= lengths[int(0.95 * (len(lengths) - 1))] <= 140


_HYPHENATED_END = regex.compile(r"([A-Za-z]+)-$")
_HYPHEN_END = regex.compile(r"[A-Za-z0-9]-$")
_LOWER_WORD = regex.compile(r"[a-z]+")
_SPACES = regex.compile(r" {2,}")
# the vocabulary's words, hyphenated or not, then their parts ("long-term", "long", "term");
# ASCII letters only, which the standard library's engine finds faster than ``regex``
_VOCABULARY_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_VOCABULARY_PART = re.compile(r"[A-Za-z]+")


class _Vocabulary:
    """How often the document uses each word, hyphenated or not; counted on first use.

    Only a line that ends in a hyphen needs it (is "care-" + "givers" "caregivers"?), and
    most documents have few or none, so the count is not paid up front.
    """

    __slots__ = ("_counts", "_texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._counts: Counter[str] | None = None

    def get(self, word: str, default: int = 0) -> int:
        if self._counts is None:
            text = "\n".join(self._texts)  # no word spans a line break
            counts = Counter(map(str.lower, _VOCABULARY_WORD.findall(text)))
            counts.update(map(str.lower, _VOCABULARY_PART.findall(text)))
            self._counts = counts
        return self._counts.get(word, default)


def _join_hyphenated(left: str, right: str, vocabulary: _Vocabulary) -> str:
    """Join "word-" at a line end with the next line's first word."""
    head = _HYPHENATED_END.search(left)
    tail = _LOWER_WORD.match(right)
    if head and tail:
        joined = (head.group(1) + tail.group(0)).lower()
        hyphenated = f"{head.group(1)}-{tail.group(0)}".lower()
        if vocabulary.get(joined, 0) > 0 and vocabulary.get(hyphenated, 0) == 0:
            return left[:-1] + right
    return left + right


def _starts_paragraph(line: str) -> bool:
    return bool(_BULLET_START.match(line))


def _join_lines(text: str, wrapped: bool, vocabulary: _Vocabulary) -> str:
    """Paragraphs, one per line."""
    lines = [line.strip() for line in text.split("\n")]
    non_blank = sorted(len(line) for line in lines if line)
    width = non_blank[int(0.95 * (len(non_blank) - 1))] if non_blank else 0
    paragraphs: list[str] = []
    current = ""
    last_line = ""
    blank_before = False
    for line in lines:
        if not line:
            blank_before = True
            continue
        if not current:
            current, last_line, blank_before = line, line, False
            continue
        single_line = current == last_line
        if _continues(last_line, line, wrapped, width, blank_before, single_line):
            if last_line.endswith("-") and _HYPHEN_END.search(last_line):
                current = _join_hyphenated(current, line, vocabulary)
            else:
                current = f"{current} {line}"
        else:
            paragraphs.append(current)
            current = line
        last_line, blank_before = line, False
    if current:
        paragraphs.append(current)
    return "\n".join(_GLUED_SENTENCE.sub(". ", _SPACES.sub(" ", p)) for p in paragraphs)


def _continues(
    prev: str, line: str, wrapped: bool, width: int, blank_before: bool, single_line: bool
) -> bool:
    """Does ``line`` continue the paragraph whose last line is ``prev``?

    A wrapped line ends where the next word would not fit; a line that had room for
    the next line's first word was ended on purpose (a paragraph end or a heading).
    """
    if _starts_paragraph(line):
        return False
    ends_sentence = bool(_TERMINAL.search(prev))
    starts_lower = line[0].islower() or (line[0].isdigit() and prev.endswith("-"))
    if blank_before or not wrapped:
        # a paragraph never starts in lower case: a page break or blank line split it
        return not ends_sentence and starts_lower
    if prev.endswith("-") or prev.endswith(","):
        return True
    first_word = line.split(" ", 1)[0]
    had_room = len(prev) + 1 + len(first_word) <= width
    if not had_room:
        return True
    if ends_sentence:
        return False
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if starts_lower or last_word in _FUNCTION_WORDS:
        return True
    # a one-line paragraph ended on purpose before a capital is a heading
    return not single_line


def clean_text(text: str, wrapped: bool | None = None) -> str:
    """Clean one text on its own (no document-wide footnote sequence).

    >>> clean_text("The self-\\nassessment found 2,845 adults received long-term\\n\\nsupport.")
    'The self-assessment found 2,845 adults received long-term support.'
    """
    return clean_document(RawDocument("", "", "text/plain", None, (RawPage(None, text),), wrapped))[
        0
    ].text


def clean_document(doc: RawDocument) -> tuple[Page, ...]:
    texts = [_URL_LINE.sub("", normalise_characters(page.text)) for page in doc.pages]
    markers = find_footnote_markers(texts)
    texts = [_remove_spans(text, spans) for text, spans in zip(texts, markers, strict=True)]
    vocabulary = _Vocabulary(texts)
    wrapped = doc.wrapped
    if wrapped is None:
        wrapped = _is_wrapped([line for t in texts for line in t.split("\n")])
    return tuple(
        Page(doc.doc_id, page.number, _join_lines(text, wrapped, vocabulary))
        for page, text in zip(doc.pages, texts, strict=True)
    )
