"""cohort.xlsx over the labelled corpus of real reports (../shared/corpus): real student text in
every answer cell and the human labels as the groups table. Skipped when the corpus is absent."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))  # the fixture module beside this file
from xlsx_fixtures import headers, rows_by_group  # noqa: E402

from harvester.cells import is_formula_like, safe_cell  # noqa: E402
from harvester.export.rates import DEFAULT_RATES  # noqa: E402
from harvester.export.xlsx import write_cohort_xlsx  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def corpus_reports() -> list[tuple[str, dict, str]]:
    """(group id, labels, README text) for every labelled report."""
    found = []
    for labels_path in sorted(CORPUS.glob("**/labels.json")):
        folder = labels_path.parent
        readme = folder / "README.md"
        if not readme.is_file():
            continue
        group = f"{folder.parent.name}-{folder.name}"
        text = readme.read_bytes().decode("utf-8", errors="replace")
        found.append((group, json.loads(labels_path.read_text("utf-8")), text))
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, Path]:
    reports = corpus_reports() if CORPUS.is_dir() else []
    if not reports:
        pytest.skip("labelled corpus not available (../shared/corpus)")
    groups, answers, services = [], [], []
    for group, labels, text in reports:
        credits = labels.get("credits") or {}
        groups.append(
            {
                "group": group,
                "status": "ok",
                "template": labels.get("template"),
                "study_numbers": labels.get("study_numbers") or [],
                "unanswered": labels.get("unanswered") or [],
                "code_coverage": labels.get("code_coverage"),
                "credits_amount": credits.get("amount"),
                "credits_unit": credits.get("unit"),
                "credits_text": text[:500],
                "services": labels.get("services") or [],
            }
        )
        answers.append({"group": group, "question": 1, "text": text})
        services.extend({"group": group, "service": s} for s in labels.get("services") or [])
    tables = {
        "groups": pd.DataFrame(groups),
        "answers": pd.DataFrame(answers),
        "services": pd.DataFrame(services, columns=["group", "service"]),
    }
    path = tmp_path_factory.mktemp("corpus") / "cohort.xlsx"
    write_cohort_xlsx(tables, path)
    return reports, path


def test_real_reports_are_stored_verbatim_but_safe(corpus: tuple[list, Path]) -> None:
    reports, path = corpus
    ws = load_workbook(path)["Answers"]
    col = headers(ws)["answer"]
    for row, (_, _, text) in enumerate(reports, start=2):
        cell = ws.cell(row=row, column=col)
        assert cell.value == safe_cell(text)
        assert cell.data_type == "s" and not is_formula_like(cell.value)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode("utf-8")


def test_labels_drive_usd_members_and_services(corpus: tuple[list, Path]) -> None:
    reports, path = corpus
    wb = load_workbook(path)
    ws = wb["Overview"]
    col = headers(ws)
    rows = rows_by_group(ws)
    converted = 0
    for group, labels, _ in reports:
        r = rows[group]
        credits = labels.get("credits")
        usd = ws.cell(row=r, column=col["credits USD"]).value
        if credits and credits.get("amount") is not None:
            assert usd == round(credits["amount"] * DEFAULT_RATES[credits["unit"]], 2)
            converted += 1
        else:
            assert usd is None
        members = "; ".join(labels.get("study_numbers") or []) or None
        assert ws.cell(row=r, column=col["members (report)"]).value == members
        assert ws.cell(row=r, column=col["unanswered"]).value == len(labels.get("unanswered") or [])
        link = ws.cell(row=r, column=col["report"]).hyperlink.target
        assert link.startswith("groups/") and ".." not in link and "+" not in link
    assert converted >= 10
    services = wb["Services"]
    scol = headers(services)
    srows = rows_by_group(services)
    for group, labels, _ in reports:
        expected = set(labels.get("services") or [])
        got = {
            name
            for name, c in scol.items()
            if 1 < c < scol["count"] and services.cell(srows[group], c).value == 1
        }
        assert got == expected, group
