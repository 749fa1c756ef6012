"""Cleaning: raw page text in, text as a reader reads it out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.clean import clean_text, find_footnote_markers, normalise_characters

WRAPPED = [
    # joined wrapped lines and hyphenation across a line break
    (
        "The self-\nassessment found that 2,845 adults received care and support in the borough\nthroughout 2021-22 and\nmore.\n\n"
        * 3,
        "The self-assessment found that 2,845 adults received care and support in the borough throughout 2021-22 and more.",
    ),
    # a financial year split across lines
    (
        "6419 contacts were made with the Adult Intake Team in 2022-\n23, of which 26% led to a referral for a care assessment.\n\n"
        * 3,
        "6419 contacts were made with the Adult Intake Team in 2022-23, of which 26% led to a referral for a care assessment.",
    ),
]


@pytest.mark.parametrize(("raw", "first_paragraph"), WRAPPED)
def test_wrapped_lines_join(raw: str, first_paragraph: str) -> None:
    assert clean_text(raw, wrapped=True).split("\n")[0] == first_paragraph


def test_paragraph_split_by_a_blank_line_rejoins_in_lower_case() -> None:
    assert clean_text("2,845 adults received long-term\n\nsupport throughout 2021-22.") == (
        "2,845 adults received long-term support throughout 2021-22."
    )


def test_bare_url_lines_are_dropped() -> None:
    text = "Turnover was 12%.\nhttps://www.example.gov.uk/a/b\nwww.example.org\nVacancies were 8%."
    assert clean_text(text, wrapped=False) == "Turnover was 12%.\nVacancies were 8%."


def test_characters_are_normalised() -> None:
    assert (
        normalise_characters("2023\u201324\u00a0\u2018good\u2019 \ufb01nal\u00b9")
        == "2023-24 'good' final"
    )


def test_footnote_markers_in_sequence_are_removed() -> None:
    text = (
        "About 219,000i people live here. Some 16ii per cent. We monitor thisiii and this. "
        "In 2022-23iv the rate fell. In London and Londonv it rose."
    )
    cleaned = clean_text(text, wrapped=False)
    assert cleaned == (
        "About 219,000 people live here. Some 16 per cent. We monitor this and this. "
        "In 2022-23 the rate fell. In London and London it rose."
    )


def test_words_ending_in_roman_letters_are_kept() -> None:
    assert find_footnote_markers(["A civic duty: civic will, six, mix and taxi."]) == [[]]


@given(st.text(max_size=400))
def test_clean_never_raises(text: str) -> None:
    assert isinstance(clean_text(text), str)
