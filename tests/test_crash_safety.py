"""Killed and concurrent runs: previous outputs stay intact, no half-written file is ever seen,
and a killed run's temporary files are cleaned up by the next run. Runs are killed at known
points, never after a guessed delay: from outside, when a given output's temporary file appears
(the process is stopped there, its state checked, then killed), or from inside, at the n-th
rename into place."""

from __future__ import annotations

import os
import re
import signal
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


def stopped_when_temp_appears(plan: Path, out: Path, name: str) -> subprocess.Popen:
    """Starts a build of `plan` into `out` and stops it (SIGSTOP) as soon as the temporary
    file of the output `name` appears beside it (`.<stem>.plan-briefing-<pid>.<random>.tmp
    <suffix>`, see generator.output); fails if the build ends first."""
    run = start(plan, out)
    stem, suffix = name.rsplit(".", 1)
    temp = re.compile(rf"^\.{re.escape(stem[:40])}\.plan-briefing-{run.pid}\..+\.tmp\.{suffix}$")
    deadline = time.monotonic() + 300  # a safeguard against a hung build, not a measurement
    while run.poll() is None and time.monotonic() < deadline:
        if any(temp.match(entry) for entry in os.listdir(out)):
            run.send_signal(signal.SIGSTOP)
            return run
        time.sleep(0.002)
    run.kill()
    pytest.fail(f"the build ended (status {run.poll()}) before {name}'s temporary file appeared")


WHOLE_GROUPS = {"briefing.docx": (), "briefing.pptx": ("docx",), "status.pdf": ("docx", "pptx")}
"""Where the build is killed (the output whose temporary file has just appeared) and the
formats already renamed into place by then: a single-plan build with --jobs 1 writes a format
at a time (docx, pptx, pdf; briefing then status) and renames each format's files together."""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs SIGSTOP and SIGKILL")
@pytest.mark.parametrize("kill_at", list(WHOLE_GROUPS))
def test_a_kill_while_an_output_is_written_loses_nothing(big_plan, tmp_path, kill_at):
    out = tmp_path / "out"
    build(ENGLISH, out_dir=out, jobs=1)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    stem = ENGLISH.stem

    run = stopped_when_temp_appears(big_plan, out, f"{stem}-{kill_at}")
    try:
        at_stop = {name: (out / name).read_bytes() for name in before}
        temps = [n for n in os.listdir(out) if n.startswith(".")]
    finally:
        run.send_signal(signal.SIGKILL)
    status = run.wait(timeout=60)

    assert status == -signal.SIGKILL  # killed while running, not after it had ended
    assert temps  # the kill came with a file being written beside its target
    renamed = {name for name in before if at_stop[name] != before[name]}
    assert renamed == {n for n in before if n.rsplit(".", 1)[1] in WHOLE_GROUPS[kill_at]}
    for name, data in before.items():
        now = (out / name).read_bytes()
        assert now == at_stop[name], name  # nothing moved between the stop and the kill
        assert complete(out / name), name  # every output whole: the old one or the new one
        if name not in renamed:
            assert now == data, name
    assert sorted(p for p in os.listdir(out) if not p.startswith(".")) == sorted(before)

    build(ENGLISH, out_dir=out, jobs=1)  # the next build completes and cleans up

    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


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
