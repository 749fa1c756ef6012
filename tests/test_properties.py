"""Property tests over arbitrary and document-like text for cleaning, sentences, quantities and the
whole extraction of a document: nothing raises, every offset lies inside its text, and every span
reads back as the text the record quotes.

``tests/test_clean.py``, ``test_sentences.py`` and ``test_quantities.py`` already run plain
``st.text()``; random characters rarely make figures or sentences, so the strategy here also joins
fragments of council prose (numbers, percentages, money, periods, councils, hyphenation, bullets,
footnote marks, odd whitespace and Unicode) into text that exercises the interesting paths.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import clean_document, clean_text
from pipeline.quantities import parse_quantities
from pipeline.records import QUALIFIERS, UNITS, Page, RawDocument, RawPage
from pipeline.run import extract_document
from pipeline.sentences import split_sentences

FRAGMENTS = [
    "Staff turnover at Camden Council was 8.5% in 2023-24",
    ", against a national average of 24%",
    "The vacancy rate fell from 12% to 9.1%.",
    "There were 1,511 safeguarding concerns and 252 enquiries",
    " £24.5 million ",
    "between 5 and 6 weeks",
    "Hackney was rated Requires Improvement with a score of 62",
    "as of June 2023",
    "self-\nassessment",
    "\n\n",
    "\n",
    "• ",
    "e.g. ",
    "approx. 3",
    "¹",
    "3,",
    " - ",
    "\u00a0",
    "\u2013",
    "\t",
    "\r\n",
    "https://example.org/x\n",
    "one in five",
    "17th",
    "0.0001%",
    "99999999999999999999",
    "Kent County Council",
    "(",
    ")",
    ".",
    "England",
]

DOCUMENT_TEXT = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30
).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), DOCUMENT_TEXT)
WRAPPED = st.sampled_from([None, True, False])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(ANY_TEXT, min_size=1, max_size=4), WRAPPED)
def test_cleaning_keeps_one_page_per_page(texts: list[str], wrapped: bool | None) -> None:
    raw = RawDocument(
        "d",
        "s",
        "application/pdf",
        None,
        tuple(RawPage(i + 1, t) for i, t in enumerate(texts)),
        wrapped,
    )
    pages = clean_document(raw)
    assert [(p.doc_id, p.number) for p in pages] == [("d", i + 1) for i in range(len(texts))]
    assert all(isinstance(p.text, str) for p in pages)


@FAST
@given(ANY_TEXT, WRAPPED)
def test_sentences_lie_in_order_inside_the_page(text: str, wrapped: bool | None) -> None:
    for page_text in (text, clean_text(text, wrapped)):
        sentences = split_sentences(Page("d", 1, page_text))
        end = 0
        for s in sentences:
            assert end <= s.start < s.end <= len(page_text)
            assert page_text[s.start : s.end] == s.text == s.text.strip()
            end = s.end


@FAST
@given(ANY_TEXT)
def test_quantities_read_back_from_their_spans(text: str) -> None:
    for q in parse_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert math.isfinite(q.value)
        assert q.unit is None or q.unit in UNITS
        assert q.qualifier in QUALIFIERS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DOCUMENT_TEXT, min_size=1, max_size=3), WRAPPED)
def test_every_metric_quotes_its_page(texts: list[str], wrapped: bool | None) -> None:
    raw = RawDocument(
        "d", "s", "text/plain", None, tuple(RawPage(i + 1, t) for i, t in enumerate(texts)), wrapped
    )
    pages, metrics, _, _ = extract_document(raw)
    by_number = {p.number: p.text for p in pages}
    for m in metrics:
        text = by_number[m.page]
        assert 0 <= m.quote_start <= m.char_start < m.char_end <= m.quote_end <= len(text)
        assert text[m.quote_start : m.quote_end] == m.quote
        assert text[m.char_start : m.char_end].strip()
        assert math.isfinite(m.value)
