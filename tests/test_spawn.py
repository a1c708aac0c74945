"""Worker processes started the way Windows and macOS start them (`spawn`), and a Python
without `os.fork`: the same files, byte for byte, as a build in one process; failures in a
worker end the command as they would in the main process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import START_METHOD_ENV, build, build_meeting

from .conftest import ROOT, SAMPLE
from .workers_helpers import same_tree

SPAWN = {**os.environ, START_METHOD_ENV: "spawn"}


def _cli(args: list[str], env: dict | None = None, code: str | None = None):
    """`python -m generator ARGS` (or `python -c CODE ARGS`) from the checkout."""
    head = ["-c", code] if code else ["-m", "generator"]
    return subprocess.run([sys.executable, *head, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def plan_of_20_units(tmp_path_factory) -> Path:
    from benchmarks.synthetic import synthetic_plan

    path = tmp_path_factory.mktemp("plan") / "twenty.json"
    plan = synthetic_plan(200, units=20, areas=10)
    path.write_text(plan.model_dump_json(exclude_defaults=True), encoding="utf-8")
    return path


def test_the_sample_build_under_spawn_gives_the_bytes_of_a_one_process_build(tmp_path):
    build(SAMPLE, out_dir=tmp_path / "one", jobs=1)

    run = _cli(["build", "--out", str(tmp_path / "spawn"), "--jobs", "2"], SPAWN)

    assert run.returncode == 0, run.stderr
    assert same_tree(tmp_path / "one", tmp_path / "spawn") == 6


def test_a_bundle_of_20_packs_under_spawn_gives_the_bytes_of_a_one_process_build(
        tmp_path, plan_of_20_units):
    build_meeting(plan_of_20_units, out_dir=tmp_path / "one", jobs=1)

    run = _cli(["build", str(plan_of_20_units), "--per", "unit", "--out", str(tmp_path / "spawn"),
                "--jobs", "2"], SPAWN)

    assert run.returncode == 0, run.stderr
    assert same_tree(tmp_path / "one", tmp_path / "spawn") == 2 * 3 + 20 * 3 + 2
    assert len(list((tmp_path / "spawn").glob("*/units/*.pdf"))) == 20


def test_a_python_without_os_fork_builds_the_bundle_in_workers(tmp_path):
    build_meeting(SAMPLE, out_dir=tmp_path / "one", jobs=1)
    env = {k: v for k, v in os.environ.items() if k != START_METHOD_ENV}
    code = ("import os, sys; del os.fork; from generator.cli import main; "
            "from generator.build import start_method; print(start_method(), file=sys.stderr); "
            "sys.exit(main(sys.argv[1:]))")

    run = _cli(["build", "--per", "unit", "--out", str(tmp_path / "nofork"), "--jobs", "2"], env,
               code)

    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[0] == "spawn"
    assert same_tree(tmp_path / "one", tmp_path / "nofork") > 20


BROKEN_BRIEFING = ("import sys; from generator import reports; {setup}"
                   "reports.BUILDERS['briefing'] = lambda status, labels: {report}; "
                   "from generator.cli import main; sys.exit(main(sys.argv[1:]))")


def test_an_internal_error_in_a_worker_shows_its_traceback_under_debug(tmp_path):
    code = BROKEN_BRIEFING.format(setup="", report="'not a report'")
    args = ["build", "--report", "briefing", "--format", "docx,pdf", "--out", str(tmp_path),
            "--jobs", "2"]

    plain = _cli(args, SPAWN, code)
    debug = _cli(["--debug", *args], SPAWN, code)

    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "internal error: AttributeError: 'str' object has no attribute" in plain.stderr
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    # the worker's own frames, in the renderer that met the error
    assert f"generator{os.sep}render{os.sep}" in debug.stderr
    assert "AttributeError: 'str' object has no attribute" in debug.stderr


def test_a_user_error_in_a_worker_ends_with_exit_2_and_its_message(tmp_path):
    code = BROKEN_BRIEFING.format(setup="from tests.workers_helpers import PlanErrorReport; ",
                                  report="PlanErrorReport()")

    run = _cli(["build", "--report", "briefing", "--format", "docx,pdf", "--out", str(tmp_path),
                "--jobs", "2"], SPAWN, code)

    assert run.returncode == 2, run.stderr
    assert "plan.yaml:7: areas[0].title: raised in a worker" in run.stderr
    assert "Traceback" not in run.stderr
    assert not list(tmp_path.iterdir())  # nothing written, no temporaries left
