"""Worker processes: a `concurrent.futures` pool (fork or spawn) whose workers render tasks."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from .errors import GeneratorError
from .render.context import RenderContext
from .rendering import Rendered, Work, render_group, report_rows
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


FORMAT_COST = {"docx": (0.15, 0.035, 0.12e-3), "pptx": (0.10, 0.05, 0.116e-3),
               "pdf": (0.18, 0.04, 0.174e-3)}
"""A format's rough CPU cost in seconds: (loading the renderer and its first document's
warm-up, per document, per table row), fitted to the renderers with their render contexts
(main at ed9694d) on the sample plan and a 1,000-task plan, 2-core machine, 2026-11-30: sample
DOCX 0.23 s, PPTX 0.21 s, PDF 0.27 s; 1,000 tasks 0.45, 0.44, 0.63 s. They decide which
worker preloads and renders which format (`format_groups`, `assign`); the output never
depends on them."""
TYPICAL_ROWS = 60
"""Table rows of a typical build (the sample plan's two reports), for choosing the formats each
worker preloads before the plan is read."""


def format_groups(formats: tuple[str, ...], workers: int) -> list[tuple[str, ...]]:
    """`formats` shared out among `workers` (at most one per format), the costliest first, each
    to the worker with the least work so far (for a typical build): the formats each worker
    loads while the plan is read. Two workers, three formats: PDF; DOCX and PPTX."""
    groups: list[list[str]] = [[] for _ in range(min(workers, len(formats)))]
    loads = [0.0] * len(groups)

    def typical(fmt: str) -> float:
        preload, document, row = FORMAT_COST[fmt]
        return preload + 2 * document + TYPICAL_ROWS * row

    for fmt in sorted(formats, key=typical, reverse=True):
        i = loads.index(min(loads))
        groups[i].append(fmt)
        loads[i] += typical(fmt)
    return [tuple(group) for group in groups]


class Workers:
    """Worker processes that render tasks: one pool whose workers all load every format (unit
    packs: any worker takes any task), or one single-worker pool per group of formats
    (`format_groups`), each worker loading its formats while this process reads the plan; the
    tasks are then shared out by `assign`."""

    def __init__(self, pools: list[ProcessPoolExecutor], groups: list[tuple[str, ...]] | None):
        self.pools, self.groups = pools, groups

    def submit(self, tasks: list[Work]) -> list[Future]:
        """Each task handed to a worker (`assign`), the largest first; the futures are
        returned in the tasks' order."""
        if self.groups is None:
            return [self.pools[0].submit(_render_task, task) for task in tasks]
        workers = assign(tasks, self.groups)
        chosen = {}
        for index in sorted(range(len(tasks)), key=lambda i: -_task_cost(tasks[i])):
            chosen[index] = self.pools[workers[index]].submit(_render_task, tasks[index])
        return [chosen[i] for i in range(len(tasks))]

    def shutdown(self, cancel: bool) -> None:
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=cancel)


MIB_PER_ROW = {"docx": 0.0053, "pptx": 0.0092, "pdf": 0.0041}
"""A format's rough memory per table row in MiB (10,000-task status report: 111, 194, 86 MiB
above a worker's own). A worker that renders two large documents keeps most of the first's
memory (Python seldom gives it back): DOCX then PPTX peaked at 426 MiB, DOCX then PDF at 303."""
MEMORY_BUDGET_MIB = 150.0
"""Document memory a worker should not exceed when another assignment avoids it."""


