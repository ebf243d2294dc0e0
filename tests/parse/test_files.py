"""parse_file: the I/O edge (decode, list the folder safely, spot Git LFS pointers)."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from parse_synth import full_answers, render, sub

from harvester.parse import parse_file
from harvester.parse.bank import load_bank
from harvester.parse.files import LFS_HEADER, list_files

LFS_POINTER = LFS_HEADER + b"\noid sha256:" + b"a" * 64 + b"\nsize 123456\n"


def write_report(folder: Path, text: str, encoding: str = "utf-8", gen: str = "") -> Path:
    """README plus the figures ``full_answers(gen)`` references (when ``gen`` is given)."""
    folder.mkdir(parents=True, exist_ok=True)
    if gen:
        (folder / "figures").mkdir(exist_ok=True)
        for q in load_bank(gen).questions:
            if q.image_limit:
                (folder / "figures" / f"q{q.number}_1.png").write_bytes(b"\x89PNG")
    path = folder / "README.md"
    if encoding == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    else:
        path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    answers = full_answers("2025")
    answers[14] = (
        answers[14]
        + "\n\n![a](figures/a.png) ![b](./figures/b%20c.png) ![lfs](figures/big.png)"
        + " ![gone](figures/gone.png) ![out](../secret.png) ![web](https://x.org/i.png)"
        + "\n\n`![code](figures/a.png)` <!-- ![commented](figures/x.png) -->"
        + '\n\n<img src="figures/a.png" width="300">'
    )
    folder = tmp_path / "repo" / "reports"
    write_report(folder, render("2025", answers), gen="2025")
    (folder / "figures" / "a.png").write_bytes(b"\x89PNG fake")
    (folder / "figures" / "b c.png").write_bytes(b"\x89PNG fake")
    (folder / "figures" / "big.png").write_bytes(LFS_POINTER)
    (tmp_path / "repo" / "secret.png").write_bytes(b"\x89PNG secret")
    return folder


def test_images_missing_lfs_and_code(report_dir: Path) -> None:
    record = parse_file(report_dir / "README.md")
    q14 = [r for r in record["image_refs"] if r["question"] == 14]
    by_src = {r["src"]: r for r in q14 if not r["in_code"]}
    assert by_src["figures/a.png"]["missing"] is False
    assert by_src["./figures/b%20c.png"]["missing"] is False
    assert by_src["figures/big.png"]["lfs"] is True
    assert by_src["figures/gone.png"]["missing"] is True
    assert by_src["../secret.png"]["missing"] is True  # outside the reports folder
    assert by_src["https://x.org/i.png"]["missing"] is False
    assert [r["src"] for r in q14 if r["in_code"]] == ["figures/a.png"]
    assert all("commented" not in r["src"] for r in record["image_refs"])
    kinds = [w["kind"] for w in record["warnings"]]
    assert kinds.count("missing_image") == 2
    assert kinds.count("image_in_code") == 1
    assert kinds.count("lfs_image") == 1
    assert record["images"] == {"referenced": 13, "missing": 2}
    answer14 = next(a for a in record["answers"] if a["question"] == 14)
    assert answer14["images"] == 8  # in-code reference shows as text, HTML <img> counts
    # the checker counts markdown links only, but also the backticked and the commented one
    assert answer14["images_checker"] == 9
    assert "image_limit" in {w["kind"] for w in record["warnings"] if w["question"] == 14}


def test_source_facts_and_encoding(tmp_path: Path) -> None:
    text = sub(render("2026", full_answers("2026")), "Group 7", "Gruppe 7 – Søren")
    path = write_report(tmp_path / "reports", text, "utf-16", gen="2026")
    record = parse_file(path)
    assert record["source"]["encoding"] == "utf-16-le"
    assert record["source"]["bytes"] == path.stat().st_size
    assert len(record["source"]["sha256"]) == 64
    assert record["template"] == "2026"
    assert record["group_number"] == 7
    # The course checker reads README.md as UTF-8: a UTF-16 file stops it before any check.
    (warning,) = record["warnings"]
    assert warning["kind"] == "course_checker"
    assert "saved as utf-16-le, not UTF-8" in warning["detail"]


def test_cp1252_readme_parses_with_encoding_warning(tmp_path: Path) -> None:
    text = sub(render("2023", full_answers("2023")), "Group 7", "Group 7 – Søren’s")
    record = parse_file(write_report(tmp_path / "reports", text, "cp1252", gen="2023"))
    assert record["template"] == "2023"
    assert [w["kind"] for w in record["warnings"]] == ["encoding", "course_checker"]


def test_binary_readme_gives_empty_record_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    record = parse_file(path)
    assert record["template"] is None
    assert [w["kind"] for w in record["warnings"]] == ["binary"]
    json.dumps(record)


def test_empty_and_unreadable_readme(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(b"")
    record = parse_file(path)
    assert [w["kind"] for w in record["warnings"]] == ["empty"]
    assert record["unanswered"] == [] and record["template"] is None
    missing = parse_file(tmp_path / "nope" / "README.md")
    assert [w["kind"] for w in missing["warnings"]] == ["unreadable"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this system")
def test_listing_does_not_follow_symlinks_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.png").write_bytes(b"x")
    (outside / "deep" / "inner.png").write_bytes(b"x")
    folder = tmp_path / "reports"
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "real.png").write_bytes(b"x")
    os.symlink(outside / "secret.png", folder / "figures" / "link.png")
    os.symlink(outside / "deep", folder / "linked_dir")
    os.symlink(folder / "figures" / "real.png", folder / "figures" / "alias.png")
    os.symlink(tmp_path / "dangling", folder / "dangling.png")
    assert list_files(folder) == {"figures/real.png", "figures/alias.png"}
