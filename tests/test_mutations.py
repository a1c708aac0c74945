"""Mutation checks: the suite notices the four mistakes issue 16 names. Each is applied by a
textual replacement to a copy of the `generator` package; a few test files then run in a
subprocess with that copy first on the import path and must FAIL, while the same files on an
unmutated copy must PASS (so a failure comes from the mutation, not from the set-up)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT


@dataclass(frozen=True)
class Mutation:
    """Replace `old` (found exactly once) with `new` in `path` (under generator/); then the
    `tests` (paths under tests/) must fail."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


# Written against main as of the render-context refactor; retarget `path`/`old` when the code
# moves (each test below says loudly when `old` is not found exactly once).
MUTATIONS = (
    Mutation(
        "lead-and-support-columns-swapped",
        "reports/common.py",
        "            cell(plan.units_by_id[s.task.lead].label),\n"
        "            cell(unit_names(plan, s.task.support, labels) or EMPTY),\n",
        "            cell(unit_names(plan, s.task.support, labels) or EMPTY),\n"
        "            cell(plan.units_by_id[s.task.lead].label),\n",
        ("reports/test_tables_behaviour.py", "reports/test_status.py"),
    ),
    Mutation(
        "days-overdue-off-by-one",
        "indicators.py",
        "overdue_days = (date - due).days if",
        "overdue_days = (date - due).days + 1 if",
        ("test_indicators_behaviour.py", "reports/test_tables_behaviour.py"),
    ),
    Mutation(
        "pptx-continuation-slide-drops-a-row",
        "render/pptx_layout.py",
        "start, space = end, full_space",
        "start, space = end + 1, full_space",
        ("render/test_pptx_rows_behaviour.py",),
    ),
    Mutation(
        "comma-removed-from-cannot-start",
        "conventions.py",
        '"，。、；：？！',
        '"。、；：？！',
        ("test_title_lines_behaviour.py", "test_textwidth.py"),
    ),
)


def package_copy(folder: Path, mutation: Mutation | None) -> Path:
    """A copy of `generator` in `folder`, with `mutation` applied when given."""
    shutil.copytree(ROOT / "generator", folder / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if mutation is not None:
        target = folder / "generator" / mutation.path
        text = target.read_text(encoding="utf-8")
        assert text.count(mutation.old) == 1, (
            f"{mutation.name}: {mutation.old!r} occurs {text.count(mutation.old)} times in "
            f"generator/{mutation.path}; retarget the mutation to where the code is now")
        target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    return folder


def run_tests(copy: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess:
    """The test files run with the copy first on the import path: from the copy's folder (so
    the current folder is the copy), the repository's tests imported in append mode (so the
    repository's own `generator` comes after the copy's)."""
    env = {**os.environ, "PYTHONPATH": str(copy)}
    command = [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider",
               "--import-mode=append", "--rootdir", str(ROOT),
               *(str(ROOT / "tests" / t) for t in tests)]
    return subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                          timeout=600)


def summary(run: subprocess.CompletedProcess) -> str:
    return "\n".join((run.stdout + run.stderr).strip().splitlines()[-15:])


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_the_suite_catches_the_mutation(mutation, tmp_path):
    copy = package_copy(tmp_path, mutation)

    run = run_tests(copy, mutation.tests)

    assert run.returncode == 1, f"expected failing tests (exit 1):\n{summary(run)}"
    assert "FAILED" in run.stdout, summary(run)


@pytest.mark.slow
@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_the_same_tests_pass_on_an_unmutated_copy(mutation, tmp_path):
    copy = package_copy(tmp_path, None)

    run = run_tests(copy, mutation.tests)

    assert run.returncode == 0, summary(run)
