"""Rendering a build's files: here, or in worker processes (`worker_pool`), in tasks."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .output import AtomicFiles, FileDigest, digest_of
from .render.context import FORMATS, RenderContext

if TYPE_CHECKING:
    from .theme import Theme
    from .worker_pool import Workers

Work = list[tuple[str, object, Path]]
"""(format, report, destination) items: what a build renders."""


@dataclass
class Rendered:
    """What rendering some files gives back: warnings, and each file's size, SHA-256 and
    CRC-32 by path (computed by the process that wrote the file, while its bytes were fresh:
    the manifest and the zip need not read the files again)."""

    warnings: list[str] = field(default_factory=list)
    digests: dict[str, FileDigest] = field(default_factory=dict)

    def extend(self, other: Rendered) -> Rendered:
        self.warnings.extend(other.warnings)
        self.digests.update(other.digests)
        return self


def jobs_or_cores(jobs: int | None) -> int:
    """The number of worker processes: `jobs`, at least 1, or every CPU core when None."""
    return (os.cpu_count() or 1) if jobs is None else max(1, jobs)


def as_context(theme: Theme | RenderContext) -> RenderContext:
    """`theme`'s render context: the one given, or a new one for a plain Theme."""
    return theme if isinstance(theme, RenderContext) else RenderContext(theme)


def render_group(group: Work, context: RenderContext, tick: Callable[[], None] | None = None
                 ) -> Rendered:
    """Renders (format, report, destination) items one after another with `context`."""
    rendered = Rendered()
    with AtomicFiles() as files:
        for fmt, report, dest in group:

            def write(tmp, fmt=fmt, report=report):
                return context.render(fmt, report, tmp), digest_of(tmp)

            found, rendered.digests[str(dest)] = files.write(dest, write)
            rendered.warnings.extend(f"{dest.name}: {w}" for w in found or [])
            if tick:
                tick()
    return rendered


def render_all(work: Work, theme: Theme | RenderContext, jobs: int | None = None,
               progress=None, pool: Workers | None = None) -> Rendered:
    """Renders every (format, report, destination); returns the warnings and each file's
    digest. `progress(done, total)` is called as files are finished.

    With more than one job the work goes to worker processes (`pool`, or one made here): by
    report when there are many (packs, see `pack_tasks`), else one task per format (no worker
    holds two formats' memory). With one job, or one task, it is rendered here with `theme`
    (a Theme, or the build's RenderContext)."""
    from .worker_pool import render_in_pool, worker_pool

    jobs = jobs_or_cores(jobs)
    reports = {id(report) for _, report, _ in work}
    if jobs > 1 and len(reports) >= 2 * jobs:
        tasks = pack_tasks(work, jobs)
    else:
        tasks = [g for g in ([w for w in work if w[0] == fmt] for fmt in FORMATS) if g]
    if jobs < 2 or len(tasks) < 2:
        return render_here(work, as_context(theme), progress)
    if pool is not None:
        return render_in_pool(pool, tasks, progress)
    plain = theme.theme if isinstance(theme, RenderContext) else theme
    formats = tuple(fmt for fmt in FORMATS if any(w[0] == fmt for w in work))
    with worker_pool(min(jobs, len(tasks)), formats, plain, packs=len(reports) > 2) as own:
        return render_in_pool(own, tasks, progress)


def render_here(work: Work, context: RenderContext, progress=None) -> Rendered:
    """Every file rendered in this process, a format at a time."""
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress:
            progress(done[0], len(work))

    rendered = Rendered()
    for fmt in FORMATS:
        group = [w for w in work if w[0] == fmt]
        if group:
            rendered.extend(render_group(group, context, tick))
    return rendered


MAX_CHUNK = 16
"""At most this many reports in one task: fewer, larger tasks cost a pool or a Dask cluster
less to hand out (2,000 packs: ≈ 150 tasks instead of ≈ 500)."""


def pack_tasks(work: Work, jobs: int) -> list[Work]:
    """Many reports (unit packs) cut into tasks of a few reports each, rendered a format at a
    time (a worker going from DOCX to PPTX to PDF for every pack keeps evicting one library's
    working set with another's); the largest first, each task a quarter of what is left per
    worker (at most MAX_CHUNK reports), down to single reports at the end so that the workers
    finish together."""
    reports = {id(report): report for _, report, _ in work}
    order = sorted(reports, key=lambda r: -_cost(reports[r]))
    rank = {fmt: i for i, fmt in enumerate(FORMATS)}
    tasks = []
    while order:
        size = (1 if _cost(reports[order[0]]) > 400
                else max(1, min(MAX_CHUNK, len(order) // (4 * jobs))))
        chunk, order = set(order[:size]), order[size:]
        tasks.append(sorted((w for w in work if id(w[1]) in chunk), key=lambda w: rank[w[0]]))
    return tasks


def _cost(report) -> int:
    """A rough rendering cost: table rows, plus a fixed part per document."""
    return 40 + report_rows(report)


def report_rows(report) -> int:
    """The table rows of a report (0 for anything that is no `document.Report`)."""
    from .document import Table

    return sum(len(block.rows) for section in getattr(report, "sections", ())
               for block in section.blocks
               if isinstance(block, Table))


__all__ = ["Rendered", "Work", "as_context", "jobs_or_cores", "pack_tasks", "render_all",
           "render_group", "render_here", "report_rows"]
