"""Rendering in a worker pool (`rendering.render_all`): every task done once, progress counted,
after a failure no new task started and the failure raised as what it was."""

from __future__ import annotations

import os
import time
import types
from pathlib import Path

import pytest

from generator import rendering, worker_pool
from generator.errors import GeneratorError, PlanError
from generator.render import context
from generator.theme import load_theme

from .workers_helpers import PlanErrorReport

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fake renderer reaches the "
                                "workers only through fork")


@pytest.fixture
def forked(monkeypatch):
    """Workers forked, so that they start with this test's monkeypatched renderer."""
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "fork")


def _fake_renderer(fmt):  # noqa: ARG001 - the renderer module of any format
    def render(report, theme, dest):  # noqa: ARG001
        if report == "bad":
            raise GeneratorError("the bad report")
        time.sleep(0.005)
        Path(dest).write_text(f"{report} by {os.getpid()}")
        return [f"{report} looked odd"] if report == "r3" else []

    return types.SimpleNamespace(preload=lambda theme: None, render=render)


@needs_fork
def test_every_file_is_rendered_once_and_progress_counts_files(tmp_path, monkeypatch, forked):
    monkeypatch.setattr(context, "renderer", _fake_renderer)
    work = [(fmt, f"r{i}", tmp_path / f"{i}.{fmt}") for i in range(40) for fmt in ("pdf", "docx")]
    seen = []

    rendered = rendering.render_all(work, load_theme(), 3,
                                lambda done, total: seen.append((done, total)))

    files = sorted(tmp_path.iterdir())
    assert len(files) == 80 and not [f for f in files if f.name.startswith(".")]
    assert set(rendered.digests) == {str(f) for f in files}
    assert sorted(rendered.warnings) == ["3.docx: r3 looked odd", "3.pdf: r3 looked odd"]
    assert seen[-1] == (80, 80) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    writers = {f.read_text().split(" by ")[1] for f in files}
    assert len(writers) >= 2 and str(os.getpid()) not in writers  # shared out to workers


@needs_fork
def test_a_failure_stops_new_tasks_and_is_raised(tmp_path, monkeypatch, forked):
    monkeypatch.setattr(context, "renderer", _fake_renderer)
    work = [("pdf", "bad", tmp_path / "bad.pdf")]
    work += [("pdf", f"r{i}", tmp_path / f"{i}.pdf") for i in range(300)]

    with pytest.raises(GeneratorError, match="the bad report"):
        rendering.render_all(work, load_theme(), 2)

    files = list(tmp_path.iterdir())
    assert len(files) < 150  # the tasks no worker had started were dropped
    assert all(f.read_text().startswith("r") for f in files)  # whole files, no temporaries


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_plan_error_in_a_worker_arrives_whole(tmp_path, monkeypatch, method):
    if method not in worker_pool.multiprocessing.get_all_start_methods() or \
            (method == "fork" and not hasattr(os, "fork")):
        pytest.skip(f"no {method} here")
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, method)
    work = [("pdf", PlanErrorReport(), tmp_path / "a.pdf"), ("pdf", PlanErrorReport(),
                                                            tmp_path / "b.pdf")]
    work += [("docx", PlanErrorReport(), tmp_path / "c.docx")]

    with pytest.raises(PlanError) as caught:
        rendering.render_all(work, load_theme(), 2)

    assert "plan.yaml:7: areas[0].title: raised in a worker" in str(caught.value)
    assert caught.value.problems[0].line == 7


def test_an_unknown_start_method_is_a_user_error(monkeypatch):
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "teleport")

    with pytest.raises(GeneratorError, match="PLAN_BRIEFING_START_METHOD='teleport'"):
        worker_pool.start_method()
