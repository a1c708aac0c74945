"""Worker processes: a `concurrent.futures` pool (fork or spawn) whose workers render tasks."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from .errors import GeneratorError
from .render.context import RenderContext
from .rendering import Rendered, Work, render_group
from .theme import Theme

PACK_GC = (200_000, 20, 100)
"""The garbage collector's thresholds in a process rendering unit packs (see `_worker_start`)."""
START_METHOD_ENV = "PLAN_BRIEFING_START_METHOD"
"""Names how worker processes start (fork, spawn, forkserver); see `start_method`."""

_context: RenderContext | None = None
"""In a worker process: its render context, made once by `_worker_start`."""


def start_method() -> str:
    """How worker processes start: `$PLAN_BRIEFING_START_METHOD` if set, else `fork` on Linux
    (a worker starts in ≈ 2 ms with what this process has imported) and `spawn` elsewhere
    (Windows has no fork; on macOS forking after system libraries have started is unsafe)."""
    chosen = os.environ.get(START_METHOD_ENV)
    if chosen:
        if chosen not in multiprocessing.get_all_start_methods():
            raise GeneratorError(f"{START_METHOD_ENV}={chosen!r} is not a start method here; "
                                 f"use one of {', '.join(multiprocessing.get_all_start_methods())}")
        return chosen
    return "fork" if sys.platform == "linux" and hasattr(os, "fork") else "spawn"


@contextmanager
def worker_pool(workers: int, formats: tuple[str, ...], theme: Theme,
                packs: bool) -> Iterator[ProcessPoolExecutor | None]:
    """A pool of `workers` processes (None for fewer than two), started at once so that they
    import the renderers (and, for `packs`, load the fonts and templates) while this process
    reads the plan. Each worker makes its own RenderContext for `theme` when it starts. Shut
    down at the end of the block; on an error, waiting tasks are dropped."""
    if workers < 2:
        yield None
        return
    if "pdf" in formats and theme.pdf_font == "noto-sans-sc":
        from .fonts import noto_sans_sc

        noto_sans_sc()  # prepared here once, not by every worker at the same time
    elif "pdf" in formats and theme.pdf_font == "fandol":
        from .render.official_fonts import fandol_faces

        fandol_faces()  # likewise the GB/T 9704 theme's faces (None when not installed)
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method()),
                               initializer=_worker_start, initargs=(formats, theme, packs))
    try:
        for _ in range(workers):  # each submission starts a worker (all at once with fork)
            pool.submit(int)
        yield pool
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _worker_start(formats: tuple[str, ...], theme: Theme, packs: bool) -> None:
    """A worker's set-up: its render context. A pack worker makes every format's context now
    (it will render them all) and collects cyclic garbage every 200,000 net allocations
    instead of 50,000: it has no plan to keep small (measured over 100 packs: 0.05-0.10 s less
    per worker, ≈ 50 MB more)."""
    global _context
    gc.set_threshold(*(PACK_GC if packs else (50_000, 20, 100)))
    _context = RenderContext(theme)
    if packs:
        try:
            _context.preload(formats)
        except Exception:  # noqa: BLE001 - the first render meets it again and reports it
            pass


def _render_task(task: Work) -> Rendered:
    """In a worker: one task rendered with the worker's context."""
    assert _context is not None, "a worker process starts with `_worker_start`"
    return render_group(task, _context)


def render_in_pool(pool: ProcessPoolExecutor, tasks: list[Work], progress) -> Rendered:
    """Each task (a list of (format, report, destination)) rendered by a worker of `pool`.
    After a failure no further task is started; the first failure is raised (as the exception
    the worker raised, its traceback attached) once the running ones have ended."""
    total = sum(len(task) for task in tasks)
    futures: dict[Future, int] = {pool.submit(_render_task, task): len(task) for task in tasks}
    done, failure = 0, None
    for future in as_completed(futures):
        if future.cancelled():
            continue
        if future.exception() is not None:
            if failure is None:
                failure = future.exception()
                for waiting in futures:
                    waiting.cancel()
            continue
        done += futures[future]
        if progress:
            progress(done, total)
    if failure is not None:
        raise failure
    rendered = Rendered()
    for future in futures:  # in task order: warnings come in the same order on every run
        rendered.extend(future.result())
    return rendered


__all__ = ["PACK_GC", "START_METHOD_ENV", "render_in_pool", "start_method", "worker_pool"]
