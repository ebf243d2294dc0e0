"""The "Overall project checklist": every ticked, partly done and open item, mapped to a stable id.

Only the checklist part counts (from the top of the file to the Group information / Question 1
part): groups re-level the "Week" headings, so the next ``## `` heading is not the end. Groups
also tick with ``[X]``, ``[✅]``, ``[50%]``, write ``[]`` for open, wrap items over two lines and
append their names (``(M10) RASMUS``, ``<!-- Harris -->``); all of that is normal. Some keep
their own tick list of the report's questions (``[x] Q1`` ... ``[ ] Q27``) below it: not items,
nor is a legend of the marks (``- [x] = Done``). A tick symbol in place of the box
(``- ❌ Deploy a drift detection API``) is an item when its text is one of the official items.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from harvester.parse.bank import Bank, ChecklistItem, all_banks, load_bank
from harvester.parse.lines import Doc, heading, norm, strip_comments, unquote

_ITEM_RE = re.compile(r"^\s*((?:[*+-]|\d{1,3}[.)])\s*)?\[([^\]\n]{0,12})\](?!\()\s*(.*)$")
_BULLET_RE = re.compile(r"^\s*(?:[*+-]|\d{1,3}[.)])\s")
_TAG_RE = re.compile(r"\(\s*(M\d+(?:\s*[+,&/]\s*M\d+)*)\s*\)", re.IGNORECASE)
_WEEK_RE = re.compile(r"\bweek\s*(\d+)", re.IGNORECASE)
_PERCENT_RE = re.compile(r"^(\d{1,3})\s*%$")
# "[x] Q8", "[ ] Question 14 (images missing)": a group's own to-do list of report questions
_QUESTION_TODO_RE = re.compile(r"^[*_`\s]*(?:q|question)\s*\.?\s*\d{1,2}\b(?![.,]\d)", re.I)
# "- ✅ Create a git repository (M5)": a tick symbol as the box, no brackets
_SYMBOL_ITEM_RE = re.compile(
    r"^\s*(?:[*+-]|\d{1,3}[.)])\s+(✅|✔\ufe0f?|✔︎|✓|☑\ufe0f?|🗸|❌|❎|✗|✘|✖\ufe0f?|☐|⬜)\s*(\S.*)$"
)
# "- [x] = Done", "[~] : partly": a legend explaining the marks, not an item
_LEGEND_RE = re.compile(r"^[*_`\s]*(?:=|:|->|→|means\b|indicates\b)", re.I)

DONE_MARKS = {"x", "✓", "✔", "☑", "☒", "✅", "🗸", "✔︎", "*", "+", "v", "y", "yes", "done", "ok"}
PARTIAL_MARKS = {"-", "~", "/", "\\", "½", "?", "p", "partial", "wip", "…", "...", "o", "±"}
OPEN_MARKS = {"", "_", "❌", "❎", "✗", "✘", "✖", "☐", "⬜", "no", "n", "todo"}
MIN_MATCH = 0.55
# The official checklists have 36-53 items; past this many lines the rest are counted but not
# matched to ids (matching is the expensive part, and such a "checklist" is not the template's).
MAX_MATCHED_ITEMS = 400


@dataclass
class ChecklistLine:
    """One checklist item as written in the report."""

    line: int  # 1-based
    mark: str
    state: str  # done | partial | open
    text: str
    week: str | None
    modules: tuple[str, ...]
    known_mark: bool
    bracketless: bool = False  # a tick symbol without brackets: kept only if it is a known item


def classify_mark(mark: str) -> tuple[str, bool]:
    """``(state, known)`` for the text between the brackets; unknown marks count as partial."""
    m = unicodedata.normalize("NFKC", mark).replace("\ufe0f", "").strip().lower()
    if m in OPEN_MARKS:
        return "open", True
    if m in DONE_MARKS:
        return "done", True
    if m in PARTIAL_MARKS:
        return "partial", True
    pct = _PERCENT_RE.match(m)
    if pct:
        value = int(pct.group(1))
        return ("open" if value == 0 else "done" if value >= 100 else "partial"), True
    return "partial", False


def find_items(doc: Doc, end: int, start: int = 0) -> list[ChecklistLine]:
    """Every checklist item line in ``doc.lines[start:end]`` (outside code), wrapped lines
    joined."""
    items: list[ChecklistLine] = []
    week: str | None = None
    last: ChecklistLine | None = None
    for i in range(start, min(end, doc.n)):
        line = doc.lines[i]
        if doc.code[i]:
            last = None
            continue
        head = heading(unquote(line))
        if head:
            title = head[1]
            wk = _WEEK_RE.search(title)
            week = wk.group(1) if wk else (norm(title) or None)
            last = None
            continue
        if "[" in line[:24]:
            match = _ITEM_RE.match(line)
            if match:
                state, known = classify_mark(match.group(2))
                text = match.group(3).strip()
                if _QUESTION_TODO_RE.match(text) or _LEGEND_RE.match(text):
                    last = None  # tracks the report's questions or explains the marks
                    continue
                if match.group(1) or known:  # a bare "[Note] ..." line is not an item
                    last = ChecklistLine(i + 1, match.group(2), state, text, week, (), known)
                    items.append(last)
                    continue
        symbol = _SYMBOL_ITEM_RE.match(line)
        if symbol and not _LEGEND_RE.match(symbol.group(2)):
            state, known = classify_mark(symbol.group(1))
            text = symbol.group(2).strip()
            last = ChecklistLine(i + 1, symbol.group(1), state, text, week, (), known, True)
            items.append(last)
            continue
        if last is not None and line.strip() and line[:1] in " \t" and not _BULLET_RE.match(line):
            last.text = f"{last.text} {line.strip()}"
            continue
        if not line.strip():
            continue
        last = None
    for item in items:
        tags = _TAG_RE.findall(item.text)
        item.modules = tuple(re.findall(r"M\d+", "+".join(tags).upper()))
    return items


def _clean(text: str) -> list[str]:
    """Item words without comments, module tags and whatever follows the tag (names)."""
    text = strip_comments(text)
    tag = _TAG_RE.search(text)
    if tag:
        text = text[: tag.start()]
    return norm(text).split()[:60]  # item texts are ~5-25 words; more is a pasted paragraph


def _f1(words: list[str], ref: list[str]) -> float:
    if not words or not ref:
        return 0.0
    matcher = SequenceMatcher(None, words, ref, autojunk=False)
    hit = sum(b.size for b in matcher.get_matching_blocks())
    if not hit:
        return 0.0
    precision, recall = hit / len(words), hit / len(ref)
    return 2 * precision * recall / (precision + recall)


def match_item(text: str, modules: tuple[str, ...], bank: Bank | None) -> ChecklistItem | None:
    """The canonical item this line is, by fuzzy text match (own generation first)."""
    return _match(tuple(_clean(text)), modules, bank.generation if bank else None)


@cache
def _exact_items(gen: str | None) -> dict[str, ChecklistItem]:
    """Normalized official item text -> item; own generation wins over older wordings."""
    banks = list(all_banks())
    if gen:
        banks.append(load_bank(gen))
    return {" ".join(norm(item.text).split()): item for b in banks for item in b.checklist}


@lru_cache(maxsize=4096)
def _match(
    words_t: tuple[str, ...], modules: tuple[str, ...], gen: str | None
) -> ChecklistItem | None:
    words = list(words_t)
    bank = load_bank(gen) if gen else None
    exact = _exact_items(gen).get(" ".join(words))
    if exact is not None:
        return exact  # the item as the template wrote it: no fuzzy matching needed
    pools = [bank.checklist] if bank is not None else []
    pools.append(tuple(item for b in all_banks() for item in b.checklist))
    for pool in pools:
        best, best_score = None, 0.0
        for item in pool:
            score = _f1(words, norm(item.text).split())
            if modules and set(modules) & set(item.modules):
                score += 0.05
            if score > best_score:
                best, best_score = item, score
        if best is not None and best_score >= MIN_MATCH:
            return best
    return None


_CHECKLIST_TITLE_RE = re.compile(r"checklist|^week\s*1\b", re.IGNORECASE)
_QUESTION_HEAD_RE = re.compile(r"\bquestion\s*\d{1,3}\b", re.IGNORECASE)
MIN_MOVED_ITEMS = 3


def moved_checklist(doc: Doc, questions_start: int) -> tuple[int, int] | None:
    """``(first, end)`` lines of a checklist part moved below the questions, or None.

    Only when the top of the file (before ``questions_start``) holds no item: a heading naming the
    checklist (or "Week 1") after it, followed by items, up to the next question heading.
    """
    if find_items(doc, questions_start):
        return None
    for i in range(questions_start, doc.n):
        if doc.code[i] or "#" not in doc.lines[i][:8]:
            continue
        head = heading(unquote(doc.lines[i]))
        if head is None or not _CHECKLIST_TITLE_RE.search(norm(head[1])):
            continue
        end = next(
            (
                j
                for j in range(i + 1, doc.n)
                if not doc.code[j]
                and (h := heading(unquote(doc.lines[j]))) is not None
                and _QUESTION_HEAD_RE.search(h[1])
            ),
            doc.n,
        )
        if len(find_items(doc, end, i)) >= MIN_MOVED_ITEMS:
            return i, end
    return None


def parse_checklist(doc: Doc, end: int, bank: Bank | None) -> tuple[list[dict], list[dict]]:
    """``(checklist_items, warnings)`` for the contract's ``checklist_items`` list.

    The checklist is read above the questions (``doc.lines[:end]``), or where a group moved it
    below them (see ``moved_checklist``).
    """
    out: list[dict] = []
    warnings: list[dict] = []
    found = find_items(doc, end)
    moved = None if found else moved_checklist(doc, end)
    if moved is not None:
        found = find_items(doc, moved[1], moved[0])
    if len(found) > MAX_MATCHED_ITEMS:
        warnings.append(
            {
                "kind": "checklist_long",
                "question": None,
                "line": found[MAX_MATCHED_ITEMS].line,
                "detail": f"{len(found)} checklist lines; only the first {MAX_MATCHED_ITEMS} "
                "were matched to the official items",
            }
        )
    for k, item in enumerate(found):
        canon = match_item(item.text, item.modules, bank) if k < MAX_MATCHED_ITEMS else None
        if item.bracketless and canon is None:
            continue  # "- ✅ reached 90% accuracy" in a project description: not an item
        modules = canon.modules if canon and canon.modules else item.modules
        out.append(
            {
                "id": canon.id if canon else None,
                "text": item.text,
                "week": canon.week if canon else item.week,
                "module": "+".join(modules) or None,
                "state": item.state,
                "line": item.line,
            }
        )
        if not item.known_mark:
            warnings.append(
                {
                    "kind": "checklist_mark",
                    "question": None,
                    "line": item.line,
                    "detail": f"unusual checklist mark [{item.mark}] counted as partial",
                }
            )
    return out, warnings


def count_states(items: list[dict]) -> dict[str, int]:
    counts = {"done": 0, "partial": 0, "open": 0}
    for item in items:
        counts[item["state"]] += 1
    return counts
