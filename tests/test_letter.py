"""read_letter on letters written in the style of real UK police FOI responses."""
import pytest

from foi.documents.letter import read_letter


def values(info):
    return [f.value for f in info.sections]


# ---------------------------------------------------------------- 1. full disclosure with a table
FULL_TABLE = """\
NORTHSHIRE POLICE
Freedom of Information Unit, Police Headquarters, Northshire NS1 2AB

Our ref: FOI 2014/01234
Date: 12 March 2014

Dear Mr Smith,

Freedom of Information Request Reference No: 2014/01234

I write in connection with your request for information received by Northshire Police on
17 February 2014. I note you seek access to the following information:

"Please provide the number of burglaries recorded in Northshire between 1 January 2013
and 31 December 2013, broken down by month. If any information is exempt under section 31
please say so."

Following receipt of your request, searches were conducted within Northshire Police to
locate information relevant to your request. I can confirm that the information you have
requested is held by Northshire Police.

Decision
I have today decided to disclose the located information to you, as follows:

Month       Burglaries
January     212
February    198
March       240
Total       650

Complaint Rights
Your attention is drawn to the attached sheet which details your right of complaint.
If you are dissatisfied with this response you may request an internal review. If you
remain dissatisfied following the review you have the right under section 50 of the Act
to complain to the Information Commissioner. This letter is not a refusal notice under
section 17 of the Act.

Yours sincerely

J Bloggs
Information Manager
"""


def test_full_disclosure_with_table():
    info = read_letter(FULL_TABLE)
    assert info.reference.value == "FOI 2014/01234"
    assert "Our ref" in info.reference.sentence
    assert info.date.value == "2014-03-12"
    assert "12 March 2014" in info.date.sentence
    assert info.outcome.value == "full"
    assert "disclose the located information" in info.outcome.sentence
    assert info.sections == []  # s.31 is in the request, s.50/s.17 in the boilerplate
    assert info.law is None  # the letter only says "the Act"


# ---------------------------------------------------------------- 2. s.12 cost refusal
COST_REFUSAL = """\
Westshire Constabulary
Information Rights Unit

Reference No: 2023-0456
Date of request: 3 January 2023
Date of response: 27 January 2023

Dear Ms Jones

I write in connection with your request for information dated 3 January 2023 regarding
stop and search of children.

Request
1. How many children under 10 were stopped and searched in each year from 2015 to 2022?
2. For each search, what was the outcome and the ethnicity of the child?

Response
Westshire Constabulary holds information relevant to your request. However, to answer
your request we would need to manually review each of the 14,000 stop search records
held, as the age of the person searched is not recorded in a searchable field.

I estimate that the cost of complying with your request would exceed the appropriate
limit of £450, which equates to 18 hours of work at £25 per hour. I am therefore refusing
your request under Section 12(1) of the Freedom of Information Act 2000.

In accordance with section 16 of the Act we are obliged to provide advice and assistance.
You may wish to consider narrowing your request to a single year.

This letter serves as a Refusal Notice under Section 17 of the Freedom of Information
Act 2000.

Yours sincerely
Disclosure Officer

Your right to request a review
If you are dissatisfied with the handling of your request you have the right to ask for
an internal review within 40 working days. If you are still unhappy you may complain to
the Information Commissioner under section 50 of the Freedom of Information Act 2000.
"""


def test_cost_refusal_s12():
    info = read_letter(COST_REFUSAL)
    assert info.reference.value == "2023-0456"
    assert info.date.value == "2023-01-27"  # not the date of the request
    assert "Date of response" in info.date.sentence
    assert info.outcome.value == "refused"
    assert "exceed the appropriate limit" in info.outcome.sentence
    assert values(info) == ["s.12(1)"]
    assert "Section 12(1)" in info.sections[0].sentence
    assert info.law == "FOIA"


# ---------------------------------------------------------------- 3. s.40(2) partial
PARTIAL_S40 = """\
Eastshire Police
Our ref: 01/FOI/14/012345
Wednesday, 12 March 2014

Dear Sir

Thank you for your email dated 12 February 2014 in which you asked for the names and
ranks of officers dismissed for misconduct in 2013 and the reasons for their dismissal.

I can confirm that Eastshire Police holds information relevant to your request. Please
find attached a spreadsheet showing the rank of each officer dismissed in 2013 and the
reason for dismissal.

The names of the officers have been withheld. Some of the information you requested is
exempt under Section 40(2) of the Act (personal information), as disclosure would breach
the data protection principles. Section 40(2) is an absolute exemption and there is no
requirement to consider the public interest.

This letter serves as a partial refusal notice under section 17 of the Freedom of
Information Act 2000.

Re-use of Public Sector Information
The information supplied to you is subject to Crown copyright and may not be re-used
without permission.

If you are dissatisfied with this response please write to the Information Manager
within 40 working days, quoting the reference number above.
"""


