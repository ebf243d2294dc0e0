"""Replace `<img src="relative/path">` in sanitized HTML by `data:` URIs read from `reports_dir`.

A report page must work opened from disk, archived, years later, with no network, so every figure
is embedded. Student paths are hostile: a path is only read if its real location (after symlinks)
is inside the group's reports folder, the file is at most `MAX_IMAGE_BYTES`, and its first bytes
are those of a PNG, JPEG, GIF, WebP or SVG. Anything else becomes a visible placeholder box that
says why (missing, outside the folder, too large, not an image, stored in Git LFS, remote URL).

SVG is only ever embedded as `<img src="data:image/svg+xml;base64,...">`: browsers never run
scripts or load resources from an SVG used as an image, so it needs no SVG sanitizer.

This runs AFTER `sanitize_html`: the input is nh3's serialization, where every attribute value is
double-quoted and `"`, `<`, `>` inside values are entity-escaped, so the tag regex below cannot be
fooled by student text (which nh3 has escaped to `&lt;img`).
"""

from __future__ import annotations

import base64
import html
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# What one page may embed in all: a report that shows one large figure a hundred times must not
# make a page of hundreds of MB (and a harvest that runs out of memory).
PAGE_BUDGET_BYTES = 40 * 1024 * 1024
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/"

_TAG = re.compile(r"<img\b[^>]*>|<a\b[^>]*>|</a\s*>", re.IGNORECASE)
_ATTR = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')
_KEEP_ATTRS = ("alt", "title", "width", "height", "align")


@dataclass(frozen=True)
class ImageResult:
    """What happened to one `<img>`: `status` is one of inlined, missing, outside, too_large,
    over_budget, not_image, lfs, remote, no_src, unreadable."""

    src: str
    status: str
    detail: str = ""
    mime: str | None = None
    data_uri: str | None = None
    rel_path: str | None = None  # inside reports_dir, posix, when the file exists there


@dataclass
class PageBudget:
    """Bytes of embedded figures one page may still take."""

    limit: int = PAGE_BUDGET_BYTES
    used: int = 0

    def spend(self, size: int) -> bool:
        if self.used + size > self.limit:
            return False
        self.used += size
        return True


