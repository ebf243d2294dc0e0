"""harvester: collect group repos at the deadline, parse the reports, export a review."""

__version__ = "0.1.0"
