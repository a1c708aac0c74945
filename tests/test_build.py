"""Rendering in forked workers (`build.render_in_workers`): every task done once, progress
counted per file, and a failing worker stops the others from taking new tasks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import build
from generator.errors import GeneratorError


def _fake_renderer(fmt):  # noqa: ARG001 - the renderer of any format
    def render(report, theme, dest):  # noqa: ARG001
        if report == "bad":
            raise GeneratorError("the bad report")
        time.sleep(0.005)
        Path(dest).write_text(f"{report} by {__import__('os').getpid()}")
        return [f"{report} looked odd"] if report == "r3" else []

    return render


def test_every_task_is_rendered_once_and_progress_counts_files(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "renderer", _fake_renderer)
    tasks = [[("pdf", f"r{i}", tmp_path / f"{i}.pdf"), ("docx", f"r{i}", tmp_path / f"{i}.docx")]
             for i in range(40)]
    seen = []

    rendered = build.render_in_workers(tasks, None, 3, lambda done, total: seen.append(
        (done, total)))

    files = sorted(tmp_path.iterdir())
    assert len(files) == 80 and not [f for f in files if f.name.startswith(".")]
    assert set(rendered.digests) == {str(f) for f in files}
    assert rendered.warnings == ["3.pdf: r3 looked odd", "3.docx: r3 looked odd"]
    assert seen[-1] == (80, 80) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    writers = {f.read_text().split(" by ")[1] for f in files}
    assert len(writers) >= 2  # shared out, not all done by one worker


def test_a_failing_worker_stops_new_tasks_and_its_error_is_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "renderer", _fake_renderer)
    tasks = [[("pdf", "bad", tmp_path / "bad.pdf")]]
    tasks += [[("pdf", f"r{i}", tmp_path / f"{i}.pdf")] for i in range(300)]

    with pytest.raises(GeneratorError, match="the bad report"):
        build.render_in_workers(tasks, None, 2)

    files = list(tmp_path.iterdir())
    assert len(files) < 150  # the tasks nobody had taken were dropped
    assert all(f.read_text().startswith("r") for f in files)  # whole files, no temporaries


@pytest.mark.parametrize("failing", [False, True])
def test_more_task_numbers_than_a_pipe_holds_are_fed_as_workers_take_them(tmp_path, monkeypatch,
                                                                          failing):
    monkeypatch.setattr(build, "renderer", _fake_renderer)
    monkeypatch.setattr(build, "PIPE_SAFE_BYTES", 8)  # two numbers; the rest by the feeder
    tasks = [[("pdf", "bad" if failing and i == 5 else f"r{i}", tmp_path / f"{i}.pdf")]
             for i in range(60)]

    if failing:
        with pytest.raises(GeneratorError, match="the bad report"):
            build.render_in_workers(tasks, None, 2)
        assert len(list(tmp_path.iterdir())) < 60
    else:
        rendered = build.render_in_workers(tasks, None, 2)
        assert len(rendered.digests) == 60 == len(list(tmp_path.iterdir()))
