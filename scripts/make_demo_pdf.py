"""Write the demo self-assessment PDF that the council-metrics pipeline reads in ``make run``.

The PDF imitates an English council's adult social care self-assessment: a cover page, a
contents page, a "facts and figures" page, sections for the CQC themes and quality statements,
a running header and footer on every page, and footnote markers printed as small raised
lower-case roman numerals glued to the preceding word or number. After text extraction such a
marker reads like ``in 2022-23xii`` or ``as we monitor thisiv``, which is what real
self-assessments look like to the pipeline.

The text was written by the council-metrics team in its own words. Every figure in it restates a
public fact about the London Borough of Barking and Dagenham taken from the council's published
self-assessment and press release (see ``data/raw/README.md``). It is not a document of the
council.

Layout is done here rather than by fpdf2's ``multi_cell`` so that footnote markers can be raised
and so that a paragraph containing a figure is never split across a page break. The output is
byte-for-byte reproducible: the creation date is fixed and fpdf2 derives the file identifier
from the content.

Usage::

    python scripts/make_demo_pdf.py [--out PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from fpdf import FPDF

from pipeline.clean import roman  # the same numbering the cleaner removes

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
DEFAULT_OUT: Final = (
    REPO_ROOT / "data" / "raw" / "barking-and-dagenham-self-assessment.generated.pdf"
)

TITLE: Final = "Barking and Dagenham Adult Social Care Self-Assessment"
CREATION_DATE: Final = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

# Page geometry (mm) and type sizes (pt). Only footnote markers are set below 9 pt, which lets
# tests/data/check_demo_expected.py find them by font size.
PAGE_W: Final = 210.0
PAGE_H: Final = 297.0
LEFT: Final = 22.0
RIGHT: Final = 22.0
TEXT_W: Final = PAGE_W - LEFT - RIGHT
TOP: Final = 30.0
BOTTOM: Final = PAGE_H - 24.0
FONT: Final = "Helvetica"
BODY_SIZE: Final = 11.0
LINE_H: Final = 5.6
PARA_GAP: Final = 2.8
MARKER_SIZE: Final = 8.0
MARKER_RISE: Final = 0.7  # mm; from about 0.9 pdfium starts a new line after some markers
BULLET_INDENT: Final = 6.0
ACCENT: Final = (0, 92, 99)
GREY: Final = (96, 96, 96)
BLACK: Final = (0, 0, 0)

BlockKind = Literal["h1", "h2", "lead", "para", "bullet", "page"]
Segment = tuple[str, bool]  # (text, is_footnote_marker)
Word = tuple[Segment, ...]

FOOTNOTE_RE: Final = re.compile(r"\^\[([^\]]+)\]")
DIGIT_RE: Final = re.compile(r"\d")


@dataclass(frozen=True)
class Block:
    """One unit of the document: a heading, a bold lead-in line, a paragraph or a bullet."""

    kind: BlockKind
    segments: tuple[Segment, ...]

    @property
    def plain(self) -> str:
        """The block's text without footnote markers."""
        return "".join(text for text, marker in self.segments if not marker)

    @property
    def has_figure(self) -> bool:
        """Whether the block states a number (such blocks are kept on one page)."""
        return DIGIT_RE.search(self.plain) is not None


# --------------------------------------------------------------------------------------------
# Content. A small markup: "# " section heading (starts a page), "## " quality statement
# heading, "> " bold lead-in line, "- " bullet, "@page" page break, blank line ends a block.
# "^[note]" glued to a word is a footnote: it prints as the next roman numeral and the note
# goes to the "Notes and sources" list at the end. Plain ASCII only (core PDF fonts are
# latin-1), so quotes are straight and dashes are hyphens.
# --------------------------------------------------------------------------------------------

FACTS = """
# At a glance: facts and figures

The figures below give a quick picture of adult social care in Barking and Dagenham. The sections
that follow explain what sits behind them, with comparisons where they are available.

- 2,845 adults received long-term care and support during 2021-22.
- The adult social care sector in the borough employed 8,000 people in 2021-22.
- Of the people receiving long-term support, 44% had homecare, 21% lived in a care home and 29%
arranged their support through a direct payment.
- As of June 2023, 113 homecare providers were registered in the borough, and 13 providers were on
our commissioning framework.
- In the 2022-23 survey of people who use services, 64.5% said they were extremely or very
satisfied with their care and support.
- 246 carers' assessments were completed in 2022-23.
- The Adult Intake Team dealt with 6,419 contacts in 2022-23, and 26% of these led to a referral
for adult social care or safeguarding.
- 1,239 referrals were made to adult social care in 2022-23.
- In 2022-23, 1,511 safeguarding concerns were raised and 252 safeguarding enquiries were started.
- The risk was reduced or removed in 90% of safeguarding enquiries.
- Adult social care accounted for 14% of the council's spending in 2021-22.
- We support a larger share of our older residents than the London average does, reflecting high
levels of deprivation.
- The cost of support for each person we help is lower than the London average.
"""

