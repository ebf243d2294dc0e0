"""inline_images: figures become data: URIs, and only files really inside reports_dir are read.

Uses a real folder with real image files, real symlinks (to /etc/passwd, to a PNG outside the
folder, a loop) and paths that try to climb out.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

try:
    from html_fixtures import GIF_1X1, LFS_POINTER, SVG_WITH_SCRIPT, parse_page, png_bytes
except ImportError:  # collected as part of a package
    from .html_fixtures import GIF_1X1, LFS_POINTER, SVG_WITH_SCRIPT, parse_page, png_bytes

from harvester.export.inline_images import (
    inline_images,
    load_image,
    relative_image_path,
    sniff_image_mime,
)
from harvester.export.markdown_render import render_markdown
from harvester.export.sanitize import sanitize_html

PNG = png_bytes(5, 4, (10, 20, 30))


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    """groups/7/reports/ with figures, plus a secret PNG two levels up (outside the folder)."""
    group = tmp_path / "groups" / "7"
    figures = group / "reports" / "figures"
    figures.mkdir(parents=True)
    (figures / "loss.png").write_bytes(PNG)
    (figures / "with space.png").write_bytes(PNG)
    (figures / "tiny.gif").write_bytes(GIF_1X1)
    (figures / "arch.svg").write_bytes(SVG_WITH_SCRIPT)
    (figures / "lfs.png").write_bytes(LFS_POINTER)
    (figures / "notes.png").write_bytes(b"this is a text file with an image name\n")
    (figures / "empty.png").write_bytes(b"")
    (tmp_path / "groups" / "secret.png").write_bytes(png_bytes(9, 9))
    (figures / "passwd.png").symlink_to("/etc/passwd")
    (figures / "escape.png").symlink_to(tmp_path / "groups" / "secret.png")
    (figures / "inside-link.png").symlink_to("loss.png")
    (figures / "loop.png").symlink_to("loop.png")
    return group / "reports"


def render(markdown_text: str, reports_dir: Path | None, **kwargs):
    return inline_images(sanitize_html(render_markdown(markdown_text)), reports_dir, **kwargs)


def only_img(html_text: str) -> dict:
    imgs = parse_page(html_text).find("img")
    assert len(imgs) == 1, html_text
    return imgs[0]


def test_png_is_embedded_byte_for_byte(reports):
    html_text, results = render("![Loss curve](figures/loss.png)", reports)
    img = only_img(html_text)
    assert img["alt"] == "Loss curve"
    prefix = "data:image/png;base64,"
    assert img["src"].startswith(prefix)
    assert base64.b64decode(img["src"][len(prefix) :]) == PNG
    assert [r.status for r in results] == ["inlined"]


@pytest.mark.parametrize(
    "src",
    [
        "figures/with%20space.png",
        "./figures/with%20space.png?raw=true",
        "/reports/figures/with%20space.png",
        "figures/../figures/with%20space.png#frag",
    ],
)
def test_paths_as_github_renders_them(reports, src):
    html_text, results = render(f"![x]({src})", reports)
    assert results[0].status == "inlined", results
    assert only_img(html_text)["src"].startswith("data:image/png;base64,")


def test_html_img_keeps_alt_and_width(reports):
    html_text, _ = render('<p align="center"><img src="figures/tiny.gif" alt="a" width="200"></p>',
                          reports)  # fmt: skip
    img = only_img(html_text)
    assert img["src"].startswith("data:image/gif;base64,")
    assert (img["alt"], img["width"]) == ("a", "200")


def test_svg_only_as_an_image_never_inline(reports):
    html_text, results = render("![arch](figures/arch.svg)", reports)
    assert results[0].mime == "image/svg+xml"
    page = parse_page(html_text)
    assert only_img(html_text)["src"].startswith("data:image/svg+xml;base64,")
    assert page.scripts == [] and "svg" not in [tag for tag, _ in page.tags]


@pytest.mark.parametrize(
    ("src", "status"),
    [
        ("figures/passwd.png", "outside"),  # symlink to /etc/passwd
        ("figures/escape.png", "outside"),  # symlink to a real PNG outside the folder
        ("../../secret.png", "outside"),  # climbs out by path
        ("figures/../../../secret.png", "outside"),
        ("/etc/passwd", "outside"),  # repository-root path outside reports/
        ("/reports/../../secret.png", "outside"),
    ],
)
def test_nothing_outside_reports_dir_is_read(reports, src, status):
    html_text, results = render(f"![leak]({src})", reports)
    assert results[0].status == status
    page = parse_page(html_text)
    assert page.find("img") == []
    assert "root:" not in html_text
    assert "data:" not in html_text
    assert "Figure outside the reports folder" in page.text


def test_symlink_inside_the_folder_is_fine(reports):
    _, results = render("![ok](figures/inside-link.png)", reports)
    assert results[0].status == "inlined"


def test_missing_figure_placeholder_names_the_path(reports):
    html_text, results = render("![Confusion matrix](figures/confusion.png)", reports)
    assert results[0].status == "missing"
    page = parse_page(html_text)
    boxes = page.with_class("figure-missing")
    assert len(boxes) == 1 and page.find("img") == []
    assert "Missing figure" in page.text and "figures/confusion.png" in page.text
    assert "Confusion matrix" in page.text


@pytest.mark.parametrize(
    ("name", "status", "label"),
    [
        ("lfs.png", "lfs", "Figure stored in LFS"),
        ("notes.png", "not_image", "Not an image"),
        ("empty.png", "not_image", "Not an image"),
        ("loop.png", "unreadable", "Figure unreadable"),
    ],
)
def test_files_that_are_not_embeddable_images(reports, name, status, label):
    html_text, results = render(f"![x](figures/{name})", reports)
    assert results[0].status == status, results
    page = parse_page(html_text)
    assert page.find("img") == [] and label in page.text


def test_size_cap_refuses_big_files_and_links_the_archived_copy(reports):
    html_text, results = render("![big](figures/loss.png)", reports, max_bytes=len(PNG) - 1)
    assert results[0].status == "too_large"
    page = parse_page(html_text)
    assert page.find("img") == []
    assert page.find("a") == [{"href": "reports/figures/loss.png"}]


def test_remote_images_are_never_fetched(reports):
    html_text, results = render("![badge](https://img.shields.io/badge/x.svg)", reports)
    assert results[0].status == "remote"
    page = parse_page(html_text)
    assert page.find("img") == []
    assert page.find("a")[0]["href"] == "https://img.shields.io/badge/x.svg"
    # Inside a link (a badge) the placeholder must not nest a second <a>.
    linked, _ = render("[![ci](https://x.example/ci.svg)](https://x.example/actions)", reports)
    assert len(parse_page(linked).find("a")) == 1


def test_no_reports_dir_and_no_src(tmp_path):
    _, results = render("![x](figures/a.png)", None)
    assert results[0].status == "missing"
    html_text, results = inline_images('<img alt="nothing">', tmp_path)
    assert results[0].status == "no_src" and "Image without source" in html_text


def test_reports_dir_that_is_itself_a_symlink(reports, tmp_path):
    alias = tmp_path / "alias"
    alias.symlink_to(reports, target_is_directory=True)
    _, results = render("![x](figures/loss.png)", alias)
    assert results[0].status == "inlined"


def test_same_figure_twice_is_read_once(reports, monkeypatch):
    calls = []
    real_open = open

    def counting_open(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    html_text, results = render("![a](figures/loss.png) ![b](figures/loss.png)", reports)
    assert len(parse_page(html_text).find("img")) == 2
    assert calls.count("loss.png") == 1 and len(results) == 2


def test_sniffing_uses_bytes_not_names():
    assert sniff_image_mime(PNG) == "image/png"
    assert sniff_image_mime(GIF_1X1) == "image/gif"
    assert sniff_image_mime(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00") == "image/jpeg"
    assert sniff_image_mime(b"RIFF\x24\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff_image_mime(b"\xef\xbb\xbf<!-- c -->\n<svg xmlns='x'/>") == "image/svg+xml"
    assert sniff_image_mime(b"<html><svg>") is None
    assert sniff_image_mime(b"%PDF-1.7") is None
    assert sniff_image_mime(b"") is None


def test_relative_image_path_rules():
    assert relative_image_path("figures/a%20b.png?raw=true") == ("figures/a b.png", "")
    assert relative_image_path("/reports/figures/a.png") == ("figures/a.png", "")
    assert relative_image_path("/docs/a.png") == (None, "outside")
    assert relative_image_path("../a.png") == (None, "outside")
    assert relative_image_path("https://x/a.png") == (None, "remote")
    assert relative_image_path("//x/a.png") == (None, "remote")
    assert relative_image_path("file:///etc/passwd") == (None, "no_src")
    assert relative_image_path("  ") == (None, "no_src")


def test_load_image_never_raises_on_odd_input(reports):
    for src in ["figures", "figures/\x00.png", "%2e%2e/%2e%2e/secret.png", "a" * 5000]:
        result = load_image(src, reports)
        assert result.status != "inlined"
        assert result.data_uri is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file regardless of mode")
def test_unreadable_file(reports):
    target = reports / "figures" / "loss.png"
    target.chmod(0)
    try:
        assert load_image("figures/loss.png", reports).status == "unreadable"
    finally:
        target.chmod(0o644)


def test_page_budget_turns_repeated_figures_into_placeholders(tmp_path):
    """One figure referenced many times must not blow a page up: a byte budget per page."""
    from harvester.export.inline_images import PageBudget, inline_images

    reports = tmp_path / "reports"
    (reports / "figures").mkdir(parents=True)
    (reports / "figures" / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 30_000)
    fragment = '<p><img src="figures/big.png" alt="x"></p>' * 10
    budget = PageBudget(limit=100_000)  # room for two copies of the ~40 kB data URI
    html_out, results = inline_images(fragment, reports, budget=budget)
    statuses = [r.status for r in results]
    assert statuses == ["inlined"] * 2 + ["over_budget"] * 8
    assert html_out.count("data:image/png;base64,") == 2
    assert html_out.count('class="figure-placeholder figure-over_budget"') == 8
    assert "budget for figures is used up" in html_out
    assert 'href="reports/figures/big.png"' in html_out
    assert budget.used <= budget.limit
