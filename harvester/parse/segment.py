"""Find each question of the report and cut out the group's answer to it.

Groups rename, re-level and bold their question headings, delete hint lines, paste code with
``# comments``, answer inside the question's blockquote or between the template dashes. So a
question is found by its number (any heading or bold line saying "Question N") and by its text
(the bank's question sentence), and an answer is what is left of the question's part of the file
after the template's own lines are taken away.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

from harvester.parse.bank import Bank, Question, all_banks, load_bank
from harvester.parse.checklist import moved_checklist
from harvester.parse.lines import (
    MAX_FUZZY_CHARS,
    Doc,
    content,
    heading,
    is_quoted,
    norm,
    strip_comments,
    unquote,
)

PHRASE_WORDS = 8
SHINGLE_WORDS = 6  # word windows used to find a question sentence despite small edits
SHINGLE_STRIDE = 3
SHINGLE_SPAN = 30  # only the first words of a sentence: enough, and keeps the search cheap
# "Question 18 CHECK", "**Question 6:**", "Q9": "question N" anywhere, "QN" only at the start
_QUESTION_IN_HEADING_RE = re.compile(
    r"\bquestion\s*\.?\s*(\d{1,3})\b|^q\s*\.?\s*(\d{1,3})\b", re.IGNORECASE
)
_QUESTION_LINE_RE = re.compile(r"^q(?:uestion)?\s*\.?\s*(\d{1,3})\s*[:.)]?$", re.IGNORECASE)
# "Answer:", "> **Answer:** 42", "**Answer**" (a lone word needs no colon)
_MARKER_RE = re.compile(r"^[*_\s]*answer[*_\s]*(?::[*_\s]*(.*))?$", re.IGNORECASE)
_LENGTH_RE = re.compile(r"^(?:recommended\s+)?answer\s+length\b", re.IGNORECASE)
_EXAMPLE_RE = re.compile(r"^example\s*:?$", re.IGNORECASE)
PLACEHOLDER_RE = re.compile(
    r"^[\s>`]*-{2,}\s*question\s*\d+\s*fill\s*here\s*-{2,}[\s`]*$", re.IGNORECASE
)
_LEAD_DASHES_RE = re.compile(r"^(\s*(?:>\s*)?)-{3,}[ \t]*")
_TRAIL_DASHES_RE = re.compile(r"[ \t]*-{3,}[ \t]*$")
_ALNUM_RE = re.compile(r"\w", re.UNICODE)
# Two official templates (January 2025 and January 2026) shipped a keyboard test in place of the
# last question's placeholder; left untouched it is no more an answer than the placeholder is.
_JANUARY_FILLER = (
    "fewafewubaofewnafioewnifowf ewafw afew afewafewafionewoanf waf ewonfieownaf fewnaiof "
    "newio fweanøf wea fewa fweafewa fewiagonwa ognwra g wa gwreapig ipweroang w rag grwa "
    "ew gwea ag ioreabnguorwa bg aw gew4igioera giroeahgi0wra gwa"
)
_TEMPLATE_FILLERS: tuple[frozenset[str], ...] = (frozenset(_JANUARY_FILLER.split()),)
_FILLER_MIN_WORDS = 12  # of the filler's 35 words: a kept copy, not a stray "wa"


def phrase(text: str) -> str:
    """The first words of a question sentence, normalized: enough to recognise it anywhere."""
    return " ".join(norm(text).split()[:PHRASE_WORDS])


def question_phrases(q: Question) -> list[str]:
    """The opening phrase of the question sentence (and of its older wordings)."""
    out: list[str] = []
    for text in (q.text, *q.text_variants):
        p = phrase(text)
        if p and p not in out:
            out.append(p)
    return out


def _windows(text: str) -> list[str]:
    words = norm(text).split()[:SHINGLE_SPAN]
    last = max(1, len(words) - SHINGLE_WORDS + 1)
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(0, last, SHINGLE_STRIDE)]


def ngrams(text: str, n: int) -> set[str]:
    """Every run of ``n`` normalized words in ``text``."""
    words = norm(text).split()
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


@cache
def question_shingles(generation: str) -> dict[int, tuple[str, ...]]:
    """Per question: its opening phrases plus overlapping word windows of its sentence.

    Groups fix typos in the question text ("Did you workflow" -> "Did your workflow") or the
    course edits a word between terms; any one window that survives still finds the question.
    A window that also occurs in another question's sentence or example identifies neither and
    is dropped.
    """
    bank = load_bank(generation)
    texts = {q.number: (q.text, *q.text_variants) for q in bank.questions}
    everything = {q.number: (*texts[q.number], q.example) for q in bank.questions}
    grams = {
        n: set().union(*(ngrams(t, SHINGLE_WORDS) for t in ts)) for n, ts in everything.items()
    }
    openings = {
        n: set().union(*(ngrams(t, PHRASE_WORDS) for t in ts)) for n, ts in everything.items()
    }
    out: dict[int, tuple[str, ...]] = {}
    for q in bank.questions:
        others = set().union(*(g for n, g in grams.items() if n != q.number))
        other_openings = set().union(*(g for n, g in openings.items() if n != q.number))
        found = [p for p in question_phrases(q) if p not in other_openings]
        for text in texts[q.number]:
            found += [w for w in _windows(text) if w not in found and w not in others]
        out[q.number] = tuple(found)
    return out


def question_headings(doc: Doc) -> dict[int, list[int]]:
    """Question number -> 0-based lines of headings (or lone bold lines) naming it."""
    found: dict[int, list[int]] = {}
    for i, line in enumerate(doc.lines):
        if doc.code[i] or not line.strip() or len(line) > 200:
            continue
        head = heading(unquote(line))
        number = None
        if head:
            match = _QUESTION_IN_HEADING_RE.search(content(head[1]))
            if match:
                number = int(match.group(1) or match.group(2))
        elif "uestion" in line or "Q" in line or "q" in line[:8]:
            match = _QUESTION_LINE_RE.match(content(line))
            if match:
                number = int(match.group(1))
        if number is not None:
            found.setdefault(number, []).append(i)
    return found


def question_text_lines(doc: Doc, bank: Bank) -> dict[int, list[int]]:
    """Question number -> 0-based lines where the bank's question sentence starts."""
    out: dict[int, list[int]] = {}
    for number, shingles in question_shingles(bank.generation).items():
        lines: set[int] = set()
        for shingle in shingles:
            lines.update(_question_top(doc, line) for line in doc.find_all(shingle, limit=4))
        if lines:
            out[number] = sorted(lines)
    return out