def assign(tasks: list[Work], groups: list[tuple[str, ...]]) -> list[int]:
    """For each task, the worker (index into `groups`, the formats each has loaded) that
    renders it: of all assignments, one that keeps every worker's document memory within
    MEMORY_BUDGET_MIB (or exceeds it least), then finishes first (estimated costs, plus
    loading formats a worker has not loaded). More than six tasks: the costliest first, each
    to the worker that finishes it soonest."""
    costs = [_task_cost(task) for task in tasks]
    memory = [sum(report_rows(report) * MIB_PER_ROW[fmt] for fmt, report, _ in task)
              for task in tasks]
    formats = [{fmt for fmt, _, _ in task} for task in tasks]
    workers = range(len(groups))

    def finish_times(choice: dict[int, int]) -> list[float]:
        times = []
        for w in workers:
            mine = [i for i, c in choice.items() if c == w]
            extra = set().union(*(formats[i] for i in mine)) - set(groups[w])
            times.append(sum(costs[i] for i in mine) + sum(FORMAT_COST[f][0] for f in extra))
        return times

    def key(choice: tuple[int, ...]) -> tuple[float, float]:
        held = max(sum(memory[i] for i, c in enumerate(choice) if c == w) for w in workers)
        return max(0.0, held - MEMORY_BUDGET_MIB), max(finish_times(dict(enumerate(choice))))

    if len(tasks) <= 6:
        return list(min(itertools.product(workers, repeat=len(tasks)), key=key))
    chosen: dict[int, int] = {}
    for index in sorted(range(len(tasks)), key=lambda i: -costs[i]):
        chosen[index] = min(workers, key=lambda w, i=index: max(finish_times({**chosen, i: w})))
    return [chosen[i] for i in range(len(tasks))]


def _task_cost(task: Work) -> float:
    return sum(FORMAT_COST[fmt][1] + report_rows(report) * FORMAT_COST[fmt][2]
               for fmt, report, _ in task)


@contextmanager
def worker_pool(workers: int, formats: tuple[str, ...], theme: Theme,
                packs: bool) -> Iterator[Workers | None]:
    """`workers` processes (None for fewer than two), started at once so that they load the
    renderers (for `packs` every format in every worker; else each worker its group of
    `format_groups`) while this process reads the plan. Each worker makes its own
    RenderContext for `theme` when it starts. Shut down at the end of the block; on an error,
    waiting tasks are dropped."""
    if workers < 2:
        yield None
        return
    if "pdf" in formats and theme.pdf_font == "noto-sans-sc":
        from .fonts import noto_sans_sc

        noto_sans_sc()  # prepared here once, not by every worker at the same time
    elif "pdf" in formats and theme.pdf_font == "fandol":
        from .render.official_fonts import fandol_faces

        fandol_faces()  # likewise the GB/T 9704 theme's faces (None when not installed)
    context = multiprocessing.get_context(start_method())
    if packs:
        pools = [ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start,
                                     initargs=(formats, theme, True))]
        pool_workers = [workers]
        groups = None
    else:
        groups = format_groups(formats, workers)
        pools = [ProcessPoolExecutor(1, mp_context=context, initializer=_worker_start,
                                     initargs=(group, theme, False)) for group in groups]
        pool_workers = [1] * len(groups)
    pool = Workers(pools, groups)
    try:
        for executor, count in zip(pools, pool_workers, strict=True):
            for _ in range(count):  # each submission starts a worker (all at once with fork)
                executor.submit(int)
        yield pool
    except BaseException:
        pool.shutdown(cancel=True)
        raise
    pool.shutdown(cancel=False)


def _worker_start(formats: tuple[str, ...], theme: Theme, packs: bool) -> None:
    """A worker's set-up: its render context, with the contexts of `formats` made now (a
    pack worker renders them all; a format worker, its group). A pack worker collects cyclic
    garbage every 200,000 net allocations instead of 50,000: it has no plan to keep small
    (measured over 100 packs: 0.05-0.10 s less per worker, ≈ 50 MB more)."""
    global _context
    gc.set_threshold(*(PACK_GC if packs else (50_000, 20, 100)))
    _context = RenderContext(theme)
    try:
        _context.preload(formats)
    except Exception:  # noqa: BLE001 - the first render meets it again and reports it
        pass


def _render_task(task: Work) -> Rendered:
    """In a worker: one task rendered with the worker's context."""
    assert _context is not None, "a worker process starts with `_worker_start`"
    return render_group(task, _context)


def render_in_pool(pool: Workers, tasks: list[Work], progress) -> Rendered:
    """Each task (a list of (format, report, destination)) rendered by a worker of `pool`.
    After a failure no further task is started; the first failure is raised (as the exception
    the worker raised, its traceback attached) once the running ones have ended."""
    total = sum(len(task) for task in tasks)
    futures: dict[Future, int] = {future: len(task)
                                  for future, task in zip(pool.submit(tasks), tasks, strict=True)}
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


__all__ = ["FORMAT_COST", "MIB_PER_ROW", "PACK_GC", "START_METHOD_ENV", "Workers", "assign",
           "format_groups", "render_in_pool", "start_method", "worker_pool"]