def test_partial_s40():
    info = read_letter(PARTIAL_S40)
    assert info.reference.value == "01/FOI/14/012345"
    assert info.date.value == "2014-03-12"
    assert "Wednesday, 12 March 2014" in info.date.sentence
    assert info.outcome.value == "partial"
    assert "Some of the information you requested is exempt" in info.outcome.sentence
    assert values(info) == ["s.40(2)"]
    assert "Section 40(2)" in info.sections[0].sentence
    assert info.law == "FOIA"


# ---------------------------------------------------------------- 4. not held
NOT_HELD = """\
Southshire Police - Freedom of Information
FOI Reference: CS/FOI/123/14
Date: 12/03/2014

Dear Requester,

You asked:
How many drones does Southshire Police own and how much did each one cost?

Response:
Southshire Police does not hold the information you have requested. The force does not
own or lease any drones; aerial support is provided by the National Police Air Service.

You may wish to direct your request to the National Police Air Service.

Yours faithfully

Information Compliance Unit

Copyright: the information provided is the copyright of Southshire Police.
If you are not satisfied with this response you may request a review.
"""


def test_not_held():
    info = read_letter(NOT_HELD)
    assert info.reference.value == "CS/FOI/123/14"
    assert info.date.value == "2014-03-12"  # 12/03/2014 in UK order
    assert info.outcome.value == "not-held"
    assert "does not hold the information" in info.outcome.sentence
    assert info.sections == []
    assert info.law is None


# ---------------------------------------------------------------- 5. NCND s.23(5)/24(2)
NCND = """\
Northshire Police
Freedom of Information Request Reference No: FOI 2019/00777
Date: 4th June 2019

Dear Sir/Madam

In your email of 10 May 2019 you asked:

"Does Northshire Police use IMSI catchers (covert mobile phone surveillance)? If so, how
much was spent on them in 2018?"

Northshire Police can neither confirm nor deny that it holds any information relevant to
this request by virtue of the following exemptions:

Section 23(5) Information relating to the Security Bodies
Section 24(2) National Security
Section 31(3) Law Enforcement

Sections 23 and 24 are absolute class-based exemptions. Section 31 is a qualified
prejudice-based exemption and requires a public interest test.

Overall harm: to confirm or deny whether the force uses such equipment would allow
criminals to adapt their behaviour. The balance test favours neither confirming nor
denying that information is held.

None of the above can be viewed as an inference that the information you seek does or
does not exist.

This letter serves as a Refusal Notice under Section 17 of the Freedom of Information Act
2000.

Complaint Rights
If you are dissatisfied with this response you may ask for an internal review and then
complain to the Information Commissioner under section 50.
"""


def test_ncnd():
    info = read_letter(NCND)
    assert info.reference.value == "FOI 2019/00777"
    assert info.date.value == "2019-06-04"
    assert info.outcome.value == "ncnd"
    assert "neither confirm nor deny" in info.outcome.sentence
    assert values(info)[:3] == ["s.23(5)", "s.24(2)", "s.31(3)"]
    assert set(values(info)) == {"s.23(5)", "s.24(2)", "s.31(3)"}  # bare "23", "24" subsumed
    assert "Section 24(2)" in info.sections[1].sentence
    assert info.law == "FOIA"


# ---------------------------------------------------------------- 6. Police Scotland: s.17 not held
SCOTLAND_NOT_HELD = """\
Police Scotland
Our reference: IM-FOI-2023-1234
Responding officer: Information Management
Date of response: 12 March 2023

Freedom of Information (Scotland) Act 2002

Further to our acknowledgement received on 20 February 2023, I am now in a position to
respond to your request for information below:

How many officers in the Highlands and Islands division were assaulted with a knife in
2022?

In terms of Section 17 of the Freedom of Information (Scotland) Act 2002, this represents
a notice that the information requested is not held by Police Scotland.

By way of explanation, the crime recording system does not identify whether the victim
of an assault was a police officer.

If you require any further assistance please contact us quoting the reference above.

You can request a review of this response within the next 40 working days by email or by
letter (Information Management - FOI, Police Scotland, Clyde Gateway, 2 French Street,
Dalmarnock, G40 4EH). Requests must include the reason for your dissatisfaction.

If you remain dissatisfied following our review response, you can appeal to the Office
of the Scottish Information Commissioner (OSIC) within 6 months - online, by email or by
letter (OSIC, Kinburn Castle, St Andrews, KY16 9DS).

Following an OSIC appeal, you can appeal to the Court of Session on a point of law only.

This response will be added to our Disclosure Log in seven days' time.
"""


