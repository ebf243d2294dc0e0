"""Build the demo cohort's git bundles from the plain-text sources in demo/sources/.

Every group folder `demo/sources/<name>/` holds a `history.json` (the commits, in order) and the
text files those commits write. Figures are described in the history as small specs and drawn
here as real PNG files, so nothing in the repository is an opaque binary we cannot regenerate.

Each repository is written with one `git fast-import` stream (trees computed here, merges
included), so no working tree, index, hook or user config takes part. The output is
deterministic: fixed author/committer names, e-mails and dates, and a hand-written
(fixed-Huffman) deflate for the PNGs, so the
same sources give the same commit SHAs on any machine (zlib builds such as zlib-ng compress
differently; our encoder does not depend on them). A bundle whose refs already match the rebuilt
one is left untouched, so rebuilding never churns the shipped files.

    python scripts/build_demo.py            # rebuild demo/bundles/*.bundle where they drifted
    python scripts/build_demo.py --check    # exit 1 if a shipped bundle differs from its sources
    python scripts/build_demo.py --out DIR  # build into another folder (tests)
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "demo" / "sources"
BUNDLES = ROOT / "demo" / "bundles"


class SourceError(ValueError):
    """A history.json or a file it names is wrong; the message names the group and commit."""


# --- PNG: deterministic deflate --------------------------------------------------------------

_LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99]
_LEN_BASE += [115, 131, 163, 195, 227, 258]
_LEN_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
_DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769]
_DIST_BASE += [1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
_DIST_EXTRA = [0, 0, 0, 0] + [n for n in range(1, 14) for _ in (0, 1)]


class _BitWriter:
    """Deflate packs bits least-significant first; Huffman codes go in most-significant first."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.nbits = 0

    def bits(self, value: int, count: int) -> None:
        self.acc |= value << self.nbits
        self.nbits += count
        while self.nbits >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.nbits -= 8

    def code(self, code: int, length: int) -> None:
        reversed_code = int(f"{code:0{length}b}"[::-1], 2)
        self.bits(reversed_code, length)

    def flush(self) -> bytes:
        if self.nbits:
            self.out.append(self.acc & 0xFF)
            self.acc = self.nbits = 0
        return bytes(self.out)


def _literal(w: _BitWriter, symbol: int) -> None:
    if symbol < 144:
        w.code(0x30 + symbol, 8)
    elif symbol < 256:
        w.code(0x190 + symbol - 144, 9)
    elif symbol < 280:
        w.code(symbol - 256, 7)
    else:
        w.code(0xC0 + symbol - 280, 8)


def _match(w: _BitWriter, length: int, distance: int) -> None:
    i = max(k for k, base in enumerate(_LEN_BASE) if base <= length)
    _literal(w, 257 + i)
    w.bits(length - _LEN_BASE[i], _LEN_EXTRA[i])
    j = max(k for k, base in enumerate(_DIST_BASE) if base <= distance)
    w.code(j, 5)
    w.bits(distance - _DIST_BASE[j], _DIST_EXTRA[j])


def _match_length(data: bytes, i: int, d: int) -> int:
    """Length of data[i:] repeating data[i-d:] (overlap allowed), capped at deflate's 258.

    Comparing slices of the original data is exactly deflate's overlapping-copy rule, and
    slice equality runs in C, so a binary search beats a byte-by-byte Python loop.
    """
    n = min(258, len(data) - i)
    if data[i : i + n] == data[i - d : i - d + n]:
        return n
    lo, hi = 0, n  # data[i:i+lo] matches, data[i:i+hi] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if data[i : i + mid] == data[i - d : i - d + mid]:
            lo = mid
        else:
            hi = mid
    return lo


def deflate(data: bytes, distances: tuple[int, ...] = (1,)) -> bytes:
    """zlib stream with one fixed-Huffman block; matches only at the given distances.

    Images repeat along a row (distance 1) and between rows (distance = row stride), so this
    greedy matcher compresses flat figures well while staying byte-for-byte reproducible.
    """
    w = _BitWriter()
    w.bits(1, 1)  # BFINAL
    w.bits(1, 2)  # BTYPE = fixed Huffman
    i, n = 0, len(data)
    usable = sorted({d for d in distances if 0 < d <= 32768})
    while i < n:
        best_len, best_dist = 0, 0
        for d in usable:
            if d > i:
                break
            length = _match_length(data, i, d)
            if length > best_len:
                best_len, best_dist = length, d
        if best_len >= 3:
            _match(w, best_len, best_dist)
            i += best_len
        else:
            _literal(w, data[i])
            i += 1
    _literal(w, 256)
    return b"\x78\x01" + w.flush() + struct.pack(">I", zlib.adler32(data))


