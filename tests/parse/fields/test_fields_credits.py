"""Credits question (Q24/Q27): the total spent, on synthetic answers written for these tests."""

from __future__ import annotations

import pytest

from harvester.parse.credits import extract_credits


def usd(amount: float) -> dict:
    return {"amount": amount, "unit": "USD"}


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # plain totals, every unit spelling
        ("In total we spent $14.50 on the cloud.", usd(14.5)),
        ("We used 7$ in total.", usd(7)),
        ("Altogether the project cost around 9 dollars.", usd(9)),
        ("We burned through 21 USD.", usd(21)),
        ("The group used 8 USB of credits.", usd(8)),
        (
            "We used 2.40 EUR in total, of which 1.90 EUR went to Cloud Storage.",
            {"amount": 2.4, "unit": "EUR"},
        ),
        ("We spent 3,20 \u20ac.", {"amount": 3.2, "unit": "EUR"}),
        ("In total, 412.30 kr were spent on the project.", {"amount": 412.3, "unit": "DKK"}),
        ("We ended up using 96.15 danish crowns (DKK).", {"amount": 96.15, "unit": "DKK"}),
        ("Our bill came to 88 DKK (~$13 USD).", {"amount": 88, "unit": "DKK"}),
        ("We used 64 credits in total.", {"amount": 64, "unit": "credits"}),
        ("We used $6.75 credits.", usd(6.75)),
        # escaped and LaTeX dollars, decimal comma
        ("We used a total of around \\$21.40 in credits, a net cost of \\$0.", usd(21.4)),
        ("So far we have spent a total of $ 4.62\\, \\$ $ in the cloud.", usd(4.62)),
        ("We used:\n- $2,35\n- $0.80\nIn total $3.15", usd(3.15)),
        # the total beside distractors
        (
            "The final cost of our project is $19.20. The most expensive service was Vertex AI "
            "at $11, while Cloud Storage came second at around $5.10.",
            usd(19.2),
        ),
        (
            "In total 2.75 USD was spent. Moving data out of the bucket is charged per GB, "
            "at a charge of $0.12.",
            usd(2.75),
        ),
        (
            "The total cost was about $0.90, which was fully covered by the $50 education "
            "credits we got, resulting in a net cost of $0.00.",
            usd(0.9),
        ),
        (
            "We spent a bit less than the $50 voucher, so around $41. Most of this (around $30) "
            "went to a forgotten Compute Engine VM.",
            usd(41),
        ),
        (
            "In total we used $5.60. Snapshot taken Monday 12/01 : 14.30\n"
            "In total, Compute Engine used the most at $4.10.",
            usd(5.6),
        ),
        ("In total it was less than 8$ (at the time of writing, approx. 6.5$).", usd(6.5)),
        # per-member amounts and their sum
        (
            "Member A spent $1.50.\nMember B spent $2.25\nMember C spent $3.",
            usd(6.75),
        ),
        (
            "Group member s200001 used 10.5 credits, group member s200002 used 4 credits and "
            "group member s200003 used 0 credits.",
            {"amount": 14.5, "unit": "credits"},
        ),
        (
            "Group member s211111 spent all 50 free USD credits during the exercises. "
            "s222222 spent 4.10 overall on the project.",
            usd(54.1),
        ),
        (
            "The biggest spender was Alex, who used 9 USB of credits. "
            "The others used less than 1 USB each.",
            usd(9),
        ),
        ("One member used 301.20 kr on the shared project.", {"amount": 301.2, "unit": "DKK"}),
        (
            "Member 1 spent all 50 credits, member 2 spent 20 credits, so in total we spent "
            "70 credits.",
            {"amount": 70, "unit": "credits"},
        ),
        ("We had $50 in credits and used $12 of them.", usd(12)),
        ("Google gave us $50 and we spent $7.", usd(7)),
        # a voucher word after a spent amount says how it was paid
        (
            "All in all we have used about 310 DKK in credits paid with the free course coupons.",
            {"amount": 310, "unit": "DKK"},
        ),
        ("We spent $12 of the free trial credits, out of $300.", usd(12)),
        ("We have spent nothing of the free $50 credits.", None),
        # the starting balance and what is left are not what was spent
        (
            "We started out with $50 of credits and are now down to $44.50, so we have "
            "spent $5.50 so far.",
            usd(5.5),
        ),
        ("Our balance went from $50 to $47, so we have spent $3 in total.", usd(3)),
        ("We began with 300 credits; we have used 41 of them.", {"amount": 41, "unit": "credits"}),
        ("Peter used 4 dollars, Anna used 6 dollars.", usd(10)),
        ("As of 18/01 at 10:45 we have spent 11.2 USD.", usd(11.2)),
        ("Credits used: 14", {"amount": 14, "unit": "credits"}),
        ("$4.56 (Vertex AI: $3.10, Storage: $1.46)", usd(4.56)),
        ("Our costs were 0.5 USD.", usd(0.5)),
        ("We spent 3.5 USD on Vertex AI, 1 USD on storage; 4.5 USD in total", usd(4.5)),
        (
            "* s100001 - 12.5 credits (the shared account)\n* s100002 - 2 credits\n\n"
            "In total 14.5 credits were spent. Cloud Storage alone used 9 credits.",
            {"amount": 14.5, "unit": "credits"},
        ),
        (
            "Over all accounts we spent roughly 300dkks of credits. Cloud Run cost 2 kr.",
            {"amount": 300, "unit": "DKK"},
        ),
        ("Ana used $10.50, Bo used $20 and in total $30.50 was spent.", usd(30.5)),
        ("\u00c9mile used 3 dollars and Zo\u00eb used 2 dollars.", usd(5)),
        (
            "s100001 used 0,40$ and storage cost the most. s100002 used 12$. s100003 used 1,5$",
            usd(13.9),
        ),
        ("No more than 150dkk, mostly Compute Engine.", None),
        # a running total updated later in the answer
        (
            "By Friday we had used $4.10 of our $50. Then a VM ran all weekend and the bill "
            "came up to $11.35 out of $50.",
            usd(11.35),
        ),
        ("We spent $3 in total. The cost of storage rose to $1 in the last week.", usd(3)),
        ("Cloud Run went up to $2 after the load test, and in total we spent $6.", usd(6)),
        ("We used 20 kr, then the storage came to 5 kr more.", {"amount": 20, "unit": "DKK"}),
        # typos of DKK before the number; "just above" is an estimate, not a bound
        ("The whole bill ended up just above DDK 37.", {"amount": 37, "unit": "DKK"}),
        ("Our spend was slightly under 4 dollars.", usd(4)),
        ("We stayed well under $20.", None),
        ("The three of us spent $2.12 each.", usd(6.36)),
        ("Member A spent $2.12 each week of the course.", usd(2.12)),
        # no total can be determined
        ("We ended up using ?? credits in total.", None),
        ("Some members have spent multiple dollars on training.", None),
        (
            "All services together cost under $10. For GitHub Actions we used over 900 minutes.",
            None,
        ),
        ("The most expensive service was Cloud Run at $3.", None),
        ("We each got a $50 voucher.", None),
        ("--- question 27 fill here ---", None),
        ("", None),
    ],
)
def test_credits(answer: str, expected: dict | None) -> None:
    assert extract_credits(answer) == expected


def test_github_actions_credits_are_not_cloud_spend() -> None:
    answer = "GCP cost us 3 dollars in total. For GitHub Actions we used 1200 credits."
    assert extract_credits(answer) == usd(3)


def test_thousands_separator() -> None:
    assert extract_credits("In total we spent 1,250 DKK.") == {"amount": 1250, "unit": "DKK"}


def test_bold_amount_and_breakdown_list() -> None:
    answer = (
        "During the project we utilized approximately **$0.41** in cloud credits.\n"
        "- **Cloud Run**: **$0.30** (most expensive service)\n"
        "- **Compute Engine**: **$0.11**\n"
    )
    assert extract_credits(answer) == usd(0.41)
