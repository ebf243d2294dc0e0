"""Parser accuracy on labelled corpora: every folder with a ``labels.json`` is parsed and compared.

A report, not a test: it prints a per-field accuracy table and every mismatch and exits 0.
For the facts that carry a confidence (coverage, credits, services) it also prints how many
values were marked low-confidence and which share of the wrong values were: a wrong value that
says "check me" costs a TA seconds, a wrong value that looks sure costs a grade. Rules
(see ``shared/corpus/README.md``): exact match, except credits (amount within 1%, same unit) and
code_coverage (within 0.5); any ``<field>_alternatives`` entry also counts; a label ``null`` for
``images.missing`` means "not labelled" and is skipped.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvester.parse import parse_file
from harvester.parse.facts import low_confidence
from harvester.parse.record import RECORD_KEYS

# The record's keys, with the images pair compared as two fields.
FIELDS = tuple(
    part
    for key in RECORD_KEYS
    for part in (("images.referenced", "images.missing") if key == "images" else (key,))
)
# Fields whose label null means "not labelled" rather than "nothing there".
SKIP_WHEN_NULL = {"images.missing"}
# Fields whose record entry in ``facts_sources`` carries a confidence.
FACT_FIELDS = ("code_coverage", "credits", "services")


@dataclass
class Mismatch:
    file: str
    field: str
    expected: Any
    got: Any
    low: bool = False  # the record marked this value low-confidence


@dataclass
class CorpusResult:
    reports: int = 0
    checked: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    mismatches: list[Mismatch] = field(default_factory=list)
    low: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def accuracy(self, name: str) -> float | None:
        n = self.checked[name]
        return self.correct[name] / n if n else None


def _get(data: dict, name: str) -> Any:
    value: Any = data
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _alternatives(labels: dict, name: str) -> list[Any]:
    return list(labels.get(name.replace(".", "_") + "_alternatives") or [])


def same(name: str, expected: Any, got: Any) -> bool:
    """Does ``got`` match one labelled value under the field's rule?"""
    if expected is None or got is None:
        return expected is None and got is None
    if name == "credits":
        try:
            amount_e, amount_g = float(expected["amount"]), float(got["amount"])
        except (KeyError, TypeError, ValueError):
            return False
        if expected.get("unit") != got.get("unit"):
            return False
        return abs(amount_e - amount_g) <= 0.01 * abs(amount_e) + 1e-9
    if name == "code_coverage":
        try:
            return abs(float(expected) - float(got)) <= 0.5
        except (TypeError, ValueError):
            return False
    if name == "services":
        return sorted(expected) == sorted(got)
    return expected == got


def report_dirs(dirs: list[Path]) -> list[Path]:
    """Every folder under ``dirs`` (recursively) that holds a ``labels.json``, sorted."""
    found: set[Path] = set()
    for root in dirs:
        root = Path(root)
        if (root / "labels.json").is_file():
            found.add(root)
        if root.is_dir():
            found.update(p.parent for p in root.rglob("labels.json"))
    return sorted(found)


def check(dirs: list[Path]) -> CorpusResult:
    """Parse and compare every labelled report under ``dirs``."""
    result = CorpusResult()
    start = time.perf_counter()
    for folder in report_dirs(dirs):
        name = f"{folder.parent.name}/{folder.name}"
        try:
            labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            result.errors.append(f"{name}: labels.json unreadable ({exc})")
            continue
        record = parse_file(folder / "README.md")
        result.reports += 1
        for fld in FIELDS:
            expected = _get(labels, fld)
            if expected is None and fld in SKIP_WHEN_NULL:
                continue
            got = _get(record, fld)
            result.checked[fld] += 1
            low = fld in FACT_FIELDS and low_confidence(record, fld)
            result.low[fld] += low
            options = [expected, *_alternatives(labels, fld)]
            if any(same(fld, option, got) for option in options):
                result.correct[fld] += 1
            else:
                result.mismatches.append(Mismatch(name, fld, expected, got, low))
    result.seconds = time.perf_counter() - start
    return result


def format_result(result: CorpusResult) -> str:
    lines = [f"{'field':<20} {'correct':>8} {'checked':>8} {'accuracy':>9} {'low-conf.':>9}"]
    for fld in FIELDS:
        acc = result.accuracy(fld)
        shown = "-" if acc is None else f"{acc:.1%}"
        low = str(result.low[fld]) if fld in FACT_FIELDS else "-"
        lines.append(
            f"{fld:<20} {result.correct[fld]:>8} {result.checked[fld]:>8} {shown:>9} {low:>9}"
        )
    total_checked = sum(result.checked.values())
    total_correct = sum(result.correct.values())
    overall = f"{total_correct / total_checked:.1%}" if total_checked else "-"
    lines.append(f"{'all fields':<20} {total_correct:>8} {total_checked:>8} {overall:>9}")
    lines.append(f"{result.reports} reports parsed in {result.seconds:.2f} s")
    wrong = len(result.mismatches)
    marked = sum(1 for m in result.mismatches if m.low)
    share = f"{marked / wrong:.0%}" if wrong else "-"
    lines.append(f"wrong values marked low-confidence: {marked} of {wrong} ({share})")
    facts_wrong = [m for m in result.mismatches if m.field in FACT_FIELDS]
    facts_marked = sum(1 for m in facts_wrong if m.low)
    facts_share = f"{facts_marked / len(facts_wrong):.0%}" if facts_wrong else "-"
    lines.append(
        f"  of them coverage/credits/services: {facts_marked} of {len(facts_wrong)} ({facts_share})"
    )
    lines.extend(f"skipped {error}" for error in result.errors)
    if result.mismatches:
        lines.append("")
        lines.append(f"{len(result.mismatches)} mismatches:")
        for m in result.mismatches:
            lines.append(
                f"  {m.file}: {m.field}: expected {json.dumps(m.expected, ensure_ascii=False)}"
                f", got {json.dumps(m.got, ensure_ascii=False)}"
                + (" [marked low-confidence]" if m.low else "")
            )
    return "\n".join(lines)


def main(dirs: list[Path]) -> int:
    """Print the accuracy table and mismatches for the labelled reports under ``dirs``."""
    result = check([Path(d) for d in dirs])
    if not result.reports:
        print(
            "no labelled reports (folders with labels.json) found under: "
            + ", ".join(str(d) for d in dirs)
        )
        return 0
    print(format_result(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main([Path(a) for a in sys.argv[1:]] or [Path("../shared/corpus")]))
