"""Small synthetic cohorts as real git repositories, harvested with the real pipeline.

Each group is a repository whose `reports/README.md` is an official template of one generation
(rendered by tests/parse/parse_synth.py) with a few answers and checklist ticks set, committed
with backdated dates so that some groups keep working after the deadline. The numbers the
comparison must find are written by hand in the tests, from the specs below.

Used by the compare tests and by `make_archive.py` (which made the archived fixture
`archive_v1/` with the release before `compare` existed), so both build the very same cohort.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "parse"), str(HERE.parent)]

from fetch.helpers import StudentRepo  # noqa: E402
from parse_synth import full_answers, render  # noqa: E402

from harvester.parse.bank import load_bank  # noqa: E402

FILLER = ("we", "built", "the", "pipeline", "with", "care", "and", "tested", "it", "often")


@dataclass(frozen=True)
class GroupSpec:
    """One group: its template generation and what it wrote (None generation = no repository)."""

    id: str
    generation: str | None
    marks: dict[str, str] = field(default_factory=dict)  # item id -> "x" / "-"
    coverage: str | None = None  # answer of the code coverage question
    credits: str | None = None  # answer of the credits question
    services: str | None = None  # answer of the services question
    answers: dict[str, str | None] = field(default_factory=dict)  # key -> text (None: blank)
    late_report: bool = False  # a commit after the deadline changes reports/README.md
    late_code: bool = False  # a commit after the deadline changes code only
    no_report: bool = False  # the repository has no reports/README.md


@dataclass(frozen=True)
class CohortSpec:
    deadline: str
    groups: tuple[GroupSpec, ...]

    @property
    def before(self) -> str:
        return self.deadline[:10] + "T12:00:00+01:00"

    @property
    def after(self) -> str:
        year, month, day = self.deadline[:10].split("-")
        return f"{year}-{month}-{int(day) + 1:02d}T10:00:00+01:00"


COHORT_2024 = CohortSpec(
    "2024-01-19T23:59:00+01:00",
    (
        GroupSpec(
            "1",
            "2023",
            {"git_repo": "x", "cookiecutter": "x", "torchserve": "x", "unit_tests_data": "x"},
            coverage="The total code coverage of our tests is 80%.",
            credits="In total we spent $10 on credits.",
            services="We used Cloud Storage, Container Registry and Compute Engine.",
            late_report=True,
        ),
        GroupSpec(
            "2",
            "2023",
            {"git_repo": "x", "cookiecutter": "-", "unit_tests_data": "x"},
            coverage="We did not measure the code coverage of our tests.",
            credits="We spent 50 kr in total, mostly on compute.",
            services="We used Cloud Storage, Cloud Build and Container Registry.",
            answers={"code_structure": "short", "code_quality": None},
        ),
        GroupSpec("3", None),
        GroupSpec(
            "4",
            "2023",
            {"git_repo": "x"},
            coverage="The total code coverage of our tests is 60%.",
            credits="In total we spent $2 on credits.",
            services="We used Cloud Storage for our data.",
            late_code=True,
        ),
    ),
)

COHORT_2025 = CohortSpec(
    "2025-01-24T23:59:00+01:00",
    (
        GroupSpec(
            "1",
            "2025",
            {"git_repo": "x", "cookiecutter": "x", "unit_tests_data": "x", "cli": "x"},
            coverage="The total code coverage of our tests is 90%.",
            credits="In total we spent $30 on credits.",
            services="We used Cloud Storage, Artifact Registry, Cloud Run and Vertex AI.",
        ),
        GroupSpec(
            "2",
            "2025",
            {"git_repo": "x", "cli": "-", "unit_tests_data": "x"},
            coverage="The total code coverage of our tests is 70%.",
            credits="Group members spent 20 EUR altogether.",
            services="We used Cloud Storage and Artifact Registry.",
            answers={"code_structure": "short"},
        ),
        GroupSpec(
            "3",
            "2023",
            {"git_repo": "x", "torchserve": "x"},
            coverage="The total code coverage of our tests is 50%.",
            credits="In total we spent $4 on credits.",
            services="We used Cloud Storage and Container Registry.",
            late_report=True,
        ),
    ),
)

COHORT_2026 = CohortSpec(
    "2026-01-24T23:59:00+01:00",
    (
        GroupSpec(
            "1",
            "2026",
            {"git_repo": "x", "cookiecutter": "x", "input_output_collection": "x", "cli": "x"},
            coverage="The total code coverage of our tests is 95%.",
            credits="In total we spent $50 on credits.",
            services="We used Cloud Storage, Artifact Registry and Cloud Run.",
        ),
        GroupSpec(
            "2",
            "2026",
            {"git_repo": "x"},
            coverage="We did not measure the code coverage of our tests.",
            credits=None,
            services="We used Cloud Storage and Artifact Registry.",
            answers={"credits": None},
        ),
        GroupSpec(
            "3",
            "2026",
            {"git_repo": "x", "cookiecutter": "x"},
            coverage="The total code coverage of our tests is 85%.",
            credits="In total we spent $10 on credits.",
            services="We used Cloud Storage and Artifact Registry.",
            late_code=True,
        ),
        GroupSpec("4", "2026", no_report=True),
    ),
)


def padded(text: str, minimum: int) -> str:
    """``text`` plus plain filler words (no digits) so the answer reaches ``minimum`` + 5 words."""
    need = max(0, minimum + 5 - len(text.split()))
    return " ".join([text, *(FILLER[i % len(FILLER)] for i in range(need))])


def report_text(spec: GroupSpec) -> str:
    """The group's README.md: every answer within its limits except those the spec changes."""
    assert spec.generation is not None
    bank = load_bank(spec.generation)
    answers: dict[int, str | None] = dict(full_answers(spec.generation))
    by_key = {q.key: q for q in bank.questions}
    fields = {"code_coverage": spec.coverage, "credits": spec.credits}
    fields["gcp_services"] = spec.services
    for key, text in fields.items():
        if text is not None:
            q = by_key[key]
            answers[q.number] = padded(text, q.word_limit[0] if q.word_limit else 0)
    for key, text in spec.answers.items():
        answers[by_key[key].number] = text
    kept = {n: t for n, t in answers.items() if t is not None}
    return render(spec.generation, kept, spec.marks)


