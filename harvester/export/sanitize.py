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


# The note goes in as plain-text tokens (no markup, so a tag written inside an attribute value
# cannot break out of it); after nh3, tokens in text become the visible note, tokens that ended
# up inside an attribute stay inert text there.
_TOKEN = re.compile(r"\u27e6removed ([a-z]+)(?: ([^\s\u27e7<>\"']{1,2000}))?\u27e7")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def _note_removed(match: re.Match[str]) -> str:
    tag = match.group(1).lower()
    source = _SOURCE.search(match.group(2))
    url = ""
    viewable = tag in ("iframe", "embed", "object", "video", "audio")  # a page staff may open
    if viewable and source and source.group(1).lower().startswith(("http://", "https://")):
        url = " " + source.group(1).replace("\u27e7", "")
    return f"\u27e6removed {tag}{url}\u27e7{match.group(0)}"


def _token_html(match: re.Match[str]) -> str:
    tag, url = match.group(1), match.group(2)
    # A student can type a token too: only an http(s) address ever becomes a link.
    if not url or not html_lib.unescape(url).lower().startswith(("http://", "https://")):
        return f"<em>[removed {tag}]</em>"
    href = html_lib.escape(html_lib.unescape(url), quote=True)
    return (
        f'<em>[removed {tag}: <a href="{href}" rel="noopener noreferrer nofollow">{href}</a>]</em>'
    )


def _show_notes(cleaned: str) -> str:
    parts = _TAG_OR_TEXT.split(cleaned)
    return "".join(p if p.startswith("<") else _TOKEN.sub(_token_html, p) for p in parts)


# nh3's output has every attribute double-quoted and escaped, so this cannot be fooled by text.
_ANCHOR = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_SAFE_TARGET = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".txt", ".md", ".csv")


def _relative_link(match: re.Match[str]) -> str:
    """A relative link to a file of the archive opens it with no sanitizer and no CSP: a student's
    HTML or SVG file would run its scripts. Only plain, inert file types stay links."""
    href, text = match.group(2), match.group(4)
    target = html_lib.unescape(href).split("#", 1)[0].split("?", 1)[0].lower()
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or href.startswith("#") or not target:
        return match.group(0)  # http(s)/mailto (nh3 allowed only those) or an in-page anchor
    if target.endswith(_SAFE_TARGET):
        return match.group(0)
    return f'<span title="link to a repository file: {href}">{text}</span>'


def sanitize_html(html: str) -> str:
    """Return `html` with everything outside the allow-list removed (idempotent, never raises).

    Removed embeds leave a visible "[removed iframe: <link>]" note behind; relative links to
    anything but inert file types become plain text.
    """
    if not html:
        return ""
    cleaned = _CLEANER.clean(_REMOVED.sub(_note_removed, html))
    return _ANCHOR.sub(_relative_link, _show_notes(cleaned))
