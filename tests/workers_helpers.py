"""For worker-process tests: reports that fail, importable by name so that a spawned worker
(which starts with nothing of the test's process) can unpickle them; folders compared."""

from __future__ import annotations

import os
from pathlib import Path

from generator.errors import PlanError, Problem


class PlanErrorReport:
    """Raises a PlanError as soon as a renderer reads anything of it."""

    sections: list = []

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise PlanError([Problem("plan.yaml", 7, "areas[0].title", "raised in a worker")])


class DiesOnce:
    """A real report whose first rendering in another process ends that process abruptly
    (`os._exit`); the marker file remembers that it did, so that a second attempt renders it."""

    def __init__(self, report, marker: Path):
        self.report, self.marker, self.home = report, Path(marker), os.getpid()

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("report", "marker", "home"):
            raise AttributeError(name)
        if os.getpid() != self.home and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os._exit(3)
        return getattr(self.report, name)


def same_tree(a: Path, b: Path) -> int:
    """Asserts that the two folders hold the same files with the same bytes; returns how many
    (the bundle's lock file, `.bundle-….lock`, which stays by design, is not an output)."""
    def outputs(folder: Path) -> list[Path]:
        return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()
                      and not (p.name.startswith(".bundle-") and p.name.endswith(".lock")))

    names = outputs(a)
    assert names == outputs(b)
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    return len(names)
