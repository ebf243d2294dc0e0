"""LMS grade files behind one interface (`LmsExporter`), found by name in a registry.

Built in: brightspace, canvas, moodle, csv. A course adds its own by subclassing `LmsExporter`
and either calling `register(MyLms)` before the export, or declaring the class under the entry
point group `harvester.lms` of its own installed package (`mylms = "pkg.module:MyLms"`).
"""

from __future__ import annotations

from importlib.metadata import entry_points

from harvester.grading.errors import GradingError
from harvester.grading.lms.base import LmsExporter, StudentGrade
from harvester.grading.lms.brightspace import Brightspace
from harvester.grading.lms.canvas import Canvas
from harvester.grading.lms.moodle import Moodle
from harvester.grading.lms.plain_csv import PlainCsv

ENTRY_POINT_GROUP = "harvester.lms"
_REGISTRY: dict[str, type[LmsExporter]] = {}


def register(cls: type[LmsExporter]) -> type[LmsExporter]:
    """Make `cls` available as `--format <cls.name>` (usable as a class decorator)."""
    _REGISTRY[cls.name] = cls
    return cls


for _builtin in (Brightspace, Canvas, Moodle, PlainCsv):
    register(_builtin)


def _plugins() -> dict[str, type[LmsExporter]]:
    found = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        cls = entry.load()
        if isinstance(cls, type) and issubclass(cls, LmsExporter):
            found[entry.name] = cls
    return found


def formats() -> list[str]:
    return sorted({**_plugins(), **_REGISTRY})


def exporter(name: str) -> type[LmsExporter]:
    """The exporter class registered as `name`."""
    found = _REGISTRY.get(name) or _plugins().get(name)
    if found is None:
        raise GradingError(f"--format: unknown LMS '{name}'; known: {', '.join(formats())}")
    return found


__all__ = ["LmsExporter", "StudentGrade", "exporter", "formats", "register"]
