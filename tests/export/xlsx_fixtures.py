"""A synthetic cohort in the exact table shapes of docs/CONTRACTS.md ("Tables").

Deterministic for a seed, varied on purpose: statuses other than ok, roster/report mismatches,
late report changes, every credits unit (and one without a rate), NaN everywhere a real table has
gaps, answers outside their limits, and hostile student strings (formula prefixes, control
characters, a 100,000-character answer) in every text column that carries student writing.
Used by the xlsx tests and by scripts/bench_export_xlsx.py.
"""

from __future__ import annotations

import hashlib
import random
import re

import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# The 2026 template's checklist (week, module, text); the 2025 template lacks the M27
# input-output item.
ITEMS_2026: list[tuple[str, str | None, str]] = [
    ("1", "M5", "Create a git repository (M5)"),
    ("1", "M5", "Make sure that all team members have write access to the GitHub repository (M5)"),
    ("1", "M2", "Create a dedicated environment for you project to keep track of your packages"),
    ("1", "M6", "Create the initial file structure using cookiecutter (M6)"),
    ("1", "M6", "Fill out the `data.py` file such that it downloads whatever data you need (M6)"),
    ("1", "M6", "Add a model to `model.py` and a training procedure to `train.py` (M6)"),
    ("1", None, "Remember to keep your requirements / `pyproject.toml` up-to-date (M2+M6)"),
    ("1", "M7", "Remember to comply with good coding practices (`pep8`) (M7)"),
    ("1", "M7", "Do a bit of code typing and remember to document essential parts (M7)"),
    ("1", "M8", "Setup version control for your data or part of your data (M8)"),
    ("1", "M9", "Add command line interfaces and project commands to your code (M9)"),
    ("1", "M10", "Construct one or multiple docker files for your code (M10)"),
    ("1", "M10", "Build the docker files locally and make sure they work as intended (M10)"),
    ("1", "M11", "Write one or multiple configurations files for your experiments (M11)"),
    ("1", "M11", "Used Hydra to load the configurations and manage your hyperparameters (M11)"),
    ("1", "M12", "Use profiling to optimize your code (M12)"),
    ("1", "M14", "Use logging to log important events in your code (M14)"),
    ("1", "M14", "Use Weights & Biases to log training progress and other metrics (M14)"),
    ("1", "M14", "Consider running a hyperparameter optimization sweep (M14)"),
    ("1", "M15", "Use PyTorch-lightning (if applicable) to reduce boilerplate (M15)"),
    ("2", "M16", "Write unit tests related to the data part of your code (M16)"),
    ("2", "M16", "Write unit tests related to model construction and or model training (M16)"),
    ("2", "M16", "Calculate the code coverage (M16)"),
    ("2", "M17", "Get some continuous integration running on the GitHub repository (M17)"),
    ("2", "M17", "Add caching and multi-os/python/pytorch testing to your CI (M17)"),
    ("2", "M17", "Add a linting step to your continuous integration (M17)"),
    ("2", "M18", "Add pre-commit hooks to your version control setup (M18)"),
    ("2", "M19", "Add a continues workflow that triggers when data changes (M19)"),
    ("2", "M19", "Add a continues workflow that triggers on model registry changes (M19)"),
    ("2", "M21", "Create a data storage in GCP Bucket for your data (M21)"),
    ("2", "M21", "Create a trigger workflow for automatically building your docker images (M21)"),
    ("2", "M21", "Get your model training in GCP using either the Engine or Vertex AI (M21)"),
    ("2", "M22", "Create a FastAPI application that can do inference using your model (M22)"),
    ("2", "M23", "Deploy your model in GCP using either Functions or Run as the backend (M23)"),
    ("2", "M24", "Write API tests for your application and setup continues integration (M24)"),
    ("2", "M24", "Load test your application (M24)"),
    ("2", "M25", "Create a more specialized ML-deployment API using ONNX or BentoML (M25)"),
    ("2", "M26", "Create a frontend for your API (M26)"),
    ("3", "M27", "Check how robust your model is towards data drifting (M27)"),
    ("3", "M27", "Setup collection of input-output data from your deployed application (M27)"),
    ("3", "M27", "Deploy to the cloud a drift detection API (M27)"),
    ("3", "M28", "Instrument your API with a couple of system metrics (M28)"),
    ("3", "M28", "Setup cloud monitoring of your instrumented application (M28)"),
    ("3", "M28", "Create one or more alert systems in GCP (M28)"),
    ("3", "M29", "If applicable, optimize data loading using distributed data loading (M29)"),
    ("3", "M30", "If applicable, optimize training using distributed training (M30)"),
    ("3", "M31", "Play around with quantization, compilation and pruning (M31)"),
    ("Extra", "M32", "Write some documentation for your application (M32)"),
    ("Extra", "M32", "Publish the documentation to GitHub Pages (M32)"),
    ("Extra", None, "Revisit your initial project description."),
    ("Extra", None, "Create an architectural diagram over your MLOps pipeline"),
    ("Extra", None, "Make sure all group members have an understanding about all parts"),
    ("Extra", None, "Uploaded all your code to GitHub"),
]
INPUT_OUTPUT_ITEM = 39  # index of the item the 2026 template added

