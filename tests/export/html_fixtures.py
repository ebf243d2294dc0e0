"""Realistic inputs for the HTML exporters: snapshots, records, a reports folder with real images.

Records follow docs/CONTRACTS.md (the shape `harvester.parse` writes); they are synthetic but
shaped like a 2025-template report: 31 answers in their sections, a 52-item checklist, figures.
Images are real files: PNGs encoded here with zlib (any browser decodes them), a real GIF, an SVG.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

# ---------------------------------------------------------------- real image bytes


def png_bytes(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A valid RGB PNG of one colour (IHDR, one IDAT, IEND with correct CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    raw = row * height
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


# The classic 1x1 transparent GIF89a.
GIF_1X1 = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<script>alert("svg")</script><rect width="40" height="20" fill="teal"/></svg>'
)

LFS_POINTER = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    b"size 12345\n"
)


def write_reports_dir(root: Path, files: dict[str, bytes], readme: str = "# Report\n") -> Path:
    """A group's `reports/` folder as fetch leaves it: README.md plus the given files."""
    reports = root / "reports"
    (reports / "figures").mkdir(parents=True, exist_ok=True)
    (reports / "README.md").write_text(readme, encoding="utf-8")
    for rel, data in files.items():
        path = reports / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return reports


# ---------------------------------------------------------------- snapshot and record

SECTIONS = [
    ("Group information", [1, 2, 3]),
    ("Coding environment", [4, 5, 6]),
    ("Version control", [7, 8, 9, 10, 11]),
    ("Running code and tracking experiments", [12, 13, 14, 15, 16]),
    ("Working in the cloud", [17, 18, 19, 20, 21, 22]),
    ("Deployment", [23, 24, 25, 26]),
    ("Overall discussion of project", [27, 28, 29, 30, 31]),
]
WORD_LIMITS = {
    3: (100, 200),
    4: (100, 200),
    5: (100, 200),
    6: (100, 200),
    7: (50, 100),
    8: (100, 200),
    9: (100, 200),
    10: (100, 200),
    11: (200, 300),
    12: (50, 100),
    13: (100, 200),
    14: (200, 300),
    15: (100, 200),
    16: (100, 200),
    17: (50, 200),
    18: (100, 200),
    22: (100, 200),
    23: (100, 200),
    24: (100, 200),
    25: (100, 200),
    26: (100, 200),
    27: (100, 200),
    28: (0, 200),
    29: (200, 400),
    30: (200, 400),
    31: (50, 300),
}
IMAGE_LIMITS = {14: (1, 3), 19: (1, 2), 20: (1, 2), 21: (1, 2), 29: (1, 1)}

FILLER = (
    "We used a small convolutional network trained with PyTorch Lightning and tracked every run "
    "in Weights and Biases so the whole group could compare the validation loss across sweeps. "
)


def words(n: int) -> str:
    """About `n` words of plausible answer text."""
    base = FILLER.split()
    return " ".join(base[i % len(base)] for i in range(n))


def make_snapshot(group: str = "12", status: str = "ok", **overrides: object) -> dict:
    snapshot = {
        "group": group,
        "repo": "https://github.com/dtu-mlops/group-12-project",
        "status": status,
        "error": None,
        "deadline": "2026-01-24T23:59:00+01:00",
        "branch": "main",
        "deadline_commit": {
            "sha": "3f2a9c1d5e7b8a0f1c2d3e4f5a6b7c8d9e0f1a2b",
            "time": "2026-01-24T20:11:00+01:00",
            "subject": "Final report",
        },
        "head": {
            "sha": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d",
            "time": "2026-01-25T09:00:00+01:00",
        },
        "commits_after_deadline": 2,
        "reports_changed_after_deadline": True,
        "late_report_files": ["reports/README.md", "reports/figures/late.png"],
        "report_path": "reports/README.md",
        "fetched_at": "2026-01-25T10:00:00+00:00",
        "stale": False,
        "warnings": [
            {"kind": "lfs_pointer", "detail": "reports/figures/big.png is an LFS pointer"}
        ],
        "github": None,
    }
    if status != "ok":
        snapshot.update(
            deadline_commit=None,
            head=None,
            commits_after_deadline=0,
            reports_changed_after_deadline=False,
            late_report_files=[],
            report_path=None,
            warnings=[],
        )
    snapshot.update(overrides)
    return snapshot


def make_answer(question: int, section: str, text: str, *, words_n: int, images_n: int) -> dict:
    word_limit = WORD_LIMITS.get(question)
    image_limit = IMAGE_LIMITS.get(question)
    answered = bool(text.strip())
    ok = (word_limit is None or word_limit[0] <= words_n <= word_limit[1]) and (
        image_limit is None or image_limit[0] <= images_n <= image_limit[1]
    )
    return {
        "question": question,
        "key": f"q{question}_topic",
        "section": section,
        "prompt": f"Question text number {question} <as the template asks it>?",
        "text": text,
        "answered": answered,
        "line": 100 + 10 * question,
        "words": words_n,
        "words_checker": words_n + (2 if question == 14 else 0),
        "images": images_n,
        "images_checker": images_n,
        "word_limit": list(word_limit) if word_limit else None,
        "image_limit": list(image_limit) if image_limit else None,
        "ok": ok,
    }


