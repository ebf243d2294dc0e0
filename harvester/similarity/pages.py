"""similarity/index.html (every flagged pair, strongest first) and one side-by-side page per pair.

Same safety rules as the other pages (harvester.export.report_html): self-contained, a CSP that
allows only our own inline script (the cohort index's sort-and-filter script, pinned by hash),
every student string escaped. Answers are
shown as the plain text the students wrote (escaped, line breaks kept), so the character offsets
of each shared passage land exactly; each passage has its own colour on both sides.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from harvester.atomic import atomic_write_text
from harvester.export.html_base import esc, html_document, load_asset
from harvester.layout import OutputLayout, safe_group_dirname
from harvester.similarity.files import PAGES_DIR, page_name, page_path

ASSETS = Path(__file__).resolve().parent / "assets"
COLOURS = 8
NOT_A_VERDICT = (
    "Flagged for review, not a verdict: the numbers only rank pairs by how much text two answers "
    "share and how contiguous it is. Record your decision (confirmed / dismissed) in the "
    "Similarity sheet of cohort.xlsx."
)


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text("utf-8")


def _css() -> str:
    return load_asset("base.css") + _asset("similarity.css")


def side_name(pair: Mapping[str, Any], tag: str) -> str:
    return f"group {pair[f'group_{tag}']} ({pair[f'cohort_{tag}']})"


def _question(pair: Mapping[str, Any]) -> str:
    qa, qb = pair.get("question_a"), pair.get("question_b")
    numbers = f"Q{qa}" if qa == qb or qb is None else f"Q{qa}/Q{qb}"
    return f"{numbers} {pair['key']}"


def _report_href(layout: OutputLayout, run: Mapping[str, Any], pair: Mapping[str, Any], tag: str,
                 from_dir: Path) -> str | None:  # fmt: skip
    """Relative link to a side's report page (this cohort's or a past cohort's), if it exists."""
    if pair.get(f"new_{tag}"):
        root = layout.root
    else:
        roots = {p.get("label"): p.get("path") for p in run.get("past") or []}
        if not roots.get(pair[f"cohort_{tag}"]):
            return None
        root = Path(roots[pair[f"cohort_{tag}"]])
    target = root / "groups" / safe_group_dirname(str(pair[f"group_{tag}"])) / "report.html"
    if not pair.get(f"new_{tag}") and not target.is_file():  # this cohort's: export writes it
        return None
    try:
        rel = os.path.relpath(target, from_dir).replace(os.sep, "/")
    except ValueError:  # another drive: no relative link possible
        return None
    question = pair.get(f"question_{tag}")
    return quote(rel) + (f"#q{question}" if isinstance(question, int) else "")


def _review(reviews: Mapping[str, Mapping[str, Any]], pair_id: str) -> tuple[str, str]:
    review = reviews.get(pair_id) or {}
    return str(review.get("review") or ""), str(review.get("review_note") or "")


# ---------------------------------------------------------------- index


def _index_row(pair: Mapping[str, Any], reviews: Mapping[str, Mapping[str, Any]]) -> str:
    value = float(pair["strength"])
    review, note = _review(reviews, pair["pair_id"])
    review_html = (
        f'<span class="badge review-{esc(review)}" title="{esc(note)}">{esc(review)}</span>'
        if review
        else ""
    )
    kind = pair.get("kind", "")
    cells = [
        f'<td class="num" data-sort="{value}"><span class="bar" style="width:{value * 4:.1f}em">'
        f"</span>{value:.2f}</td>",
        f"<td>{esc(_question(pair))}</td>",
        f"<td>{esc(side_name(pair, 'a'))}</td>",
        f"<td>{esc(side_name(pair, 'b'))}"
        + (' <span class="badge kind-new-old">past</span>' if kind == "new-old" else "")
        + "</td>",
        f'<td class="num">{int(pair["shared_words"])}</td>',
        f'<td class="num" data-sort="{pair["share_a"]}">{float(pair["share_a"]):.0%}</td>',
        f'<td class="num" data-sort="{pair["share_b"]}">{float(pair["share_b"]):.0%}</td>',
        f'<td class="num">{int(pair["longest_run"])}</td>',
        f'<td class="excerpt">{esc(pair.get("excerpt"))}</td>',
        f"<td>{review_html}</td>",
        f'<td><a href="{PAGES_DIR}/{page_name(pair["pair_id"])}">side by side</a></td>',
    ]
    return f'<tr data-status="{esc(pair["key"])}" id="{esc(pair["pair_id"])}">{"".join(cells)}</tr>'


