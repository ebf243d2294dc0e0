"""Fixtures for the demo cohort: the build script as a module, a fresh build, and real clones."""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))


def _load_build_demo() -> ModuleType:
    """scripts/ is not a package; load the script by path (registered so dataclasses work)."""
    name = "build_demo"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "build_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_demo() -> ModuleType:
    return _load_build_demo()


def _git(*args: str, cwd: Path | None = None) -> str:
    """Plain git, as a TA's machine would run it (no special config)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}  # e.g. from a hook
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def fresh_bundles(build_demo: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bundle rebuilt from demo/sources into a temp folder (the shipped ones untouched)."""
    out = tmp_path_factory.mktemp("fresh_bundles")
    results = build_demo.build_all(out=out)
    assert set(results.values()) == {"written"}
    return out


@pytest.fixture(scope="session")
def clones(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`git clone` of every shipped bundle, keyed by roster group id."""
    base = tmp_path_factory.mktemp("clones")
    result: dict[str, Path] = {}
    for group, spec in EXPECTED["groups"].items():
        if spec["bundle"]:
            target = base / spec["bundle"]
            bundle = DEMO / "bundles" / f"{spec['bundle']}.bundle"
            _git("clone", "--quiet", str(bundle), str(target))
            result[group] = target
    return result


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Independent PNG reader: checks signature, chunk CRCs and the IDAT stream (via zlib).

    Returns (width, height, palette-index rows). Only what our writer produces is supported
    (8-bit palette, no interlace, filter 0), and anything else fails the test.
    """
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        pos += 12 + length
    kinds = [k for k, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, color, interlace) == (8, 3, 0)
    palette = dict(chunks)[b"PLTE"]
    assert len(palette) % 3 == 0 and 0 < len(palette) // 3 <= 256
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(raw) == height * (width + 1)
    rows = [raw[r * (width + 1) : (r + 1) * (width + 1)] for r in range(height)]
    assert all(row[0] == 0 for row in rows), "unexpected filter type"
    assert max(max(row[1:]) for row in rows) < len(palette) // 3, "index outside the palette"
    return width, height, [row[1:] for row in rows]


@pytest.fixture(scope="session")
def png_decoder():
    return decode_png
