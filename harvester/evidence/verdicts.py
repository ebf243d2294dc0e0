"""One verdict per checklist item from the rules, a group's files and the template (pure).

A verdict always names its proof (file, line, a short excerpt), and `no` is kept for items that
must leave a trace in code, in a repository that was read completely: it is an accusation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from harvester.evidence.baseline import Baseline
from harvester.evidence.rules import Pattern, Rule

MAX_PROOFS = 3
MAX_FILES_PER_PATTERN = 3
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class Proof:
    path: str
    line: int | None
    excerpt: str
    strength: str
    why: str
    template: bool
    part: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "excerpt": self.excerpt,
            "strength": self.strength,
            "why": self.why,
            "template": self.template,
        }


@dataclass
class RepoView:
    """What the evidence check may look at for one group (all read from disk beforehand)."""

    files: dict[str, str | None]  # every file at the deadline commit -> object id
    texts: dict[str, str]  # the evidence files that were read (already redacted)
    images: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # answer key -> refs
    complete: bool = True  # every evidence candidate was read (no cap, no skipped file)
    fetched: bool = True  # the deadline commit's files are known
    report_path: str = "reports/README.md"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    proofs: tuple[Proof, ...]
    note: str

    def as_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "proof": [p.as_json() for p in self.proofs],
            "note": self.note,
        }


CONTEXT_LINES = 2  # a matched line counts as the template's only with its neighbours


_VISIBLE = re.compile(r"\S")


def _visible_start(text: str, match: re.Match[str]) -> int:
    """Where the match's first non-whitespace character is: a pattern such as `^\\s*def` may
    start on the blank lines before the line it is about, which is the line the proof names."""
    visible = _VISIBLE.search(text, match.start(), match.end())
    return visible.start() if visible else match.start()


def _excerpt(text: str, start: int, end: int) -> tuple[int, str, list[str]]:
    """(1-based line, one-line excerpt, the matched lines with their neighbours)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    spanned = text[line_start : len(text) if line_end < 0 else line_end].split("\n")
    excerpt = " ⏎ ".join(s.strip() for s in spanned if s.strip())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[: EXCERPT_CHARS - 1] + "…"
    first = text.count("\n", 0, start)
    lines = text.split("\n")
    window = lines[max(0, first - CONTEXT_LINES) : first + len(spanned) + CONTEXT_LINES]
    return first + 1, excerpt, window


_TASK_LINE = re.compile(r"[ \t>]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]{0,4}\]")


def _counts(path: str, text: str, match: re.Match[str]) -> bool:
    """A copy of the course checklist in a Markdown file (`- [x] Use DVC ...`) is a claim, not
    evidence: matches on task-list lines do not count."""
    if not path.endswith((".md", ".rst")):
        return True
    start = text.rfind("\n", 0, _visible_start(text, match)) + 1
    return not _TASK_LINE.match(text, start)


def _content_proofs(p: Pattern, repo: RepoView, baseline: Baseline | None) -> list[Proof]:
    proofs = []
    for path in sorted(repo.texts):
        if path not in p.files:
            continue
        text = repo.texts[path]
        if p.also is not None and not p.also.search(text):
            continue
        match = next((m for m in p.regex.finditer(text) if _counts(path, text, m)), None)
        if match is None:
            continue
        start = _visible_start(text, match)
        line, excerpt, spanned = _excerpt(text, start, max(match.end() - 1, start))
        template = baseline is not None and (
            baseline.file_is_template(path, repo.files.get(path), text)
            or baseline.lines_are_template(path, spanned)
        )
        proofs.append(Proof(path, line, excerpt, p.strength, p.why, template, p.part))
        if len(proofs) >= MAX_FILES_PER_PATTERN and any(not x.template for x in proofs):
            break
    return proofs


def _path_proofs(p: Pattern, repo: RepoView, baseline: Baseline | None) -> list[Proof]:
    proofs = []
    for path in sorted(repo.files):
        if path not in p.files or not (p.regex and p.regex.search(path)):
            continue
        text = repo.texts.get(path)
        if p.also is not None and (text is None or not p.also.search(text)):
            continue
        template = baseline is not None and baseline.file_is_template(
            path, repo.files.get(path), text
        )
        if text is not None and not text.strip() and not template:
            continue  # an empty file shows nothing (unless it is the template's own stub)
        proofs.append(Proof(path, None, "", p.strength, p.why, template, p.part))
        if len(proofs) >= MAX_FILES_PER_PATTERN and any(not x.template for x in proofs):
            break
    return proofs