def _question_top(doc: Doc, line: int) -> int:
    """A window found mid-sentence: walk up the sentence's own (bold or quoted) lines."""
    i = line
    for _ in range(6):
        if i == 0 or doc.code[i - 1]:
            break
        above = doc.lines[i - 1]
        text = above.strip()
        if not text or heading(unquote(above)) or _marker(above):
            break
        if not (is_quoted(above) or text.startswith(("*", "_"))):
            break
        if not norm(content(above)):
            break  # a bare '>' line separates the sentence from what is above
        i -= 1
    return i


def _dequote(lines: list[str]) -> list[str]:
    """An answer written entirely inside the question's blockquote: drop one level of ``>``."""
    body = [line for line in lines if line.strip()]
    if not body or not all(is_quoted(line) for line in body):
        return list(lines)
    out = []
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(">"):
            stripped = stripped[1:]
            stripped = stripped[1:] if stripped.startswith(" ") else stripped
        out.append(stripped)
    return out


@dataclass
class Block:
    """One question's part of the README and the answer cut out of it."""

    number: int
    anchor: int  # 0-based line of the heading (or question text) that starts the part
    end: int  # 0-based line after the part
    answer_start: int  # 0-based line where the group's answer begins
    lines: list[str]  # answer lines, template text removed
    raw: str  # the answer as the course checker sees it (after "Answer:")
    placeholder: bool = False  # the untouched "--- question N fill here ---" was present
    marker: bool = False  # an "Answer:" line was found
    text: str = ""
    answered: bool = False

    def finish(self) -> None:
        lines = _dequote(self.lines)
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
        self.text = "\n".join(lines)
        visible = strip_comments(self.text, "")
        self.answered = bool(_ALNUM_RE.search(visible))