INTRODUCTION = """
# 1 Introduction and context

## 1.1 About this self-assessment

This document sets out how the London Borough of Barking and Dagenham meets its duties under Part 1
of the Care Act 2014. It follows the structure of the Care Quality Commission (CQC) assessment
framework for local authorities, theme by theme and quality statement by quality statement. For
each quality statement we describe what we do well, the evidence that tells us so, and where we
know that we need to improve.

We have written it for the CQC, for our partners and for residents. It draws on performance data,
surveys of people who draw on care and support and of unpaid carers, feedback from staff and
partners, case file evaluations, peer review and other external challenge. Where we quote a figure
we give the year it relates to and, where one is available, a comparison with London or England.

Our overall judgement is that adult social care in Barking and Dagenham is stable, responsive and
focused on people's strengths. We are proud of a workforce that stays with us, knows its
communities well and takes ownership of difficult situations. Assessments are timely in most areas,
many people choose to organise their own support through a direct payment, and care technology is
helping more people to remain independent at home. Our partnerships with the NHS and with the
voluntary and community sector are strong and getting stronger.

We are equally clear about our challenges. The borough has some of the highest levels of
deprivation in the country, and the cost-of-living crisis and the aftermath of the Covid-19
pandemic continue to shape demand for care. Our population is growing and changing, needs are
becoming more complex, and the local care market faces real pressure on costs and recruitment. Our
budget has been under strain for many years, and we have had to manage these risks while continuing
to provide good support.

The improvements we are prioritising are:

- Making prevention more targeted, with a stronger offer in every neighbourhood.
- Building a reablement and short-term support offer that helps more people regain their
independence.
- Moving from consultation and engagement towards genuine co-production.
- Creating a Multi-Agency Safeguarding Hub so that concerns receive a single, joined-up response.
- Redesigning support for working-age adults with a disability.
- Planning for more bed-based care in the borough for a population that is growing older.

## 1.2 The borough

Barking and Dagenham sits on the eastern edge of London, beside the Thames. It is a young,
fast-changing and diverse place, and much of its recent growth has come from new communities
choosing to settle here. Some families have lived in the borough for generations, while many other
residents arrived only recently.

Around 219,000^[Office for National Statistics, Census 2021.] people live in the borough, 18% more
than ten years earlier, and the population is expected to keep growing.

Few places in England are as ethnically diverse as Barking and Dagenham. 16% of residents have a
Black African background, the highest proportion of any local authority in England^[Office for
National Statistics, Census 2021, ethnic group by local authority.].

The borough is young: more than a quarter of residents are under 16, and only 9% are aged 65 or
over.

The make-up of the population differs sharply between generations, and older residents are much
more likely than working-age residents to be White British. As today's working-age communities grow
older, the support they look for will change, and our services need to be ready for that.

Deprivation is part of daily life for many residents. The borough ranks 17th out of 152 local
authorities in England on overall deprivation^[English Indices of Deprivation, local authority
summaries.]. Relatively high unemployment, fuel poverty and problem debt add to the pressure on
households. Levels of domestic abuse are high, and tackling it is a shared priority for the council
and its partners.

Population churn is high, and a significant number of residents have come to the borough after
seeking asylum or through refugee resettlement schemes^[Council analysis of migration and
resettlement data.]. People who are new to the country may not know what help is available, and
some have good reason to be wary of public services. Building trust is therefore part of everyday
practice for our staff. Our Corporate Plan sets out the council's ambition for Barking and Dagenham
to be a place where people are proud to live, work, study and stay.

## 1.3 Health and wellbeing

Health inequalities in the borough are stark, and they are closely linked to deprivation and to the
wider determinants of health such as income, work and housing.

In 2018-20, healthy life expectancy at birth was 58 years for men and 60 years for women, compared
with London averages of 63.5 and 64 years^[Office for Health Improvement and Disparities, Public
Health Outcomes Framework.].

Physical inactivity, excess weight and poor air quality all affect the health of adults here, and
residents rate their own health as worse than people in most parts of England do.

In 2019, Barking and Dagenham ranked first of all London boroughs for the prevalence of heart
disease, chronic obstructive pulmonary disease, lung cancer and stroke.

Common mental health conditions are estimated to be more prevalent here than the national average,
yet fewer adults are recorded by their GP or are in contact with mental health services than
nationally^[Office for Health Improvement and Disparities, mental health profiles.]. Many residents
live with several long-term conditions and unhealthy behaviours at once, which makes their support
more complex and means that health and care need to work as one.

The North East London Integrated Care Strategy and our Joint Health and Wellbeing Strategy give us
shared priorities with the NHS: a good start in life, living well and ageing well. Both commit
partners to tackling health inequalities, putting more weight on prevention and working with local
people to design services. This self-assessment shows how adult social care contributes to those
shared aims.
"""

