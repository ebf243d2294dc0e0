"""Every field a TA can set for a group, and how a typed value of each is checked and normalized.

Grades follow the rubric; corrections of the parser's facts (code coverage, credits, services)
have their own rules; texts are kept as typed. One function, `normalize`, for the importer and
for values read back from the store, so both agree on what "the same value" is.
"""

from __future__ import annotations

import re

from harvester.grading.config import grading_config
from harvester.grading.rubric import Rubric
from harvester.grading.values import format_number, parse_number, plain_text, spreadsheet_error
from harvester.parse.services import SERVICE_IDS

COMMENT, PRIVATE_NOTE, GRADER, CONFIRM = "comment", "private_note", "grader", "confirm"
TEXT_FIELDS = (COMMENT, PRIVATE_NOTE, GRADER)
COVERAGE, CREDITS, CREDITS_UNIT, SERVICES = "coverage", "credits", "credits_unit", "services"
CORRECTION_FIELDS = (COVERAGE, CREDITS, CREDITS_UNIT, SERVICES)
NO_SERVICES = "none"  # typed in the services correction: the group used no service at all
REVIEW, REVIEW_NOTE = "review", "review_note"  # similarity pairs (issue 15's sheet)
REVIEW_VALUES = ("confirmed", "dismissed")

_SPLIT = re.compile(r"[,;\n]+")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_SERVICE_KEYS = {_key(s): s for s in SERVICE_IDS}


def normalize(field: str, value: object, rubric: Rubric) -> str:
    """The canonical text of `value` for `field` ('' = empty); ValueError says what is wrong."""
    error = spreadsheet_error(value)
    if error:  # never a grade, and never a text to send to a group
        raise ValueError(
            f"the cell shows the spreadsheet error {error}, not a value (text starting with '=' "
            "is run as a formula); type the value again without the '='"
        )
    if field in rubric.grade_fields:
        return rubric.criterion(field).normalize(value)
    text = plain_text(value)
    if not text or field in TEXT_FIELDS or field == REVIEW_NOTE:
        return text
    if field == COVERAGE:
        number = parse_number(value)
        if not 0 <= number <= 100:
            raise ValueError(f"code coverage {format_number(number)} is not between 0 and 100")
        return format_number(number)
    if field == CREDITS:
        number = parse_number(value)
        if number < 0:
            raise ValueError(f"credits {format_number(number)} is below 0")
        return format_number(number)
    if field == CREDITS_UNIT:
        return _one_of(text, grading_config()["units"], "credits unit")
    if field == SERVICES:
        return normalize_services(text)
    if field == CONFIRM:
        if text.lower() in grading_config()["confirm"]:
            return "yes"
        raise ValueError(f"type 'yes' to confirm, not '{text}'")
    if field == REVIEW:
        return _one_of(text, REVIEW_VALUES, "review")
    raise ValueError(f"unknown field '{field}'")


def _one_of(text: str, allowed: list[str] | tuple[str, ...], what: str) -> str:
    for option in allowed:
        if option.lower() == text.lower():
            return option
    raise ValueError(f"{what} '{text}' is not one of {', '.join(allowed)}")


def normalize_services(text: str) -> str:
    """'Cloud Run; vertex ai' -> 'cloud_run, vertex_ai' (sorted ids); 'none' for no service."""
    if text.strip().lower() in (NO_SERVICES, "-", "no services"):
        return NO_SERVICES
    ids, unknown = set(), []
    for part in _SPLIT.split(text):
        if not part.strip():
            continue
        service = _SERVICE_KEYS.get(_key(part.strip().removeprefix("Google ")))
        if service is None:
            unknown.append(part.strip())
        else:
            ids.add(service)
    if unknown:
        raise ValueError(
            f"unknown service {', '.join(repr(u) for u in unknown)}; use ids such as "
            f"{', '.join(SERVICE_IDS[:4])} (all: {', '.join(SERVICE_IDS)}) or '{NO_SERVICES}'"
        )
    return ", ".join(sorted(ids))


def services_list(value: str) -> list[str]:
    """A normalized services correction as the record's list."""
    if value == NO_SERVICES:
        return []
    return [s.strip() for s in value.split(",") if s.strip()]