INDEX_COLUMNS = (
    ("Strength", "num", "density and contiguity of the shared text, 0-1 (ranks, never decides)"),
    ("Question", "text", "question number and key (matched across template generations)"),
    ("Side A", "text", "group (cohort)"),
    ("Side B", "text", "group (cohort); 'past' = an earlier cohort"),
    ("Shared words", "num", "words in shared passages (template and common phrasing excluded)"),
    ("Share A", "num", "share of side A's answer that is shared"),
    ("Share B", "num", "share of side B's answer that is shared"),
    (
        "Longest run",
        "num",
        "longest unbroken run of words both answers share, common phrasing included "
        "(so it can exceed Shared words)",
    ),
    ("Excerpt", "text", "the largest shared passage, as side A wrote it"),
    ("Review", "text", "the reviewer's decision from cohort.xlsx"),
    ("Page", "text", "both answers side by side"),
)


def render_index(run: Mapping[str, Any], reviews: Mapping[str, Mapping[str, Any]]) -> str:
    pairs = list(run.get("pairs") or [])
    cohort = str(run.get("cohort") or "")
    keys = Counter(p["key"] for p in pairs)
    cohorts = Counter(c for p in pairs for c in {p["cohort_a"], p["cohort_b"]})
    past = run.get("past") or []
    key_options = "".join(
        f'<option value="{esc(k)}">{esc(k)} ({n})</option>' for k, n in sorted(keys.items())
    )
    cohort_list = ", ".join(f"{esc(c)} ({n})" for c, n in sorted(cohorts.items()))
    past_text = (
        "compared with past cohorts "
        + ", ".join(f"{esc(p['label'])} ({int(p.get('groups') or 0)} groups)" for p in past)
        if past
        else "no past cohorts given (<code>--past OUT_DIR</code> adds them)"
    )
    new_new = sum(p.get("kind") == "new-new" for p in pairs)
    head = "".join(
        f'<th scope="col" data-type="{kind}" title="{esc(tip)}"><button type="button">'
        f"{esc(name)}</button></th>"
        for name, kind, tip in INDEX_COLUMNS
    )
    rows = "\n".join(_index_row(p, reviews) for p in pairs)
    empty = "" if pairs else '<p class="muted">No pair of answers shares enough text.</p>'
    body = (
        '<div class="page">'
        '<nav class="crumbs"><a href="../index.html">← Cohort index</a></nav>'
        f"<h1>Similar answers · {esc(cohort)}</h1>"
        f'<p class="summary"><strong>{len(pairs)}</strong> pairs flagged ({new_new} within '
        f"{esc(cohort)}, {len(pairs) - new_new} with past cohorts); {past_text}.</p>"
        f'<div class="notice">{esc(NOT_A_VERDICT)} Answers are compared per question; the '
        "template text of every generation, the question's own words, common phrasing and "
        "code/commands never count.</div>"
        '<div class="controls" role="search">'
        '<label>Filter <input type="search" id="filter" placeholder="group, cohort, words…" '
        'autocomplete="off"></label>'
        '<label>Question <select id="status-filter"><option value="">all questions</option>'
        f"{key_options}</select></label>"
        f'<span class="muted"><span id="shown-count">{len(pairs)}</span> shown · cohorts: '
        f"{cohort_list or '—'} (type one in Filter)</span>"
        "</div>"
        f'<table class="pairs" id="cohort"><thead><tr>{head}</tr></thead><tbody>\n{rows}\n'
        f"</tbody></table>{empty}{_paraphrases_html(run)}"
        f'<footer class="generated">Generated {esc(run.get("generated_at"))} by harvester.'
        "</footer></div>"
    )
    return html_document(
        title=f"Similar answers · {cohort}", css=_css(), body=body, script=load_asset("index.js")
    )


def _paraphrases_html(run: Mapping[str, Any]) -> str:
    """The optional embedding check's pairs, apart from the n-gram pairs (never instead)."""
    items = run.get("paraphrases")
    if items is None:
        return ""
    rows = "".join(
        f"<tr><td>{esc(_question(p))}</td><td>{esc(side_name(p, 'a'))}</td>"
        f'<td>{esc(side_name(p, "b"))}</td><td class="num">{int(p["sentences"])}</td>'
        f'<td class="num">{float(p["similarity"]):.2f}</td>'
        f'<td class="excerpt">{esc(p["sentence_a"])}</td>'
        f'<td class="excerpt">{esc(p["sentence_b"])}</td></tr>'
        for p in items
    )
    return (
        f'<h2 id="paraphrases">Possible paraphrases ({len(items)})</h2>'
        '<p class="muted">Answers whose sentences mean nearly the same (static sentence '
        "embeddings, one-to-one sentence matches above the question's threshold) without sharing "
        "enough words to be flagged above. Weaker evidence: read both answers before deciding."
        "</p>"
        '<table class="pairs"><thead><tr><th>Question</th><th>Side A</th><th>Side B</th>'
        "<th>Sentences</th><th>Similarity</th><th>Closest sentence A</th>"
        f"<th>Closest sentence B</th></tr></thead><tbody>{rows}</tbody></table>"
    )


