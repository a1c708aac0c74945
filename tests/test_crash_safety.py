"""Killed and concurrent runs: previous outputs stay intact, no half-written file is ever seen,
and a killed run's temporary files are cleaned up by the next run. Runs are killed at known
points (the n-th rename into place), not after a guessed delay."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest

from benchmarks.synthetic import synthetic_plan
from generator.build import build

from .conftest import ENGLISH, ROOT

KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
calls = [0]
real = getattr(os, {name!r})

def killing(*args, **kwargs):
    calls[0] += 1
    if calls[0] == {at}:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

setattr(os, {name!r}, killing)
from generator.cli import main
sys.exit(main({args!r}))
"""


def killed_at(name: str, at: int, args: list[str]) -> int:
    """Runs the command line in a child that kills itself (SIGKILL) on its `at`-th call of
    `os.<name>`, before the call; returns the exit status."""
    script = KILLER.format(root=str(ROOT), name=name, at=at, args=args)
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          timeout=300).returncode


def complete(path: Path) -> bool:
    """True when the file is a whole DOCX/PPTX (zip) or PDF."""
    try:
        if path.suffix == ".pdf":
            return len(pypdf.PdfReader(path).pages) > 0
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except Exception:  # noqa: BLE001 - any failure to read means incomplete
        return False


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory) -> Path:
    """A 1,500-task plan whose outputs have the same names as the English sample's."""
    folder = tmp_path_factory.mktemp("big")
    path = folder / f"{ENGLISH.stem}.json"
    path.write_text(synthetic_plan(1500).model_dump_json(exclude_defaults=True),
                    encoding="utf-8")
    return path


def start(plan: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", str(plan), "--out",
                             str(out), "--jobs", "1"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@pytest.mark.slow
@pytest.mark.parametrize("at", [1, 2, 4, 6], ids=lambda n: f"rename-{n}")
def test_a_kill_at_the_nth_rename_keeps_every_file_whole(big_plan, tmp_path, at):
    out = tmp_path / "out"
    build(ENGLISH, out_dir=out, jobs=1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    status = killed_at("replace", at, ["build", str(big_plan), "--out", str(out),
                                       "--jobs", "1"])

    assert status == -9
    litter = [p for p in out.iterdir() if p.name.startswith(".")]
    assert litter or at > 1  # the kill came with files written and not yet renamed
    replaced = 0
    for name, data in before.items():
        now = (out / name).read_bytes()
        assert now == data or complete(out / name), name
        replaced += now != data
    assert replaced == at - 1  # exactly the renames done before the kill
    build(ENGLISH, out_dir=out, jobs=1)
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_two_runs_at_once_never_show_a_half_written_file(big_plan, tmp_path):
    out = tmp_path / "out"
    build(ENGLISH, out_dir=out, jobs=1)
    runs = [start(big_plan, out), start(big_plan, out)]
    seen = 0
    deadline = time.time() + 60
    while any(r.poll() is None for r in runs) and time.time() < deadline:
        for path in out.iterdir():
            if path.name.startswith("."):
                continue  # temporary files are never a final name
            assert complete(path), path.name
            seen += 1
        time.sleep(0.05)
    for run in runs:
        assert run.wait(timeout=60) == 0
    assert seen > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
