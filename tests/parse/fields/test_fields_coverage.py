"""Q8 total coverage, on synthetic answers written for these tests."""

from __future__ import annotations

import pytest

from harvester.parse.coverage import extract_coverage

TABLE = """Our tests cover most of the package.

| Name                 | Stmts | Miss | Cover |
|----------------------|-------|------|-------|
| pkg/__init__.py      | 0     | 0    | 100%  |
| pkg/data.py          | 40    | 10   | 75%   |
| pkg/model.py         | 30    | 3    | 90%   |
| **TOTAL**            | 70    | 13   | 81%   |

Even at 100% we would not trust the code blindly.
"""

REPORT_IN_FENCE = """We ran coverage and got this:

```
Name              Stmts   Miss  Cover
-------------------------------------
src/a.py             10      0   100%
src/b.py             20     10    50%
-------------------------------------
TOTAL                30     10    67%
```
"""


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The total code coverage of our code is 74%, which includes all source files.", 74),
        ("We reached a coverage of [86]%.", 86),
        ("Right now the badge says 43\\% (it was lower yesterday).", 43),
        ("Our total coverage is **58%**.", 58),
        ("Overall coverage: 77.5 %", 77.5),
        ("Coverage is 61 percent across the src folder.", 61),
        ("The coverage stands at 64%, the remaining 36% are mostly CLI glue.", 64),
        (
            "Our coverage is 70%. Even with 100% coverage we would not trust the code to be "
            "free of errors, since 100% coverage does not mean correct behaviour.",
            70,
        ),
        ("Running pytest with coverage gives 100%. That number is misleading though.", 100),
        ("The total coverage is 100% - which would be great if the tests were meaningful.", 100),
        (
            "The average coverage is 91%. The coverage of the data code is 100%, while that of "
            "the model is 88%.",
            91,
        ),
        (TABLE, 81),
        (REPORT_IN_FENCE, 67),
        (
            "Coverage is shown in the badge ![cov](https://img.shields.io/badge/cov-93%25-green)",
            None,
        ),
        ("The coverage is roughly 35-40%, far from 100% coverage.", None),
        ("Coverage ranges between 50% and 60% depending on the runner.", None),
        ("Coverage per module: api 40%, data 60% and model 100%, respectively.", None),
        ("The model tests reach 100%, the data tests 90% and the API tests 40%.", None),
        ("Even with full (100%) coverage, bugs would remain.", None),
        ("We did not measure coverage.", None),
        ("We achieved 100% coverage.", 100),
        (
            "Our coverage sits at about 70%. Even if we reached 100% coverage, that would not "
            "prove the absence of bugs.",
            70,
        ),
        ("The measured coverage is 90%. We are still a bit away from 100%.", 90),
        # the 100% the answer is measured against, in the same sentence as the total
        ("Our coverage is just 38%, so we are quite far off from 100%.", 38),
        ("We got 55% coverage, which is a long way from 100%.", 55),
        ("Coverage is 81%, a bit short of 100% but fine for us.", 81),
        ("We reached 100% coverage on the data module and 80% overall.", 80),
        ("The total coverage of model.py is 90%.", None),
        ("Our unit tests cover 76% of the code base", 76),
        ("We did not reach our goal of 80%; the coverage is 62%.", 62),
        ("--- question 8 fill here ---", None),
        ("", None),
    ],
)
def test_coverage(answer: str, expected: float | None) -> None:
    assert extract_coverage(answer) == expected


def test_question_text_left_in_does_not_produce_the_100_of_the_question() -> None:
    answer = (
        "**What is the total code coverage (in percentage) of your code? If your code had a code "
        "coverage of 100% (or close to), would you still trust it to be error free?**\n\n"
        "Answer:\n\nWe have 38% coverage of the training package."
    )
    assert extract_coverage(answer) == 38


def test_per_file_percentages_do_not_beat_the_total() -> None:
    answer = (
        "The coverage for individual files varies: train.py has 30% and data.py has 95%. "
        "The total coverage is 66%."
    )
    assert extract_coverage(answer) == 66


def test_only_per_file_values_is_none() -> None:
    assert extract_coverage("For example data.py has 95% coverage.") is None


def test_the_coverage_tool_name_is_not_a_per_file_value() -> None:
    assert (
        extract_coverage("We measured 81% coverage with `coverage.py` on the src folder.") == 81.0
    )
    assert extract_coverage("utils.py reaches 81% coverage.") is None