SERVICES = [
    "cloud_storage",
    "compute_engine",
    "vertex_ai",
    "cloud_build",
    "artifact_registry",
    "cloud_run",
    "cloud_functions",
    "secret_manager",
    "cloud_monitoring",
    "bigquery",
]

# Student strings a spreadsheet could run, or that a file format rejects.
HOSTILE = [
    '=HYPERLINK("http://evil.example/x","click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "\uff1d1+1",
    "bell\x07 null\x00 escape\x1b inside",
    "#N/A",
    "=",
]
HUGE_ANSWER_CHARS = 100_000

# (question, word_min, word_max, image_min, image_max) for the 2025/2026 templates.
LIMITS: dict[int, tuple[int | None, int | None, int | None, int | None]] = {
    14: (200, 300, 1, 3),
    19: (None, None, 1, 2),
    20: (None, None, 1, 2),
    21: (None, None, 1, 2),
    29: (200, 400, 1, 1),
}
_SENTENCE = (
    "we used docker to build images and trained the model on vertex ai with hydra configs "
    "the api was deployed on cloud run and monitored with prometheus metrics and alerts"
)
WORDS = _SENTENCE.split(" ")


def item_id(text: str) -> str:
    """A stable id from the item text, as a question bank would have."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:4]
    return "_".join(words) + "_" + hashlib.sha1(text.encode()).hexdigest()[:4]


def sha(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest()


def make_tables(
    n_groups: int = 12,
    *,
    seed: int = 0,
    n_questions: int = 31,
    hostile: bool = True,
    answer_words: tuple[int, int] = (20, 260),
    warnings_per_group: int = 3,
) -> dict[str, pd.DataFrame]:
    """The five tables for ``n_groups`` synthetic groups (ids "1".."n")."""
    rng = random.Random(seed)
    groups, answers, checklist, services, warnings = [], [], [], [], []
    units = ["USD", "EUR", "DKK", "credits", None, "USD", "GBP"]
    for i in range(1, n_groups + 1):
        gid = str(i)
        status = "ok"
        if i % 10 == 7:
            status = "unreachable"
        elif i % 10 == 8:
            status = "no_report"
        has_record = status == "ok"
        template = "2025" if i % 4 == 3 else "2026"
        roster = [f"s{rng.randint(100000, 259999)}" for _ in range(rng.randint(3, 5))]
        study = list(roster)
        if i % 5 == 2:
            study[0] = f"s{rng.randint(260000, 269999)}"  # a member the roster does not know
        items = [
            it for k, it in enumerate(ITEMS_2026) if template == "2026" or k != INPUT_OUTPUT_ITEM
        ]
        states = [rng.choice(["done"] * 6 + ["partial", "open", "open"]) for _ in items]
        done, partial = states.count("done"), states.count("partial")
        unit = units[i % len(units)]
        amount = round(rng.uniform(0, 180), 2) if unit else None
        if i % 9 == 0 and unit:
            amount = 0.0
        my_services = sorted(rng.sample(SERVICES, rng.randint(0, 6)))
        unanswered = sorted(rng.sample(range(1, n_questions + 1), rng.choice([0, 0, 1, 3])))
        after = rng.choice([0, 0, 0, 2, 5])
        credits_text = (
            f"We spent {amount} {unit} in total, mostly on Vertex AI." if unit else "Not sure."
        )
        if hostile and i % 3 == 1:
            credits_text = HOSTILE[i % len(HOSTILE)]
        group_warnings = 0
        if has_record:
            for q in range(1, n_questions + 1):
                w_min, w_max, i_min, i_max = LIMITS.get(q, (None, None, None, None))
                if q == 14:
                    w_min, w_max = 200, 300
                n_words = 0 if q in unanswered else rng.randint(*answer_words)
                text = " ".join(rng.choice(WORDS) for _ in range(n_words))
                if hostile and q == (i % n_questions) + 1:
                    text = HOSTILE[(i + q) % len(HOSTILE)]
                if hostile and i == 1 and q == 5:
                    text = "x" * HUGE_ANSWER_CHARS
                images = rng.choice([0, 1, 1, 2, 4]) if i_min is not None else 0
                checker_words = n_words + rng.choice([0, 0, 3, 40])
                if q == 14 and i % 4 == 0:  # fair count fits, the course checker's does not
                    n_words, checker_words = 290, 310
                    text = " ".join(rng.choice(WORDS) for _ in range(n_words))
                ok = not (
                    (w_min is not None and n_words < w_min)
                    or (w_max is not None and n_words > w_max)
                    or (i_min is not None and images < i_min)
                    or (i_max is not None and images > i_max)
                )
                answers.append(
                    {
                        "group": gid,
                        "question": q,
                        "key": f"q{q}",
                        "section": "Group information" if q <= 3 else "Project",
                        "text": text,
                        "words": n_words,
                        "words_checker": checker_words,
                        "images": images,
                        "images_checker": images,
                        "word_min": w_min,
                        "word_max": w_max,
                        "image_min": i_min,
                        "image_max": i_max,
                        "ok": ok,
                    }
                )
            for (week, module, text), state in zip(items, states, strict=True):
                checklist.append(
                    {
                        "group": gid,
                        "item_id": item_id(text),
                        "week": week,
                        "module": module,
                        "text": text,
                        "state": state,
                    }
                )
            services.extend({"group": gid, "service": s} for s in my_services)
            for k in range(warnings_per_group if i % 2 else 0):
                detail = f"question {14 + k} has {k + 4} images, limit is 3"
                if hostile and k == 0 and i % 4 == 1:
                    detail = HOSTILE[(i + 3) % len(HOSTILE)]
                warnings.append(
                    {
                        "group": gid,
                        "question": 14 + k,
                        "kind": "image_limit",
                        "line": 200 + k,
                        "detail": detail,
                    }
                )
                group_warnings += 1
        else:
            warnings.append(
                {
                    "group": gid,
                    "question": None,
                    "kind": "fetch",
                    "line": None,
                    "detail": f"clone failed: repository {gid} not found",
                }
            )
            group_warnings = 1
        deadline = "2026-01-24T23:59:00+01:00"
        groups.append(
            {
                "group": gid,
                "repo": f"https://github.com/dtu-mlops/group-{i}",
                "status": status,
                "error": None if has_record else f"{status}: see fetch log",
                "stale": i % 10 == 7 and i > 10,
                "deadline": deadline,
                "deadline_sha": sha(f"{seed}-{i}") if status != "unreachable" else None,
                "deadline_time": f"2026-01-24T{10 + i % 13:02d}:{i % 60:02d}:00+01:00"
                if status != "unreachable"
                else None,
                "head_sha": sha(f"{seed}-{i}-head") if status != "unreachable" else None,
                "commits_after_deadline": after if status != "unreachable" else None,
                "reports_changed_after_deadline": (after > 0 and i % 2 == 0)
                if status != "unreachable"
                else None,
                "template": template if has_record else None,
                "group_number": i if has_record else None,
                "roster_members": roster if i % 11 != 5 else [],
                "study_numbers": study if has_record else [],
                "members_listed": len(study) if has_record else None,
                "members_mismatch": (set(study) != set(roster) and i % 11 != 5)
                if has_record
                else None,
                "answered": n_questions - len(unanswered) if has_record else None,
                "unanswered": unanswered if has_record else None,
                "checklist_done": done if has_record else None,
                "checklist_partial": partial if has_record else None,
                "checklist_open": len(states) - done - partial if has_record else None,
                "checklist_coverage": round(done / len(states), 4) if has_record else None,
                "code_coverage": round(rng.uniform(20, 99), 1)
                if has_record and i % 3
                else float("nan"),
                "credits_amount": amount if has_record else None,
                "credits_unit": unit if has_record else None,
                "credits_text": credits_text if has_record else None,
                "services": my_services if has_record else None,
                "services_count": len(my_services) if has_record else None,
                "images_referenced": rng.randint(3, 9) if has_record else None,
                "images_missing": rng.choice([0, 0, 0, 1]) if has_record else None,
                "warnings": group_warnings,
                "report_html": f"groups/{gid}/report.html",
            }
        )
    return {
        "groups": pd.DataFrame(groups),
        "answers": pd.DataFrame(answers),
        "checklist": pd.DataFrame(checklist),
        "services": pd.DataFrame(services, columns=["group", "service"]),
        "warnings": pd.DataFrame(warnings, columns=["group", "question", "kind", "line", "detail"]),
    }


# --- reading a written workbook back -----------------------------------------------------------


def headers(ws: Worksheet, row: int = 1) -> dict[str, int]:
    """Header text -> column number."""
    return {cell.value: cell.column for cell in ws[row] if cell.value is not None}


def rows_by_group(ws: Worksheet, header_row: int = 1) -> dict[object, int]:
    """Group value in column A -> row number, for the data rows under the header."""
    found = {}
    for row in range(header_row + 1, ws.max_row + 1):
        value = ws.cell(row=row, column=1).value
        if value is not None:
            found.setdefault(value, row)
    return found


def fill_rgb(cell: Cell) -> str | None:
    """The solid fill colour of a cell, as openpyxl reports it ('00FFC7CE'), or None."""
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    return fill.fgColor.rgb