# --- PNG: a tiny palette canvas with a 5x7 font ----------------------------------------------

# fmt: off
_FONT = {
    "A": "0E11111F111111", "B": "1E11111E11111E", "C": "0E11101010110E", "D": "1E11111111111E",
    "E": "1F10101E10101F", "F": "1F10101E101010", "G": "0E11101711110F", "H": "1111111F111111",
    "I": "0E04040404040E", "J": "0702020202120C", "K": "11121418141211", "L": "1010101010101F",
    "M": "111B1515111111", "N": "11111915131111", "O": "0E11111111110E", "P": "1E11111E101010",
    "Q": "0E11111115120D", "R": "1E11111E141211", "S": "0F10100E01011E", "T": "1F040404040404",
    "U": "1111111111110E", "V": "11111111110A04", "W": "1111111515150A",
    "X": "11110A040A1111", "Y": "11110A04040404", "Z": "1F01020408101F", "0": "0E11131519110E",
    "1": "040C040404040E", "2": "0E11010204081F", "3": "1F02040201110E", "4": "02060A121F0202",
    "5": "1F101E0101110E", "6": "0608101E11110E", "7": "1F010204080808", "8": "0E11110E11110E",
    "9": "0E11110F01020C", " ": "00000000000000", "-": "0000001F000000", "_": "0000000000001F",
    ".": "00000000000C0C", ":": "000C0C000C0C00", "/": "01010204081010", "%": "18190204081303",
    "(": "02040808080402", ")": "08040202020408", "#": "0A0A1F0A1F0A0A", "&": "0C12140815120D",
    "+": "0004041F040400", ",": "000000000C0408", ">": "08040201020408", "=": "00001F001F0000",
    "$": "040F140E051E04", "?": "0E110102040004", "'": "0C040800000000", "*": "00150E1F0E1500",
}
# fmt: on


def parse_color(text: str) -> tuple[int, int, int]:
    """'#3a7' or '#33aa77' -> (r, g, b)."""
    h = text.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6 or any(c not in "0123456789abcdefABCDEF" for c in h):
        raise ValueError(f"bad colour {text!r} (expected #rgb or #rrggbb)")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