def build_repo(spec: GroupSpec, cohort: CohortSpec, path: Path) -> None:
    """A student repository: code, then the report before the deadline, then late work."""
    repo = StudentRepo(path)
    repo.commit({"src/train.py": "print('train')\n"}, cohort.before, message="code")
    if not spec.no_report:
        text = report_text(spec)
        repo.commit({"reports/README.md": text}, cohort.before, message="report")
        if spec.late_report:
            late = text + "\nlate edit\n"
            repo.commit({"reports/README.md": late}, cohort.after, message="late")
    if spec.late_code:
        repo.commit({"src/train.py": "print('train more')\n"}, cohort.after, message="late code")


def write_cohort(cohort: CohortSpec, work: Path) -> Path:
    """Repositories under ``work/repos`` and the roster ``work/groups.csv`` (returned)."""
    lines = ["group,repo"]
    for spec in cohort.groups:
        repo = work / "repos" / f"g{spec.id}"
        if spec.generation is not None:
            build_repo(spec, cohort, repo)
        lines.append(f"{spec.id},repos/g{spec.id}")  # no repository there: unreachable
    roster = work / "groups.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return roster


def harvest(cohort: CohortSpec, work: Path, *extra: str) -> Path:
    """Build the cohort under ``work`` and harvest it with the real CLI; returns output/."""
    from harvester.cli import main

    work.mkdir(parents=True, exist_ok=True)
    roster = write_cohort(cohort, work)
    out = work / "output"
    args = ["harvest", "--groups", str(roster), "--deadline", cohort.deadline, "--out", str(out)]
    code = main([*args, "--no-github", "--no-progress", *extra])
    assert code == 0, f"harvest of {work} exited {code}"
    return out