WORKING_WITH_PEOPLE = """
# 2 Working with people

This theme looks at how we assess people's needs, how we help people to stay healthy and
independent, and how we make sure that everyone gets fair access to care and good outcomes from it.
It covers the quality statements on assessing needs, on supporting people to live healthier lives,
and on equity in experiences and outcomes.

In summary, people can reach us in several ways and most do not wait long for an assessment. Our
practice is built on people's strengths and on what matters to them, and carers are recognised as
partners in care. Waits for occupational therapy are too long, and we are tackling them. Our
prevention offer is broad, but it is not yet aimed well enough at the people who would benefit
most, and we are still building our understanding of inequality within adult social care.

## 2.1 Assessing needs

> People can find and ask for support in a way that suits them.

Residents can reach the Adult Intake Team through a single telephone number, by email, or face to
face at our community hubs^[Community hubs, council website.]. Carers can also go straight to the
local Carers Centre.

Around 6,400 residents contacted the team in 2022-23.

People tell us that staff are helpful once they get through, but residents and partners have also
said that it can be hard to reach the right person or team after the first contact. In response, we
are reshaping the front door so that teams are easier to contact, health and social care work more
closely together, and prevention is built in from the start. An online self-assessment will be
introduced, and more community hubs will open so that advice is available close to home.

> Eligibility decisions are clear and consistent.

Our website explains how assessments work, what people can expect, their rights and how to
challenge a decision, and staff talk this through in person. We will add printed information,
including easy read versions and translations into community languages.

Training and supervision support consistent decisions: applying the eligibility criteria well was
identified as good practice when we evaluated 65 case files in early 2023^[Case file evaluation
summary report.].

Supervision and routine case file audits continue to check how eligibility is applied, and we share
examples of good decisions in team meetings.

> Most people do not wait long for an assessment.

Relatively few residents have to wait for a social care assessment, and we keep this under close
watch. In 2022-23, 88 people were waiting for an assessment, fewer than the England average
reported in a 2022 survey by the Association of Directors of Adult Social Services^[ADASS, survey
of people waiting for assessments, care or reviews.]. People who are waiting are not left without
help, because the Crisis Intervention Service and our discharge to assess arrangements can put
support in place straight away.

Occupational therapy is the exception. Recruitment is difficult and demand is high, and as of June
2023 there were 626 people waiting for an occupational therapy assessment. We are training more
trusted assessors and putting more emphasis on prevention to bring this number down.

> Practice is based on people's strengths and on what matters to them.

Our Practice Standards^[Adult social care Practice Standards.] describe a strengths-based approach
that starts with a person's own story, their relationships and the things they can already do.
Training reinforces this, and a practice forum gives social workers a regular space to share what
works and to challenge each other. The wellbeing principle of the Care Act runs through the
standards, and supervision and case file evaluations test whether it is applied in practice. We
want to understand better how people experience this approach, and we will ask them directly.

> Care and support plans are reviewed regularly.

In 2021-22, 78% of people receiving long-term support had their care and support reviewed, well
ahead of the London average of 59%^[Short and Long Term (SALT) return.].

After a review in 2022-23, 73% of people kept the same level of support.

People have told us that reviews by telephone make it harder to have a meaningful conversation, so
we have reminded staff that annual reviews should take place face to face.

> People are supported by well-trained staff.

During 2022-23, 864 adult social care staff took part in 42 training courses on subjects including
positive risk-taking, trauma-informed practice and behaviour that challenges^[Learning and
development records.].

The annual learning and development programme is agreed with managers and reflects local priorities
and the areas of practice we most want to strengthen.

> Advocacy helps people to have their say.

Independent advocacy is widely offered and well used. In 2022-23, 240 people had the support of an
advocate during a Care Act assessment^[Advocacy contract monitoring returns.]. Case file
evaluations picked out our use of advocacy as good practice.

> Carers are recognised and supported.

Practitioners offer carers an assessment of their own, and the Carers Centre can also refer carers
to us.

In the most recent survey of carers, 69% said they were always or usually involved in discussions
about the person they care for, compared with a London average of 61%^[Survey of Adult Carers in
England (SACE).].

> People have choice and control over their support.

66% of people who answered our last service user survey reported having good choice over their care
and support, higher than the London average of 61%^[Adult Social Care Survey (ASCS).].

Direct payments are popular: in 2022-23, 29% of people supported in the community received a direct
payment, above the London average of 25%.

A review of client contributions showed that some people were unsure about their responsibilities
as a direct payment holder. We listened to people who use direct payments, personal assistants,
providers and staff, and redesigned our Direct Payment Support Service around what they told us
matters most: simplicity, transparency, practical help and thorough reviews. New information for
residents and new training for staff are already available.

> Charging is transparent, and we are making it easier to understand.

Our charging policy is published online and explained by staff. People who disagree with a
financial assessment can raise it with the financial assessment team or use the complaints
procedure. Partners and carers have told us that information about charging could be clearer, so we
are reviewing the policy, producing new printed information and building an online calculator so
that people can see in advance what they may have to pay.

> Support for working-age disabled adults is being reshaped.

The disability service now works with adults only, which gives managers more capacity and
oversight. We have added staff to the team and are recruiting permanent practitioners to reduce our
use of agency staff. A desk-based review of cases recommended better recording and more consistent
reviews, and a service improvement plan is putting this right.

@page

## 2.2 Supporting people to live healthier lives

> Information and advice are becoming easier to find.

Community hubs in local buildings let residents get help with social care, housing, benefits and
much more in one place, with council staff and social prescribers working alongside voluntary
sector partners. A peer review praised the model^[London ADASS peer review report.].

In our last service user survey, 63% of people found it easy to get information and advice about
support, which is better than the previous year and level with the London average.

Not everyone knows about the hubs yet, so we will keep promoting them and open more, with the aim
of a hub in every ward. We are also improving printed information, because some residents prefer
it, and making it easier to reach the right team by phone.

> The front door offers joined-up advice.

Staff at the front door use OneView, our own system that brings together information from housing,
benefits, adult social care and other services, to understand a person's whole situation^[OneView
system overview.].

In 2022-23, 69% of contacts with the Adult Intake Team were resolved through signposting,
information or advice, and 15% led to a referral to adult social care.

We are working with the NHS on a shared data set so that we can identify residents at risk of
needing care sooner and offer help earlier.

> Carers are helped to stay well.

Carers of all ages can get respite, information, advice, training and peer support, much of it
through the Carers Centre working closely with health partners.

In 2021-22, 1,000 carers used these services^[Carers Centre monitoring returns.].

Our most recent carers survey compares well with London on how carers feel about control over their
own lives, looking after themselves and feeling safe. The Carers Charter and its action plan set
out how we will reach more carers earlier.

> We understand loneliness and isolation and are acting on them.

Social isolation is a real concern for residents who draw on care and for the people who care for
them.

A quarter of carers who answered our last carers survey said they felt socially isolated, and 15%
of people with care needs told us they often or always feel lonely.

We fund befriending and community activities, and a new pilot with voluntary sector partners will
contact people at risk of isolation before they reach crisis point.

42% of people using services now have as much social contact as they would like, a rise over the
past two years that takes us above both the London and England averages for 2021-22^[Adult Social
Care Outcomes Framework (ASCOF).].

> Equipment, adaptations and technology help people to stay independent.

Our handyperson scheme, community equipment service and Aids and Adaptations Policy make up a clear
offer for people who want to stay in their own homes. The policy adds discretionary grants to the
mandatory Disabled Facilities Grant so that more disabled residents can live in homes adapted to
their needs.

Over the last year we have moved from a traditional alarm service to a wider care technology offer
built around prevention and data, including sensors, alerts and voice-activated devices^[Care
technology service specification.]. Residents are contacted a few weeks after installation to find
out how it is working for them, and a culture of technology first is encouraged across our teams.
We want to bring insight from care technology into OneView so that staff can act before problems
such as falls become a crisis.

> Prevention is well used, but it needs to be more joined up.

We run many preventative services, and they are well used. Social prescribing is a good example:
GPs made 4,600 referrals to social prescribers in 2021-22.

The next step is a single prevention strategy, developed with health partners, that targets the
groups most at risk and measures whether activity makes a difference. It will sit within an Adults
and Communities Partnership Plan owned by our Adults Delivery Group.

> We are building a stronger reablement offer.

Our Crisis Intervention Service has been the main source of short-term support, making sure that
anyone in urgent need gets help quickly. Its outcomes are not as good as we want them to be.

In 2022-23, 55% of people who completed short-term support went on to need less support or none,
compared with a London average of 73%^[ASCOF, outcomes of short-term support.].

Also in 2022-23, 81% of older people who went home from hospital with support from the service were
still living at home 91 days later.

Both measures are affected by the service being open to everyone, but they show that a dedicated
reablement service would help more people to regain their independence.

A pilot of integrated reablement, run from January to March 2023, found that more than 70% of
participants needed no ongoing care once it finished^[Integrated reablement pilot evaluation.].

Since then, the share of people who need no ongoing support once a spell of reablement ends has
gone up from 44% to 71% in less than a year.

> Adults with a learning disability live independently.

In 2022-23, 89% of adults aged 18 to 64 with a learning disability lived in their own home or with
family, well above the London average of 77.5%.

A dedicated supported employment worker is now helping more people with a learning disability into
paid work, after our performance reports showed that this was an area to improve.

> More older people are moving into care homes, and we want to understand why.

Admissions of older people to care homes are rising. In 2022-23 there were 821 admissions to care
homes per 100,000 people aged 65 and over, compared with a London average of 401 in 2021-22^[ASCOF,
long-term admissions to residential and nursing care.].

Staff link the rise to greater complexity of need since the pandemic, the pressure on unpaid carers
and the drive to discharge people from hospital quickly. We are developing intensive homecare as an
alternative to a residential placement after a hospital stay, piloting reablement within care homes
and looking in detail at what lies behind the trend.

@page

## 2.3 Equity in experiences and outcomes

> Equality is built into the council's plans.

Our Corporate Plan sets equality objectives on tackling structural inequality, leading in the
community and delivering fair and transparent services, and progress is reviewed
regularly^[Corporate Plan and performance framework.]. We expect the organisations we commission to
share these commitments, and our Anti-Racist Framework sets out how social care, public health and
education will promote equality for staff and residents. Every new member of staff is trained in
equality and diversity and in mental health awareness, and learns about sexual orientation and
gender identity.

Our Residents Survey gives part of the picture: in 2021, 82% of respondents agreed that people from
different backgrounds get on well together in their local area, up from 72% in 2017.

> We understand inequality in the borough.

Our analysis of the 2021 Census, our Joint Strategic Needs Assessment and the annual public health
report^[Director of Public Health annual report.] give a detailed picture of the borough's
communities. Income, work and housing shape the health of many residents. People of South Asian and
Black African heritage face a higher risk of many long-term conditions, and people with serious
mental illness or a learning disability have shorter lives on average. We now need the same depth
of understanding of who uses adult social care, how they experience it and what outcomes they
achieve.

> We are working to remove barriers to care.

Research points to a lack of information, worries that services will not be culturally appropriate,
and expectations about who should provide care as barriers to support, especially for people from
Black, Asian and minority ethnic communities and for people who identify as LGBT+. People who are
new to the country may not know where to turn, and some distrust statutory services because of what
they have experienced elsewhere. Residents often go first to community, faith and voluntary groups,
so we work through the B&D Collective to build trust and to reach people earlier.

Language should never stand in the way of support. Interpreting is provided through a contract
worth an estimated £175,000 a year, and residents can also get help to improve their English.

A specialist contract supports residents with sight or hearing loss, and community hubs are
designed to reach people who are digitally excluded.

> Our workforce reflects our communities.

Support feels more inclusive when staff share residents' backgrounds and languages.

In 2021-22, 78% of the adult social care workforce in Barking and Dagenham came from a Black, Asian
or minority ethnic background.

> Assessments and plans take account of people's identity.

People lead their own assessments, and conversations cover protected characteristics and anything
else that matters to them. Case file evaluations check that information is shared in an accessible
way and that practice is anti-discriminatory, and they have found good examples of both. Quality
visits to providers and regular spot-check calls ask people whether their culture and identity are
respected, and any issues are followed up with the provider.

> We are starting to identify who may be missing out.

Our analysis suggests that people of Asian or Asian British heritage are under-represented among
older people using adult social care, and that Asian or Asian British and White Other residents are
under-represented among working-age adults. Asian or Asian British and Black or Black British
residents also appear less often in safeguarding concerns and enquiries than we would expect,
particularly among younger adults. We will improve the recording of protected characteristics on
our case management system and agree specific equality objectives for adult social care.

We work well with individuals to understand their experience, but we do too little to hear from
groups who are seldom heard. A Co-production Plan for adult social care will change this over the
coming year, and what we learn will shape clear priorities for the people most likely to receive
poorer care.
"""

