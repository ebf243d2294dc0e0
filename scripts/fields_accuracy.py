"""Per-field accuracy of the answer extractors over the labelled corpus (../shared/corpus).

Splits each README crudely on question headings, feeds each extractor its answer and compares
with labels.json: group (Q1), members (Q2), coverage (Q8), services (Q17), credits (Q24 in a
27-question report, else Q27) and images (whole file, resolved against files.json).
Usage: PYTHONPATH=. python scripts/fields_accuracy.py [--raw] [CORPUS_DIR]
(--raw feeds whole question sections, template text included, to test robustness.)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from harvester.parse.coverage import extract_coverage
from harvester.parse.credits import extract_credits
from harvester.parse.images import find_image_refs, resolve_image
from harvester.parse.members import extract_group_number, extract_members
from harvester.parse.services import extract_services

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
_HEADING = re.compile(r"(?m)^#+ *Question (\d+)")
_ANSWER_LINE = re.compile(r"(?im)^[ \t]*>?[ \t]*[*_]*answer[*_]*[ \t]*:[*_]*[ \t]*")


def decode(raw: bytes) -> str:
    """Text of a README: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def split_answers(text: str, raw: bool = False) -> dict[int, str]:
    """Question number -> answer text (after the 'Answer:' line when there is one).

    `raw` keeps the whole section (question text included): a robustness check for when the
    parser core leaves template text in an answer.
    """
    heads = list(_HEADING.finditer(text))
    answers: dict[int, str] = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = text[head.end() : end].split("\n", 1)[-1]
        label = None if raw else _ANSWER_LINE.search(body)
        answers.setdefault(int(head.group(1)), body[label.end() :] if label else body)
    return answers


def predict(folder: Path, raw: bool = False) -> dict:
    """The fields this helper extracts, for one corpus report."""
    text = decode((folder / "README.md").read_bytes())
    answers = split_answers(text, raw)
    files_json = folder / "files.json"
    files = (
        {entry["path"] for entry in json.loads(files_json.read_text())}
        if files_json.exists()
        else None
    )
    members = extract_members(answers.get(2, ""))
    credits_q = 24 if max(answers, default=0) <= 27 else 27
    refs = find_image_refs(text)
    missing = [resolve_image(r.src, files).missing for r in refs]
    return {
        "group_number": extract_group_number(answers.get(1, "")),
        "study_numbers": members.study_numbers,
        "members_listed": len(members.members),
        "code_coverage": extract_coverage(answers.get(8, "")),
        "credits": extract_credits(answers.get(credits_q, "")),
        "services": extract_services(
            answers.get(17, ""), template="2023" if credits_q == 24 else "2025"
        ),
        "images_referenced": len(refs),
        "images_missing": None if files is None else sum(1 for m in missing if m),
    }


def _same_number(a: object, b: object, tolerance: float) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= tolerance


def _same_credits(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    same_unit = a["unit"] == b["unit"]
    return same_unit and abs(a["amount"] - b["amount"]) <= 0.01 * abs(b["amount"]) + 1e-9


COMPARE: dict[str, Callable[[object, object], bool]] = {
    "group_number": lambda got, want: got == want,
    "study_numbers": lambda got, want: got == want,
    "members_listed": lambda got, want: got == want,
    "code_coverage": lambda got, want: _same_number(got, want, 0.5),
    "credits": _same_credits,
    "services": lambda got, want: sorted(got) == sorted(want),
    "images_referenced": lambda got, want: got == want,
    "images_missing": lambda got, want: got == want,
}


def expected(labels: dict, field: str) -> list | None:
    """Acceptable values (main label first); None = not labelled, skip."""
    if field.startswith("images_"):
        images = labels.get("images") or {}
        main = images.get(field.removeprefix("images_"))
        if main is None:
            return None
    else:
        main = labels.get(field)
    alternatives = labels.get(f"{field}_alternatives") or []
    return [main, *alternatives]


def measure(corpus: Path, raw: bool = False) -> tuple[dict[str, list[int]], list[str]]:
    """Per field [right, labelled] over every report of `corpus`, and the mismatch lines."""
    totals = {field: [0, 0] for field in COMPARE}
    mismatches: list[str] = []
    for labels_path in sorted(corpus.rglob("labels.json")):
        folder = labels_path.parent
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        got = predict(folder, raw)
        for field, same in COMPARE.items():
            wanted = expected(labels, field)
            if wanted is None:
                continue
            totals[field][1] += 1
            if any(same(got[field], w) for w in wanted):
                totals[field][0] += 1
            else:
                name = folder.relative_to(corpus)
                mismatches.append(f"{name}  {field}: expected {wanted[0]!r}, got {got[field]!r}")
    return totals, mismatches


def main(argv: list[str]) -> int:
    raw = "--raw" in argv
    args = [a for a in argv[1:] if a != "--raw"]
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    if not corpus.is_dir():
        print(f"no corpus at {corpus}")
        return 2
    totals, mismatches = measure(corpus, raw)
    print(f"{'field':<20}{'right':>7}{'of':>5}{'accuracy':>10}")
    for field, (right, count) in totals.items():
        share = 100.0 * right / count if count else 100.0
        print(f"{field:<20}{right:>7}{count:>5}{share:>9.1f}%")
    print(f"\n{len(mismatches)} mismatches")
    for line in mismatches:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
