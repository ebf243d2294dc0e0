"""Which answer limits were applied, said where staff read the results (Notes sheet, report page).

The limits that count are those of the course's own checker in force at the group's deadline
(`record["limits_source"]`, set by the parser); this module only words that for display.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

import pandas as pd

EXPLANATION = (
    "Word and image limits are those of the course's own checker (reports/report.py) in force at "
    "each group's deadline, whatever template a group wrote on; the Answers sheet's 'limits' "
    "column names it. Without a deadline the template's own limits are used."
)


def limits_notes(groups: pd.DataFrame) -> list[str]:
    """Lines for the Notes sheet: the rule, then how many groups had which limits."""
    column = groups["limits_source"] if "limits_source" in groups.columns else pd.Series([])
    counts = Counter(str(v) for v in column if isinstance(v, str) and v)
    lines = [EXPLANATION]
    lines += [f"Limits of {source}: {n} group(s)." for source, n in sorted(counts.items())]
    return lines


def _span(pair: Any, unit: str) -> str:
    if not isinstance(pair, list | tuple) or len(pair) != 2:
        return f"no {unit} limit"
    return f"{pair[0]}-{pair[1]} {unit}"


def limits_row_html(record: dict[str, Any] | None) -> str:
    """The report page's "Answer limits" row: whose limits, and where they differ from the
    template the group wrote on (all text escaped: it is ours, but never trusted as markup)."""
    source = (record or {}).get("limits_source")
    if not isinstance(source, dict) or not source.get("label"):
        return ""
    changes = []
    for change in source.get("changed") or []:
        if not isinstance(change, dict):
            continue
        checker = change.get("checker") or {}
        template = change.get("template") or {}
        for unit in ("words", "images"):
            if checker.get(unit) != template.get(unit):
                changes.append(
                    f"Q{change.get('question')}: {_span(checker.get(unit), unit)} "
                    f"(the template says {_span(template.get(unit), unit)})"
                )
    detail = f"<br><span class='muted'>{escape('; '.join(changes))}</span>" if changes else ""
    return f"<tr><th>Answer limits</th><td>{escape(str(source['label']))}{detail}</td></tr>"
