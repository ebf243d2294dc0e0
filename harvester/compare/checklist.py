"""Checklist coverage per canonical item: the share of groups that ticked it as done.

Item ids are stable across template generations (harvester/bank/*.json), so an item is one row
for every cohort. A cohort's figure counts the groups whose template has the item (plus any group
that listed it anyway); an item no template of that cohort had is "not in template", never 0%.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from harvester.compare.cohort import Cohort, generations_having, make_rows, ordered, share
from harvester.compare.model import NOT_IN_TEMPLATE, PERCENT, Cell, Section, Table
from harvester.parse.bank import GENERATIONS, load_bank


@cache
def item_labels() -> dict[str, str]:
    """Item id -> its text and module tags in the newest template that has it."""
    labels: dict[str, str] = {}
    for gen in reversed(GENERATIONS):
        for item in load_bank(gen).checklist:
            tag = f" ({'+'.join(item.modules)})" if item.modules else ""
            labels.setdefault(item.id, f"{item.text}{tag}")
    return labels


def item_order() -> list[str]:
    return list(item_labels())


def _listed(cohort: Cohort) -> pd.DataFrame:
    """(group, item_id, state) of reported groups, canonical items only."""
    frame = cohort.only_reported(cohort.archive.tables["checklist"])
    return frame[frame["item_id"].str.strip() != ""]


def item_cells(cohort: Cohort, items: list[str]) -> list[Cell]:
    """Per item: done share over the groups expected to show it (template has it, or listed)."""
    having = generations_having("item")
    listed = _listed(cohort)
    listers: dict[str, set[str]] = listed.groupby("item_id")["group"].agg(set).to_dict()
    done = listed[listed["state"] == "done"].groupby("item_id")["group"].nunique().to_dict()
    cells = []
    for item in items:
        gens = having.get(item, frozenset())
        expected = cohort.groups_with(gens)
        extra = {g for g in listers.get(item, set()) if cohort.templates.get(g) not in gens}
        n = expected + len(extra)
        if n == 0 and cohort.generations:  # none of its templates has the item
            cells.append(Cell.missing(NOT_IN_TEMPLATE))
        else:
            cells.append(share(int(done.get(item, 0)), n))
    return cells


def checklist_section(cohorts: list[Cohort]) -> Section:
    labels = item_labels()
    seen = {i for c in cohorts for i in _listed(c)["item_id"]}
    items = ordered(set(labels) | seen, item_order())
    per_cohort = [item_cells(c, items) for c in cohorts]
    table = Table(
        "checklist",
        "Checklist items ticked as done",
        "Share of the groups whose template has the item (or that listed it anyway) that ticked "
        "it [x]; partly done [-] is not counted. 'not in template': no template that cohort used "
        "had the item.",
        make_rows(items, labels, PERCENT, "checklist", per_cohort),
    )
    return Section("checklist", "Checklist coverage", [table])
