"""Sanitize student HTML (rendered markdown plus raw HTML) before it is shown to staff.

Reports are written by students and opened by staff in a browser, so every fragment of student
HTML goes through an allow-list sanitizer. nh3 (bindings to the Rust `ammonia` crate, built on a
real HTML5 parser) is used instead of hand-written filtering: regex-based filters are the classic
source of XSS bypasses (parser differentials, entity tricks, mis-nested tags).

What survives: ordinary formatting (headings, lists, tables, code, emphasis, images, details,
`align`, a few harmless style properties). What does not: scripts, event handlers, frames,
objects, forms, `<style>`/`<meta>`/`<link>`, SVG, and any URL scheme other than http(s)/mailto or a
relative path (so `javascript:` and `data:` links die here). Our own `data:image/*` URIs are added
after this step by `inline_images`, never by the student.
"""

from __future__ import annotations

import html as html_lib
import re

import nh3

# nh3's default tag list minus image maps (`<area href>` is a second link channel we don't need).
ALLOWED_TAGS: frozenset[str] = frozenset(nh3.ALLOWED_TAGS - {"map", "area"})

# Tags whose *content* is dropped along with the tag (not just unwrapped into text).
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "head",
        "frameset",
        "noembed",
        "noframes",
        "xmp",
    }
)

_ALIGNABLE = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "center", "figure", "caption")


def _attributes() -> dict[str, set[str]]:
    attrs = {tag: set(values) for tag, values in nh3.ALLOWED_ATTRIBUTES.items()}
    attrs.setdefault("*", set()).update({"title", "lang", "dir", "style"})
    attrs["img"] = {"src", "alt", "width", "height", "align", "title"}
    attrs["a"] = {"href", "title", "hreflang"}
    attrs["details"] = {"open"}
    # No `class` and no `id` anywhere: a student could otherwise borrow our page's classes to
    # fake a verdict ("within limit" badges) or hijack our anchors.
    for tag in _ALIGNABLE:
        attrs.setdefault(tag, set()).add("align")
    for tag in ("td", "th"):
        attrs.setdefault(tag, set()).update({"align", "valign", "width"})
    return attrs


ALLOWED_ATTRIBUTES: dict[str, set[str]] = _attributes()

# Only layout/typography properties that cannot hide text, overlay the page or load a resource.
ALLOWED_STYLE_PROPERTIES: frozenset[str] = frozenset(
    {
        "text-align",
        "vertical-align",
        "width",
        "max-width",
        "height",
        "max-height",
        "font-weight",
        "font-style",
        "text-decoration",
        "white-space",
    }
)

ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CLEAN_CONTENT_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
    allowed_classes=None,
    strip_comments=True,
    link_rel="noopener noreferrer nofollow",
)


# Embeds and active content the cleaner drops: a visible note is left where each one was, so a
# sentence like "the dashboard above" does not point at nothing. nh3 still does the cleaning.
_REMOVED = re.compile(r"<(iframe|embed|object|script|svg|form|video|audio)\b([^<>]{0,4000})>", re.I)
_SOURCE = re.compile(r"""\b(?:src|data)\s*=\s*["']?([^"'\s<>]{1,2000})""", re.I)


def _note_removed(match: re.Match[str]) -> str:
    tag = match.group(1).lower()
    source = _SOURCE.search(match.group(2))
    where = ""
    viewable = tag in ("iframe", "embed", "object", "video", "audio")  # a page staff may open
    if viewable and source and source.group(1).lower().startswith(("http://", "https://")):
        url = html_lib.escape(source.group(1), quote=True)
        where = f': <a href="{url}">{url}</a>'
    return f"<em>[removed {tag}{where}]</em>{match.group(0)}"


def sanitize_html(html: str) -> str:
    """Return `html` with everything outside the allow-list removed (idempotent, never raises).

    Removed embeds leave a visible "[removed iframe: <link>]" note behind.
    """
    if not html:
        return ""
    return _CLEANER.clean(_REMOVED.sub(_note_removed, html))