def test_police_scotland_not_held():
    info = read_letter(SCOTLAND_NOT_HELD)
    assert info.reference.value == "IM-FOI-2023-1234"
    assert info.date.value == "2023-03-12"
    assert info.outcome.value == "not-held"
    assert "not held by Police Scotland" in info.outcome.sentence
    assert values(info) == ["s.17"]
    assert "Section 17" in info.sections[0].sentence
    assert info.law == "FOISA"


# ---------------------------------------------------------------- 7. s.40 only in the boilerplate
S40_IN_BOILERPLATE = """\
Midshire Police
FOI Request Number: FOI-2021-00812
Date: 8 July 2021

Dear Ms Patel

Thank you for your request for information regarding the number of hate crimes recorded
in 2020.

Please find below the information you requested.

Category            2020
Race                1,204
Religion            96
Sexual orientation  233

Please note that responses are published on our disclosure log. Personal information
about the requester is removed under section 40 before publication.

Your right to request a review
If you are unhappy with this response, including any use of the exemption at section
40(2), you may ask for an internal review. You also have the right under section 50 to
complain to the Information Commissioner, Wycliffe House, Water Lane, Wilmslow,
Cheshire SK9 5AF.

Re-use of Public Sector Information
Any re-use of this information will be governed by the Open Government Licence.
"""


def test_section_only_in_boilerplate():
    info = read_letter(S40_IN_BOILERPLATE)
    assert info.reference.value == "FOI-2021-00812"
    assert info.date.value == "2021-07-08"
    assert info.outcome.value == "full"
    assert "Please find below the information you requested" in info.outcome.sentence
    assert info.sections == []


# ---------------------------------------------------------------- 8. the request's own date is quoted
QUOTES_REQUEST_DATE = """\
Thank you for your request dated 2 April 2018, received on 3 April 2018, in which you
asked for the number of Taser discharges in 2017.

Reference: FOI/18/0456

I can confirm that the information is provided below.

In 2017 Taser was discharged 57 times.

Wednesday 25 April 2018

Yours sincerely
Freedom of Information Officer
"""


def test_request_date_is_not_the_letter_date():
    info = read_letter(QUOTES_REQUEST_DATE)
    assert info.reference.value == "FOI/18/0456"
    assert info.date.value == "2018-04-25"
    assert "25 April 2018" in info.date.sentence
    assert info.outcome.value == "full"
    assert "information is provided below" in info.outcome.sentence


QUOTES_REQUEST_DATE_ONLY = """\
Dear Sir

Thank you for your request dated 2 April 2018 in which you asked for the number of Taser
discharges in 2017. Please find attached the information you requested.

Yours faithfully
"""


def test_only_the_request_date_gives_no_date():
    info = read_letter(QUOTES_REQUEST_DATE_ONLY)
    assert info.date is None
    assert info.outcome.value == "full"
    assert info.reference is None


# ---------------------------------------------------------------- 9. PSNI refusal, exemptions
PSNI = """\
Police Service of Northern Ireland
Freedom of Information Request
PSNI Reference Number: FOI-2023-01234

Date: 2 October 2023

Request:
Please provide copies of the risk assessments for policing the Twelfth parades in
Belfast in 2023.

Answer:
The Police Service of Northern Ireland has decided to withhold the information you have
requested. The information is exempt by virtue of Section 31(1)(a) Law Enforcement and
Section 38(1)(a),(b) Health and Safety of the Freedom of Information Act 2000.

Section 31 and Section 38 are qualified exemptions and the public interest test has been
carried out. The balance of the public interest lies in favour of maintaining the
exemption.

This letter serves as a Refusal Notice under Section 17(1) of the Freedom of Information
Act 2000.

If you have any queries regarding your request or the decision please do not hesitate
to contact me. If you are dissatisfied in any way with the handling of your request,
you have the right to request a review.
"""