@dataclass
class Segmentation:
    """Where each question is (missing ones absent) and where the checklist part ends."""

    blocks: dict[int, Block] = field(default_factory=dict)
    checklist_end: int = 0  # 0-based line where the Group information / Question 1 part begins
    warnings: list[dict] = field(default_factory=list)
    _starts: tuple[list[int], list[int]] | None = field(default=None, repr=False)

    def question_at(self, line: int) -> int | None:
        """The question whose part holds 0-based ``line``, or None (preamble/checklist)."""
        if self._starts is None:
            order = sorted((b.anchor, b.number) for b in self.blocks.values())
            self._starts = ([s for s, _ in order], [n for _, n in order])
        starts, numbers = self._starts
        idx = bisect_right(starts, line) - 1
        if idx < 0:
            return None
        block = self.blocks[numbers[idx]]
        return block.number if line < block.end else None


@cache
def _section_titles() -> frozenset[str]:
    titles = {"overall project checklist", "group information"}
    for bank in all_banks():
        titles.update(norm(t) for t in bank.sections)
    return frozenset(titles)


@cache
def _section_intros() -> tuple[tuple[list[str], frozenset[str]], ...]:
    intros = {norm(i) for bank in all_banks() for i in bank.sections.values() if i}
    return tuple((i.split(), frozenset(i.split())) for i in sorted(intros))


