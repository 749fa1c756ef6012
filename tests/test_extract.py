"""Extraction: a sentence in, the figures a reader would record out.

The sentences are written for these tests (not taken from the samples); each expected
row was worked out by reading the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pipeline.records import Metric, RawDocument, RawPage
from pipeline.run import extract_document


@dataclass(frozen=True)
class Row:
    metric: str
    value: float
    unit: str
    council: str | None
    qualifier: str = "exact"
    period: str | None = None
    comparator_scope: str | None = None
    comparator_value: float | None = None
    family: str | None = None


def extract(text: str, title: str | None = None) -> list[Metric]:
    doc = RawDocument("doc", "doc.txt", "text/plain", title, (RawPage(None, text),))
    _, metrics, _, _ = extract_document(doc)
    return metrics


def as_row(m: Metric) -> Row:
    return Row(
        m.metric,
        m.value,
        m.unit,
        m.council,
        m.qualifier,
        m.period,
        m.comparator_scope,
        m.comparator_value,
        m.family,
    )


CASES = [
    (
        "Staff turnover at Camden Council was 12.5% in 2023-24, below the national average of 24.2%.",
        [
            Row(
                "staff_turnover_rate",
                12.5,
                "percent",
                "Camden",
                "exact",
                "2023-24",
                "national",
                24.2,
                "workforce",
            )
        ],
    ),
    (
        "In Leeds the vacancy rate rose from 6% in 2021-22 to 9.5% in 2022-23.",
        [
            Row(
                "staff_vacancy_rate",
                9.5,
                "percent",
                "Leeds",
                "exact",
                "2022-23",
                "previous_period",
                6.0,
                "workforce",
            )
        ],
    ),
    (
        "In Bristol more than 1,200 people were waiting for a Care Act assessment as of March 2024.",
        [
            Row(
                "people_waiting_assessment",
                1200,
                "count",
                "Bristol",
                "over",
                "as of March 2024",
                None,
                None,
                "waiting",
            )
        ],
    ),
    (
        "Around 340 people in Norfolk were waiting for an occupational therapy assessment.",
        [
            Row(
                "people_waiting_ot_assessment",
                340,
                "count",
                "Norfolk",
                "about",
                None,
                None,
                None,
                "waiting",
            )
        ],
    ),
    (
        "In 2023-24 Devon County Council received 2,310 safeguarding concerns and started 640 section 42 enquiries.",
        [
            Row(
                "safeguarding_concerns",
                2310,
                "count",
                "Devon",
                "exact",
                "2023-24",
                None,
                None,
                "safeguarding",
            ),
            Row(
                "safeguarding_enquiries",
                640,
                "count",
                "Devon",
                "exact",
                "2023-24",
                None,
                None,
                "safeguarding",
            ),
        ],
    ),
    (
        "Kent County Council was rated Good by the Care Quality Commission, with a score of 71.",
        [
            Row("cqc_rating", 3, "rating", "Kent", family="rating"),
            Row("cqc_score", 71, "score", "Kent", family="score"),
        ],
    ),
    (
        "Close behind came Wigan (seven 3s and two 2s).",
        [
            Row(
                "quality_statements_scored_3", 7, "count", "Wigan", family="quality_statement_score"
            ),
            Row(
                "quality_statements_scored_2", 2, "count", "Wigan", family="quality_statement_score"
            ),
        ],
    ),
    (
        "Inspectors found Leeds had no waiting lists for care assessments or reviews.",
        [
            Row("people_waiting_assessment", 0, "count", "Leeds", family="waiting"),
            Row("people_waiting_review", 0, "count", "Leeds", family="waiting"),
        ],
    ),
    (
        "In Sheffield, 78.4% of older people were still at home 91 days after discharge from hospital, compared with 82.5% in England.",
        [
            Row(
                "older_people_home_91_days_after_discharge_rate",
                78.4,
                "percent",
                "Sheffield",
                "exact",
                None,
                "england",
                82.5,
                "reablement",
            )
        ],
    ),
    (
        "Waits for a financial assessment in Croydon were between four and six weeks.",
        [
            Row(
                "wait_time_financial_assessment",
                4,
                "weeks",
                "Croydon",
                "range_low",
                family="waiting",
            ),
            Row(
                "wait_time_financial_assessment",
                6,
                "weeks",
                "Croydon",
                "range_high",
                family="waiting",
            ),
        ],
    ),
    (
        "Nationally, 640,240 safeguarding concerns were raised in 2024-25.",
        [
            Row(
                "safeguarding_concerns",
                640240,
                "count",
                "England",
                "exact",
                "2024-25",
                None,
                None,
                "safeguarding",
            )
        ],
    ),
    (
        "In Hounslow satisfaction with care and support was 64% (London average 61%).",
        [
            Row(
                "satisfied_with_care_rate",
                64,
                "percent",
                "Hounslow",
                "exact",
                None,
                "london",
                61.0,
                "survey",
            )
        ],
    ),
    (
        "Hertfordshire made 512 admissions to care homes per 100,000 people aged 65 and over in 2022-23.",
        [
            Row(
                "care_home_admissions_65plus",
                512,
                "per_100k",
                "Hertfordshire",
                "exact",
                "2022-23",
                None,
                None,
                "care_homes",
            )
        ],
    ),
    (
        "For adults aged 18 to 64 in Leeds the admission rate was 17.9 per 100,000.",
        [Row("care_home_admissions_18_64", 17.9, "per_100k", "Leeds", family="care_homes")],
    ),
    (
        "Leeds admitted 560 people per 100,000 aged 65 and over to care homes, and 14.2 per "
        "100,000 of those aged 18-64.",
        [
            Row("care_home_admissions_65plus", 560, "per_100k", "Leeds", family="care_homes"),
            Row("care_home_admissions_18_64", 14.2, "per_100k", "Leeds", family="care_homes"),
        ],
    ),
    (
        "In Leeds the vacancy rate was 9.1% in 2023-24, above the England figure of 8.3%.",
        [
            Row(
                "staff_vacancy_rate",
                9.1,
                "percent",
                "Leeds",
                period="2023-24",
                comparator_scope="england",
                comparator_value=8.3,
                family="workforce",
            )
        ],
    ),
    (
        "Turnover in Luton was 26%, against an East of England average of 25%.",
        [
            Row(
                "staff_turnover_rate",
                26,
                "percent",
                "Luton",
                comparator_scope="regional",
                comparator_value=25.0,
                family="workforce",
            )
        ],
    ),
    (
        "In 2023-24 Leeds received 4,870 safeguarding concerns, of which 1,295 led to a section "
        "42 enquiry.",
        [
            Row("safeguarding_concerns", 4870, "count", "Leeds", period="2023-24"),
            Row("safeguarding_enquiries", 1295, "count", "Leeds", period="2023-24"),
        ],
    ),
    (
        "Only 61% of DoLS applications in Leeds were completed within the statutory 21 days.",
        [Row("dols_completed_within_21_days_rate", 61, "percent", "Leeds")],
    ),
    (
        "Demand for adult social care in Leeds rose by 12% between 2021 and 2024.",
        [Row("demand_increase_rate", 12, "percent", "Leeds", period="2021-24", family="demand")],
    ),
    (
        "Leeds supports approximately 5,400 people with long-term care, and 27.6% of them "
        "receive a direct payment.",
        [
            Row("people_receiving_long_term_support", 5400, "count", "Leeds", "about"),
            Row("direct_payment_rate", 27.6, "percent", "Leeds", family="activity"),
        ],
    ),
    (
        "Staff vacancies in Leeds fell to 7.2%, from 9.6% in 2022/23.",
        [
            Row(
                "staff_vacancy_rate",
                7.2,
                "percent",
                "Leeds",
                comparator_scope="previous_period",
                comparator_value=9.6,
                family="workforce",
            )
        ],
    ),
    (
        "In the 12 months to March 2024, Leeds received 11,800 contacts.",
        [Row("contacts", 11800, "count", "Leeds", period="2023-24")],
    ),
    (
        "Nearly 8 in 10 people in Leeds (79%) said it was easy to find information about support.",
        [Row("info_advice_easy_to_find_rate", 79, "percent", "Leeds", family="survey")],
    ),
    (
        "Leeds achieved a score of 63 out of 100, placing it in the upper half of councils.",
        [Row("cqc_score", 63, "score", "Leeds", family="score")],
    ),
    (
        "In Leeds 64 per cent of carers were satisfied with the support they received.",
        [Row("carer_satisfaction_rate", 64, "percent", "Leeds", family="survey")],
    ),
    (
        "In Leeds 93.4% of people who received short-term support needed no further help.",
        [Row("short_term_no_further_support_rate", 93.4, "percent", "Leeds", family="reablement")],
    ),
    (
        "Adult social care accounts for 38% of Leeds City Council's net revenue budget.",
        [Row("asc_share_of_expenditure", 38, "percent", "Leeds", family="finance")],
    ),
    (
        "The population of Leeds is estimated at 830,000.",
        [Row("population", 830000, "count", "Leeds", family="population")],
    ),
    (
        "The Leeds social care workforce totals around 23,000.",
        [Row("workforce_headcount", 23000, "count", "Leeds", "about", family="workforce")],
    ),
    (
        "Leeds spent £312 million on adult social care in 2023-24, 41% of its total budget.",
        [
            Row("asc_spend", 312_000_000, "gbp", "Leeds", period="2023-24", family="finance"),
            Row("asc_share_of_expenditure", 41, "percent", "Leeds", period="2023-24"),
        ],
    ),
    (
        "Local authority assessment: Leeds City Council\n\nQuality rating: Requires improvement",
        [Row("cqc_rating", 2, "rating", "Leeds", family="rating")],
    ),
    (
        "Kirklees Council and Medway Council were both rated requires improvement, with scores "
        "of 52 and 49 respectively.",
        [
            Row("cqc_rating", 2, "rating", "Kirklees", family="rating"),
            Row("cqc_rating", 2, "rating", "Medway", family="rating"),
            Row("cqc_score", 52, "score", "Kirklees", family="score"),
            Row("cqc_score", 49, "score", "Medway", family="score"),
        ],
    ),
    (
        "Bolton, Wigan and Salford had turnover rates of 21%, 18% and 25% respectively.",
        [
            Row("staff_turnover_rate", 21, "percent", "Bolton", family="workforce"),
            Row("staff_turnover_rate", 18, "percent", "Wigan", family="workforce"),
            Row("staff_turnover_rate", 25, "percent", "Salford", family="workforce"),
        ],
    ),
    (
        "Sunderland had reduced its waiting list for assessments to 212 people, from a peak of "
        "640 in 2022.",
        [
            Row(
                "people_waiting_assessment",
                212,
                "count",
                "Sunderland",
                comparator_scope="previous_period",
                comparator_value=640.0,
                family="waiting",
            )
        ],
    ),
    (
        "In 2023-24 staff turnover in Leeds was 27.3% and the vacancy rate 10.2%.",
        [
            Row("staff_turnover_rate", 27.3, "percent", "Leeds", period="2023-24"),
            Row("staff_vacancy_rate", 10.2, "percent", "Leeds", period="2023-24"),
        ],
    ),
    (
        "Turnover in Leeds was 20%, compared with a rate of 24% across England.",
        [
            Row(
                "staff_turnover_rate",
                20,
                "percent",
                "Leeds",
                comparator_scope="england",
                comparator_value=24.0,
            )
        ],
    ),
    (
        "In Norfolk waiting times for occupational therapy have reduced from an average of 19 "
        "weeks to six weeks.",
        [
            Row(
                "wait_time_ot_assessment",
                6,
                "weeks",
                "Norfolk",
                comparator_scope="previous_period",
                comparator_value=19.0,
            )
        ],
    ),
    (
        "Over 3,000 carers in Norfolk have had a carer's assessment this year.",
        [Row("carer_assessments", 3000, "count", "Norfolk", "over", family="activity")],
    ),
    (
        "Norfolk spends over half its budget - £400m - on adult social care.",
        [
            Row("asc_share_of_expenditure", 50, "percent", "Norfolk", "over", family="finance"),
            Row("asc_spend", 400_000_000, "gbp", "Norfolk", family="finance"),
        ],
    ),
    (
        "ASCOF 1C(2a) - direct payments in Leeds: 27.1%.",
        [Row("direct_payment_rate", 27.1, "percent", "Leeds", family="activity")],
    ),
    (
        "ASCOF 2B(1): in Leeds 79.4% of older people were at home 91 days after discharge.",
        [Row("older_people_home_91_days_after_discharge_rate", 79.4, "percent", "Leeds")],
    ),
    (
        "Measure 2A(2) in Leeds, long-term support needs of older adults met by admission to "
        "residential and nursing care homes, was 543.2 per 100,000.",
        [Row("care_home_admissions_65plus", 543.2, "per_100k", "Leeds", family="care_homes")],
    ),
    (
        "Permanent admissions in Leeds (65+): 560 per 100,000; (18-64): 14.2 per 100,000.",
        [
            Row("care_home_admissions_65plus", 560, "per_100k", "Leeds", family="care_homes"),
            Row("care_home_admissions_18_64", 14.2, "per_100k", "Leeds", family="care_homes"),
        ],
    ),
    (
        "Sheffield ranks 12th out of 153 councils for overall satisfaction.",
        [Row("overall_satisfaction_rank", 12, "rank", "Sheffield", family="survey")],
    ),
    (
        "Of the councils assessed so far, 20 have been rated good and none inadequate.",
        [
            Row("councils_rated_good", 20, "count", "England", family="rating"),
            Row("councils_rated_inadequate", 0, "count", "England", family="rating"),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:60] for c in CASES])
def test_sentence_to_rows(sentence: str, expected: list[Row]) -> None:
    got = [as_row(m) for m in extract(sentence)]
    for row in expected:
        candidates = [
            g
            for g in got
            if (g.metric, g.value, g.unit, g.qualifier)
            == (row.metric, row.value, row.unit, row.qualifier)
        ]
        assert candidates, f"missing {row} in {got}"
        if row.family is None:
            candidates = [Row(**{**g.__dict__, "family": None}) for g in candidates]
        # two rows may share metric and value (one rating for each of two councils)
        found = row if row in candidates else candidates[0]
        assert found == row
    assert len(got) == len(expected), got


NOT_FIGURES = [
    "Our 2024-27 strategy has five priorities and three themes.",
    "The service covers people aged 18-64 and those aged 65 and over.",
    "Each council is scored against nine quality statements, with a score out of 100 and marks of 1-4.",
    "See Section 3.2 and Appendix 4, or call 0113 222 4444 before 1 April 2025.",
    "A full review takes place 4-6 weeks later, and a six-week reablement service is offered.",
    "The proportion of DoLS applications completed within 21 days is published each year.",
    "Nine out of ten people who used our reablement service were living independently.",
    "The Covid-19 pandemic changed how the Care Act 2014 duties were met.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(sentence: str) -> None:
    assert extract(sentence) == []


def test_subject_council_owns_we_and_our() -> None:
    text = (
        "Barking and Dagenham Council self-assessment.\n"
        "Our staff turnover was 9% in 2023-24.\n"
        "We completed 410 carer assessments in 2023-24.\n"
    )
    rows = extract(text, title="Barking and Dagenham adult social care self-assessment")
    assert {(m.metric, m.council) for m in rows} == {
        ("staff_turnover_rate", "Barking and Dagenham"),
        ("carer_assessments", "Barking and Dagenham"),
    }


def test_a_named_council_wins_over_the_subject() -> None:
    text = (
        "Camden Council news.\nCamden was rated Outstanding.\nCamden's vacancy rate was 16.8%.\n"
        "By contrast, Hackney's vacancy rate was 11%.\n"
    )
    rows = {m.value: m.council for m in extract(text, title="Camden rated Outstanding")}
    assert rows[16.8] == "Camden" and rows[11.0] == "Hackney"


def test_statement_scores_are_read_from_the_list() -> None:
    text = (
        "Lambeth received a score of 3 in five quality statements. These were assessing needs; "
        "supporting people to live healthier lives; partnerships and communities; safeguarding; "
        "and governance, management and sustainability."
    )
    rows = {m.metric: m.value for m in extract(text)}
    assert rows["quality_statements_scored_3"] == 5
    assert {k for k in rows if k.startswith("qs_")} == {
        "qs_assessing_needs",
        "qs_supporting_healthier_lives",
        "qs_partnerships_and_communities",
        "qs_safeguarding",
        "qs_governance_management_sustainability",
    }
    assert {v for k, v in rows.items() if k.startswith("qs_")} == {3.0}


def test_offsets_point_at_the_figure() -> None:
    text = "In Leeds, 1,234 contacts were received in 2023-24."
    (m,) = extract(text)
    assert text[m.char_start : m.char_end] == "1,234"
    assert text[m.quote_start : m.quote_end] == m.quote


def test_a_period_introducing_a_list_carries_to_its_items() -> None:
    text = (
        "Leeds City Council in numbers.\n"
        "Key figures for 2023-24:\n"
        "• 12,400 contacts\n"
        "• 3,100 referrals to adult social care\n"
        "Elsewhere, 410 carers were supported.\n"
    )
    periods = {m.value: m.period for m in extract(text)}
    assert periods == {12400.0: "2023-24", 3100.0: "2023-24", 410.0: None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bolton's statement scores:\n1. Assessing people's needs - 3\n2. Safeguarding: 2\n",
            {"qs_assessing_needs": 3.0, "qs_safeguarding": 2.0},
        ),
        ("Bolton was scored 3 for safeguarding.", {"qs_safeguarding": 3.0}),
        ("Bolton scored 89 out of 100 overall.", {"cqc_score": 89.0}),
        (
            "Inspectors scored three of Bolton's quality statements at 3 and six at 2.",
            {"quality_statements_scored_3": 3.0, "quality_statements_scored_2": 6.0},
        ),
        (
            "In Bolton seven quality statements were rated 3, and two were rated at 2.",
            {"quality_statements_scored_3": 7.0, "quality_statements_scored_2": 2.0},
        ),
        (
            "Bolton had five statements scored at 3, three at 2 and one at 1.",
            {
                "quality_statements_scored_3": 5.0,
                "quality_statements_scored_2": 3.0,
                "quality_statements_scored_1": 1.0,
            },
        ),
        (
            "Bolton was given eight 3s and one 2.",
            {"quality_statements_scored_3": 8.0, "quality_statements_scored_2": 1.0},
        ),
        (
            "Bolton scored 2 in four of the nine quality statements.",
            {"quality_statements_scored_2": 4.0},
        ),
        (
            "Four of the nine quality statements were scored as 2 in Bolton.",
            {"quality_statements_scored_2": 4.0},
        ),
    ],
)
def test_statement_and_score_forms(text: str, expected: dict[str, float]) -> None:
    rows = {m.metric: m.value for m in extract(text) if m.council == "Bolton"}
    assert rows == expected


def test_respectively_pairs_figures_with_the_measures_before_them() -> None:
    text = (
        "In Leeds the vacancy rate was 9% in 2022-23 and staff turnover 21%, "
        "and both fell in 2023-24, to 7% and 18% respectively."
    )
    rows = {m.value: (m.metric, m.comparator_scope, m.comparator_value) for m in extract(text)}
    assert rows[7.0] == ("staff_vacancy_rate", "previous_period", 9.0)
    assert rows[18.0] == ("staff_turnover_rate", "previous_period", 21.0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "The proportion of people in Leeds who receive self-directed support is 98.7%, above "
            "the North West average of 93.2%.",
            "self_directed_support",
        ),
        (
            "Leeds increased the rates it pays for home care by 9.5%, compared with 7% before.",
            "home_care",
        ),
    ],
)
def test_a_made_up_key_names_the_measure_not_the_comparison(text: str, words: str) -> None:
    # without a taxonomy metric the key comes from the clause's words, which stop where the
    # comparison begins ("above the North West average")
    (first, *_) = extract(text)
    assert words in first.metric, first.metric
    assert not {"above", "average", "compared", "north"} & set(first.metric.split("_"))


def test_a_figure_stated_nationally_is_englands_unless_it_is_a_comparison() -> None:
    text = (
        "In Leeds 1,450 people were waiting for an assessment. An estimated 418,000 people "
        "were waiting for care nationally. Turnover in Leeds was 20%, against 25% nationally. "
        "The vacancy rate in Leeds, at 9%, is below the rate nationally."
    )
    councils = {m.value: m.council for m in extract(text)}
    assert councils == {1450: "Leeds", 418000: "England", 20: "Leeds", 9: "Leeds"}


def test_a_change_and_the_count_it_reached_are_two_figures() -> None:
    # "increased by 9% to 11,304" is not a range from 9 to 11,304
    rows = extract("In Leeds the number of safeguarding concerns increased by 9% to 11,304.")
    by_value = {m.value: m for m in rows}
    assert set(by_value) == {9, 11304}
    assert (by_value[9].unit, by_value[9].qualifier) == ("percent", "exact")
    concerns = by_value[11304]
    assert (concerns.metric, concerns.unit, concerns.qualifier) == (
        "safeguarding_concerns",
        "count",
        "exact",
    )


def test_a_price_against_a_benchmark_price_is_its_comparator() -> None:
    (row,) = extract(
        "The average hourly rate Leeds pays for home care is £24.10, against the Homecare "
        "Association's minimum price of £29.35."
    )
    assert (row.value, row.unit, row.comparator_value) == (24.10, "gbp", 29.35)


def test_a_reports_score_lines_score_the_statement_heading_above_them() -> None:
    text = (
        "Bolton Council: local authority assessment\n\nAssessing needs\n\nScore: 2\n\n"
        "2 - Evidence shows some shortfalls\n\nSafeguarding\n\n"
        "Score: 3 - Evidence shows a good standard\n"
    )
    rows = [(m.metric, m.value, m.unit, m.council) for m in extract(text)]
    assert rows == [
        ("qs_assessing_needs", 2.0, "score", "Bolton"),
        ("qs_safeguarding", 3.0, "score", "Bolton"),
    ]


def test_a_score_line_without_a_statement_heading_is_not_a_statement_score() -> None:
    rows = [(m.metric, m.family) for m in extract("Bolton Council\n\nScore: 2\n")]
    assert all(family != "quality_statement_score" for _, family in rows)