def test_psni_refusal_with_exemptions():
    info = read_letter(PSNI)
    assert info.reference.value == "FOI-2023-01234"
    assert info.date.value == "2023-10-02"
    assert info.outcome.value == "refused"
    assert "withhold" in info.outcome.sentence or "exempt" in info.outcome.sentence
    assert values(info) == ["s.31(1)", "s.38(1)"]
    assert "Section 31(1)(a)" in info.sections[0].sentence
    assert info.law == "FOIA"


# ---------------------------------------------------------------- 10. Police Scotland cost refusal
SCOTLAND_COST = """\
Our reference: IM-FOI-2022-0987
Your reference: ABC/123/2022
Date of response: 5 September 2022

Freedom of Information (Scotland) Act 2002

Further to our acknowledgement received on 10 August 2022, I am now in a position to
respond to your request for information below:

Please provide the number of domestic abuse incidents where the victim was over 65,
broken down by local authority, for each year since 2015.

Unfortunately, I estimate that it would cost well in excess of the current FOI cost
threshold of £600 to process your request.

As such, and in terms of Section 16(4) of the Freedom of Information (Scotland) Act 2002
where Section 12(1) of the Act (Excessive Cost of Compliance) has been applied, this
represents a refusal notice for the information requested.

By way of explanation, the age of the victim is not a searchable field and each incident
would have to be reviewed manually.

You can request a review of this response within the next 40 working days.
"""


def test_police_scotland_cost_refusal():
    info = read_letter(SCOTLAND_COST)
    assert info.reference.value == "IM-FOI-2022-0987"  # not "Your reference"
    assert info.date.value == "2022-09-05"
    assert info.outcome.value == "refused"
    assert "in excess of the current FOI cost threshold" in info.outcome.sentence
    assert values(info) == ["s.12(1)"]
    assert info.law == "FOISA"


# ---------------------------------------------------------------- 11. Police Scotland NCND s.18
SCOTLAND_NCND = """\
Our reference: IM-FOI-2024-0042
Date of response: 19 January 2024

I am now in a position to respond to your request for information below:

Has Police Scotland deployed covert human intelligence sources in any trade union since
2010?

Police Scotland can neither confirm nor deny that it holds the information you have
requested. In terms of section 18 of the Freedom of Information (Scotland) Act 2002,
Police Scotland considers that to reveal whether the information exists or is held would
be contrary to the public interest, and that if the information did exist and was held it
would be exempt under sections 34(1)(b) and 35(1)(a) of the Act.

You can request a review of this response within the next 40 working days.
"""


def test_police_scotland_ncnd_s18():
    info = read_letter(SCOTLAND_NCND)
    assert info.reference.value == "IM-FOI-2024-0042"
    assert info.date.value == "2024-01-19"
    assert info.outcome.value == "ncnd"
    assert "neither confirm nor deny" in info.outcome.sentence
    assert values(info) == ["s.18", "s.34(1)", "s.35(1)"]
    assert info.law == "FOISA"


# ---------------------------------------------------------------- 12. s.14 vexatious
VEXATIOUS = """\
Our Ref: FOI 2016/03321
17th November 2016

Dear Mr Brown

Thank you for your request received on 1 November 2016 about the investigation into your
complaint against PC 1234.

This is the ninth request you have made on this matter in the last six months. Having
considered the history and context of your requests, I consider this request to be
vexatious and I am refusing it under section 14(1) of the Freedom of Information Act
2000. The force will not respond to further requests on this subject.

If you are dissatisfied with this decision you may request an internal review.
"""


def test_vexatious():
    info = read_letter(VEXATIOUS)
    assert info.reference.value == "FOI 2016/03321"
    assert info.date.value == "2016-11-17"
    assert info.outcome.value == "refused"
    assert "vexatious" in info.outcome.sentence
    assert values(info) == ["s.14(1)"]


# ---------------------------------------------------------------- 13. Q&A: one part answered, one not held
QA_PARTLY_NOT_HELD = """\
FOI Reference: FOI 2020/00456
Date: 30 June 2020

Q1. How many speeding tickets were issued on the A38 in 2019?
A1. The information you requested is shown below.
January to June: 1,432
July to December: 1,655

Q2. How many of those tickets were cancelled?
A2. Northshire Police does not hold this information as cancellations are processed by
the Central Ticket Office of the Safety Camera Partnership.

Yours sincerely
"""


def test_question_and_answer_partly_not_held():
    info = read_letter(QA_PARTLY_NOT_HELD)
    assert info.reference.value == "FOI 2020/00456"
    assert info.date.value == "2020-06-30"
    assert info.outcome.value == "partial"
    assert "does not hold this information" in info.outcome.sentence
    assert info.sections == []