PROVIDING_SUPPORT = """
# 3 Providing support

This theme is about how we shape, commission and support the care market so that people can get the
right care in the right place, and how we work with the NHS, the voluntary and community sector and
neighbouring councils. It covers the quality statements on care provision, integration and
continuity, and on partnerships and communities.

In summary, the local care workforce is stable and the market is well supported, with robust
quality assurance. People who use services are more satisfied than the London average. Our
partnerships are strong at every level, although we still need to write down more of how we work
together and to measure the difference that partnership makes to people.

## 3.1 Care provision, integration and continuity

> We commission with a detailed understanding of our communities.

Our commissioning is informed by our Census analysis, the Joint Strategic Needs Assessment and the
annual public health report, and service specifications show how this shapes what we buy^[Service
specifications for commissioned care.]. The next Market Position Statement will explain how the
diverse needs of residents will shape support in the medium and longer term. We want more of our
commissioning to be led by communities, working with the voluntary sector to provide what people
say they need.

> People help to design the services they use.

People who draw on care, carers, health partners, housing colleagues and others have helped to
design recent plans for learning disability and autism support, extra care housing, care
technology, direct payment support and community equipment. Homecare is being recommissioned, and
our Co-production Plan will move us further from consultation towards designing services together.

> A stable workforce provides continuity of care.

The care sector in the borough holds on to its staff, and that continuity matters to the people who
rely on it.

In 2021-22, staff turnover in the borough's adult social care sector stood at 12%, the
second-lowest rate of any London borough, compared with a London average of 25%^[Skills for Care,
adult social care workforce estimates.].

Our most recent figures show staff turnover of 8.5% in 2023-24, far below the national average of
24%.

Vacancy rates in the local care sector are similar to the London average. Council staff are well
supported in their roles, and positive feedback is reflected in our latest Social Work Health
Check. We are now working towards the platinum level of Investors in People.

> We support providers to recruit and keep staff.

Research on the viability of local homecare providers showed how much of their resources went on
recruitment, so we set up a partnership with Care Provider Voice to help providers find and prepare
candidates, including pre-employment training with a local college.

This job brokerage led to nearly 300 job offers across Barking and Dagenham, Havering and Redbridge
in 2022-23.

Providers can also use free e-learning and the Care Certificate, and we are starting to offer
independent business advice and to promote flexible working to help with retention.

> We help the market to stay financially sustainable.

Our Market Sustainability Plan and uplift policy set out how we support providers^[Market
Sustainability Plan and Uplift Policy.].

For 2023-24 we increased the rates we pay for older people's care by 16.2% on the previous year,
one of the largest increases in north-east London.

We are committed to the London Living Wage, and direct payment rates have been raised so that
personal assistants can be paid at least that much.

In 2023 we also offered local providers grants of up to £1,500 each to help their staff with the
cost of living, for example through food vouchers and travel cards.

> Quality assurance is thorough.

We review provider data every week, phone a sample of people who receive homecare or direct
payments every fortnight, and visit every commissioned provider at least annually, more often where
there are concerns. Findings from visits are written up, and actions are agreed with the provider
and monitored. A monthly provider risk meeting reviews concerns and agrees what to do next, and the
peer review highlighted the strength of our quality assurance.

Where a provider falls short we act quickly, with intensive improvement plans, closer monitoring
and, where necessary, a suspension of new placements. This support has helped providers to improve
their CQC ratings, and we share information about suspensions with other London boroughs.

> People are positive about the care they receive.

In the 2022-23 service user survey, 64.5% of people said they were extremely or very satisfied with
their care and support, more than the year before and above the London average of 58% for
2021-22^[Adult Social Care Survey (ASCS).].

Carer satisfaction was below the London average in our last carers survey, and the Carers Charter
action plan is designed to address this.

In our last survey of people who draw on support, 89% said their support helped them to have a
better quality of life, and 79% said it helped them to have control over their daily life.

> We are planning for more bed-based care.

We are likely to need more bed-based care in the borough in future, given that the population is
growing and ageing and that the borough's largest care home has closed. This includes support for
people with complex needs and for newer communities who are reaching older age. We will plan this
with housing colleagues through a Vulnerable Housing Strategy.

## 3.2 Partnerships and communities

> Strong governance supports partnership working.

Our Cabinet Member for Health and Social Care Integration sits on the North East London Integrated
Care Board, representing the outer north-east London boroughs. Locally, the Integrated Care Board
sub-committee and the Health and Wellbeing Board now meet as a committee-in-common, with
Healthwatch and Care Provider Voice among the members^[Terms of reference of the
committee-in-common.]. The Barking and Dagenham Executive Group sets partnership priorities, and
the Adults Delivery Group carries them out.

> We share priorities with the NHS.

The Better Care Fund plan sets out our shared objectives with the NHS and how we will meet
them^[Better Care Fund plan.]. Joint work covers hospital discharge, falls prevention and workforce
planning, and a new Director of Health and Care Integration is leading the next stage of
integration where it makes sense for residents.

Apprentice nursing associates are being piloted at Kallar Lodge care home, working with Skills for
Care. This supports staff development and means residents can get health interventions more
quickly. Staff at Kallar Lodge also tested access to the London Care Record, which lets care home
staff see people's health records; it improved care planning and sped up hospital discharge, and it
is now being extended to the whole borough.

> Hospital discharge works well.

Hospital-based staff meet health colleagues every day, and partners report very few delays. An
Integrated Discharge Hub serves Barking and Dagenham, Havering and Redbridge, and trusted assessors
work on the wards. Our Home First approach means that people go home whenever possible, with a full
assessment of their ongoing needs once they have settled. Communication at the point of discharge
can still go wrong, and we are working with partners to improve it.

> We work with health partners for working-age adults.

We work with the NHS at a strategic level on the needs of adults with mental health problems and
adults with a learning disability, including through the Transforming Care programme. Mental health
is a good example of working as a system without a single integrated team: common mental health
conditions are more prevalent here, yet hospital admissions are low because health and care focus
on responsive treatment and support at home.

> We work closely with the voluntary and community sector.

The borough's voluntary and community sector is large and lively.

There are 225 charities in the borough with a combined turnover of £24.5 million, as well as many
informal community groups.

The B&D Collective brings organisations together and helps them to build capacity. Community hubs
are one result, and the Collective also leads our Community Locality Leads programme, which is
building a community infrastructure to tackle health inequalities and the effects of the
cost-of-living crisis.

So far the programme has held more than 1,500 conversations with residents about who they turn to
in a crisis.

We value our partnership with Healthwatch, the B&D Collective and Care Provider Voice, which bring
the views of residents and providers to our boards and groups.

> We work well with neighbouring boroughs.

We share an acute trust and a community and mental health trust with Havering and Redbridge, and
commission some services jointly with them. Together with Newham, we meet through a Quality
Surveillance Group to share intelligence about the quality of care across the area. We need to
analyse out-of-borough placements more closely and will do so over the next year.

> We want to understand the impact of partnership working better.

Falls prevention shows why this matters: in 2019 we ranked seventh of all London boroughs for the
rate of falls, and we are now working with health partners to collect and use falls data to target
prevention.

Staff tell us that joint working is strong, but we will write down roles, responsibilities and
pathways with health in each service area. Joint planning with housing for the accommodation needs
of people who draw on care is an area for improvement, and our Vulnerable Housing Strategy will
address it.
"""

