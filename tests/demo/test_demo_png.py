"""The figure writer: our deflate must be valid zlib, and the drawn figures valid PNGs."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        # long runs and repeated rows: the shapes the matcher is built for
        st.lists(st.tuples(st.integers(0, 3), st.integers(1, 700)), max_size=12).map(
            lambda runs: b"".join(bytes([v]) * n for v, n in runs)
        ),
    ),
    distances=st.lists(st.integers(1, 40000), max_size=3).map(tuple),
)
def test_deflate_is_valid_zlib(build_demo, data, distances):
    assert zlib.decompress(build_demo.deflate(data, distances)) == data


def test_deflate_compresses_flat_images(build_demo):
    row = bytes([0]) + bytes([1]) * 300 + bytes([2]) * 100
    data = row * 200
    packed = build_demo.deflate(data, (1, len(row)))
    assert zlib.decompress(packed) == data
    assert len(packed) < len(data) // 50


def test_deflate_is_deterministic(build_demo):
    data = bytes(range(256)) * 40 + bytes(5000)
    assert build_demo.deflate(data, (1, 257)) == build_demo.deflate(data, (1, 257))


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"rows": ["data/raw/", "models/model.pt", "a very long row " * 10]},
        {"curves": [{"start": 2.0, "end": 0.1, "name": "train"}, {"start": 0.0, "end": 1.0}]},
        {"bars": [3, 0, 8.5, 1]},
        {"boxes": ["dev", "github", "cloud build", "registry", "cloud run", "users", "x"]},
    ],
)
def test_render_png_is_a_valid_png(build_demo, png_decoder, extra):
    spec = {"width": 300, "height": 170, "color": "#3a7", "label": "bucket", **extra}
    width, height, rows = png_decoder(build_demo.render_png(spec))
    assert (width, height) == (300, 170)
    # the title bar is the accent colour with white text drawn on it
    title = set(b"".join(r[:200] for r in rows[:22]))
    assert len(title) == 2
    body = set(b"".join(rows[30:]))
    assert len(body) >= (1 if not extra else 2)


def test_label_text_is_drawn(build_demo, png_decoder):
    plain = png_decoder(build_demo.render_png({"label": ""}))[2]
    labelled = png_decoder(build_demo.render_png({"label": "W&B: loss"}))[2]
    assert plain[:22] != labelled[:22]
    assert plain[22:] == labelled[22:]


@pytest.mark.parametrize("text,rgb", [("#3a7", (0x33, 0xAA, 0x77)), ("#0F1e2D", (15, 30, 45))])
def test_parse_color(build_demo, text, rgb):
    assert build_demo.parse_color(text) == rgb


@pytest.mark.parametrize("text", ["red", "#12", "#12345g", ""])
def test_parse_color_rejects_garbage(build_demo, text):
    with pytest.raises(ValueError, match="colour"):
        build_demo.parse_color(text)


def test_figure_size_is_bounded(build_demo):
    with pytest.raises(ValueError, match="out of range"):
        build_demo.render_png({"width": 100000, "height": 10})