def _image_proofs(p: Pattern, repo: RepoView) -> list[Proof]:
    """Figures of one answer; a referenced figure that is not in the repository (or hosted
    elsewhere) still shows one was made, so it is weak evidence rather than none."""
    proofs = []
    for ref in repo.images.get(p.question or "", []):
        if ref.get("in_code"):
            continue
        excerpt = str(ref.get("alt") or ref.get("src") or "")[:EXCERPT_CHARS]
        if ref.get("missing") or not ref.get("resolved"):
            src = str(ref.get("src") or "")
            proofs.append(Proof(repo.report_path, ref.get("line"), src[:EXCERPT_CHARS],
                                "weak", "the answer shows a figure not stored in the repository",
                                False, p.part))  # fmt: skip
            continue
        path = f"reports/{ref['resolved']}"  # the figure itself: a line would be the README's
        proofs.append(Proof(path, None, excerpt, p.strength, p.why, False, p.part))
    return proofs[:MAX_FILES_PER_PATTERN]


def find_proofs(rule: Rule, repo: RepoView, baseline: Baseline | None) -> list[Proof]:
    """Every pattern's proofs; weak patterns are skipped once strong evidence is settled."""
    found: list[Proof] = []
    for p in rule.patterns:
        settled = [
            x for x in found if x.strength == "strong" and (rule.template_counts or not x.template)
        ]
        if p.strength == "weak" and settled and not rule.parts:
            continue
        if p.kind == "content":
            found += _content_proofs(p, repo, baseline)
        elif p.kind == "path":
            found += _path_proofs(p, repo, baseline)
        else:
            found += _image_proofs(p, repo)
    return found


def _shown(proofs: list[Proof]) -> tuple[Proof, ...]:
    """The best proofs first, one per file line (two patterns often find the same line)."""
    order = sorted(proofs, key=lambda x: (x.strength != "strong", x.template))
    first: dict[tuple[str, int | None], Proof] = {}
    for proof in order:
        first.setdefault((proof.path, proof.line), proof)
    return tuple(list(first.values())[:MAX_PROOFS])


def decide(rule: Rule, proofs: list[Proof], repo: RepoView) -> Verdict:
    """The verdict for one item from its proofs (see bank/evidence.toml for the meanings)."""
    if rule.trace == "process":
        return Verdict("not_verifiable", (), rule.why)
    if not repo.fetched:
        return Verdict("not_verifiable", (), "the repository was not fetched at the deadline")
    strong = [x for x in proofs if x.strength == "strong"]
    own = [x for x in strong if rule.template_counts or not x.template]
    if own and rule.parts:
        missing = [part for part in rule.parts if part not in {x.part for x in own}]
        if missing:
            note = f"only part of the item: no {', '.join(missing)} found"
            return Verdict("weak", _shown(own + [x for x in proofs if x not in own]), note)
    if own:
        return Verdict("yes", _shown(own), "")
    template_note = "only files or lines the course template ships"
    if strong:
        return Verdict("template", _shown(strong), template_note)
    weak_own = [x for x in proofs if not x.template]
    if weak_own:
        return Verdict("weak", _shown(weak_own), weak_own[0].why)
    if proofs:
        return Verdict("template", _shown(proofs), template_note)
    notebooks = sum(1 for f in repo.files if f.endswith(".ipynb"))
    if rule.may_say_no and rule.notebooks and notebooks:
        return Verdict(
            "not_verifiable",
            (),
            f"no trace in the code read; the repository has {notebooks} notebook(s), which are "
            "not read",
        )
    if rule.may_say_no and repo.complete:
        read = len(repo.texts)
        return Verdict("no", (), f"no trace in the {len(repo.files)} files ({read} read)")
    if rule.may_say_no:
        return Verdict(
            "not_verifiable", (), "no trace in the files read, but some files were not read (caps)"
        )
    where = {"local": "work done locally", "console": "work done in a cloud console"}
    return Verdict(
        "not_verifiable",
        (),
        f"nothing in the repository ({where.get(rule.trace, 'not visible in files')} leaves no "
        "trace there)",
    )