# ---------------------------------------------------------------- side by side


def highlight(text: str, passages: list[tuple[int, list[list[int]]]]) -> str:
    """Escaped `text` with each passage (colour index, mark ranges) in its own colour.

    Marks are the words both answers share; the text between them inside a passage (edited
    words) keeps a light shade of the passage's colour. Overlapping passages are not nested:
    the later one is left plain rather than ever producing broken markup.
    """
    out: list[str] = []
    pos = 0
    for colour, marks in sorted(passages, key=lambda p: p[1][0][0] if p[1] else 0):
        if not marks or marks[0][0] < pos:
            continue
        start, end = marks[0][0], marks[-1][1]
        out.append(esc(text[pos:start]))
        out.append(f'<span class="passage p{colour}" data-passage="{colour}">')
        cursor = start
        for m_start, m_end in marks:
            out.append(esc(text[cursor:m_start]))
            out.append(f'<mark class="p{colour}">{esc(text[m_start:m_end])}</mark>')
            cursor = m_end
        out.append(esc(text[cursor:end]) + "</span>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _excerpt(text: str, span: list[int], limit: int = 220) -> str:
    part = " ".join(text[span[0] : span[1]].split())
    return part if len(part) <= limit else part[: limit - 1] + "…"


def render_pair(
    layout: OutputLayout,
    run: Mapping[str, Any],
    pair: Mapping[str, Any],
    reviews: Mapping[str, Mapping[str, Any]],
) -> str:
    """One pair's page: why it was flagged, its passages, both answers side by side."""
    here = page_path(layout, pair["pair_id"]).parent
    passages = list(pair.get("passages") or [])
    text_a, text_b = str(pair.get("text_a") or ""), str(pair.get("text_b") or "")
    review, note = _review(reviews, pair["pair_id"])
    review_html = (
        f'<p><strong>Review:</strong> <span class="badge review-{esc(review)}">{esc(review)}'
        f"</span> {esc(note)}</p>"
        if review
        else '<p class="muted">Not reviewed yet.</p>'
    )
    reasons = "".join(f"<li>{esc(r)}</li>" for r in pair.get("reasons") or [])
    rows = "".join(
        f'<tr class="p{k % COLOURS}"><td><span class="chip"></span> {k + 1}</td>'
        f'<td class="num">{int(p.get("words") or 0)}</td>'
        f"<td>{esc(_excerpt(text_a, p['a']))}</td><td>{esc(_excerpt(text_b, p['b']))}</td></tr>"
        for k, p in enumerate(passages)
    )
    sides = []
    for tag, text in (("a", text_a), ("b", text_b)):
        href = _report_href(layout, run, pair, tag, here)
        name = esc(side_name(pair, tag))
        title = f'<a href="{esc(href)}">{name}</a>' if href else name
        question = pair.get(f"question_{tag}")
        marks = [(k % COLOURS, p[f"{tag}_marks"]) for k, p in enumerate(passages)]
        sides.append(
            f'<section class="side" aria-label="{name}"><h2>{title} '
            f'<span class="muted">· Q{esc(question)}</span></h2>'
            f'<div class="answer-text">{highlight(text, marks)}</div></section>'
        )
    title = f"{_question(pair)}: {side_name(pair, 'a')} ↔ {side_name(pair, 'b')}"
    body = (
        '<div class="page">'
        '<nav class="crumbs"><a href="../index.html">← Similar answers</a> · '
        '<a href="../../index.html">Cohort index</a></nav>'
        f"<h1>{esc(title)}</h1>"
        f'<section class="why" aria-label="Why this pair was flagged"><strong>Why this pair was '
        f"flagged</strong> (strength {float(pair['strength']):.2f})<ul>{reasons}</ul>"
        f'<p class="muted">{esc(NOT_A_VERDICT)}</p>{review_html}</section>'
        '<table class="passages"><thead><tr><th>Passage</th><th>Words</th>'
        f"<th>{esc(side_name(pair, 'a'))}</th><th>{esc(side_name(pair, 'b'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f'<div class="side-by-side">{"".join(sides)}</div>'
        "</div>"
    )
    return html_document(title=title, css=_css(), body=body)


def write_pages(
    layout: OutputLayout, run: Mapping[str, Any], reviews: Mapping[str, Mapping[str, Any]]
) -> None:
    """index.html and pairs/<id>.html; pages of pairs no longer flagged are removed."""
    folder = layout.similarity_dir / PAGES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for pair in run.get("pairs") or []:
        path = page_path(layout, pair["pair_id"])
        wanted.add(path.name)
        atomic_write_text(path, render_pair(layout, run, pair, reviews))
    for old in folder.glob("*.html"):
        if old.name not in wanted:
            old.unlink(missing_ok=True)
    atomic_write_text(layout.similarity_dir / "index.html", render_index(run, reviews))
