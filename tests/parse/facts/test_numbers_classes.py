"""Coverage and credits: the failure classes seen on unseen reports, in answers of our own, and
the confidence each reading carries."""

from __future__ import annotations

import pytest

from harvester.parse.coverage import read_coverage
from harvester.parse.credits import read_credits


@pytest.mark.parametrize(
    ("answer", "value", "reason"),
    [
        # a misspelt key word next to the percentage
        (
            "Our totla covrage is 71%, while the api module alone sits at 40% and data at 90%.",
            71.0,
            "misspelt",
        ),
        ("The overal coverage came out at 64 %.", 64.0, "misspelt"),
        # a total stated over the test files rather than the code
        (
            "Coverage is measured by running our three test files. The total coverage of the "
            "three files is 88%, which covers data loading and the model.",
            88.0,
            "test files",
        ),
        # several totals
        (
            "The total coverage was 55% in week two. The total coverage is now 81%.",
            55.0,
            "several totals",
        ),
        # a clean total: high
        ("We reach a total code coverage of 93%.", 93.0, None),
    ],
)
def test_coverage_classes(answer: str, value: float, reason: str | None) -> None:
    fact = read_coverage(answer)
    assert fact.value == value
    if reason is None:
        assert fact.confidence == "high" and fact.reason is None
    else:
        assert fact.confidence == "low"
        assert reason in fact.reason
    assert fact.words and str(int(value)) in fact.words


def test_coverage_none_defensible_lists_the_candidates() -> None:
    fact = read_coverage("We measured 40% and 75% on two different days.")
    assert fact.value is None
    assert fact.confidence == "low"
    assert fact.candidates == ["40%", "75%"]


@pytest.mark.parametrize(
    ("answer", "amount", "unit", "low"),
    [
        # "spent N of the allotted M": N, not N + M
        ("s123456 spent 12.40 of the allotted 50 credits.", 12.4, "credits", False),
        ("So far we have spent $8.20 of the allotted $50.", 8.2, "USD", False),
        # a plain amount with no unit under the question
        ("14.20", 14.2, "credits", True),
        ("Around 31 in total.", 31.0, "credits", True),
        # plain sentences about how much was used, no "total" or "credits" near
        (
            "The three accounts were each given 50 free credits, and we burned through 12 of them.",
            12.0,
            "credits",
            True,
        ),
        ("We have $41 left of the $50 voucher.", 9.0, "USD", True),
        ("Our bill ended at 4 dollars.", 4.0, "USD", False),
        # per-member amounts only: summed, low
        ("Anna spent $2.10 and Bo spent $3.", 5.1, "USD", True),
        # a clean total: high
        ("In total we spent 6.12 USD.", 6.12, "USD", False),
    ],
)
def test_credits_classes(answer: str, amount: float, unit: str, low: bool) -> None:
    fact = read_credits(answer)
    assert fact.value == {"amount": amount, "unit": unit}
    assert (fact.confidence == "low") is low, fact.reason


def test_credits_unread_with_amounts_lists_them() -> None:
    fact = read_credits("The voucher was $50 and the limit was $100.")
    assert fact.value is None
    assert fact.confidence == "low"
    assert fact.candidates == ["$50", "$100"]
