"""Evidence verdicts and grades, compared where a harvest has them (data/evidence.csv, grades.csv).

Both tables are written by other capabilities (claims vs evidence, grading; shapes in
docs/CONTRACTS.md) and older harvests do not have them: such a cohort shows "not collected".
"""

from __future__ import annotations

from harvester.compare.checklist import item_labels, item_order
from harvester.compare.cohort import Cohort, make_rows, numbers, ordered, share, truthy
from harvester.compare.model import NO_DATA, NOT_COLLECTED, NUMBER, PERCENT, Cell, Section, Table

VERDICTS = ("yes", "weak", "template", "no", "not_verifiable")
VERDICT_LABELS = {
    "yes": "proof found",
    "weak": "weak proof",
    "template": "only the course template's code",
    "no": "no proof found",
    "not_verifiable": "not verifiable from the repository",
}


def _claims(cohort: Cohort):
    """Ticked items of reported groups with their verdict, or None when not collected."""
    frame = cohort.table("evidence")
    if frame is None:
        return None
    frame = cohort.only_reported(frame)
    frame = frame[truthy(frame["ticked"])]
    return frame.assign(verdict=frame["verdict"].str.strip().str.lower())


def evidence_section(cohorts: list[Cohort]) -> Section | None:
    claims = [_claims(c) for c in cohorts]
    if all(c is None for c in claims):
        return None
    seen = {v for c in claims if c is not None for v in c["verdict"] if v}
    verdicts = [*VERDICTS, *sorted(seen - set(VERDICTS))]
    items = ordered({i for c in claims if c is not None for i in c["item_id"] if i}, item_order())
    by_verdict, by_item = [], []
    for frame in claims:
        if frame is None:
            by_verdict.append([Cell.missing(NOT_COLLECTED)] * len(verdicts))
            by_item.append([Cell.missing(NOT_COLLECTED)] * len(items))
            continue
        counts = frame["verdict"].value_counts().to_dict()
        by_verdict.append([share(int(counts.get(v, 0)), len(frame)) for v in verdicts])
        per_item = frame.groupby("item_id")["verdict"]
        claimed = per_item.size().to_dict()
        proven = per_item.agg(lambda s: int((s == "yes").sum())).to_dict()
        by_item.append([share(int(proven.get(i, 0)), int(claimed.get(i, 0))) for i in items])
    return Section(
        "evidence",
        "Evidence",
        [
            Table(
                "verdicts",
                "Verdicts on ticked checklist items",
                "Share of the ticked items (all groups) by what the repository shows for them.",
                make_rows(verdicts, VERDICT_LABELS, PERCENT, "evidence", by_verdict),
                n_label="ticked items",
            ),
            Table(
                "proof",
                "Ticked items with proof, by item",
                "Share of the groups ticking the item whose repository shows it (verdict yes).",
                make_rows(items, item_labels(), PERCENT, "evidence", by_item),
                n_label="ticked items",
            ),
        ],
    )


def grades_section(cohorts: list[Cohort]) -> Section | None:
    frames = [c.table("grades") for c in cohorts]
    if all(f is None for f in frames):
        return None
    criteria: dict[str, None] = {}
    for frame in frames:
        if frame is not None:
            criteria.update((c, None) for c in frame["criterion"].str.strip() if c)
    keys = list(criteria)
    per_cohort = []
    for frame in frames:
        if frame is None:
            per_cohort.append([Cell.missing(NOT_COLLECTED)] * len(keys))
            continue
        # Points where given, else the grade itself when it is a number ("02", "-3", "10").
        points = numbers(frame["points"]).fillna(numbers(frame["value"]))
        graded = frame.assign(points=points, criterion=frame["criterion"].str.strip())
        graded = graded[graded["points"].notna()]
        means = graded.groupby("criterion")["points"].agg(["mean", "size"])
        per_cohort.append(
            [
                Cell(float(means.at[k, "mean"]), int(means.at[k, "size"]))
                if k in means.index
                else Cell.missing(NO_DATA)
                for k in keys
            ]
        )
    table = Table(
        "grades",
        "Mean points by criterion",
        "Mean of the points given per criterion (the grade itself where it is a number and no "
        "points were given); stale grades included.",
        make_rows(keys, {}, NUMBER, "grades", per_cohort),
        n_label="grades",
    )
    return Section("grades", "Grades", [table])
