"""Fixtures every test folder can use: a real spreadsheet application (LibreOffice headless) and
a real browser (Debian's headless chromium through selenium) for the exported pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

OFFICE_HINT = "run `make office` as root, or: sudo apt-get install -y libreoffice-calc-nogui"
OFFICE_TIMEOUT = 180.0


def office_binary() -> str | None:
    """The LibreOffice executable, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_office(src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Convert `src` with LibreOffice headless (e.g. fmt "pdf", "xlsx", "csv"); return the file.

    Each call gets its own user profile, so parallel test workers never share LibreOffice's lock.
    Raises AssertionError with LibreOffice's own output when it produced nothing.
    """
    binary = office_binary()
    if binary is None:
        pytest.skip(f"LibreOffice is not installed; {OFFICE_HINT}")
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(profile), "SAL_USE_VCLPLUGIN": "svp"}
    proc = subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=OFFICE_TIMEOUT,
        env=env,
    )
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert proc.returncode == 0 and out.is_file(), (
        f"LibreOffice failed to convert {src.name} to {fmt} (exit {proc.returncode}):\n"
        f"{proc.stdout}\n{proc.stderr}"
    )
    return out


@pytest.fixture
def libreoffice(tmp_path: Path) -> Callable[[Path, str, Path], Path]:
    """`convert(src, fmt, outdir) -> Path` through real LibreOffice; skips when it is missing."""
    if office_binary() is None:
        pytest.skip(f"LibreOffice is not installed; {OFFICE_HINT}")
    profile = tmp_path / "lo-profile"

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        return convert_with_office(src, fmt, outdir, profile)

    return convert


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One harvest of the demo cohort (groups.csv + demo/) per test session: its output folder.

    Read it, never change it (copy it first): every test that asks shares it.
    """
    import json

    from harvester.cli import main

    work = tmp_path_factory.mktemp("demo-harvest")
    shutil.copy(ROOT / "groups.csv", work / "groups.csv")
    (work / "demo").symlink_to(ROOT / "demo")
    out = work / "output"
    deadline = json.loads((ROOT / "demo" / "expected.json").read_text())["cohort_deadline"]
    code = main(
        ["harvest", "--groups", str(work / "groups.csv"), "--deadline", deadline,
         "--out", str(out), "--no-github", "--no-progress"]
    )  # fmt: skip
    assert code == 0
    return out


# --- a headless chromium for the pages (tests/export, tests/similarity, tests/compare) ----------


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory):
    """A headless chromium (skips with the install command when it or selenium is missing)."""
    from browser_support import chromium_session

    with chromium_session(tmp_path_factory.mktemp("chromium-profile")) as browser:
        yield browser
