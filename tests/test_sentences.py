"""Sentence splitting: page text in, sentence spans out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Page
from pipeline.sentences import split_sentences

CASES = [
    (
        "Turnover was 8.5% in 2023-24. Vacancies fell.",
        ["Turnover was 8.5% in 2023-24.", "Vacancies fell."],
    ),
    (
        "Heading line\nThe score was 62.5 out of 100.",
        ["Heading line", "The score was 62.5 out of 100."],
    ),
    (
        "• 1,511 concerns were raised\n• 252 enquiries started",
        ["• 1,511 concerns were raised", "• 252 enquiries started"],
    ),
    (
        "Support e.g. reablement was offered. It worked.",
        ["Support e.g. reablement was offered.", "It worked."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_split(text: str, expected: list[str]) -> None:
    page = Page("d", 1, text)
    sentences = split_sentences(page)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert page.text[s.start : s.end] == s.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_spans_always_match_the_text(text: str) -> None:
    page = Page("d", None, text)
    for s in split_sentences(page):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
