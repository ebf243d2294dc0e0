"""harvester: collect every group's repository at the deadline, parse the report, export a review."""

__version__ = "0.1.0"
