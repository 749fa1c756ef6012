"""Split cleaned pages into sentences.

Stage: ``Page -> list[Sentence]``. Each line of a cleaned page is a paragraph (a
heading, a list item or a run of prose; see ``pipeline.clean``); spaCy's blank
English pipeline with the rule-based sentencizer splits the paragraphs. Spans are
offsets into ``Page.text`` so ``page.text[s.start:s.end] == s.text``.

spaCy runs on whole paragraphs in one ``nlp.pipe`` batch per page; no model is
downloaded (none can be, here), and the tokenizer needs no training.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import regex

from pipeline.records import Page, Sentence

__all__ = ["make_nlp", "split_sentences"]

_SPACE_RUN = regex.compile(r"\s+")


@lru_cache(maxsize=1)
def make_nlp() -> Any:
    """spaCy blank English with a sentencizer, built once per process."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for line in text.split("\n"):
        if line.strip():
            yield start, line
        start += len(line) + 1


def split_sentences(page: Page) -> list[Sentence]:
    """Sentences of a page, in order.

    >>> from pipeline.records import Page
    >>> page = Page("d", 1, "Facts\\nTurnover was 8.5% in 2023-24. It fell. 13 providers")
    >>> [(s.text, s.paragraph) for s in split_sentences(page)]
    [('Facts', 0), ('Turnover was 8.5% in 2023-24.', 1), ('It fell.', 1), ('13 providers', 1)]
    """
    paragraphs = list(_paragraphs(page.text))
    nlp = make_nlp()
    out: list[Sentence] = []
    for index, ((offset, _), doc) in enumerate(
        zip(paragraphs, nlp.pipe(para for _, para in paragraphs), strict=True)
    ):
        for sent in doc.sents:
            start, end = offset + sent.start_char, offset + sent.end_char
            text = page.text[start:end]
            stripped = text.strip()
            if not stripped:
                continue
            start += len(text) - len(text.lstrip())
            end = start + len(stripped)
            out.append(Sentence(page.number, start, end, stripped, index))
    return [piece for sent in _merge_fragments(out, page.text) for piece in _cap_length(sent)]


MAX_SENTENCE_CHARS = 2000


def _cap_length(sentence: Sentence) -> list[Sentence]:
    """Split a run-on "sentence" into pieces of at most MAX_SENTENCE_CHARS.

    Real sentences are far shorter; a longer one is a table dump, a list without
    punctuation or embedded data (base64). Rules look at a sentence once per number in
    it, so an unbounded sentence would cost quadratic time. Pieces end at a space where
    there is one.

    >>> from pipeline.records import Sentence
    >>> pieces = _cap_length(Sentence(None, 0, 4500, "a " * 2250, 0))
    >>> [len(p.text) for p in pieces], all(p.end - p.start == len(p.text) for p in pieces)
    ([1999, 1997, 501], True)
    """
    if len(sentence.text) <= MAX_SENTENCE_CHARS:
        return [sentence]
    pieces = []
    text, offset = sentence.text, 0
    while offset < len(text):
        end = min(offset + MAX_SENTENCE_CHARS, len(text))
        if end < len(text):
            space = text.rfind(" ", offset + 1, end)
            end = space if space > offset else end
        piece = text[offset:end].strip()
        if piece:
            start = (
                sentence.start + offset + (len(text[offset:end]) - len(text[offset:end].lstrip()))
            )
            pieces.append(
                Sentence(sentence.page, start, start + len(piece), piece, sentence.paragraph)
            )
        offset = end
    return pieces


def _merge_fragments(sentences: list[Sentence], text: str) -> list[Sentence]:
    """Rejoin splits the sentencizer makes inside figures and abbreviations.

    spaCy splits after "e.g." or "approx." and before a lower-case continuation; a
    sentence that starts in lower case belongs to the one before it in the paragraph.
    """
    merged: list[Sentence] = []
    for sent in sentences:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.paragraph == sent.paragraph
            and (sent.text[0].islower() or prev.text.endswith(("e.g.", "i.e.", "approx.", "c.")))
        ):
            merged[-1] = Sentence(
                prev.page, prev.start, sent.end, text[prev.start : sent.end], prev.paragraph
            )
        else:
            merged.append(sent)
    return merged
