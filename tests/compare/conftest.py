"""Harvested cohorts for the compare tests: the archived 2024 harvest (schema version 1, made by
the release before compare) and fresh harvests of the 2024, 2025 and 2026 cohorts of cohorts.py,
the last two with evidence.csv and grades.csv in the shape of docs/CONTRACTS.md."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cohorts import COHORT_2024, COHORT_2025, COHORT_2026, harvest  # noqa: E402

ARCHIVE_V1 = Path(__file__).resolve().parent / "archive_v1"
HOSTILE = '=HYPERLINK("http://evil.example","x")<script>alert(1)</script>'

# evidence.csv: group, item_id, ticked, verdict, proof_path, proof_line (issue 13's contract).
EVIDENCE_2025 = """group,item_id,ticked,verdict,proof_path,proof_line
1,git_repo,true,yes,.git,
1,cookiecutter,true,yes,pyproject.toml,1
1,unit_tests_data,true,weak,tests/test_data.py,3
1,cli,true,no,,
1,dvc,false,no,,
2,git_repo,true,yes,.git,
2,unit_tests_data,true,yes,tests/test_data.py,1
3,git_repo,true,yes,.git,
3,torchserve,true,not_verifiable,,
"""
EVIDENCE_2026 = """group,item_id,ticked,verdict,proof_path,proof_line
1,git_repo,true,yes,.git,
1,cookiecutter,true,template,pyproject.toml,1
1,input_output_collection,true,no,,
1,cli,true,yes,src/cli.py,4
2,git_repo,true,yes,.git,
3,git_repo,true,yes,.git,
3,cookiecutter,true,yes,pyproject.toml,1
3,ci,false,no,,
"""
# grades.csv: group, criterion, value, points, grader, stale (issue 14's contract).
GRADES_2025 = """group,criterion,value,points,grader,stale
1,report,12,12,ta1,false
2,report,7,7,ta1,false
3,report,02,2,ta2,true
1,code,10,,ta1,false
2,code,4,,ta2,false
3,code,pass,,ta2,false
"""
GRADES_2026 = f"""group,criterion,value,points,grader,stale
1,report,10,10,ta1,false
2,report,4,4,ta1,false
3,report,02,2,ta2,false
1,"{HOSTILE.replace('"', '""')}",12,12,ta1,false
"""


def _with_tables(out: Path, **tables: str) -> Path:
    for name, text in tables.items():
        (out / "data" / f"{name}.csv").write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def harvests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """label -> output folder: "2024v1" archived, "2024", "2025", "2026" harvested now."""
    root = tmp_path_factory.mktemp("cohorts")
    archived = root / "archive_v1"
    shutil.copytree(ARCHIVE_V1, archived)
    return {
        "2024v1": archived,
        "2024": harvest(COHORT_2024, root / "2024"),
        "2025": _with_tables(
            harvest(COHORT_2025, root / "2025"), evidence=EVIDENCE_2025, grades=GRADES_2025
        ),
        "2026": _with_tables(
            harvest(COHORT_2026, root / "2026"), evidence=EVIDENCE_2026, grades=GRADES_2026
        ),
    }
