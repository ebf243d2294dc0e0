"""The grading errors a TA can act on: each message names the file, cell or group to fix."""

from __future__ import annotations


class GradingError(Exception):
    """A grading step cannot go on without the TA (message says what to do); CLI exit 2."""


class WorkbookOpenError(GradingError):
    """The workbook is open in a spreadsheet application (its lock file sits beside it)."""


class StoreError(GradingError):
    """The grades store cannot be read or appended to (file and line named)."""


class RubricError(GradingError):
    """rubric.csv is malformed (file and line named)."""
