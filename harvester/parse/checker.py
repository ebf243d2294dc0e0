"""The course's own checker (`reports/report.py check`): its limits, and where it would fail.

Each cohort's students ran the checker shipped with the template version in force at their
deadline (`bank/checkers.json`, read from the real scripts by scripts/build_checkers.py). Its
limits are the official ones, whatever template generation a group happened to write on. And its
way of cutting the README breaks on bent templates, silently for the students: it splits the file
at every literal ``Answer:``, keeps a piece only when it holds a ``###`` (cut there, then at
``##``), always appends the last piece whole, and stops with a ValueError unless it ends up with
exactly 27 (2023-2024) or 31 (2025-) answers; otherwise it checks answer *i* against question
*i*'s limits, whatever question that text answers. This module replays that on the report's text
(pure) and says in plain words when the checker would crash or check the wrong answers.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from harvester.parse.bank import load_bank
from harvester.parse.limits import limit_warnings, within

MARKER = "Answer:"
KIND = "course_checker"
UTF8 = (None, "utf-8", "utf-8-sig", "ascii")
MAX_REASONS = 4


@dataclass(frozen=True)
class CheckerVersion:
    """One version of `reports/report.py` (see bank/checkers.json)."""

    id: str  # the date its template version came into force
    in_force_from: date
    generation: str  # question bank whose numbering its answers follow
    answers: int  # answers it insists on
    skip_chars: int  # characters it drops from the file's start (2023-2024: 43)
    drop: str  # "first_piece" (2025-) or "first_kept" (2023-2024), see module docstring
    limits: dict[int, dict[str, tuple[int, int]]]  # question -> {"words"|"images": (lo, hi)}
    script_blobs: tuple[str, ...] = field(default=())  # git blob ids of the known script files

    @property
    def label(self) -> str:
        return f"reports/report.py of {self.id}"


@cache
def checker_versions() -> tuple[CheckerVersion, ...]:
    """Every known checker version, oldest first."""
    raw = json.loads(
        resources.files("harvester").joinpath("bank", "checkers.json").read_text("utf-8")
    )
    versions = [
        CheckerVersion(
            id=v["id"],
            in_force_from=date.fromisoformat(v["in_force_from"]),
            generation=v["generation"],
            answers=int(v["answers"]),
            skip_chars=int(v["skip_chars"]),
            drop=v["drop"],
            limits={
                int(q): {kind: (int(pair[0]), int(pair[1])) for kind, pair in found.items()}
                for q, found in v["limits"].items()
            },
            script_blobs=tuple(v.get("script_blobs", ())),
        )
        for v in raw["versions"]
    ]
    return tuple(sorted(versions, key=lambda v: v.in_force_from))


def checker_for(deadline: datetime | str | None) -> CheckerVersion | None:
    """The checker in force at the deadline (its local date), or None before the first one."""
    if isinstance(deadline, str):
        try:
            deadline = datetime.fromisoformat(deadline)
        except ValueError:
            return None
    if deadline is None:
        return None
    day = deadline.date()
    found = [v for v in checker_versions() if v.in_force_from <= day]
    return found[-1] if found else None


def latest_for(generation: str | None) -> CheckerVersion | None:
    """Without a deadline: the last checker shipped with the report's own template generation."""
    found = [v for v in checker_versions() if v.generation == generation]
    return found[-1] if found else None


# --- official limits --------------------------------------------------------------------------


def _limits_by_key(version: CheckerVersion) -> dict[str, dict[str, tuple[int, int]]]:
    """The checker's limits by question key (so a report on another template maps by meaning)."""
    bank = load_bank(version.generation)
    return {q.key: version.limits.get(q.number, {}) for q in bank.questions}