ENSURING_SAFETY = """
# 4 Ensuring safety within the system

This theme covers how we keep people safe as they move between services, how we plan for
emergencies and provider failure, and how we respond when someone may be at risk of abuse or
neglect. It covers the quality statements on safe systems, pathways and transitions, and on
safeguarding.

In summary, safety is a priority across the council and its partners. People who use services feel
safer than the London average, and our response to complex cases and self-neglect has improved
through learning. The route by which safeguarding concerns reach us needs to be simpler, and a
Multi-Agency Safeguarding Hub will provide that.

## 4.1 Safe systems, pathways and transitions

> Safety is a council-wide priority.

A priority in our Corporate Plan is that residents are safe, protected and supported when they are
at their most vulnerable. We are embedding safeguarding across the whole council, including in
housing services, and we are alert to the risks that the cost-of-living crisis brings for the
wellbeing and safety of residents.

> We plan for emergencies.

Our Corporate Resilience Group plans for heatwaves, floods, large fires and other critical
incidents, all of which the borough has experienced recently. Adult social care takes an active
part so that the needs of people who draw on care are considered and acted on.

> Safety is a shared responsibility across the local system.

We work with health partners, the police and housing through the Safeguarding Adults Board, the
Community Safety Partnership and the children's safeguarding partnership. When partners change the
way they work, we plan together for the effect on residents; for example, we are working with the
police on changes to how they respond to calls about mental health.

> We learn from reviews and from external challenge.

We learn from Safeguarding Adults Reviews, Domestic Homicide Reviews and learning disability
mortality reviews. Learning from a Safeguarding Adults Review led to our complex cases group, and a
Domestic Homicide Review prompted a quick guide on domestic abuse for practitioners.

An external evaluator reviewed 65 safeguarding cases in spring 2023^[External safeguarding case
file audit.].

The actions that followed the external review are part of our improvement plan, and Safeguarding
Adults Board partners will join us in the next round of case file evaluations.

> Young people moving into adulthood are supported safely.

Dedicated workers in learning disability, autism and mental health services coordinate planning for
young people approaching adulthood, overseen by a specialist transitions panel. During the coming
year we will write down our approach to transitions in a local procedure.

> Discharge from hospital is safe and well supported.

The Home, Settle and Support service helps people who live alone to settle back in after a hospital
stay, with practical help such as shopping and collecting prescriptions. Social workers make a
welfare call soon after people get home and follow it up with a full assessment visit. Interviews
with people leaving our local hospitals showed that people did not always know about their care
plan or whom to contact, so everyone now receives clear printed information when they are
discharged.

> Commissioned care and direct payments are safe.

Safeguarding expectations are written into every service specification. Our new Direct Payment
Support Service will make sure that personal assistants on its register have completed safeguarding
training, and it will help people to carry out right-to-work and criminal record checks.

> Continuity of care is protected when a provider closes.

Our Provider Failure Policy sets out what happens when a provider closes^[Provider Failure
Policy.]. We used it when the operator of the borough's largest care home gave notice of closure,
working with residents, families, health partners and other councils to find new homes for everyone
affected and to keep them safe throughout.

> People feel safe.

70% of people who responded to our 2022-23 survey said they felt safe, above the London average of
65% for 2021-22^[Adult Social Care Survey (ASCS).].

83% said that their care and support helped them to feel safe and secure, an improvement on the
previous year and close to the 2021-22 London average of 82%.

In the last carers survey, 82% of carers said they had no worries about their personal safety,
compared with 76% across London.

@page

## 4.2 Safeguarding

> We want more residents to know how to raise a concern.

Information about safeguarding is on our website, and staff explain it in person, including at
community hubs. People with lived experience of safeguarding have told us that awareness needs to
improve, and residents tell us that distrust of services can stop people coming forward. The
Safeguarding Adults Board will lead work to raise awareness, with a focus on seldom-heard groups
and on faith and community organisations.

> We are developing a Multi-Agency Safeguarding Hub.

Most safeguarding concerns reach us through the Adult Intake Team.

In 2022-23, 1,510 concerns were raised, equivalent to 23% of all contacts that year^[Safeguarding
Adults Collection (SAC).].

Concerns are dealt with promptly, but some are triaged by the intake team and then looked at again
by another team.

This helps to explain why the conversion rate from concerns to enquiries was low, at 17% in
2022-23; some enquiries have also been recorded as concerns by mistake.

A Multi-Agency Safeguarding Hub will give concerns a single, joined-up front door with our
partners, and work to set it up is under way.

> Deprivation of Liberty Safeguards applications are handled promptly.

Working with Bournemouth University, we have trained more Best Interests Assessors, and there is
now no backlog of people in care homes or hospitals waiting for a DoLS assessment.

In 2022-23, 29% of DoLS applications were completed within 21 days, compared with a London average
of 24% for 2021-22^[Deprivation of Liberty Safeguards data return.].

Complex cases and waits for information from partners can slow assessments down, as they do across
England. We are now working to bring the same improvement to people in community settings.

> Safeguarding practice puts people first.

Case file evaluations, our peer review and work with Partners in Care and Health all found practice
that is responsive and focused on improving people's lives while protecting their right to live
safely. Evaluations also found some inconsistency, and training, supervision and changes to our
case recording system are addressing this.

> Complex cases are managed well.

A Safeguarding Adults Complex Cases Group helps staff to protect people with the most complex
needs, including young people moving into adult services. It lets partners share information and
keeps the highest risks under review, and the peer review described it as good practice.

> We have improved our response to self-neglect and hoarding.

Neglect and acts of omission are the most common type of risk in our safeguarding enquiries, so we
have strengthened our approach to self-neglect and hoarding and updated our policy.

The share of enquiries where self-neglect was the main risk fell from 12% in 2021-22 to 8% in
2022-23.

> People are involved in their safeguarding enquiry.

Advocacy is available to people who lack capacity, and case file evaluations show that the views of
the person at risk are consistently sought and recorded.

In 2022-23, 93% of people who were the subject of a safeguarding enquiry were asked what they
wanted it to achieve, compared with a London average of 86%^[Safeguarding Adults Collection (SAC),
Making Safeguarding Personal.].

> Enquiries reduce risk.

In 2022-23, the risk was reduced or removed in 90% of cases, and 95% of people achieved the
outcomes they wanted, compared with a London average of 84% in 2021-22.

We still need to get better at telling people and partner organisations about the outcome once an
enquiry has started, and we are looking at where communication breaks down.

> The Safeguarding Adults Board provides strong oversight.

The Board seeks assurance that local arrangements protect adults at risk. Engagement from partners
is good, and its sub-groups oversee Safeguarding Adults Reviews, performance and quality assurance,
and complex cases. Partners have asked the Board to give more priority to prevention, community
awareness and the voice of people with lived experience, and this is shaping its next strategic
plan.
"""

