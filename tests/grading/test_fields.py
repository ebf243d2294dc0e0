"""Corrections and other TA fields: checked and normalized the same from sheet and store."""

from __future__ import annotations

import pytest

from harvester.grading.fields import normalize, services_list
from harvester.grading.rubric import default_rubric

RUBRIC = default_rubric()


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("coverage", 81.5, "81.5"), ("coverage", "80 %", "80"), ("coverage", "80,5", "80.5"),
        ("credits", 4, "4"), ("credits", "12.50", "12.5"),
        ("credits_unit", "eur", "EUR"), ("credits_unit", "Credits", "credits"),
        ("services", "Cloud Run; vertex ai", "cloud_run, vertex_ai"),
        ("services", "Google Cloud Storage, BigQuery\nPub/Sub", "bigquery, cloud_storage, pubsub"),
        ("services", "none", "none"),
        ("confirm", "Yes", "yes"), ("confirm", "x", "yes"), ("confirm", True, "yes"),
        ("comment", "'=HYPERLINK(\"x\")", '=HYPERLINK("x")'),  # our own apostrophe goes
        ("comment", "'not a formula", "'not a formula"),  # the TA's own stays
        ("grader", 42, "42"),
        ("review", "Confirmed", "confirmed"),
    ],
)  # fmt: skip
def test_typed_values_normalize(field: str, typed: object, stored: str) -> None:
    assert normalize(field, typed, RUBRIC) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("coverage", 120, "not between 0 and 100"),
        ("credits", -1, "below 0"),
        ("credits_unit", "GBP", "not one of USD, EUR, DKK, credits"),
        ("services", "Cloud Run, Azure Blob", "unknown service 'Azure Blob'"),
        ("confirm", "maybe", "type 'yes' to confirm"),
        ("review", "perhaps", "not one of confirmed, dismissed"),
    ],
)
def test_bad_values_say_why(field: str, typed: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalize(field, typed, RUBRIC)


def test_services_list() -> None:
    assert services_list("cloud_run, vertex_ai") == ["cloud_run", "vertex_ai"]
    assert services_list("none") == []
