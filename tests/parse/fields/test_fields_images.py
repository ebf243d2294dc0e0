"""Image references and their resolution, on synthetic markdown written for these tests."""

from __future__ import annotations

import pytest

from harvester.parse.images import ImageRef, ImageResolution, find_image_refs, resolve_image


def srcs(text: str) -> list[str]:
    return [ref.src for ref in find_image_refs(text)]


def test_inline_markdown_with_alt_line_and_kind() -> None:
    text = "intro\n\n![Loss curve](figures/loss.png)\n"
    assert find_image_refs(text) == [
        ImageRef(src="figures/loss.png", alt="Loss curve", kind="markdown", in_code=False, line=3)
    ]


def test_every_occurrence_counts_even_on_one_line() -> None:
    text = "See ![a](figures/a.png) and ![b](figures/b.png), again ![a](figures/a.png)."
    assert srcs(text) == ["figures/a.png", "figures/b.png", "figures/a.png"]


def test_angle_brackets_titles_and_bold_alt() -> None:
    text = (
        "![Shot](<figures/Screen Shot 1.png>)\n"
        '![x](figures/x.png "A title")\n'
        "![**Bold** alt](./figures/y.png)\n"
        "![nested [brackets] alt](figures/z.png)\n"
    )
    assert srcs(text) == [
        "figures/Screen Shot 1.png",
        "figures/x.png",
        "./figures/y.png",
        "figures/z.png",
    ]


def test_reference_style_images() -> None:
    text = (
        "![Arch][arch]\n![Diagram][]\n![arch]\n\n"
        "[arch]: figures/arch.png\n[Diagram]: <figures/d d.png>\n"
    )
    assert srcs(text) == ["figures/arch.png", "figures/d d.png", "figures/arch.png"]


def test_undefined_reference_is_not_an_image() -> None:
    assert srcs("![alt][nowhere] and ![lonely]") == []


@pytest.mark.parametrize(
    "tag",
    [
        '<img src="figures/a.png">',
        "<img src='figures/a.png' width=300>",
        "<IMG SRC=figures/a.png>",
        '<img width="80%"\n     src="figures/a.png" alt="W&B">',
        '<p align="center"><img src="figures/a.png" /></p>',
        '<div>\n    <img src="figures/a.png" alt="x">\n</div>',
    ],
)
def test_html_img_any_quoting_case_and_wrapper(tag: str) -> None:
    refs = find_image_refs(tag)
    assert [(r.src, r.kind) for r in refs] == [("figures/a.png", "html")]


def test_html_alt_is_read() -> None:
    assert find_image_refs('<img alt="W&B run" src="figures/run.png">')[0].alt == "W&B run"


def test_comments_hide_references() -> None:
    text = (
        "<!-- ![Old](figures/old.png) -->\n"
        '<img src="figures/new.png">\n'
        "<!--\n![gone](figures/gone.png)\n<img src='figures/gone2.png'>\n-->\n"
        "<!-- unclosed comment\n![never](figures/never.png)\n"
    )
    assert srcs(text) == ["figures/new.png"]


def test_plain_links_are_not_images() -> None:
    assert srcs("[Image](figures/a.png) and [here](figures/b.png)") == []


def test_template_example_is_never_counted_but_its_alt_text_is_fine() -> None:
    text = (
        "`![my_image](figures/<image>.<extension>)`\n"
        "![my_image](figures/<image>.<extension>)\n"
        "![my_image](figures/sweep.png)\n"
    )
    refs = find_image_refs(text)
    assert [(r.src, r.alt, r.line) for r in refs] == [("figures/sweep.png", "my_image", 3)]


def test_backticks_and_fences_mark_in_code() -> None:
    text = (
        "--- `![cfg](figures/cfg.png)` ---\n"
        "```markdown\n![fenced](figures/fenced.png)\n```\n"
        "~~~\n<img src='figures/tilde.png'>\n~~~\n"
        "![real](figures/real.png)\n"
    )
    refs = find_image_refs(text)
    assert [(r.src, r.in_code, r.line) for r in refs] == [
        ("figures/cfg.png", True, 1),
        ("figures/fenced.png", True, 3),
        ("figures/tilde.png", True, 6),
        ("figures/real.png", False, 8),
    ]


def test_comment_markers_inside_code_do_not_open_a_comment() -> None:
    text = "`<!--` is how comments start\n![after](figures/after.png)\n"
    assert srcs(text) == ["figures/after.png"]


def test_unclosed_fence_runs_to_the_end() -> None:
    refs = find_image_refs("text\n```\n![late](figures/late.png)\n")
    assert [r.in_code for r in refs] == [True]


def test_quoted_and_dashed_wrappers_still_count() -> None:
    text = (
        "'![wandb](figures/w.png)'\n--- ![Q19](figures/q19.png) ---\n* ![first](figures/f.png) here"
    )
    assert srcs(text) == ["figures/w.png", "figures/q19.png", "figures/f.png"]


FILES = {"figures/a.png", "figures/My Plot.png", "figures/W&B_all.png", "README.md"}


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("figures/a.png", ImageResolution("figures/a.png", False)),
        ("./figures/a.png", ImageResolution("figures/a.png", False)),
        ("figures/My%20Plot.png", ImageResolution("figures/My Plot.png", False)),
        ("figures/My Plot.png", ImageResolution("figures/My Plot.png", False)),
        ("figures/W&B_all.png", ImageResolution("figures/W&B_all.png", False)),
        ("/reports/figures/a.png", ImageResolution("figures/a.png", False)),
        ("/figures/a.png", ImageResolution(None, True)),
        ("../docs/figures/a.png", ImageResolution(None, True)),
        ("figures/../../secret.png", ImageResolution(None, True)),
        ("figures/./sub/../a.png", ImageResolution("figures/a.png", False)),
        ("figures/A.png", ImageResolution("figures/A.png", True)),
        ("figures/b.png", ImageResolution("figures/b.png", True)),
        ("figures/a.png#frag", ImageResolution("figures/a.png", False)),
        ("https://example.org/x.png", ImageResolution("https://example.org/x.png", False)),
        ("HTTP://example.org/x.png", ImageResolution("HTTP://example.org/x.png", False)),
        ("data:image/png;base64,AAAA", ImageResolution("data:image/png;base64,AAAA", False)),
        ("javascript:alert(1)", ImageResolution(None, True)),
        ("", ImageResolution(None, True)),
    ],
)
def test_resolve_image(src: str, expected: ImageResolution) -> None:
    assert resolve_image(src, FILES) == expected


def test_unknown_folder_gives_unknown_missing() -> None:
    assert resolve_image("figures/a.png", None) == ImageResolution("figures/a.png", None)
    assert resolve_image("../a.png", None) == ImageResolution(None, True)
    assert resolve_image("https://x.org/a.png", None).missing is False
