"""`render.context.RenderContext`: each format's context made once per theme and handed to
every render of that format; one per process in worker pools and on Dask workers."""

from __future__ import annotations

import dataclasses
import os
import types
from pathlib import Path

import pytest

from generator import cluster, rendering, worker_pool
from generator.errors import GeneratorError
from generator.render import context
from generator.render.context import RenderContext
from generator.theme import load_theme


def _fake_renderers(made: list, returns_context: bool = True):
    """A renderer module per format whose `preload` records each call (format, pid) and whose
    `render` writes what it was given."""

    def module(fmt):
        def preload(theme):
            made.append((fmt, os.getpid()))
            return ("context", fmt, theme.name, len(made)) if returns_context else None

        def render(report, given, dest):
            Path(dest).write_text(f"{report} with {given!r} in {os.getpid()}")
            return []

        return types.SimpleNamespace(preload=preload, render=render)

    return module


def test_each_format_is_preloaded_once_and_its_context_reaches_every_render(tmp_path,
                                                                              monkeypatch):
    made: list = []
    monkeypatch.setattr(context, "renderer", _fake_renderers(made))
    theme = load_theme()
    ctx = RenderContext(theme)

    for i in range(3):
        for fmt in ("docx", "pdf"):
            ctx.render(fmt, f"r{i}", tmp_path / f"{i}.{fmt}")

    assert [fmt for fmt, _ in made] == ["docx", "pdf"]
    assert "('context', 'docx', " in (tmp_path / "2.docx").read_text()
    assert ctx.of("pdf") == ("context", "pdf", theme.name, 2) and ctx.theme is theme


def test_a_renderer_without_a_context_of_its_own_renders_from_the_theme(tmp_path, monkeypatch):
    made: list = []
    monkeypatch.setattr(context, "renderer", _fake_renderers(made, returns_context=False))
    theme = load_theme()
    ctx = RenderContext(theme)

    ctx.preload(("pptx",))
    ctx.render("pptx", "r", tmp_path / "r.pptx")

    assert made == [("pptx", os.getpid())]
    assert ctx.of("pptx") is theme


def test_an_unknown_format_is_a_user_error():
    with pytest.raises(GeneratorError, match="unknown format 'odt'"):
        RenderContext(load_theme()).render("odt", object(), Path("x.odt"))


def test_a_dask_worker_keeps_one_context_per_theme(monkeypatch):
    monkeypatch.setattr(cluster, "_context", None)
    theme = load_theme()
    other = dataclasses.replace(theme, name="other")

    first = cluster._context_for(theme)

    assert cluster._context_for(theme) is first
    assert cluster._context_for(other) is not first
    assert cluster._context_for(other).theme is other


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fake renderers reach workers by fork")
def test_each_worker_process_makes_its_context_once(tmp_path, monkeypatch):
    made: list = []
    monkeypatch.setattr(context, "renderer", _fake_renderers(made))
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "fork")
    work = [(fmt, f"r{i}", tmp_path / f"{i}.{fmt}") for i in range(30) for fmt in ("pdf", "docx")]

    rendering.render_all(work, load_theme(), 2)

    # A worker's preload count is in every context it hands out: 1 or 2 (its two formats).
    texts = [f.read_text() for f in tmp_path.iterdir()]
    workers = {text.rsplit(" in ", 1)[1] for text in texts}
    assert len(workers) == 2 and str(os.getpid()) not in workers
    for pid in workers:
        counts = {text.split(", ")[-1].rstrip(")") for text in texts
                  if text.endswith(f" in {pid}") and "'pdf'" in text}
        assert len(counts) <= 1  # the same pdf context for every pdf file of this worker
    assert made == []  # nothing was preloaded in this process


def test_formats_are_shared_out_among_workers_the_costliest_first():
    assert worker_pool.format_groups(("docx", "pptx", "pdf"), 2) == [("pdf",), ("docx", "pptx")]
    assert worker_pool.format_groups(("docx", "pptx", "pdf"), 8) == [("pdf",), ("docx",),
                                                                    ("pptx",)]
    assert worker_pool.format_groups(("pptx",), 2) == [("pptx",)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fake renderers reach workers by fork")
def test_a_build_s_formats_go_to_the_workers_that_loaded_them(tmp_path, monkeypatch):
    made: list = []
    monkeypatch.setattr(context, "renderer", _fake_renderers(made))
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "fork")
    work = [(fmt, kind, tmp_path / f"{kind}.{fmt}") for kind in ("briefing", "status")
            for fmt in ("docx", "pptx", "pdf")]

    with worker_pool.worker_pool(2, ("docx", "pptx", "pdf"), load_theme(), packs=False) as pool:
        rendered = rendering.render_all(work, load_theme(), 2, pool=pool)

    writer = {f.name: f.read_text().rsplit(" in ", 1)[1] for f in tmp_path.iterdir()}
    assert len(rendered.digests) == 6 and str(os.getpid()) not in writer.values()
    assert writer["briefing.pdf"] == writer["status.pdf"]
    assert writer["briefing.docx"] == writer["status.docx"] == writer["status.pptx"]
    assert writer["status.docx"] != writer["status.pdf"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the fake renderers reach workers by fork")
def test_a_format_worker_s_failure_is_raised_and_leaves_no_half_file(tmp_path, monkeypatch):
    made: list = []
    fake = _fake_renderers(made)

    def failing(fmt):
        module = fake(fmt)
        if fmt == "pdf":
            module.render = lambda report, given, dest: (Path(dest).write_text("half"),
                                                         1 / 0)
        return module

    monkeypatch.setattr(context, "renderer", failing)
    monkeypatch.setenv(worker_pool.START_METHOD_ENV, "fork")
    work = [(fmt, "status", tmp_path / f"status.{fmt}") for fmt in ("docx", "pptx", "pdf")]

    with pytest.raises(ZeroDivisionError), \
            worker_pool.worker_pool(2, ("docx", "pptx", "pdf"), load_theme(), False) as pool:
        rendering.render_all(work, load_theme(), 2, pool=pool)

    assert "status.pdf" not in {f.name for f in tmp_path.iterdir()}
    assert all(not f.name.startswith(".") for f in tmp_path.iterdir())


def _report_of(rows: int):
    from generator.document import Table

    table = Table(columns=(), rows=((),) * rows)
    return types.SimpleNamespace(sections=[types.SimpleNamespace(blocks=[table])])


@pytest.mark.parametrize(("rows", "expected"), [(60, [1, 1, 0]), (21_000, [0, 1, 0])],
                         ids=["sample-sized: PDF; DOCX and PPTX", "large: PPTX alone"])
def test_tasks_go_where_they_finish_first_without_two_large_documents_in_one_worker(rows,
                                                                                    expected):
    report = _report_of(rows)
    tasks = [[(fmt, report, Path(f"r.{fmt}"))] for fmt in ("docx", "pptx", "pdf")]

    chosen = worker_pool.assign(tasks, worker_pool.format_groups(("docx", "pptx", "pdf"), 2))

    assert chosen == expected


def test_many_tasks_are_shared_out_the_costliest_first():
    tasks = [[("pdf", _report_of(rows), Path(f"{i}.pdf"))]
             for i, rows in enumerate((100, 5000, 100, 100, 100, 100, 100, 100))]

    chosen = worker_pool.assign(tasks, [("pdf",), ("pdf",)])

    assert chosen[1] == 0 and set(chosen[:1] + chosen[2:]) == {1}