LEADERSHIP = """
# 5 Leadership

This theme covers how adult social care is led, governed and funded, and how we learn, improve and
innovate. It covers the quality statements on governance, management and sustainability, and on
learning, improvement and innovation.

In summary, leadership is stable and experienced, governance is clear, and budgets are managed
carefully. Learning is part of our culture and we welcome external challenge. We need to gather and
act on people's feedback more systematically and to move from engagement to co-production.

## 5.1 Governance, management and sustainability

> Leadership is stable and experienced.

Leaders in adult social care have been in post for some time; they expect quick responses and
encourage openness and learning. Investors in People found that staff have a high level of respect
for, and confidence in, their leaders and managers^[Investors in People Gold report.]. The peer
review found strong and engaged leadership and good management supervision. We have started
succession planning and want our leadership to reflect the diversity of the borough.

> Our values guide how we work.

Our DRIVE values ask staff to deliver, respond, inspire, value and engage. Investors in People
found that these values are lived and breathed across the council, and we now want staff to feel
confident to challenge colleagues whose behaviour falls short of them.

> Governance is clear.

Adult social care sits within the People and Resilience Directorate alongside commissioning,
children's social care, education and public health. A management group chaired by the Director of
Adult Social Services oversees our Care Act duties and reports to the Executive Board, which is
chaired by the Chief Executive. Regular portfolio meetings keep the Cabinet Member closely
involved. Adult social care functions at the front door are moving back into the directorate as
part of the new safeguarding hub, so that accountability is clearer.

> Performance information drives improvement.

A dashboard of performance indicators, targets and outcomes is reviewed every quarter and at
portfolio meetings with the Cabinet Member^[Adult Social Care Performance and Assurance
dashboard.]. When the dashboard showed that too few adults with a learning disability were in paid
work, we recruited a supported employment worker. Safeguarding information is reported to the
Safeguarding Adults Board.

> Risks are understood and managed.

Our Corporate Risk Register sets out the council's key risks, and a departmental risk register now
does the same for adult care and support, overseen by our Adults Improvement Board. Providers'
risks are managed through our quality assurance process, and staff manage risk well with people at
an individual level.

> Budgets are managed carefully.

We look for value for money in the widest sense, and every contract must set out the social value
it adds to the community. Spending per person receiving adult social care was slightly below the
London average, and spending on short-term care has been well below it, partly because of how
activity was recorded and partly because we lacked a full reablement offer. Adult social care has
not been asked to make savings in the past year.

> We support unpaid carers.

Our Carers Charter, written with carers, sets out the commitments of health and social care to
unpaid carers, and a carers strategy group oversees the action plan.

At the last Census, 14,200 residents said they provided unpaid care.

In 2022-23, training on identifying hidden carers led to 579 new carers being recorded by GP
practices and 406 being identified through Carers of Barking and Dagenham.

@page

## 5.2 Learning, improvement and innovation

> Learning is part of our culture.

Continuous learning is central to how we work. Our training offer is reviewed every year and
reflects what our communities need and what research tells us works^[Adult social care learning and
development plan.]. Trauma-informed practice, support for people with no recourse to public funds
and cultural competence are all part of the current programme.

In 2023-24, our programme ran 45 training courses, which were attended by 872 adult social care
staff, and 99% said the training had a positive effect on their practice.

Our training budget for adult social care is £68,000, up from £65,000 in 2021-22.

> We welcome external challenge.

London ADASS piloted its new model of peer review with us, and we now use the case file evaluation
tool that the review recommended. We also commissioned an external review of safeguarding cases and
invited Partners in Care and Health to look at our safeguarding practice; their recommendations are
being delivered through our Adults Improvement Plan.

> We take part in sector-led improvement.

We play an active part in ADASS work, both in London and nationally. Our Principal Social Worker
co-chairs the London Principal Social Worker network, through which we developed our case file
evaluation tool, and our Director of Adult Social Services is leading a peer review. The ADASS
improvement roadmap is informing our plans.

> Innovation is encouraged and supported.

Care technology, our community hubs and the OneView system all show our appetite for innovation.
Our New Town Culture programme, run with Goldsmiths, University of London, is bringing creative and
cultural practice into adult social care, with a focus on lived experience, professional curiosity
and direct practice. Providers and voluntary groups tell us they want to reimagine care and support
with us, and we are taking that forward.

> We use insight to make changes.

We use research, benchmarking, performance data and feedback to inform our plans. Insight into
direct payments led to the new Direct Payment Support Service; what people told us about hospital
discharge led to better information; and research on homecare viability led to the recruitment work
described earlier.

> We will gather and act on feedback more systematically.

We hear from people through annual surveys, carers surveys, complaints and regular spot-check
calls. We will bring these insights together, start recording compliments as well as complaints,
and introduce new ways of hearing about people's experience of assessments, reviews and
safeguarding.

> We will develop co-production in adult social care.

The Carers Charter shows what co-production can achieve, and residents have helped to choose
providers in recent tenders. An Adult Social Care Co-production Plan will set out how we will
design services with the people who use them as a matter of course.
"""