def _coverage(words: list[str], reference: list[str], vocab: frozenset[str] | None = None) -> float:
    """Share of ``words`` found, in order, in ``reference`` (1.0 = the line is template text).

    ``vocab`` (the reference's word set) gives a cheap upper bound that skips most lines.
    """
    if not words:
        return 1.0
    if vocab is not None:
        bound = sum(1 for w in words if w in vocab) / len(words)
        if bound < 0.9:
            return bound
    matcher = SequenceMatcher(None, words, reference, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(words)


class _TemplateText:
    """The template's own words for one question, to recognise kept or slightly edited lines."""

    def __init__(self, q: Question | None) -> None:
        texts = [q.text, *q.text_variants, q.example] if q else []
        self.words = [w for t in texts for w in norm(t).split()]
        self.vocab = frozenset(self.words)

    def is_template(self, line: str) -> bool:
        text = content(line)
        if not text.strip():
            return True
        if len(text) > MAX_FUZZY_CHARS or "![" in text or "<img" in text.lower():
            return False  # an image is always the group's
        if _LENGTH_RE.match(text) or _EXAMPLE_RE.match(text):
            return True
        words = norm(text).split()
        if not words:
            return True  # only punctuation: '>', '*', '**'
        marked = is_quoted(line) or line.lstrip()[:1] in ("*", "_")
        if len(words) < 3 and not marked:
            return False  # "Group 98", "42": short plain lines are answers
        return _coverage(words, self.words, self.vocab) >= 0.9


def _marker(line: str) -> re.Match[str] | None:
    # "> Answer: <a whole paragraph>": the marker opens the line, the answer may run on
    if "nswer" not in line[:40]:
        return None
    return _MARKER_RE.match(unquote(line).strip())


def _pick_anchor(
    heads: list[int], texts: list[int], after: int, next_first: int | None
) -> int | None:
    hs = [h for h in heads if h > after]
    ts = [t for t in texts if t > after]
    anchor: int | None = None
    if hs:
        anchor = hs[0]
        if ts:
            before = [h for h in hs if h <= ts[0]]
            if before:
                anchor = before[-1]
    elif ts:
        anchor = ts[0]
    if anchor is not None and next_first is not None and anchor > next_first:
        return None  # would jump over the next question: a stray mention, not this question
    return anchor


def _back_to_heading(doc: Doc, line: int, floor: int) -> int:
    """A question found by its text: start its part at the heading just above, if any."""
    i = line - 1
    while i > floor and not doc.lines[i].strip():
        i -= 1
    if i > floor and not doc.code[i] and heading(unquote(doc.lines[i])):
        return i
    return line


def find_anchors(doc: Doc, bank: Bank, heads: dict[int, list[int]]) -> dict[int, int]:
    """Question number -> 0-based first line of its part, increasing with the number."""
    texts = question_text_lines(doc, bank)
    numbers = bank.numbers
    anchors: dict[int, int] = {}
    after = -1
    for idx, number in enumerate(numbers):
        nxt = numbers[idx + 1] if idx + 1 < len(numbers) else None
        next_first = None
        if nxt is not None:
            # the next question's own heading bounds this one; its sentence only if no heading
            cands = [x for x in heads.get(nxt, []) if x > after]
            cands = cands or [x for x in texts.get(nxt, []) if x > after]
            next_first = min(cands) if cands else None
        anchor = _pick_anchor(heads.get(number, []), texts.get(number, []), after, next_first)
        if anchor is None:
            continue
        if anchor not in heads.get(number, []):
            anchor = max(_back_to_heading(doc, anchor, after), after + 1)
        anchors[number] = anchor
        after = anchor
    _add_out_of_order(doc, heads, texts, anchors, set(numbers))
    return anchors


OUT_OF_ORDER_TEXT_LINES = 12  # the question sentence sits this close below its heading


def _add_out_of_order(
    doc: Doc,
    heads: dict[int, list[int]],
    texts: dict[int, list[int]],
    anchors: dict[int, int],
    numbers: set[int],
) -> None:
    """Questions answered out of order (Q3 above Q2): the in-order pass skips them; take their
    own numbered heading wherever it is, when it is shaped like the other question headings or
    the question's sentence follows it, and no other question already starts there."""
    levels = {
        level
        for line in anchors.values()
        if (found := heading(unquote(doc.lines[line]))) is not None
        for level in (found[0],)
    }
    used = set(anchors.values())
    for number in sorted((set(heads) & numbers) - set(anchors)):
        for line in heads[number]:
            if line in used:
                continue
            found = heading(unquote(doc.lines[line]))
            same_shape = found is not None and found[0] in levels
            sentence = any(
                line < t <= line + OUT_OF_ORDER_TEXT_LINES for t in texts.get(number, [])
            )
            if same_shape or sentence:
                anchors[number] = line
                used.add(line)
                break


def _checklist_end(doc: Doc, anchors: dict[int, int]) -> int:
    first = min(anchors.values()) if anchors else doc.n
    for i in range(min(first, doc.n)):
        if doc.code[i]:
            continue
        head = heading(unquote(doc.lines[i]))
        if head and norm(head[1]) == "group information":
            return i
    return first


def _has_text(lines: list[str]) -> bool:
    for line in lines:
        if "fill" in line and PLACEHOLDER_RE.match(line):
            continue
        if _ALNUM_RE.search(strip_comments(line, "")):
            return True
    return False


def _cut_answer(doc: Doc, q: Question | None, start: int, end: int) -> tuple[int, list[str], bool]:
    """Skip the question's template lines; returns (answer start, lines, 'Answer:' found)."""
    template = _TemplateText(q)
    i = start
    # 1. An "Answer:" line preceded only by template-like or blockquoted lines.
    j = i
    written: list[tuple[int, str]] = []  # quoted lines above "Answer:" that are not template
    while j < end and not doc.code[j]:
        line = doc.lines[j]
        found = _marker(line)
        if found:
            rest = (found.group(1) or "").strip()
            after = ([rest] if rest else []) + doc.lines[j + 1 : end]
            tail = _trim_tail(after, _section_titles(), _section_intros())
            if not _has_text(tail) and _has_text([text for _, text in written]):
                # answered inside the question's quote, above the "Answer:" line
                return written[0][0], [text for _, text in written], True
            return j + 1, after, True
        is_template = template.is_template(line)
        if not (is_quoted(line) or is_template):
            break
        if not is_template:
            written.append((j, line))
        j += 1
    # 2. No marker: the answer starts at the first line that is not template text.
    while i < end and not doc.code[i] and template.is_template(doc.lines[i]):
        i += 1
    return i, doc.lines[i:end], False


def _trim_tail(
    lines: list[str], titles: frozenset[str], intros: tuple[tuple[list[str], frozenset[str]], ...]
) -> list[str]:
    """Drop the next section's heading and intro sentence from the end of an answer."""
    end = len(lines)
    while end > 0:
        line = lines[end - 1]
        text = content(line)
        if not text.strip():
            end -= 1
            continue
        head = heading(unquote(line))
        if head and norm(head[1]) in titles:
            end -= 1
            continue
        words = norm(text).split() if len(text) < MAX_FUZZY_CHARS else []
        long_enough = words and (is_quoted(line) or len(words) >= 5)
        if long_enough and any(_coverage(words, i, vocab) >= 0.9 for i, vocab in intros):
            end -= 1
            continue
        break
    return lines[:end]


def _drop_template_filler(lines: list[str]) -> tuple[list[str], bool]:
    """Remove an official template's filler text; True when some was found."""
    for filler in _TEMPLATE_FILLERS:
        hits: list[int] = []
        count = 0
        for k, line in enumerate(lines):
            words = norm(line).split() if len(line) < MAX_FUZZY_CHARS else []
            if words and all(w in filler for w in words):
                hits.append(k)
                count += len(words)
        if count >= _FILLER_MIN_WORDS:
            dropped = set(hits)
            return [line for k, line in enumerate(lines) if k not in dropped], True
    return lines, False


def _strip_wrapping_dashes(lines: list[str]) -> list[str]:
    """``--- 40 ---`` and multi-line ``--- ... ---``: the dashes are template, the text is not."""
    out = list(lines)
    first = next((k for k, line in enumerate(out) if line.strip()), None)
    if first is None:
        return out
    match = _LEAD_DASHES_RE.match(out[first])
    if match:
        out[first] = match.group(1) + out[first][match.end() :]
    last = next((k for k in range(len(out) - 1, -1, -1) if out[k].strip()), None)
    if last is not None and not out[last].lstrip().startswith("|"):
        out[last] = _TRAIL_DASHES_RE.sub("", out[last])
    return out


def _checker_text(lines: list[str]) -> str:
    """The course checker's view: text after 'Answer:' up to the first '###', then '##'."""
    text = "\n".join(lines)
    text = text.split("###", 1)[0]
    return text.split("##", 1)[0]


def segment(doc: Doc, bank: Bank, heads: dict[int, list[int]] | None = None) -> Segmentation:
    """Cut the README into question parts for ``bank``'s questions."""
    heads = question_headings(doc) if heads is None else heads
    anchors = find_anchors(doc, bank, heads)
    seg = Segmentation(checklist_end=_checklist_end(doc, anchors))
    titles = _section_titles()
    intros = _section_intros()
    order = sorted(anchors.items(), key=lambda kv: kv[1])
    moved = moved_checklist(doc, seg.checklist_end)
    for k, (number, anchor) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else doc.n
        if moved is not None and anchor < moved[0] < end:
            end = moved[0]  # the checklist moved below the questions is not this answer
        # A repeated heading of the same question inside its part (a bad merge, a pasted second
        # copy): each copy is read on its own and the last answered one is the answer.
        starts = [anchor, *(h for h in heads.get(number, []) if anchor < h < end)]
        copies = [
            _block(doc, bank, heads, number, start, stop, titles, intros)
            for start, stop in zip(starts, [*starts[1:], end], strict=True)
        ]
        answered = [b for b in copies if b.answered]
        block = answered[-1] if answered else copies[0]
        block.end = end
        seg.blocks[number] = block
    return seg


def _block(
    doc: Doc,
    bank: Bank,
    heads: dict[int, list[int]],
    number: int,
    anchor: int,
    end: int,
    titles: frozenset[str],
    intros: tuple[tuple[list[str], frozenset[str]], ...],
) -> Block:
    """One question's part [anchor, end): its answer lines without the template's text."""
    q = bank.question(number)
    first = anchor + 1
    if number not in heads or anchor not in heads[number]:
        # found by its text: the anchor line itself is the question sentence
        first = anchor
        if heading(unquote(doc.lines[anchor])):
            first = anchor + 1
    answer_start, body, marker = _cut_answer(doc, q, first, end)
    raw = _checker_text(body)
    body = _trim_tail(body, titles, intros)
    kept: list[str] = []
    placeholder = False
    for line in body:
        if "fill" in line and PLACEHOLDER_RE.match(line):
            placeholder = True
            continue
        kept.append(line)
    kept, filler = _drop_template_filler(kept)
    placeholder = placeholder or filler
    kept = _strip_wrapping_dashes(kept)
    block = Block(
        number=number,
        anchor=anchor,
        end=end,
        answer_start=answer_start,
        lines=kept,
        raw=raw,
        placeholder=placeholder,
        marker=marker,
    )
    block.finish()
    return block