# ---------------------------------------------------------------- 14. s.21 information already published
S21 = """\
Reference No: 2015-1187
Date: 14 August 2015

Dear Sir

Your request:
"Please send me the force's current policy on the use of body worn video."

The information you have requested is exempt under section 21 of the Freedom of
Information Act 2000 as it is reasonably accessible to you by other means. The policy
is published on our website at www.northshire.police.uk/policies and is therefore not
provided with this letter.

Yours faithfully
"""


def test_s21_reasonably_accessible():
    info = read_letter(S21)
    assert info.reference.value == "2015-1187"
    assert info.outcome.value == "refused"
    assert "exempt under section 21" in info.outcome.sentence
    assert values(info) == ["s.21"]


# ---------------------------------------------------------------- 15. conflicting / no outcome
ACKNOWLEDGEMENT = """\
Our ref: FOI 2022/09876
Date: 2 March 2022

Dear Ms Green

Thank you for your request for information received on 28 February 2022 regarding
police vehicle collisions.

Your request is being dealt with under the terms of the Freedom of Information Act 2000
and you will receive a response within 20 working days. Some requests may need to be
refused if they would exceed the cost limit, in which case we will write to you.

Yours sincerely
"""

COST_AND_NOT_HELD = """\
Our ref: FOI 2021/04410
Date: 9 April 2021

Part 1: Northshire Police does not hold information on the religion of arrested persons.
Part 2: To locate the custody records requested would exceed the appropriate limit, so
that part of the request is refused under Section 12 of the Act.
"""


def test_no_outcome_when_nothing_decided():
    info = read_letter(ACKNOWLEDGEMENT)
    assert info.reference.value == "FOI 2022/09876"
    assert info.date.value == "2022-03-02"
    assert info.outcome is None  # "if they would exceed the cost limit" is hypothetical
    assert info.law == "FOIA"


def test_no_outcome_when_conflicting():
    info = read_letter(COST_AND_NOT_HELD)
    assert info.outcome is None
    assert values(info) == ["s.12"]


# ---------------------------------------------------------------- 16. redacted documents -> partial
REDACTED = """\
Our ref: FOI 2017/02020
Date: 1 December 2017

Dear Mr Khan

Please find attached the minutes of the Force Executive Board meetings held in 2016.
Some names and telephone numbers have been redacted under S40(2) and s.38(1)(a) of the
Act, as disclosure would identify individual members of staff.
"""


def test_redactions_make_it_partial():
    info = read_letter(REDACTED)
    assert info.outcome.value == "partial"
    assert "redacted" in info.outcome.sentence
    assert values(info) == ["s.40(2)", "s.38(1)"]
    assert "S40(2)" in info.sections[0].sentence


# ---------------------------------------------------------------- odds and ends


def test_empty_text():
    info = read_letter("")
    assert info.reference is None and info.date is None and info.outcome is None
    assert info.sections == [] and info.law is None


def test_other_acts_are_not_foi_sections():
    info = read_letter(
        "Our ref: FOI 2019/1111\nDate: 3 May 2019\n\n"
        "The information is not held. Records are destroyed in line with section 29 of the "
        "Data Protection Act 2018 and section 23 of the Police Act 1996.\n"
    )
    assert info.sections == []
    assert info.outcome.value == "not-held"


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("Section 40(2)", "s.40(2)"),
        ("s40(2)", "s.40(2)"),
        ("S.40", "s.40"),
        ("section 23(5)", "s.23(5)"),
        ("s. 31(1)(a)", "s.31(1)"),
        ("Section 22A", "s.22A"),
    ],
)
def test_section_spellings(phrase, expected):
    info = read_letter(f"Our ref: FOI 2019/1111\n\nThe names are exempt under {phrase} and have been withheld.\n")
    assert values(info) == [expected]
    assert phrase in info.sections[0].sentence


def test_disclosure_with_small_numbers_withheld_is_partial_not_refused():
    text = (
        "Our reference: FOI 1432/26\nDate: 2 November 2026\nDear Requester,\n"
        "South Wales Police holds the information you requested, and it is provided in the table below for each "
        "calendar year from 2006 to 2025.\n"
        "Where a figure is between one and four it has not been given: it is shown as *. Small numbers such as "
        "these could identify the officers concerned, and their personal data is exempt under section 40(2) of the Act.\n"
    )
    info = read_letter(text)
    assert info.outcome is not None and info.outcome.value == "partial"
    assert [s.value for s in info.sections] == ["s.40(2)"]
