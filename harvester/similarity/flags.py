"""The similarity flag on the cohort index and on each group's report page.

Built from similarity/pairs.json (what the similarity stage wrote), never from its internals.
A pair the reviewer dismissed no longer flags its groups; a confirmed one says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from harvester.export.html_base import esc
from harvester.layout import OutputLayout
from harvester.similarity.files import PAGES_DIR, page_name, read_pairs

SIMILARITY_INDEX = "similarity/index.html"
TIP_PAIRS = 6  # pairs named in the index tooltip; the rest are counted


def group_flags(
    layout: OutputLayout, reviews: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Group id of this cohort -> its flagged pairs (strongest first); dismissed ones left out."""
    flags: dict[str, list[dict[str, Any]]] = {}
    for pair in read_pairs(layout):
        review = str(((reviews or {}).get(pair["pair_id"]) or {}).get("review") or "")
        if review == "dismissed":
            continue
        for tag, other in (("a", "b"), ("b", "a")):
            if not pair.get(f"new_{tag}"):
                continue
            flags.setdefault(str(pair[f"group_{tag}"]), []).append(
                {
                    "pair_id": pair["pair_id"],
                    "key": pair["key"],
                    "question": pair.get(f"question_{tag}"),
                    "other": f"group {pair[f'group_{other}']} ({pair[f'cohort_{other}']})",
                    "strength": float(pair["strength"]),
                    "shared_words": int(pair["shared_words"]),
                    "page": f"similarity/{PAGES_DIR}/{page_name(pair['pair_id'])}",
                    "review": review,
                }
            )
    return flags


def index_flag_html(group: str, flags: list[dict[str, Any]] | None) -> str:
    """A small mark after the group id on index.html, linking to its pairs."""
    if not flags:
        return ""
    tip = "; ".join(f"Q{f['question']} {f['key']} with {f['other']}" for f in flags[:TIP_PAIRS])
    if len(flags) > TIP_PAIRS:
        tip += f"; +{len(flags) - TIP_PAIRS} more"
    href = f"{SIMILARITY_INDEX}#{quote(flags[0]['pair_id'], safe='')}"
    return (
        f' <a class="flag flag-similar" href="{esc(href)}" title="similar answers: {esc(tip)}">'
        f"≈ {len(flags)} similar</a>"
    )


def report_notice_html(flags: list[dict[str, Any]] | None, root_href: str = "../../") -> str:
    """The notice on a group's report page: each flagged pair with a link to it side by side."""
    if not flags:
        return ""
    items = "".join(
        f'<li><a href="{esc(root_href + f["page"])}">Q{esc(f["question"])} {esc(f["key"])}</a> '
        f"with {esc(f['other'])}: {f['shared_words']} shared words, strength "
        f"{f['strength']:.2f}{' · confirmed' if f['review'] == 'confirmed' else ''}</li>"
        for f in flags
    )
    return (
        f'<div class="notice similar" role="note"><strong>Similar answers: {len(flags)} '
        f"pair{'s' if len(flags) != 1 else ''} flagged for review</strong> (not a verdict; "
        f'see <a href="{esc(root_href + SIMILARITY_INDEX)}">all pairs</a>)<ul>{items}</ul></div>'
    )