def apply_official_limits(record: dict, version: CheckerVersion, deadline: Any) -> None:
    """Give every answer the limits of the cohort's checker; redo `ok` and the limit warnings.

    A question the checker has no counterpart for (by key) keeps its template's limits.
    `record["limits_source"]` says which checker was applied and what changed.
    """
    by_key = _limits_by_key(version)
    changed: list[dict] = []
    kept: list[int] = []
    for answer in record.get("answers") or []:
        official = by_key.get(answer.get("key"))
        if official is None:
            kept.append(answer["question"])
            continue
        words = list(official["words"]) if "words" in official else None
        images = list(official["images"]) if "images" in official else None
        if words != answer.get("word_limit") or images != answer.get("image_limit"):
            changed.append(
                {
                    "question": answer["question"],
                    "template": {"words": answer.get("word_limit"),
                                 "images": answer.get("image_limit")},
                    "checker": {"words": words, "images": images},
                }
            )  # fmt: skip
        answer["word_limit"], answer["image_limit"] = words, images
        answer["ok"] = bool(answer.get("answered")) and (
            within(answer.get("words", 0), words) and within(answer.get("images", 0), images)
        )
    if changed:
        warnings = [
            w for w in record["warnings"] if w.get("kind") not in ("word_limit", "image_limit")
        ]
        for answer in record["answers"]:
            warnings.extend(limit_warnings(answer))
        record["warnings"] = warnings
    when = _day(deadline)
    record["limits_source"] = {
        "kind": "checker",
        "checker": version.id,
        "generation": version.generation,
        "deadline": when,
        "label": f"course checker {version.label}"
        + (f", in force at the deadline {when}" if when else ""),
        "short": f"checker {version.id}",
        "changed": changed,
        "template_limits_kept": kept,
    }


def template_limits_source(record: dict) -> None:
    """No deadline known: the limits stay those written in the report's own template."""
    generation = record.get("template")
    record["limits_source"] = {
        "kind": "template",
        "checker": None,
        "generation": generation,
        "deadline": None,
        "label": f"the {generation} template's own limits (no deadline known)"
        if generation
        else "no template recognised; limits of the closest template",
        "short": f"template {generation}" if generation else "template (guessed)",
        "changed": [],
        "template_limits_kept": [],
    }


def _day(deadline: Any) -> str | None:
    if isinstance(deadline, datetime):
        return deadline.date().isoformat()
    if isinstance(deadline, str) and deadline:
        try:
            return datetime.fromisoformat(deadline).date().isoformat()
        except ValueError:
            return None
    return None


# --- replaying the checker's split ------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One answer as the checker sees it."""

    marker_line: int | None  # 0-based line of the "Answer:" it follows; None = file start
    text: str


@dataclass
class Split:
    """The checker's cut of one README: its answers, or why it cannot cut at all."""

    answers: list[Piece]
    markers: list[int]  # 0-based line of every "Answer:" it splits at
    skipped: list[int]  # markers whose piece it drops (no '###' in it)
    doubled: int | None  # 0-based line of the '###' that makes it count the last piece twice
    first_dropped: bool  # 2023-2024: the text before the first "Answer:" had no '###'
    error: str | None = None


def _cut(piece: str) -> str:
    piece = piece.split("###")[0]
    return piece.split("##")[0] if "##" in piece else piece


def replay(text: str, version: CheckerVersion) -> Split:
    """`report.py check`'s own split of `text`, with where each piece came from."""
    skip = version.skip_chars
    parts = text[skip:].split(MARKER)
    # 0-based line of the "Answer:" before each part (None for the first) and the line each part
    # starts on, counted in one pass over the text (a hostile file has thousands of markers).
    lines: list[int | None] = [None]
    firsts = [text.count("\n", 0, skip)]
    for part in parts[:-1]:
        marker_line = firsts[-1] + part.count("\n")
        lines.append(marker_line)
        firsts.append(marker_line)  # the part after a marker starts on the marker's line
    pieces = list(zip(lines, parts, firsts, strict=True))
    markers = [line for line in lines if line is not None]
    if version.drop == "first_piece":
        pieces.pop(0)
        if not pieces:
            return Split([], markers, [], None, False, f"the report has no '{MARKER}' at all")
    kept = [Piece(line, _cut(part)) for line, part, _ in pieces if "###" in part]
    skipped = [line for line, part, _ in pieces[:-1] if "###" not in part and line is not None]
    last_line, last_part, last_first = pieces[-1]
    doubled = None
    if "###" in last_part and last_line is not None:
        doubled = last_first + last_part.count("\n", 0, last_part.index("###"))
    kept.append(Piece(last_line, last_part))
    first_dropped = False
    if version.drop == "first_kept":
        first_dropped = "###" not in pieces[0][1]
        kept = kept[1:]
    answers = [Piece(p.marker_line, p.text.strip("\n")) for p in kept]
    return Split(answers, markers, skipped, doubled, first_dropped)


