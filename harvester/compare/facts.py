"""Per-cohort facts from the groups table: templates used, code coverage, credits, services,
late work.

Credits are converted to USD with the rates *that cohort's export used* (manifest settings), so
a cohort's figures here equal its own cohort.xlsx.
"""

from __future__ import annotations

from harvester.compare.cohort import Cohort, make_rows, numbers, quartiles, share, truthy
from harvester.compare.model import NO_DATA, PERCENT, POINTS, USD, Cell, Row, Section, Table
from harvester.export.html_base import SERVICE_NAMES
from harvester.export.rates import to_usd
from harvester.parse.bank import GENERATIONS
from harvester.parse.services import SERVICE_IDS

UNKNOWN_TEMPLATE = "unknown"


def templates_section(cohorts: list[Cohort]) -> Section:
    keys = [*GENERATIONS, UNKNOWN_TEMPLATE]
    labels = {g: f"{g} template" for g in GENERATIONS} | {UNKNOWN_TEMPLATE: "not recognised"}
    per_cohort = []
    for cohort in cohorts:
        used = list(cohort.templates.values())
        n = len(used)
        counts = {g: used.count(g) for g in GENERATIONS}
        counts[UNKNOWN_TEMPLATE] = n - sum(counts.values())
        per_cohort.append([share(counts[k], n) for k in keys])
    rows = make_rows(keys, labels, PERCENT, "templates", per_cohort)
    table = Table(
        "templates",
        "Template generation used",
        "Share of the groups with a parsed report that wrote it on each template generation.",
        [r for r in rows if any(c.value for c in r.cells)] or rows,
    )
    return Section("templates", "Templates", [table])


def _spread(values: list[float]) -> list[Cell]:
    """First quartile, median and third quartile cells over ``values``."""
    stats = quartiles(values)
    if stats is None:
        return [Cell.missing(NO_DATA)] * 3
    return [Cell(value, len(values)) for value in stats]


def _coverage_cells(cohort: Cohort) -> list[Cell]:
    values = numbers(cohort.reported["code_coverage"]).dropna().tolist()
    return [share(len(values), len(cohort.reported)), *_spread(values)]


def _credit_cells(cohort: Cohort) -> list[Cell]:
    frame = cohort.reported
    amounts = numbers(frame["credits_amount"])
    usd = [
        value
        for amount, unit in zip(amounts, frame["credits_unit"], strict=True)
        if (value := to_usd(amount, unit.strip() or None, cohort.archive.rates)) is not None
    ]
    return [share(int(amounts.notna().sum()), len(frame)), *_spread(usd)]


def _stat_rows(per_cohort: list[list[Cell]], share_label: str, unit: str, rule: str) -> list[Row]:
    keys = ["reported", "q1", "median", "q3"]
    labels = dict(
        zip(keys, [share_label, "first quartile", "median", "third quartile"], strict=True)
    )
    # The share is plotted nowhere: it shares no axis with the statistics (USD, coverage %).
    shares = make_rows(
        keys[:1], labels, PERCENT, f"{rule}_share", [c[:1] for c in per_cohort], chart=False
    )
    return shares + make_rows(keys[1:], labels, unit, rule, [c[1:] for c in per_cohort])


def numbers_section(cohorts: list[Cohort]) -> Section:
    coverage = _stat_rows(
        [_coverage_cells(c) for c in cohorts], "groups stating a coverage", POINTS, "coverage"
    )
    credits = _stat_rows(
        [_credit_cells(c) for c in cohorts], "groups stating an amount", USD, "credits"
    )
    return Section(
        "numbers",
        "Code coverage and credits",
        [
            Table(
                "coverage",
                "Code coverage (%)",
                "Total code coverage the groups state; quartiles over the groups that state one.",
                coverage,
            ),
            Table(
                "credits",
                "Cloud credits spent (USD)",
                "What the groups say they spent, in USD at the rates each cohort's export used "
                "(see Notes); quartiles over the amounts with a known rate.",
                credits,
            ),
        ],
    )


def services_section(cohorts: list[Cohort]) -> Section:
    per_group = []
    for cohort in cohorts:
        services = cohort.only_reported(cohort.archive.tables["services"])
        per_group.append(services.groupby("service")["group"].nunique().to_dict())
    used = {s for counts in per_group for s in counts}
    keys = [s for s in SERVICE_IDS if s in used] + sorted(used - set(SERVICE_IDS))
    per_cohort = [
        [share(int(counts.get(s, 0)), len(c.reported)) for s in keys]
        for c, counts in zip(cohorts, per_group, strict=True)
    ]
    table = Table(
        "services",
        "Google Cloud services used",
        "Share of the groups with a parsed report that say they used the service.",
        make_rows(keys, SERVICE_NAMES, PERCENT, "services", per_cohort),
    )
    return Section("services", "Cloud services", [table])


def late_section(cohorts: list[Cohort]) -> Section:
    keys = ["commits", "reports"]
    labels = {
        "commits": "commits after the deadline",
        "reports": "reports/ changed after the deadline",
    }
    per_cohort = []
    for cohort in cohorts:
        frame = cohort.groups
        fetched = frame[frame["deadline_sha"].str.strip() != ""]
        late = int((numbers(fetched["commits_after_deadline"]) > 0).sum())
        changed = int(truthy(fetched["reports_changed_after_deadline"]).sum())
        per_cohort.append([share(late, len(fetched)), share(changed, len(fetched))])
    table = Table(
        "late",
        "Work after the deadline",
        "Share of the fetched groups (a deadline commit was found) with commits after the "
        "deadline, and with changes to reports/ after it.",
        make_rows(keys, labels, PERCENT, "late", per_cohort),
    )
    return Section("late", "Late work", [table])