PRIORITIES = """
# 6 Our priorities for the year ahead

Drawing the sections of this self-assessment together, our priorities for the coming year are:

- A shared vision for adult social care, developed with staff, residents and partners.
- A more targeted prevention offer, with a community hub in every neighbourhood.
- A reablement service that helps more people to regain their independence, at home and in care
homes.
- Shorter waits for occupational therapy assessments, through trusted assessors and prevention.
- A Multi-Agency Safeguarding Hub as a single front door for safeguarding concerns.
- A redesigned service for working-age adults with a disability.
- A better understanding of inequality in access, experience and outcomes, with clear objectives to
reduce it.
- An Adult Social Care Co-production Plan, so that people who draw on care help to shape it.
- A plan for more bed-based care in the borough, developed with housing colleagues.
- New written protocols with health partners in each service area.

We will report progress against these priorities to our Adults Improvement Board, to the Health and
Wellbeing Board and to residents. We know that there is more to do, and we are confident that the
stability of our workforce, the strength of our partnerships and our willingness to learn give us
the foundations to do it.
"""

CONTENT: Final = "\n".join(
    (
        FACTS,
        INTRODUCTION,
        WORKING_WITH_PEOPLE,
        PROVIDING_SUPPORT,
        ENSURING_SAFETY,
        LEADERSHIP,
        PRIORITIES,
    )
)


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _segments(text: str, notes: list[str]) -> tuple[Segment, ...]:
    """Split ``text`` at footnotes, numbering each one and appending its note to ``notes``."""
    out: list[Segment] = []
    pos = 0
    for match in FOOTNOTE_RE.finditer(text):
        if match.start() > pos:
            out.append((text[pos : match.start()], False))
        notes.append(match.group(1).strip())
        out.append((roman(len(notes)), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return tuple(out)


def parse(source: str) -> tuple[list[Block], list[str]]:
    """Turn the content markup into blocks, and collect the footnotes in order of appearance."""
    blocks: list[Block] = []
    notes: list[str] = []
    kind: BlockKind | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind
        if kind is not None:
            text = " ".join(lines)
            blocks.append(Block(kind, _segments(text, notes)))
        kind = None
        lines.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line == "@page":
            flush()
            blocks.append(Block("page", ()))
        elif line.startswith("# "):
            flush()
            kind, lines[:] = "h1", [line[2:]]
            flush()
        elif line.startswith("## "):
            flush()
            kind, lines[:] = "h2", [line[3:]]
            flush()
        elif line.startswith("> "):
            flush()
            kind, lines[:] = "lead", [line[2:]]
        elif line.startswith("- "):
            flush()
            kind, lines[:] = "bullet", [line[2:]]
        else:
            if kind is None:
                kind = "para"
            lines.append(line)
    flush()
    return blocks, notes


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


class SelfAssessmentPDF(FPDF):
    """An A4 document with the running header and page-number footer of the self-assessment."""

    def header(self) -> None:
        """Print the document title and a rule at the top of every page."""
        self.set_font(FONT, "", 9)
        self.set_text_color(*GREY)
        self.text(LEFT, 14.0, TITLE)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.3)
        self.line(LEFT, 16.5, PAGE_W - RIGHT, 16.5)
        self.set_text_color(*BLACK)

    def footer(self) -> None:
        """Print the page number at the foot of every page."""
        self.set_font(FONT, "", 9)
        self.set_text_color(*GREY)
        label = f"Page {self.page_no()}"
        self.text((PAGE_W - self.get_string_width(label)) / 2, PAGE_H - 12.0, label)
        self.set_text_color(*BLACK)


class Renderer:
    """Lays blocks out line by line, keeping every paragraph that states a figure on one page."""

    def __init__(self, toc_pages: Sequence[tuple[int, str, int]] | None) -> None:
        self.pdf = SelfAssessmentPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(CREATION_DATE)
        self.pdf.set_title(TITLE)
        self.pdf.set_author("council-metrics demo (not a publication of the council)")
        self.pdf.set_subject("Demonstration input for the council-metrics pipeline")
        self.pdf.set_creator("scripts/make_demo_pdf.py")
        self.toc_pages = toc_pages
        self.headings: list[tuple[int, str, int]] = []
        self.y = TOP

    # -- measuring ---------------------------------------------------------------------------

    def _width(self, text: str, size: float, style: str) -> float:
        self.pdf.set_font(FONT, style, size)
        return float(self.pdf.get_string_width(text))

    def _words(self, segments: Sequence[Segment]) -> list[Word]:
        """Split segments into words; a footnote marker stays glued to the word before it."""
        words: list[list[Segment]] = [[]]
        for text, marker in segments:
            if marker:
                words[-1].append((text, True))
                continue
            pieces = text.split(" ")
            for index, piece in enumerate(pieces):
                if index > 0:
                    words.append([])
                if piece:
                    words[-1].append((piece, False))
        return [tuple(word) for word in words if word]

    def _word_width(self, word: Word, size: float, style: str) -> float:
        return sum(
            self._width(text, MARKER_SIZE if marker else size, "" if marker else style)
            for text, marker in word
        )

    def _wrap(
        self, words: Sequence[Word], width: float, size: float, style: str
    ) -> list[list[Word]]:
        space = self._width(" ", size, style)
        lines: list[list[Word]] = []
        current: list[Word] = []
        used = 0.0
        for word in words:
            word_w = self._word_width(word, size, style)
            extra = word_w if not current else space + word_w
            if current and used + extra > width:
                lines.append(current)
                current, used = [word], word_w
            else:
                current.append(word)
                used += extra
        if current:
            lines.append(current)
        return lines

    # -- drawing -----------------------------------------------------------------------------

    def new_page(self) -> None:
        """Start a page; the header is drawn by fpdf2's ``header`` hook."""
        self.pdf.add_page()
        self.y = TOP

    def _room(self) -> float:
        return BOTTOM - self.y

    def _draw_line(self, line: Sequence[Word], x: float, size: float, style: str) -> None:
        """Draw one line. Spaces stay in the text runs so that extraction keeps them."""
        runs: list[Segment] = []
        for index, word in enumerate(line):
            if index > 0:
                runs[-1] = (f"{runs[-1][0]} ", runs[-1][1])
            for text, marker in word:
                if runs and not marker and not runs[-1][1]:
                    runs[-1] = (f"{runs[-1][0]}{text}", False)
                else:
                    runs.append((text, marker))
        baseline = self.y + LINE_H * 0.75
        for text, marker in runs:
            if marker:
                self.pdf.set_font(FONT, "", MARKER_SIZE)
                self.pdf.text(x, baseline - MARKER_RISE, text)
                x += self.pdf.get_string_width(text.rstrip(" "))
                if text.endswith(" "):
                    x += self._width(" ", size, style)
            else:
                self.pdf.set_font(FONT, style, size)
                self.pdf.text(x, baseline, text)
                x += self.pdf.get_string_width(text)
        self.y += LINE_H

    def height(self, block: Block) -> float:
        """The height a body paragraph or bullet would take, gap included."""
        width = TEXT_W - (BULLET_INDENT + 2.0 if block.kind == "bullet" else 0.0)
        lines = self._wrap(self._words(block.segments), width, BODY_SIZE, "")
        return len(lines) * LINE_H

    def paragraph(
        self,
        segments: Sequence[Segment],
        *,
        keep_together: bool,
        size: float = BODY_SIZE,
        style: str = "",
        indent: float = 0.0,
        bullet: bool = False,
        keep_with_next: float = 0.0,
    ) -> None:
        """Lay out a paragraph, breaking pages between lines unless ``keep_together``."""
        width = TEXT_W - indent - (BULLET_INDENT if bullet else 0.0)
        lines = self._wrap(self._words(segments), width, size, style)
        height = len(lines) * LINE_H
        if (keep_together and height + keep_with_next > self._room()) or (
            LINE_H * min(len(lines), 2) + keep_with_next > self._room()
        ):
            self.new_page()
        x = LEFT + indent
        if bullet:
            self.pdf.set_font(FONT, style, size)
            self.pdf.text(x, self.y + LINE_H * 0.75, "-")
            x += BULLET_INDENT
        # Widow control for paragraphs that may split: never leave a single line behind.
        fit = int((self._room() + 1e-6) // LINE_H)
        break_at = fit if 0 < fit < len(lines) else None
        if break_at is not None and len(lines) - break_at == 1:
            break_at -= 1
        for number, line in enumerate(lines):
            if number == break_at or self._room() < LINE_H:
                self.new_page()
            self._draw_line(line, x, size, style)
        self.y += PARA_GAP

    def heading(self, level: int, text: str) -> None:
        """Draw a section (level 1) or quality statement (level 2) heading."""
        if level == 1:
            self.new_page()
            size, before, colour = 17.0, 2.0, ACCENT
        else:
            size, before, colour = 13.5, 4.0, ACCENT
            if self._room() < 4 * LINE_H + 12.0:
                self.new_page()
        if self.y > TOP:
            self.y += before
        self.pdf.set_text_color(*colour)
        self.pdf.set_font(FONT, "B", size)
        self.pdf.text(LEFT, self.y + size * 0.3528, text)
        self.pdf.set_text_color(*BLACK)
        self.y += size * 0.3528 + 5.0
        self.headings.append((level, text, self.pdf.page_no()))

    # -- pages -------------------------------------------------------------------------------

    def cover(self) -> None:
        """Draw the cover page."""
        self.new_page()
        pdf = self.pdf
        pdf.set_fill_color(*ACCENT)
        pdf.rect(0, 70, PAGE_W, 86, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(FONT, "B", 28)
        pdf.text(LEFT, 96, "Adult Social Care")
        pdf.text(LEFT, 108, "Self-Assessment")
        pdf.set_font(FONT, "", 16)
        pdf.text(LEFT, 124, "London Borough of Barking and Dagenham")
        pdf.set_font(FONT, "", 12)
        pdf.text(LEFT, 140, "How we meet our duties under Part 1 of the Care Act 2014")
        pdf.set_text_color(*BLACK)
        pdf.set_font(FONT, "", 11)
        pdf.text(LEFT, 180, "Prepared for the Care Quality Commission local authority assessment")
        pdf.set_font(FONT, "I", 9)
        pdf.set_text_color(*GREY)
        pdf.text(LEFT, 250, "Demonstration document written by the council-metrics project in its")
        pdf.text(LEFT, 255, "own words from figures the council has published. It is not a")
        pdf.text(LEFT, 260, "publication of the London Borough of Barking and Dagenham.")
        pdf.set_text_color(*BLACK)

    def contents(self) -> None:
        """Draw the contents page from the heading pages found in the first pass."""
        self.new_page()
        self.pdf.set_text_color(*ACCENT)
        self.pdf.set_font(FONT, "B", 17)
        self.pdf.text(LEFT, self.y + 6.0, "Contents")
        self.pdf.set_text_color(*BLACK)
        self.y += 14.0
        for level, text, page in self.toc_pages or ():
            style = "B" if level == 1 else ""
            indent = 0.0 if level == 1 else 8.0
            self.pdf.set_font(FONT, style, BODY_SIZE)
            number = str(page)
            number_x = PAGE_W - RIGHT - self.pdf.get_string_width(number)
            text_x = LEFT + indent
            text_end = text_x + self.pdf.get_string_width(text) + 2.0
            dot_w = self.pdf.get_string_width(".")
            dots = "." * max(int((number_x - 2.0 - text_end) / dot_w), 0)
            if level == 1 and self.y > TOP + 14.0:
                self.y += 2.0
            baseline = self.y + LINE_H * 0.75
            self.pdf.text(text_x, baseline, text)
            self.pdf.set_font(FONT, "", BODY_SIZE)
            self.pdf.text(text_end, baseline, dots)
            self.pdf.set_font(FONT, style, BODY_SIZE)
            self.pdf.text(number_x, baseline, number)
            self.y += LINE_H + 0.8

    def notes(self, notes: Sequence[str]) -> None:
        """Draw the numbered list of footnotes."""
        self.heading(1, "Notes and sources")
        self.paragraph(
            (("Footnote markers in the text refer to the sources listed below.", False),),
            keep_together=False,
        )
        for number, note in enumerate(notes, start=1):
            label = roman(number)
            if self._room() < 2 * LINE_H:
                self.new_page()
            self.pdf.set_font(FONT, "", 10)
            self.pdf.text(LEFT, self.y + LINE_H * 0.75, label)
            self.paragraph(((note, False),), keep_together=True, size=10.0, indent=12.0)
            self.y -= PARA_GAP * 0.6

    def render(self, blocks: Sequence[Block], notes: Sequence[str]) -> None:
        """Draw the whole document."""
        self.cover()
        self.contents()
        previous: BlockKind | None = None
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if block.kind == "page":
                self.new_page()
            elif block.kind == "h1":
                self.heading(1, block.plain)
            elif block.kind == "h2":
                self.heading(2, block.plain)
            elif block.kind == "lead":
                # Keep the lead-in line with the paragraph it introduces when that paragraph
                # cannot be split, otherwise with its first two lines.
                keep = 2 * LINE_H
                if following is not None and following.has_figure:
                    keep = self.height(following)
                self.y += 1.5
                self.paragraph(block.segments, keep_together=True, style="B", keep_with_next=keep)
                self.y -= PARA_GAP * 0.6
            elif block.kind == "bullet":
                if previous != "bullet":
                    self.y += 0.5
                self.paragraph(
                    block.segments, keep_together=block.has_figure, bullet=True, indent=2.0
                )
                self.y -= PARA_GAP * 0.5
            else:
                self.paragraph(block.segments, keep_together=block.has_figure)
            previous = block.kind
        self.notes(notes)


def build(out: Path) -> int:
    """Render the PDF to ``out`` and return its page count.

    The first pass finds the page of every heading; the second draws the contents page with them.
    """
    blocks, notes = parse(CONTENT)
    first = Renderer(toc_pages=None)
    first.render(blocks, notes)
    final = Renderer(toc_pages=first.headings)
    final.render(blocks, notes)
    if final.headings != first.headings:  # the contents page has a fixed size, so never happens
        raise RuntimeError("page numbers changed between passes")
    out.parent.mkdir(parents=True, exist_ok=True)
    final.pdf.output(str(out))
    return int(final.pdf.page_no())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output path (default: {DEFAULT_OUT})"
    )
    args = parser.parse_args(argv)
    pages = build(args.out)
    print(f"wrote {args.out} ({pages} pages)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