# --- what it means for this report ------------------------------------------------------------


class _Questions:
    """Which question of the record a line of the README belongs to (from the record's lines)."""

    def __init__(self, record: dict):
        self.keys: dict[int, str] = {}
        self.spans: list[tuple[int, bool, int]] = []  # (0-based start, answered, question)
        for answer in record.get("answers") or []:
            self.keys[answer["question"]] = answer.get("key")
            if answer.get("line"):
                self.spans.append(
                    (answer["line"] - 1, bool(answer["answered"]), answer["question"])
                )
        self.spans.sort()
        self.starts = [start for start, _, _ in self.spans]

    def of(self, line: int | None) -> int | None:
        """The question whose part holds the "Answer:" at 0-based `line` (None: before any).

        An answered question's text starts on the line after its own "Answer:".
        """
        if line is None:
            return None
        at = bisect_right(self.starts, line + 1) - 1
        if at >= 0 and self.starts[at] == line + 1 and not self.spans[at][1]:
            at -= 1
        return self.spans[at][2] if at >= 0 else None

    def out_of_order(self) -> tuple[int, int] | None:
        """(later, earlier): a question answered above one with a smaller number."""
        for (_, _, a), (_, _, b) in zip(self.spans, self.spans[1:], strict=False):
            if b < a:
                return a, b
        return None


def _reasons(split: Split, questions: _Questions, record: dict) -> list[tuple[int | None, str]]:
    """Plain-words causes, each with the 1-based line it is about."""
    out: list[tuple[int | None, str]] = []
    owners: dict[int, list[int]] = {}
    before: list[int] = []
    for line in split.markers:
        question = questions.of(line)
        if question is None:
            before.append(line)
        else:
            owners.setdefault(question, []).append(line)
    if before:
        out.append(
            (
                before[0] + 1,
                f"'{MARKER}' appears {len(before)} time(s) before the first question (line "
                f"{before[0] + 1}): the checker counts each as an answer",
            )
        )
    for question, lines in sorted(owners.items()):
        for line in lines[1 : 1 + MAX_REASONS]:
            out.append(
                (
                    line + 1,
                    f"'{MARKER}' appears a second time in question {question} (line {line + 1}): "
                    "the checker reads only the text after it as that answer",
                )
            )
    for answer in record.get("answers") or []:
        if answer.get("line") and answer["question"] not in owners:
            out.append(
                (
                    answer["line"],
                    f"question {answer['question']} has no literal '{MARKER}' line, so the "
                    "checker reads it as part of the answer before it",
                )
            )
    for line in split.skipped[:MAX_REASONS]:
        question = questions.of(line)
        at = bisect_right(split.markers, line)
        nxt = questions.of(split.markers[at]) if at < len(split.markers) else None
        if nxt is not None and nxt == question:
            continue  # a second 'Answer:' in the same question (said above)
        heading = f"'### Question {nxt}' heading" if nxt else "next question's '###' heading"
        out.append(
            (
                line + 1,
                f"no '###' heading follows the answer to question {question} (line {line + 1}) "
                f"before the next '{MARKER}', so the checker drops that answer (the {heading} "
                "is missing or is not a '###' heading)",
            )
        )
    if split.doubled is not None:
        out.append(
            (
                split.doubled + 1,
                f"a '###' heading after the last answer (line {split.doubled + 1}) makes the "
                "checker count the last answer twice",
            )
        )
    if split.first_dropped:
        out.append(
            (
                None,
                f"the text before the first '{MARKER}' has no '###' heading, so the checker "
                "drops the first answer instead",
            )
        )
    order = questions.out_of_order()
    if order:
        out.append(
            (
                None,
                f"question {order[0]} is answered above question {order[1]}; the checker takes "
                "answers in file order",
            )
        )
    return out