def sniff_image_mime(data: bytes) -> str | None:
    """The MIME type from magic bytes (never from the file name); None: not an image we embed."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _looks_like_svg(data[:4096]):
        return "image/svg+xml"
    return None


def _looks_like_svg(head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n").lower()
    # Skip an XML declaration, doctype and comments before the root element.
    text = re.sub(r"^(\s*(<\?xml[^>]*\?>|<!doctype[^>]*>|<!--.*?-->))*\s*", "", text, flags=re.S)
    return text.startswith("<svg")


def is_lfs_pointer(data: bytes) -> bool:
    """A Git LFS pointer file is what a repo holds when the real figure lives on an LFS server."""
    return len(data) < 1024 and data.startswith(LFS_POINTER_PREFIX)


def relative_image_path(src: str) -> tuple[str | None, str]:
    """Map an `<img src>` to a posix path relative to the reports folder.

    Returns (path, "") or (None, reason) where reason is "remote", "no_src" or "outside".
    As GitHub renders it: `?raw=true` and `#frag` are dropped, `%20` decoded, and a path starting
    with `/` is read from the repository root (`/reports/figures/a.png` → `figures/a.png`).
    """
    src = src.strip()
    if not src:
        return None, "no_src"
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("//"):
        return None, "remote" if parts.scheme in ("http", "https", "") else "no_src"
    path = unquote(parts.path)
    if not path or "\x00" in path:
        return None, "no_src"
    if path.startswith("/"):
        root_rel = posixpath.normpath(path.lstrip("/"))
        if not root_rel.startswith("reports/"):
            return None, "outside"
        path = root_rel[len("reports/") :]
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../") or norm in (".", ""):
        return None, "outside"
    return norm, ""


def load_image(src: str, reports_dir: Path | None, max_bytes: int = MAX_IMAGE_BYTES) -> ImageResult:
    """Resolve and read one image reference; never raises, never reads outside `reports_dir`."""
    rel, reason = relative_image_path(src)
    if rel is None:
        details = {
            "remote": "remote image, not fetched",
            "no_src": "image without a usable local path",
            "outside": "path leaves the reports folder, so it is not in the archive",
        }
        return ImageResult(src, reason, details[reason])
    if reports_dir is None:
        return ImageResult(src, "missing", "no reports folder for this group", rel_path=rel)
    try:
        root = reports_dir.resolve(strict=True)
        candidate = reports_dir / rel
        if not os.path.lexists(candidate):
            return ImageResult(src, "missing", "no such file in the reports folder", rel_path=rel)
        real = candidate.resolve(strict=True)
        if not real.is_relative_to(root):
            return ImageResult(
                src, "outside", "symbolic link points outside the reports folder: refused"
            )
        if not real.is_file():
            return ImageResult(src, "not_image", "not a regular file", rel_path=rel)
        size = real.stat().st_size
        if size > max_bytes:
            mb = size / 1_000_000
            limit = max_bytes / 1_000_000
            detail = f"figure too large to embed ({mb:.1f} MB > {limit:.0f} MB)"
            return ImageResult(src, "too_large", detail, rel_path=rel)
        with open(real, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: symlink loop
        if isinstance(exc, FileNotFoundError):
            return ImageResult(src, "missing", "no such file (dangling link)", rel_path=rel)
        return ImageResult(src, "unreadable", f"cannot read: {type(exc).__name__}", rel_path=rel)
    if not data:
        return ImageResult(src, "not_image", "the file is empty", rel_path=rel)
    if is_lfs_pointer(data):
        return ImageResult(
            src, "lfs", "only the Git LFS pointer file is in the repository", rel_path=rel
        )
    mime = sniff_image_mime(data)
    if mime is None:
        return ImageResult(
            src, "not_image", "file is not a PNG, JPEG, GIF, WebP or SVG image", rel_path=rel
        )
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return ImageResult(src, "inlined", "", mime=mime, data_uri=uri, rel_path=rel)


def _attrs(tag: str) -> dict[str, str]:
    body = tag[tag.find(" ") + 1 : -1] if " " in tag else ""
    return {m.group(1).lower(): html.unescape(m.group(2) or "") for m in _ATTR.finditer(body)}


def _img_tag(result: ImageResult, attrs: dict[str, str]) -> str:
    kept = "".join(
        f' {name}="{html.escape(attrs[name], quote=True)}"' for name in _KEEP_ATTRS if name in attrs
    )
    return f'<img class="figure" src="{result.data_uri}"{kept}>'


def _placeholder(result: ImageResult, attrs: dict[str, str], inside_link: bool) -> str:
    """A visible box instead of the figure; it names the path so staff can look for it."""
    src = html.escape(result.src, quote=True)
    alt = attrs.get("alt", "").strip()
    alt_html = f' <span class="figure-alt">“{html.escape(alt)}”</span>' if alt else ""
    label = {
        "missing": "Missing figure",
        "outside": "Figure outside the reports folder",
        "too_large": "Figure not embedded",
        "over_budget": "Figure not embedded (page size limit reached)",
        "not_image": "Not an image",
        "lfs": "Figure stored in LFS",
        "remote": "Remote image (not fetched)",
        "no_src": "Image without source",
        "unreadable": "Figure unreadable",
    }.get(result.status, "Figure not shown")
    target = f"<code>{src}</code>" if src else ""
    if result.status == "remote" and not inside_link:
        target = f'<a href="{src}" rel="noopener noreferrer nofollow">{src}</a>'
    elif result.status in ("too_large", "over_budget") and result.rel_path and not inside_link:
        href = html.escape("reports/" + quote(result.rel_path), quote=True)
        target = f'<a href="{href}">{html.escape(result.rel_path)}</a>'
    detail = (
        f' <span class="figure-why">({html.escape(result.detail)})</span>' if result.detail else ""
    )
    return (
        f'<span class="figure-placeholder figure-{result.status}" role="img" '
        f'aria-label="{html.escape(label, quote=True)}"><strong>{label}:</strong> '
        f"{target}{alt_html}{detail}</span>"
    )


def inline_images(
    html_fragment: str,
    reports_dir: Path | None,
    *,
    max_bytes: int = MAX_IMAGE_BYTES,
    cache: dict[str, ImageResult] | None = None,
    budget: PageBudget | None = None,
) -> tuple[str, list[ImageResult]]:
    """Embed every `<img>` of a sanitized fragment; return the new HTML and one result per image.

    `cache` (src → result) lets one page read a figure used twice only once; `budget` (shared by
    the fragments of one page) caps the bytes the page embeds, later figures become placeholders.
    """
    results: list[ImageResult] = []
    cache = {} if cache is None else cache
    budget = PageBudget() if budget is None else budget
    link_depth = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal link_depth
        tag = match.group(0)
        low = tag[:3].lower()
        if low == "</a":
            link_depth = max(0, link_depth - 1)
            return tag
        if low.startswith("<a"):
            link_depth += 1
            return tag
        attrs = _attrs(tag)
        src = attrs.get("src", "")
        result = cache.get(src)
        if result is None:
            result = load_image(src, reports_dir, max_bytes)
            cache[src] = result
        if result.status == "inlined" and not budget.spend(len(result.data_uri or "")):
            result = ImageResult(
                result.src,
                "over_budget",
                f"the page's {budget.limit / 2**20:.1f} MB budget for figures is used up",
                result.mime,
                rel_path=result.rel_path,
            )
        results.append(result)
        if result.status == "inlined":
            return _img_tag(result, attrs)
        return _placeholder(result, attrs, inside_link=link_depth > 0)

    return _TAG.sub(replace, html_fragment), results
