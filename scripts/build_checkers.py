"""Regenerate harvester/bank/checkers.json from the course's own checkers (`reports/report.py`).

Each cohort's students ran `python reports/report.py check`, the checker shipped with the
template version in force then. Its limits are what counts (DESIGN.md); its way of splitting the
README decides when it crashes. This script reads a checker's source (never runs it) and writes
what the harvester needs: how it cuts the text, how many answers it expects, and each question's
word and image limits. The checked-in JSON is the source of truth; this only saves typing when
a new checker version appears. Usage:

    python scripts/build_checkers.py 2026-01-09=path/report.py [...] > harvester/bank/checkers.json

`DATE` is the day the checker's template version came into force (the template file's date in
../shared/templates); several files per date are fine when they differ only in formatting.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

# The template files each checker came with (../shared/templates/<date>_<hash>.md), by the date
# the version came into force: the checker of a date applies until the next date.
TEMPLATES = {
    "2022-12-29": ["2022-12-29_58831729", "2022-12-31_9c5086ee", "2023-01-02_148bb62d"],
    "2023-01-06": ["2023-01-06_1477d9cd"],
    "2023-09-27": [
        "2023-09-27_64ea22b7", "2024-02-01_0902b07d", "2024-04-25_65b968af",
        "2024-06-04_e473a454", "2024-06-18_31e3972e", "2024-10-12_6e2cf9f5",
        "2024-11-09_92b03d41",
    ],
    "2024-12-22": ["2024-12-22_4eb18892"],
    "2025-01-08": ["2025-01-08_d1b907d5", "2025-01-24_9c3875c2"],
    "2026-01-04": ["2026-01-04_1fa25710"],
    "2026-01-09": ["2026-01-09_e3622b47", "2026-01-09_eb7305c5"],
}  # fmt: skip
BANK = Path(__file__).resolve().parents[1] / "harvester" / "bank"


def generation_of(templates: list[str]) -> str:
    """The question bank generation whose template files these are (bank/<gen>.json)."""
    for path in sorted(BANK.glob("20*.json")):
        listed = {Path(t).stem for t in json.loads(path.read_text(encoding="utf-8"))["templates"]}
        if set(templates) <= listed:
            return path.stem
    raise ValueError(f"templates {templates} belong to no single generation")


def _kwargs(call: ast.Call) -> dict[str, object]:
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "constrains"}


def _pair(kw: dict[str, object]) -> list[int]:
    low = kw.get("min", kw.get("min_length", kw.get("min_images")))
    high = kw.get("max", kw.get("max_length", kw.get("max_images")))
    return [int(low), int(high)]  # type: ignore[arg-type]


def _constraint(node: ast.expr) -> dict[str, list[int]]:
    """One question's constraint expression -> {"words": [lo, hi], "images": [lo, hi]}."""
    if isinstance(node, ast.Name):  # no_constraints
        return {}
    assert isinstance(node, ast.Call), ast.dump(node)
    func = node.func
    name = func.id if isinstance(func, ast.Name) else ""
    if name == "partial":  # 2023-2024: partial(length_constraints, min=.., max=..)
        target = node.args[0].id  # type: ignore[attr-defined]
        if target.startswith("multi"):
            inner = next(k.value for k in node.keywords if k.arg == "constrains")
            return _merge(inner.elts)  # type: ignore[attr-defined]
        kind = "words" if target.startswith("length") else "images"
        return {kind: _pair(_kwargs(node))}
    if name == "NoConstraints":
        return {}
    if name == "MultiConstraints":
        inner = next(k.value for k in node.keywords if k.arg == "constrains")
        return _merge(inner.elts)  # type: ignore[attr-defined]
    kind = "words" if name == "LengthConstraints" else "images"
    return {kind: _pair(_kwargs(node))}


def _merge(nodes: list[ast.expr]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for node in nodes:
        out.update(_constraint(node))
    return out


def read_checker(source: str) -> dict:
    """What a `report.py` checks: split rule, expected answer count and per-question limits."""
    tree = ast.parse(source)
    check = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "check")
    skip = 0
    pops_first = False
    expected = None
    limits: dict[str, dict[str, list[int]]] = {}
    for node in ast.walk(check):
        if (  # text = text[43:]  (the 2023-2024 checkers drop the file's first characters)
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "text"
            and isinstance(node.slice, ast.Slice)
            and isinstance(node.slice.lower, ast.Constant)
            and node.slice.upper is None
        ):
            skip = int(node.slice.lower.value)
        if (  # per_question.pop(0)
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "pop"
        ):
            pops_first = True
        if isinstance(node, ast.Compare) and isinstance(node.ops[0], ast.NotEq):
            expected = int(node.comparators[0].value)  # type: ignore[attr-defined]
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List | ast.Dict):
            name = node.targets[0].id  # type: ignore[attr-defined]
            if not name.startswith("question_constr"):
                continue
            values = node.value.elts if isinstance(node.value, ast.List) else node.value.values
            for number, value in enumerate(values, start=1):
                found = _constraint(value)
                if found:
                    limits[str(number)] = found
    assert expected is not None, "no answer count found"
    return {
        "answers": expected,
        "skip_chars": skip,
        # The pieces before the first "Answer:": popped before the loop (2025-) or, when it holds
        # a '###', kept and dropped after it (2023-2024: then the first *kept* piece goes).
        "drop": "first_piece" if pops_first else "first_kept",
        "limits": limits,
    }


def blob_id(path: Path) -> str:
    """The git blob id of the file: how a group's own copy of the checker is recognised."""
    return subprocess.run(
        ["git", "hash-object", "--", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def build(pairs: list[tuple[str, Path]]) -> dict:
    versions: dict[str, dict] = {}
    for date, path in pairs:
        found = read_checker(path.read_text(encoding="utf-8"))
        templates = TEMPLATES[date]
        version = versions.setdefault(
            date,
            {
                "id": date,
                "in_force_from": date,
                "generation": generation_of(templates),
                "templates": templates,
                **found,
            },
        )
        assert {k: v for k, v in version.items() if k in found} == found, f"{path} differs"
        version.setdefault("script_blobs", []).append(blob_id(path))
    for version in versions.values():
        version["script_blobs"] = sorted(set(version["script_blobs"]))
    return {
        "about": "The course's own report checkers (reports/report.py check), one per template "
        "version, by the date it came into force. Built by scripts/build_checkers.py.",
        "versions": [versions[d] for d in sorted(versions)],
    }


def main(argv: list[str]) -> int:
    pairs = []
    for arg in argv:
        date, _, path = arg.partition("=")
        pairs.append((date, Path(path)))
    if not pairs:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(dump(build(pairs)))
    return 0


def dump(data: dict) -> str:
    """JSON with one limit pair per line ("words": [100, 200]) so a diff shows what changed."""
    text = json.dumps(data, indent=1)
    return re.sub(r"\[\s+(\d+),\s+(\d+)\s+\]", r"[\1, \2]", text) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