def predict(record: dict, text: str, version: CheckerVersion) -> dict:
    """What `report.py check` of `version` does with this report: ok, crash or shift, and why."""
    questions = _Questions(record)
    encoding = (record.get("source") or {}).get("encoding")
    result: dict[str, Any] = {
        "version": version.id,
        "answers_expected": version.answers,
        "answers_found": None,
        "outcome": "ok",
        "error": None,
        "shifted": [],
        "reasons": [],
    }
    if encoding not in UTF8:
        why = (
            f"the file is saved as {encoding}, not UTF-8, and the checker reads it with "
            "Python's default open() (UTF-8 on Linux and macOS)"
        )
        result.update(
            outcome="crash",
            error="it cannot read the file (UnicodeDecodeError)",
            reasons=[{"line": None, "text": why}],
        )
        result["summary"] = _summary(result)
        return result
    split = replay(text, version)
    result["answers_found"] = len(split.answers)
    reasons = _reasons(split, questions, record)
    own = len(record.get("answers") or [])
    template = record.get("template")
    if template and own != version.answers:
        reasons.insert(
            0,
            (
                None,
                f"the report is written on the {template} template ({own} questions), the "
                f"checker of this cohort expects the {version.answers} answers of its own template",
            ),
        )
    result["reasons"] = [{"line": line, "text": why} for line, why in reasons]
    if split.error is not None:
        result.update(outcome="crash", error=split.error)
    elif len(split.answers) != version.answers:
        result.update(
            outcome="crash",
            error=f"it finds {len(split.answers)} answers where it expects {version.answers}",
        )
    else:
        checker_keys = {q.number: q.key for q in load_bank(version.generation).questions}
        for index, piece in enumerate(split.answers, start=1):
            actual = questions.of(piece.marker_line)
            if actual is not None and questions.keys.get(actual) != checker_keys.get(index):
                result["shifted"].append({"checker_question": index, "answer_of": actual})
        if result["shifted"]:
            result["outcome"] = "shift"
    result["summary"] = _summary(result)
    return result


def _summary(prediction: dict) -> str:
    """A few words for a table cell: "ok", "crash (30 of 31 answers)", "shift from Q8"."""
    if prediction["outcome"] == "crash":
        found = prediction["answers_found"]
        if found is None:
            return "crash (cannot read the file)"
        return f"crash ({found} of {prediction['answers_expected']} answers)"
    if prediction["outcome"] == "shift":
        return f"shift from Q{prediction['shifted'][0]['checker_question']}"
    return "ok"


def course_checker_warning(prediction: dict, label: str) -> dict | None:
    """The record warning for a crash or shift, in plain words (None when the checker is fine)."""
    outcome = prediction["outcome"]
    if outcome == "ok":
        return None
    reasons = prediction["reasons"]
    why = "; ".join(r["text"] for r in reasons[:MAX_REASONS])
    if len(reasons) > MAX_REASONS:
        why += f"; and {len(reasons) - MAX_REASONS} more"
    why = why or "its split at 'Answer:' and '###' does not fit this report's layout"
    if outcome == "crash":
        detail = (
            f"the course checker ({label}) would stop with an error, so the group never saw its "
            f"limit warnings: {prediction['error']}. Why: {why}"
        )
    else:
        shifted = prediction["shifted"]
        examples = ", ".join(
            f"question {s['checker_question']}'s limits on the answer to question {s['answer_of']}"
            for s in shifted[:2]
        )
        more = f" and {len(shifted) - 2} more" if len(shifted) > 2 else ""
        detail = (
            f"the course checker ({label}) would check answers against the wrong questions "
            f"({examples}{more}), so its limit warnings were wrong. Why: {why}"
        )
    first = next((r["line"] for r in reasons if r["line"]), None)
    question = prediction["shifted"][0]["checker_question"] if prediction["shifted"] else None
    return {"kind": KIND, "question": question, "line": first, "detail": detail}


def check_with_course_checker(record: dict, text: str, deadline: Any = None) -> dict:
    """Official limits and the course checker's prediction on a parsed record (in place).

    With a deadline: the checker in force then. Without: limits stay the template's, and the
    prediction uses the last checker of the report's own template generation.
    """
    if not record.get("answers"):
        return record
    version = checker_for(deadline)
    if version is not None:
        apply_official_limits(record, version, deadline)
        label = f"{version.label}, in force at the deadline"
    else:
        template_limits_source(record)
        version = latest_for(record.get("template"))
        if version is None:
            return record
        label = f"{version.label}, shipped with the {record.get('template')} template"
    prediction = predict(record, text, version)
    record["course_checker"] = prediction
    warning = course_checker_warning(prediction, label)
    if warning is not None:
        record["warnings"].append(warning)
    return record
