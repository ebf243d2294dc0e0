"""Atomic writes: the target is complete or untouched, and gets normal permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harvester.atomic import atomic_write_bytes, atomic_write_json


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "x.json"
    atomic_write_json(target, {"a": 1})
    atomic_write_json(target, {"a": 2})
    assert target.read_text() == '{\n  "a": 2\n}\n'
    assert [p.name for p in target.parent.iterdir()] == ["x.json"]


def test_permissions_follow_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        import importlib

        import harvester.atomic as atomic

        importlib.reload(atomic)
        atomic.atomic_write_bytes(tmp_path / "f", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o644


def test_failure_leaves_old_content_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    target.write_bytes(b"old")

    with pytest.raises(TypeError):
        atomic_write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]
