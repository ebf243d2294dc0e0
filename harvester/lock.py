"""One harvest per output folder: a second one is refused, naming the process that holds it.

The lock is an `flock` on `output/.harvest.lock`, so the kernel releases it when the holder
dies, even by SIGKILL: a lock file left behind by a dead process is stale and simply taken
over (and tells the new run to clean up what the dead one left). The file also records who
holds it (pid, start time, host, command) for the error message. Re-entrant within one
process, so the pipeline can hold it while fetch_all takes it too.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

_HELD: dict[Path, list] = {}  # path -> [fd, depth, took_over]
_HELD_LOCK = threading.Lock()


class HarvestLockError(RuntimeError):
    """Another harvest is writing into the same output folder."""


def read_holder(path: Path) -> dict:
    """What the lock file says about its holder ({} if unreadable)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class HarvestLock:
    """Context manager: `with HarvestLock(layout.lock_file): ...`."""

    def __init__(self, path: Path):
        self.path = Path(path).absolute()
        # The holder recorded in a lock file left behind by a harvest that did not end cleanly
        # (killed, power loss): its leftovers (temp folders, git lock files) may be removed.
        self.took_over: dict | None = None

    def __enter__(self) -> HarvestLock:
        with _HELD_LOCK:
            held = _HELD.get(self.path)
            if held is not None:
                held[1] += 1
                self.took_over = held[2]
                return self
            fd = self._acquire()
            _HELD[self.path] = [fd, 1, self.took_over]
        return self

    def __exit__(self, *exc: object) -> None:
        with _HELD_LOCK:
            held = _HELD.get(self.path)
            if held is None:
                return
            held[1] -= 1
            if held[1] > 0:
                return
            del _HELD[self.path]
            fd = held[0]
            # Unlink while still holding the lock; a waiter that opened the old inode notices
            # (inode check in _acquire) and retries on the new file.
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _acquire(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = read_holder(self.path)
                os.close(fd)
                raise HarvestLockError(self._busy_message(holder)) from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:  # the previous holder removed the file between our open and lock
                os.close(fd)
                continue
            previous = read_holder(self.path)
            if previous:  # a clean release unlinks the file: content means an unclean end
                self.took_over = previous
                print(
                    f"harvester: taking over a stale lock on {self.path.parent} from pid "
                    f"{previous.get('pid')} (started {previous.get('started')}), which did not "
                    "finish cleanly; cleaning up after it",
                    file=sys.stderr,
                )
            self._write_holder(fd)
            return fd
        raise HarvestLockError(f"could not lock {self.path}: it keeps changing")

    def _write_holder(self, fd: int) -> None:
        info = {
            "pid": os.getpid(),
            "started": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "host": socket.gethostname(),
            "command": " ".join(sys.argv)[:300],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)

    def _busy_message(self, holder: dict) -> str:
        who = (
            f"pid {holder.get('pid')}, started {holder.get('started')}"
            f" on {holder.get('host')} ({holder.get('command')})"
            if holder
            else "another process"
        )
        return (
            f"another harvest is already writing to {self.path.parent} ({who}). "
            "Wait for it to finish, or use a different output folder."
        )