def make_record(answer_texts: dict[int, str] | None = None, *, group_number: int = 12) -> dict:
    """A full 2025-style record; `answer_texts` overrides the markdown of chosen questions."""
    texts = {q: words(120) for _, qs in SECTIONS for q in qs}
    texts[1] = str(group_number)
    texts[2] = "s213160, s183568, s224411"
    texts[7] = words(250)  # over its 50-100 limit: a violation to show
    texts[14] = (
        words(210)
        + "\n\n![Training loss](figures/wandb.png)\n\n"
        + '<p align="center"><img src="figures/sweep.png" alt="Sweep" width="300"></p>'
    )
    texts[19] = "Our bucket:\n\n![bucket](figures/bucket.png)"
    texts[20] = "Registry:\n\n![registry](figures/registry_missing.png)"  # not in the folder
    texts[21] = "Build history:\n\n![build](figures/big.png)"  # an LFS pointer
    texts[25] = ""  # unanswered
    texts[29] = words(220) + "\n\n![architecture](figures/overview.svg)"
    texts.update(answer_texts or {})
    answers = []
    for section, questions in SECTIONS:
        for q in questions:
            text = texts[q]
            n_words = len(text.split())
            n_images = text.count("![") + text.count("<img")
            answers.append(make_answer(q, section, text, words_n=n_words, images_n=n_images))
    states = ["done"] * 30 + ["partial"] * 2 + ["open"] * 20
    checklist_items = [
        {
            "id": f"item_{i}",
            "text": f"Checklist item number {i} about MLOps (M{5 + i % 25})",
            "week": str(1 + i // 20),
            "module": f"M{5 + i % 25}",
            "state": state,
            "line": 40 + i,
        }
        for i, state in enumerate(states, start=1)
    ]
    return {
        "template": "2025",
        "group_number": group_number,
        "study_numbers": ["s213160", "s183568", "s224411"],
        "members_listed": 4,
        "members": ["s213160", "s183568", "s224411", "phigon"],
        "checklist": {"done": 30, "partial": 2, "open": 20},
        "checklist_items": checklist_items,
        "unanswered": [25],
        "code_coverage": 93.0,
        "credits": {"amount": 6.12, "unit": "USD"},
        "services": ["cloud_build", "cloud_storage", "vertex_ai"],
        "images": {"referenced": 7, "missing": 1},
        "answers": answers,
        "image_refs": [],
        "warnings": [
            {"kind": "word_limit", "question": 7, "line": 170, "detail": "250 words, limit 50-100"},
            {
                "kind": "missing_image",
                "question": 20,
                "line": 300,
                "detail": "figures/registry_missing.png is not in the reports folder",
            },
        ],
        "source": {"encoding": "utf-8", "bytes": 20000, "sha256": "0" * 64},
    }


def standard_figures() -> dict[str, bytes]:
    """The figures `make_record` references, minus the missing one."""
    return {
        "figures/wandb.png": png_bytes(60, 30, (30, 90, 200)),
        "figures/sweep.png": png_bytes(40, 40, (20, 160, 60)),
        "figures/bucket.png": png_bytes(50, 20, (220, 120, 20)),
        "figures/big.png": LFS_POINTER,
        "figures/overview.svg": SVG_WITH_SCRIPT,
    }


# ---------------------------------------------------------------- the cohort table

GROUP_COLUMNS = [
    "group",
    "repo",
    "status",
    "error",
    "stale",
    "deadline",
    "deadline_sha",
    "deadline_time",
    "head_sha",
    "commits_after_deadline",
    "reports_changed_after_deadline",
    "template",
    "group_number",
    "roster_members",
    "study_numbers",
    "members_listed",
    "members_mismatch",
    "answered",
    "unanswered",
    "checklist_done",
    "checklist_partial",
    "checklist_open",
    "checklist_coverage",
    "code_coverage",
    "credits_amount",
    "credits_unit",
    "credits_text",
    "services",
    "services_count",
    "images_referenced",
    "images_missing",
    "warnings",
    "report_html",
]


def group_row(group: str, status: str = "ok", **values: object) -> dict:
    row: dict[str, object] = {column: None for column in GROUP_COLUMNS}
    row.update(group=group, status=status, repo=f"https://github.com/org/{group}")
    if status == "ok":
        row.update(
            template="2025",
            answered=29,
            unanswered="25;31",
            checklist_done=30,
            checklist_partial=2,
            checklist_open=20,
            checklist_coverage=30 / 52,
            code_coverage=93.0,
            credits_amount=6.12,
            credits_unit="USD",
            services="cloud_build;cloud_storage",
            services_count=2,
            images_referenced=7,
            images_missing=1,
            warnings=3,
            commits_after_deadline=0,
            reports_changed_after_deadline=False,
        )
    row.update(values)
    return row


def make_groups_df(n: int) -> pd.DataFrame:
    """`n` groups with varied numbers so sorting has something to do."""
    rows = []
    for i in range(1, n + 1):
        status = "unreachable" if i % 17 == 0 else ("no_report" if i % 23 == 0 else "ok")
        row = group_row(str(i), status)
        if status == "ok":
            row.update(
                code_coverage=float((i * 37) % 101),
                credits_amount=round((i * 7.3) % 50, 2),
                services_count=i % 7,
                warnings=i % 5,
                commits_after_deadline=i % 4,
                answered=20 + i % 12,
                checklist_done=10 + i % 40,
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


# ---------------------------------------------------------------- reading HTML back


@dataclass
class ParsedPage:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def with_class(self, css: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(n, a) for n, a in self.tags if css in (a.get("class") or "").split()]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag
            getattr(self.page, tag + "s").append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            bucket = getattr(self.page, self._in + "s")
            bucket[-1] += data
        else:
            self._text.append(data)


def parse_page(html_text: str) -> ParsedPage:
    """Parse HTML with the standard library parser: every tag with its attributes, text, scripts."""
    collector = _Collector()
    collector.feed(html_text)
    collector.close()
    collector.page.text = "".join(collector._text)
    return collector.page
