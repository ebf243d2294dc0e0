"""Committed credentials: found with detect-secrets, redacted, reported by file, line and kind.

Values never leave this module: callers get the redacted text and findings without the secret.
A redacted line carries a visible marker with the kind, so a later run (on the already redacted
copy) still reports the credential. Only lines that could hold a secret (a long token with
digits, or a value given to a credential word) go through the scanner, which keeps it fast on
thousands of lines; lines
with a high-entropy string count only next to a credential word (md5 sums in .dvc files and
commit hashes are not credentials).
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import PurePosixPath

MARKER = "[redacted: {kind}]"
_MARKER_RE = re.compile(r"\[redacted: ([^\]\n]{1,60})\]")
_TOKEN = re.compile(r"[A-Za-z0-9_\-+/=.]{20,}")
_ASSIGNED = re.compile(
    r"(?i)(key|token|secret|passw|pwd|credential|auth|bearer)[\w.\-]*[\"']?\s*[:=(,]\s*"
    r"[\"']?[^\s\"']{8,}|-----BEGIN"
)
_CONTEXT = re.compile(r"(?i)key|token|secret|passw|pwd|auth|credential|bearer|login")
_ENTROPY_KINDS = frozenset({"Hex High Entropy String", "Base64 High Entropy String"})
_IGNORED_KINDS = frozenset({"Public IP (ipv4)"})  # an address, not a credential
# detect-secrets picks its keyword rules by file extension; files without a known one (Dockerfile,
# Makefile, requirements.txt) are scanned as shell, where `KEY=value` is an assignment.
_KNOWN_SUFFIXES = frozenset(
    [
        ".py",
        ".yaml",
        ".yml",
        ".toml",
        ".ini",
        ".cfg",
        ".conf",
        ".tf",
        ".json",
        ".sh",
        ".env",
        ".properties",
        ".js",
        ".go",
        ".java",
    ]
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    kind: str


def scanner() -> AbstractContextManager:
    """detect-secrets' default plugins and filters, for the duration of a scan."""
    from detect_secrets.settings import default_settings

    return default_settings()


def _scan_lines(lines: dict[int, str], suffix: str) -> list[tuple[int, str, str]]:
    """(line, kind, value) for the given lines, through detect-secrets' own file scanner."""
    from detect_secrets.core.scan import scan_file

    order = sorted(lines)
    fd, tmp = tempfile.mkstemp(suffix=suffix if suffix in _KNOWN_SUFFIXES else ".sh")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines[n] for n in order) + "\n")
        found = [
            (order[s.line_number - 1], s.type, s.secret_value or "")
            for s in scan_file(tmp)
            if 0 < s.line_number <= len(order)
        ]
    finally:
        os.unlink(tmp)
    return found


_PLACEHOLDER = re.compile(
    r"(?i)your|here|example|xxx|changeme|dummy|fake|none|null|latest|secret|password|token"
    r"|placeholder|redacted|[<>${}]"
)


def _looks_real(kind: str, value: str) -> bool:
    """A keyword hit (`api_key: ...`) is a credential only when its value looks like one: not a
    placeholder, a reference to a secret store, or an ordinary word."""
    if kind != "Secret Keyword":
        return True
    if _PLACEHOLDER.search(value):
        return False
    if any(c.isdigit() for c in value):
        return len(value) >= 6
    return len(value) >= 12 and not re.fullmatch(r"[A-Za-z]+([_\-.][A-Za-z]+)+", value)


def _may_hold_secret(line: str) -> bool:
    """A long token with letters and digits, or a value assigned to a credential word: the
    only lines worth the scanner's time (it costs ~1 ms a line)."""
    if _ASSIGNED.search(line) or _URL_PASSWORD.search(line):
        return True
    return any(
        any(c.isdigit() for c in t) and any(c.isalpha() for c in t) for t in _TOKEN.findall(line)
    )


def redact_text(text: str, path: str) -> tuple[str, list[Finding]]:
    """The text with every credential replaced by a marker, and what was found (no values)."""
    lines = text.split("\n")
    findings: dict[tuple[int, str], Finding] = {}
    for number, line in enumerate(lines, start=1):
        for kind in _MARKER_RE.findall(line):  # redacted by an earlier run
            findings[(number, kind)] = Finding(path, number, kind)
    candidates = {
        n: line.rstrip("\r")
        for n, line in enumerate(lines, start=1)
        if len(line) < 2000 and _may_hold_secret(line)
    }
    if not candidates:
        return text, sorted(findings.values(), key=lambda f: f.line)
    suffix = PurePosixPath(path).suffix.lower()
    found: dict[str, str] = {}  # value -> kind
    for number, kind, value in _scan_lines(candidates, suffix):
        line = lines[number - 1]
        if kind in _IGNORED_KINDS or not value or value not in line:
            continue
        if not _looks_real(kind, value):
            continue
        if kind in _ENTROPY_KINDS and not _CONTEXT.search(line.replace(value, "")):
            continue
        found.setdefault(value, kind)
    for line in candidates.values():  # what detect-secrets' plugins do not see
        for kind, value in _own_findings(line):
            found.setdefault(value, kind)
    # A value is redacted wherever it stands: the scanner reports it once per file.
    for value, kind in sorted(found.items(), key=lambda item: -len(item[0])):
        for number, line in enumerate(lines, start=1):
            if value in line:
                lines[number - 1] = line.replace(value, MARKER.format(kind=kind))
                findings[(number, kind)] = Finding(path, number, kind)
    return "\n".join(lines), sorted(findings.values(), key=lambda f: (f.line, f.kind))


# A credential word, then its value after `=`, `:` or a space (`ENV KEY value`, `export KEY=v`,
# a notebook's escaped `key=\"v\"`): detect-secrets' keyword rules need an assignment in the
# file's own syntax and its entropy rules a quoted string.
_KEYWORD_VALUE = re.compile(
    r"(?i)[\w.\-]*(?:key|token|secret|passw|pwd|credential)[\w.\-]*[\\\"']*"
    r"(?:\s*[:=]\s*|\s+)[\\\"']*([A-Za-z0-9_\-+/.]{16,})"
)
_PATH_LIKE = re.compile(r"^[./~]|/.*/|\.[A-Za-z]{2,5}$")  # a file that holds a key, not a key
_URL_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^/\s:@]+:([^@\s/]{4,})@")
_PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----(.+?)(?=-----END [A-Z ]*PRIVATE KEY-----|$)"
)


def _own_findings(line: str) -> list[tuple[str, str]]:
    """(kind, value) of credentials in one line that the scanner's plugins miss."""
    out = []
    for match in _KEYWORD_VALUE.finditer(line):
        value = match.group(1)
        if _PATH_LIKE.search(value):  # GOOGLE_APPLICATION_CREDENTIALS=/keys/sa-1f2e.json
            continue
        if any(c.isdigit() for c in value) and _looks_real("Secret Keyword", value):
            out.append(("Secret Keyword", value))
    out += [("URL password", m.group(1)) for m in _URL_PASSWORD.finditer(line)
            if _looks_real("Secret Keyword", m.group(1))]  # fmt: skip
    out += [("Private Key", m.group(1).strip()) for m in _PRIVATE_KEY.finditer(line)
            if len(m.group(1).strip()) >= 16]  # fmt: skip
    return out