class Canvas:
    """An 8-bit palette image: enough to draw believable screenshots and diagrams."""

    def __init__(self, width: int, height: int, background: str) -> None:
        if not (16 <= width <= 2000 and 16 <= height <= 2000):
            raise ValueError(f"figure size {width}x{height} out of range 16..2000")
        self.width, self.height = width, height
        self.palette: list[tuple[int, int, int]] = []
        bg = self.ink(background)
        self.rows = [bytearray([bg]) * width for _ in range(height)]

    def ink(self, color: str) -> int:
        rgb = parse_color(color)
        if rgb not in self.palette:
            self.palette.append(rgb)
        return self.palette.index(rgb)

    def rect(self, x: int, y: int, w: int, h: int, color: str) -> None:
        idx = self.ink(color)
        for yy in range(max(0, y), min(self.height, y + h)):
            row = self.rows[yy]
            for xx in range(max(0, x), min(self.width, x + w)):
                row[xx] = idx

    def frame(self, x: int, y: int, w: int, h: int, color: str) -> None:
        self.rect(x, y, w, 1, color)
        self.rect(x, y + h - 1, w, 1, color)
        self.rect(x, y, 1, h, color)
        self.rect(x + w - 1, y, 1, h, color)

    def line(self, x0: int, y0: int, x1: int, y1: int, color: str, thick: int = 1) -> None:
        """Bresenham with integer arithmetic only, so every platform draws the same pixels."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
        err = dx + dy
        while True:
            self.rect(x0, y0, thick, thick, color)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def text(self, x: int, y: int, text: str, color: str, scale: int = 1) -> int:
        """Draw upper-cased text; returns the x after the last glyph. Unknown glyphs are '?'."""
        idx = self.ink(color)
        for ch in text.upper():
            glyph = _FONT.get(ch, _FONT["?"])
            for r in range(7):
                bits = int(glyph[2 * r : 2 * r + 2], 16)
                for c in range(5):
                    if bits & (0x10 >> c):
                        for yy in range(y + r * scale, y + (r + 1) * scale):
                            if 0 <= yy < self.height:
                                row = self.rows[yy]
                                for xx in range(x + c * scale, x + (c + 1) * scale):
                                    if 0 <= xx < self.width:
                                        row[xx] = idx
            x += 6 * scale
        return x

    def png(self) -> bytes:
        stride = self.width + 1
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        plte = b"".join(bytes(rgb) for rgb in self.palette)
        ihdr = struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", ihdr)
            + _chunk(b"PLTE", plte)
            + _chunk(b"IDAT", deflate(raw, (1, stride)))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _shade(color: str, amount: int) -> str:
    r, g, b = parse_color(color)
    return "#" + "".join(f"{max(0, min(255, v + amount)):02x}" for v in (r, g, b))


def render_png(spec: dict) -> bytes:
    """Draw a figure from its plain-text description (see demo/README.md for the keys)."""
    return _render_cached(json.dumps(spec, sort_keys=True))


@functools.lru_cache(maxsize=256)
def _render_cached(spec_json: str) -> bytes:
    """Every group ships the template's example figures: draw each distinct spec once."""
    spec = json.loads(spec_json)
    width, height = int(spec.get("width", 320)), int(spec.get("height", 200))
    accent = spec.get("color", "#37a")
    c = Canvas(width, height, spec.get("background", "#f6f6f2"))
    ink = spec.get("ink", "#222222")
    c.rect(0, 0, width, 22, accent)
    c.text(6, 4, str(spec.get("label", ""))[: (width - 12) // 12], "#ffffff", scale=2)
    top, bottom = 30, height - 8
    if "curves" in spec:
        _plot(c, spec["curves"], 30, top, width - 38, bottom - top, ink)
    elif "bars" in spec:
        _bars(c, spec["bars"], 30, top, width - 38, bottom - top, accent, ink)
    elif "rows" in spec:
        _table(c, spec["rows"], 8, top, width - 16, ink, accent)
    elif "boxes" in spec:
        _diagram(c, spec["boxes"], 8, top, width - 16, bottom - top, accent, ink)
    return c.png()


def _plot(c: Canvas, curves: list[dict], x: int, y: int, w: int, h: int, ink: str) -> None:
    """Training-style curves: start -> end with a k/(k + t^2) shape and a deterministic wobble."""
    c.line(x, y, x, y + h, ink)
    c.line(x, y + h, x + w, y + h, ink)
    for n, curve in enumerate(curves):
        start, end = float(curve["start"]), float(curve["end"])
        lo, hi = min(start, end), max(start, end)
        span = (hi - lo) or 1.0
        steps = max(2, int(curve.get("steps", 24)))
        k = float(curve.get("k", 3))
        wobble = float(curve.get("noise", 0.03)) * span
        color = curve.get("color", "#d64")
        pts = []
        for i in range(steps):
            t = i * 10.0 / (steps - 1)
            value = end + (start - end) * k / (k + t * t)
            value += wobble * (((i * 7919 + n * 104729) % 13) - 6) / 6
            value = min(hi, max(lo, value))
            px = x + round(i * w / (steps - 1))
            py = y + h - round((value - lo) / span * (h - 6)) - 3
            pts.append((px, py))
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            c.line(x0, y0, x1, y1, color, thick=2)
        if curve.get("name"):
            name = str(curve["name"])
            lx = x + w - 6 * len(name) - 16
            c.rect(lx, y + 4 + n * 11, 8, 7, color)
            c.text(lx + 12, y + 4 + n * 11, name, ink)


def _bars(c: Canvas, bars: list, x: int, y: int, w: int, h: int, accent: str, ink: str) -> None:
    c.line(x, y + h, x + w, y + h, ink)
    values = [float(b) for b in bars]
    top = max(values) or 1.0
    slot = w // max(1, len(values))
    for i, value in enumerate(values):
        bh = round(value / top * (h - 4))
        c.rect(x + i * slot + slot // 6, y + h - bh, max(1, slot * 2 // 3), bh, accent)


def _table(c: Canvas, rows: list[str], x: int, y: int, w: int, ink: str, accent: str) -> None:
    for i, text in enumerate(rows):
        ry = y + i * 16
        if ry + 14 > c.height:
            break
        if i % 2 == 0:
            c.rect(x, ry, w, 15, _shade(accent, 150))
        c.rect(x + 4, ry + 4, 7, 7, accent)
        c.text(x + 16, ry + 4, str(text)[: (w - 20) // 6], ink)


def _diagram(
    c: Canvas, boxes: list[str], x: int, y: int, w: int, h: int, accent: str, ink: str
) -> None:
    n = max(1, len(boxes))
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    cell_w, cell_h = w // cols, h // rows
    centres = []
    for i, label in enumerate(boxes):
        r, col = divmod(i, cols)
        if r % 2:
            col = cols - 1 - col  # snake layout so arrows stay short
        bx, by = x + col * cell_w + 6, y + r * cell_h + 6
        bw, bh = cell_w - 12, min(cell_h - 12, 34)
        c.rect(bx, by, bw, bh, _shade(accent, 140))
        c.frame(bx, by, bw, bh, accent)
        c.text(bx + 4, by + bh // 2 - 3, str(label)[: (bw - 8) // 6], ink)
        centres.append((bx + bw // 2, by + bh // 2, bw, bh))
    for (x0, y0, w0, h0), (x1, y1, _, _) in zip(centres, centres[1:], strict=False):
        if y0 == y1:
            sx = x0 + w0 // 2 if x1 > x0 else x0 - w0 // 2
            ex = x1 - w0 // 2 if x1 > x0 else x1 + w0 // 2
            c.line(sx, y0, ex, y1, ink, thick=2)
        else:
            c.line(x0, y0 + h0 // 2, x1, y1 - h0 // 2, ink, thick=2)


# --- history.json ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FileOp:
    path: str  # repo-relative posix path (a trailing '/' copies a whole folder)
    source: Path | None = None
    png: dict | None = None
    delete: bool = False


@dataclass(frozen=True)
class Commit:
    date: str
    name: str
    email: str
    message: str
    branch: str
    files: tuple[FileOp, ...]
    merge: str | None = None


@dataclass(frozen=True)
class History:
    name: str
    default_branch: str
    commits: tuple[Commit, ...]


def _safe_repo_path(path: str, where: str) -> str:
    p = PurePosixPath(path)
    if not path or p.is_absolute() or ".." in p.parts or ".git" in p.parts:
        raise SourceError(f"{where}: unsafe repo path {path!r}")
    return path


def _source_path(group_dir: Path, rel: str, where: str) -> Path:
    """Source files may come from the group folder or a shared folder beside it, nowhere else."""
    path = (group_dir / rel).resolve()
    if not path.is_relative_to(group_dir.parent.resolve()):
        raise SourceError(f"{where}: source {rel!r} is outside {group_dir.parent}")
    if not path.exists():
        raise SourceError(f"{where}: source {rel!r} does not exist")
    return path


def load_history(group_dir: Path) -> History:
    """Read and validate demo/sources/<name>/history.json."""
    file = group_dir / "history.json"
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SourceError(f"{file}: {exc}") from exc
    default = data.get("default_branch", "main")
    commits = []
    for n, raw in enumerate(data.get("commits", []), start=1):
        where = f"{file} commit {n}"
        try:
            if datetime.fromisoformat(raw["date"]).tzinfo is None:
                raise SourceError(f"{where}: date {raw['date']!r} needs an offset")
            files = []
            for entry in raw.get("files", []):
                path = _safe_repo_path(entry["path"], where)
                if entry.get("delete"):
                    files.append(FileOp(path, delete=True))
                elif "png" in entry:
                    files.append(FileOp(path, png=entry["png"]))
                elif "from" in entry:
                    files.append(FileOp(path, source=_source_path(group_dir, entry["from"], where)))
                else:
                    raise SourceError(f"{where}: {path!r} needs 'from', 'png' or 'delete'")
            commits.append(
                Commit(
                    date=raw["date"],
                    name=raw["author"]["name"],
                    email=raw["author"]["email"],
                    message=raw["message"],
                    branch=raw.get("branch", default),
                    files=tuple(files),
                    merge=raw.get("merge"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, SourceError):
                raise
            raise SourceError(f"{where}: {exc!r}") from exc
    if not commits:
        raise SourceError(f"{file}: no commits")
    return History(group_dir.name, default, tuple(commits))


def group_dirs(sources: Path = SOURCES) -> list[Path]:
    """Every group folder (shared folders start with '_')."""
    return sorted(
        p
        for p in sources.iterdir()
        if p.is_dir() and not p.name.startswith("_") and (p / "history.json").is_file()
    )


# --- git -------------------------------------------------------------------------------------

GIT_CONFIG = ["-c", "gc.auto=0", "-c", "pack.threads=1", "-c", "core.autocrlf=false",
              "-c", "fastimport.unpackLimit=1"]  # fmt: skip


def _git_env(home: Path) -> dict[str, str]:
    """A clean environment: no user/system config, no inherited GIT_DIR, fixed locale."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "TMPDIR")}
    return keep | {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "LC_ALL": "C",
        "TZ": "UTC",
    }


def git(repo: Path, env: dict[str, str], *args: str, stdin: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", *GIT_CONFIG, *args], cwd=repo, env=env, input=stdin, capture_output=True
    )
    if result.returncode != 0:
        err = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"git {' '.join(args)} failed in {repo}:\n{err}")
    return result.stdout.decode("utf-8", "replace")


Tree = dict[str, bytes]  # repo path -> file content


def apply_ops(tree: Tree, ops: tuple[FileOp, ...]) -> Tree:
    """The tree after one commit's file operations (pure: the input tree is not changed)."""
    tree = dict(tree)
    for op in ops:
        if op.delete:
            prefix = op.path.rstrip("/") + "/"
            for path in [p for p in tree if p == op.path or p.startswith(prefix)]:
                del tree[path]
        elif op.png is not None:
            tree[op.path] = render_png(op.png)
        elif op.source is not None and op.source.is_dir():
            base = op.path.rstrip("/")
            for file in sorted(op.source.rglob("*")):
                if file.is_file():
                    rel = file.relative_to(op.source).as_posix()
                    tree[f"{base}/{rel}" if base else rel] = file.read_bytes()
        elif op.source is not None:
            tree[op.path] = op.source.read_bytes()
    return tree


def merge_trees(base: Tree, ours: Tree, theirs: Tree) -> Tree:
    """File-level three-way merge; both sides changing one file differently is an error."""
    merged: Tree = {}
    for path in sorted(set(base) | set(ours) | set(theirs)):
        b, o, t = base.get(path), ours.get(path), theirs.get(path)
        if o == t or t == b:
            result = o
        elif o == b:
            result = t
        else:
            raise ValueError(f"merge conflict in {path}")
        if result is not None:
            merged[path] = result
    return merged


def _raw_date(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return f"{int(when.timestamp())} {when.strftime('%z')}"


def fast_import_stream(history: History) -> bytes:
    """One `git fast-import` stream for the whole history.

    We track every commit's tree ourselves (merges included), so each commit is written as a full
    tree: no working tree, index, hooks or merge machinery is involved, and the result depends only
    on the sources.
    """
    out = bytearray()
    blob_marks: dict[bytes, int] = {}
    trees: dict[int, Tree] = {}  # commit mark -> tree
    parents: dict[int, list[int]] = {}
    tips: dict[str, int] = {}
    mark = 0
    current = history.default_branch

    def blob(data: bytes) -> int:
        nonlocal mark
        if data not in blob_marks:
            mark += 1
            blob_marks[data] = mark
            out.extend(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        return blob_marks[data]

    def ancestors(m: int) -> set[int]:
        seen, todo = set(), [m]
        while todo:
            c = todo.pop()
            if c not in seen:
                seen.add(c)
                todo.extend(parents[c])
        return seen

    for n, commit in enumerate(history.commits, start=1):
        try:
            first = tips.get(commit.branch, tips.get(current))
            base_tree = trees[first] if first is not None else {}
            if commit.merge:
                if commit.merge not in tips or commit.branch not in tips:
                    raise ValueError(f"cannot merge {commit.merge!r} into {commit.branch!r}")
                other = tips[commit.merge]
                common = ancestors(tips[commit.branch]) & ancestors(other)
                base = trees[max(common)] if common else {}
                tree = merge_trees(base, trees[tips[commit.branch]], trees[other])
                commit_parents = [tips[commit.branch], other]
            else:
                tree = apply_ops(base_tree, commit.files)
                commit_parents = [first] if first is not None else []
            marks = {path: blob(data) for path, data in sorted(tree.items())}
        except (OSError, ValueError) as exc:
            raise SourceError(f"{history.name} commit {n} ({commit.message!r}): {exc}") from exc
        mark += 1
        who = f"{commit.name} <{commit.email}> {_raw_date(commit.date)}".encode()
        message = commit.message.strip().encode() + b"\n"
        out.extend(b"commit refs/heads/%s\nmark :%d\n" % (commit.branch.encode(), mark))
        out.extend(b"author " + who + b"\ncommitter " + who + b"\n")
        out.extend(b"data %d\n" % len(message) + message)
        for i, parent in enumerate(commit_parents):
            out.extend(b"%s :%d\n" % (b"from" if i == 0 else b"merge", parent))
        out.extend(b"deleteall\n")
        for path, blob_mark in marks.items():
            out.extend(b"M 100644 :%d %s\n" % (blob_mark, path.encode()))
        out.extend(b"\n")
        trees[mark], parents[mark], tips[commit.branch] = tree, commit_parents, mark
        current = commit.branch
    if history.default_branch not in tips:
        raise SourceError(
            f"{history.name}: no commit on the default branch {history.default_branch!r}"
        )
    return bytes(out + b"done\n")


def build_repo(history: History, workdir: Path) -> Path:
    """Write the history into a fresh bare repository under workdir; returns its path."""
    stream = fast_import_stream(history)
    repo = workdir / f"{history.name}.git"
    home = workdir / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = _git_env(home)
    repo.mkdir()
    git(repo, env, "init", "--quiet", "--bare", "--template=", "-b", history.default_branch)
    git(repo, env, "fast-import", "--quiet", "--done", stdin=stream)
    return repo


def bundle_heads(bundle: Path) -> list[tuple[str, str]]:
    """(ref, sha) pairs a bundle advertises, HEAD included, sorted by ref."""
    env = _git_env(Path(tempfile.gettempdir()))
    out = git(bundle.parent, env, "bundle", "list-heads", str(bundle))
    pairs = {tuple(reversed(line.split(" ", 1))) for line in out.splitlines() if line.strip()}
    return sorted(pairs)  # type: ignore[arg-type]


def write_bundle(repo: Path, dest: Path) -> None:
    env = _git_env(repo.parent / "home")
    dest.parent.mkdir(parents=True, exist_ok=True)
    git(repo, env, "bundle", "create", "--quiet", str(dest), "--all")
    if not any(ref == "HEAD" for ref, _ in bundle_heads(dest)):
        git(repo, env, "bundle", "create", "--quiet", str(dest), "HEAD", "--all")


# --- driver ----------------------------------------------------------------------------------


def build_all(
    sources: Path = SOURCES, out: Path = BUNDLES, only: list[str] | None = None,
    force: bool = False, check: bool = False,
) -> dict[str, str]:  # fmt: skip
    """Build every group's bundle; returns {name: 'unchanged' | 'written' | 'drifted'}.

    A bundle is rewritten only when its refs differ (or with force); check never writes.
    """
    results: dict[str, str] = {}
    dirs = [d for d in group_dirs(sources) if not only or d.name in only]
    if only and len(dirs) != len(set(only)):
        unknown = sorted(set(only) - {d.name for d in dirs})
        raise SourceError(f"unknown group(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="build_demo_") as tmp:
        fresh: dict[str, Path] = {}
        for group_dir in dirs:  # build everything first: a bad source must not leave a half update
            history = load_history(group_dir)
            repo = build_repo(history, Path(tmp))
            fresh[history.name] = Path(tmp) / f"{history.name}.bundle"
            write_bundle(repo, fresh[history.name])
        for name, bundle in fresh.items():
            dest = out / f"{name}.bundle"
            same = dest.is_file() and bundle_heads(dest) == bundle_heads(bundle)
            if check:
                results[name] = "unchanged" if same else "drifted"
            elif same and not force:
                results[name] = "unchanged"
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                partial = dest.with_name(dest.name + ".tmp")
                shutil.copyfile(bundle, partial)
                os.replace(partial, dest)
                results[name] = "written"
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=SOURCES)
    parser.add_argument("--out", type=Path, default=BUNDLES)
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    parser.add_argument("--force", action="store_true", help="rewrite even unchanged bundles")
    parser.add_argument("groups", nargs="*", help="only these group folders")
    args = parser.parse_args(argv)
    try:
        results = build_all(args.sources, args.out, args.groups or None, args.force, args.check)
    except SourceError as exc:
        print(f"build_demo: {exc}", file=sys.stderr)
        return 2
    for name, state in results.items():
        print(f"{name}: {state}")
    return 1 if "drifted" in results.values() else 0


if __name__ == "__main__":
    sys.exit(main())
