"""The facts box's coverage, credits and services, each linked to its highlighted source words
(see :mod:`harvester.export.fact_marks`) and flagged when the parser was not sure.

Every value comes from record.json, which a bug or an old version may have written oddly, so
each field is read defensively, and every string is escaped here.
"""

from __future__ import annotations

import html
from typing import Any

STATUS_TEXT = {
    "not_used": "said not used",
    "tried_failed": "tried, never worked",
    "compared": "only compared",
    "future": "only planned",
}


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _sources(record: dict[str, Any]) -> dict[str, Any]:
    sources = record.get("facts_sources")
    return sources if isinstance(sources, dict) else {}


def _check_badge(entry: Any) -> str:
    """A 'check' badge when the reading is low-confidence; the reason is its tooltip."""
    if not isinstance(entry, dict) or entry.get("confidence") != "low":
        return ""
    reason = str(entry.get("reason") or "low confidence")
    candidates = entry.get("candidates")
    if isinstance(candidates, list) and candidates:
        reason += " (candidates: " + ", ".join(str(c) for c in candidates[:8]) + ")"
    return f' <span class="badge warn fact-check" title="{_esc(reason)}">check</span>'


def _linked(text_html: str, anchor: str, targets: dict[str, str]) -> str:
    target = targets.get(anchor)
    if not target:
        return text_html
    return (
        f'<a class="fact-link" href="#{_esc(target)}" title="show the source words">{text_html}</a>'
    )


def fact_value_html(
    record: dict[str, Any], key: str, shown_html: str, targets: dict[str, str]
) -> str:
    """A coverage/credits value linked to its source words, with a 'check' badge when low."""
    anchor = {"code_coverage": "fact-code-coverage", "credits": "fact-credits"}[key]
    entry = _sources(record).get(key)
    return _linked(shown_html, anchor, targets) + _check_badge(entry)


def services_html(record: dict[str, Any], names: dict[str, str], targets: dict[str, str]) -> str:
    """The services list: each used service linked to its words; others named; left-out
    mentions (not used, tried, compared, planned) listed apart so a TA sees what was dropped."""
    services = [s for s in record.get("services") or [] if isinstance(s, str)]
    entries = _sources(record).get("services")
    entries = entries if isinstance(entries, list) else []
    by_service: dict[str, list[tuple[int, dict]]] = {}
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            by_service.setdefault(str(entry.get("service")), []).append((index, entry))
    items: list[str] = []
    for sid in services:
        used = [(i, e) for i, e in by_service.get(sid, []) if e.get("status") == "used"]
        if sid == "other" and used:
            for index, entry in used:
                label = f"other: {_esc(entry.get('name'))}"
                items.append(
                    f"<li>{_linked(label, f'fact-service-{index}', targets)}"
                    f"{_check_badge(entry)}</li>"
                )
            continue
        label = _esc(names.get(sid, sid))
        if used:
            index, entry = used[0]
            label = _linked(label, f"fact-service-{index}", targets) + _check_badge(entry)
        items.append(f"<li>{label}</li>")
    parts = [f"<h3>Cloud services ({len(services)})</h3>"]
    parts.append(f"<ul>{''.join(items)}</ul>" if items else '<p class="muted">none stated</p>')
    dropped = [
        (i, e)
        for i, e in enumerate(entries)
        if isinstance(e, dict)
        and e.get("status") in STATUS_TEXT
        and e.get("service") not in services
    ]
    if dropped:
        rows = []
        for index, entry in dropped:
            name = _esc(entry.get("name") or names.get(str(entry.get("service")), ""))
            status = _esc(STATUS_TEXT[str(entry.get("status"))])
            rows.append(
                f"<li>{_linked(name, f'fact-service-{index}', targets)} "
                f'<span class="muted">({status})</span>{_check_badge(entry)}</li>'
            )
        parts.append(f'<h3>Left out ({len(dropped)})</h3><ul class="left-out">{"".join(rows)}</ul>')
    return "".join(parts)
