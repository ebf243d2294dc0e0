"""What every page we write shares: the self-contained HTML shell with its Content-Security-
Policy, the inline assets, and defensive readers/formatters for values from files on disk.

The report page, the index, the evidence section, the similarity and compare pages and the
feedback pages all build on these, so none of them imports another page's module for them.
"""

from __future__ import annotations

import base64
import hashlib
import html
import numbers
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from harvester import __version__

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


@cache
def load_asset(name: str) -> str:
    """The text of `harvester/export/assets/<name>` (CSS/JS), embedded inline at render time."""
    return (ASSETS_DIR / name).read_text("utf-8")


def content_security_policy(script: str | None) -> str:
    """No network, no plugins, no forms; only our own inline script (pinned by its hash) may run."""
    policy = [
        "default-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        policy.append(f"script-src 'sha256-{digest}'")
    else:
        policy.append("script-src 'none'")
    return "; ".join(policy)


def html_document(*, title: str, css: str, body: str, script: str | None = None) -> str:
    """A complete HTML5 document; `title` is escaped here, `body` must already be safe HTML."""
    csp = html.escape(content_security_policy(script), quote=True)
    script_html = f"<script>{script}</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="generator" content="harvester {html.escape(__version__)}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{css}</style>\n"
        "</head>\n<body>\n"
        f"{body}\n"
        f"{script_html}"
        "</body>\n</html>\n"
    )


def esc(value: Any) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def as_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN → None


def as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_str(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def format_number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}".rstrip("0").rstrip(".")


def format_time(value: Any, like: Any = None) -> str:
    """`2026-01-24T20:11:00+01:00` → `2026-01-24 20:11 +01:00` (unparseable text shown as is).

    `like`: another time (the deadline) whose offset to show it in, so a commit at 00:30 +02:00
    reads as 23:30 +01:00 beside a 23:59 +01:00 deadline instead of looking late.
    """
    text = as_str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    try:
        reference = datetime.fromisoformat(as_str(like)) if like else None
    except ValueError:
        reference = None
    if reference is not None and reference.tzinfo is not None and moment.tzinfo is not None:
        moment = moment.astimezone(reference.tzinfo)
    offset = moment.strftime("%z")
    offset = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return moment.strftime("%Y-%m-%d %H:%M") + offset


STATUS_TEXT = {
    "ok": "Report harvested at the deadline commit.",
    "no_report": "The repository has no reports/README.md at the deadline commit.",
    "no_commit_before_deadline": "No commit on the branch is at or before the deadline.",
    "empty_repo": "The repository is empty.",
    "no_branch": "The branch to harvest does not exist.",
    "unreachable": "The repository could not be cloned or fetched (missing, private, network).",
    "error": "Unexpected error while harvesting this group.",
}


def status_class(status: str) -> str:
    """Badge colour: ok green, a repo without a usable report amber, a failed fetch red."""
    if status == "ok":
        return "ok"
    if status in ("unreachable", "error"):
        return "bad"
    return "warn"


SERVICE_NAMES = {
    "cloud_storage": "Cloud Storage",
    "compute_engine": "Compute Engine",
    "vertex_ai": "Vertex AI",
    "cloud_build": "Cloud Build",
    "container_registry": "Container Registry",
    "artifact_registry": "Artifact Registry",
    "cloud_run": "Cloud Run",
    "cloud_functions": "Cloud Functions",
    "secret_manager": "Secret Manager",
    "bigquery": "BigQuery",
    "cloud_monitoring": "Cloud Monitoring",
    "cloud_logging": "Cloud Logging",
    "iam": "IAM",
    "kubernetes_engine": "Kubernetes Engine",
    "pubsub": "Pub/Sub",
    "cloud_scheduler": "Cloud Scheduler",
    "firestore": "Firestore",
    "app_engine": "App Engine",
    "other": "other",
}

GITHUB_REPO = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
