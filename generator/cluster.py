"""Unit packs rendered on a Dask distributed cluster (`build --per unit --scheduler ADDRESS`).

The tasks are those of a local build (`rendering.pack_tasks`). A Dask worker renders a task into
a temporary folder of its own and sends the files' bytes back; this process writes them in
place as a local build does (temporary file, sync, rename), so the workers need no shared file
system, only the same plan-briefing installed. A task whose worker dies is run again by Dask on
another worker (up to `distributed.scheduler.allowed-failures` times, 3 by default); after that,
and when the scheduler cannot be reached, the build stops with a message saying so.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import zlib
from pathlib import Path

from .errors import GeneratorError
from .output import AtomicFiles, FileDigest
from .render.context import RenderContext
from .rendering import Rendered, pack_tasks, render_group
from .theme import Theme
from .worker_pool import PACK_GC

CONNECT_TIMEOUT = "10s"
"""How long to keep trying to reach the scheduler (Dask retries a refused connection)."""
RETRIES = 2
"""How often a task that raised is run again (a worker that died is Dask's own retry)."""


def render_remote(task: list[tuple[str, object, Path]],
                  theme: Theme) -> tuple[list[tuple[str, bytes, FileDigest]], list[str]]:
    """On a Dask worker: the task's files rendered in a temporary folder, as (destination,
    bytes, digest: computed as the file was written, as a local worker does), and the
    warnings (named by the destination's file name, as in a local build)."""
    gc.set_threshold(*PACK_GC)  # as in a local pack worker (`worker_pool._worker_start`)
    folder = Path(tempfile.mkdtemp(prefix="plan-briefing-"))
    try:
        local = [(fmt, report, folder / str(i) / dest.name)
                 for i, (fmt, report, dest) in enumerate(task)]
        rendered = render_group(local, _context_for(theme))
        files = [(str(dest), path.read_bytes(), rendered.digests[str(path)])
                 for (_, _, dest), (_, _, path) in zip(task, local, strict=True)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return files, rendered.warnings


_context: RenderContext | None = None
"""On a Dask worker: the render context of the theme of its latest task."""


def _context_for(theme: Theme) -> RenderContext:
    """On a Dask worker (a long-lived process that may serve builds of several themes): one
    render context per theme, kept while the tasks' theme stays the same."""
    global _context
    if _context is None or _context.theme != theme:
        _context = RenderContext(theme)
    return _context


def render_on_cluster(address: str, work: list[tuple[str, object, Path]], theme: Theme,
                      progress=None) -> Rendered:
    """Every (format, report, destination) rendered by the Dask cluster whose scheduler is at
    `address`, in the tasks a local build with as many workers as the cluster has threads would
    use; the files are written here. Returns the warnings and each file's digest, as
    `rendering.render_all` does."""
    try:
        from distributed import Client, as_completed
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise GeneratorError("--scheduler needs Dask distributed; install it with "
                             "`pip install 'plan-briefing[dask]'`") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise GeneratorError(f"--scheduler {address}: cannot reach a Dask scheduler there "
                             f"({exc}); start one with `dask scheduler` and give its "
                             "tcp://HOST:PORT") from None
    done, results = 0, {}
    with client:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        tasks = pack_tasks(work, max(1, threads))
        futures = client.map(render_remote, tasks, theme=theme, retries=RETRIES, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures, loop=client.loop):
                files, warnings = future.result()
                results[index[future.key]] = _write(files, warnings)
                done += len(files)
                if progress:
                    progress(done, len(work))
        except BaseException as exc:
            client.cancel(futures)
            if isinstance(exc, KilledWorker):
                raise GeneratorError(f"--scheduler {address}: Dask workers died each time they "
                                     f"rendered a task ({exc}); see the workers' logs (memory "
                                     "limit?)") from None
            raise
    rendered = Rendered()
    for i in range(len(tasks)):  # in task order, as a local build
        rendered.extend(results[i])
    return rendered


def _write(files: list[tuple[str, bytes, FileDigest]], warnings: list[str]) -> Rendered:
    """The files written in place together (`output.AtomicFiles`), with the digests the worker
    computed (checked against the bytes' size and CRC-32, which cost little: a file damaged on
    the way is refused)."""
    rendered = Rendered(warnings=list(warnings))
    with AtomicFiles() as atomic:
        for name, data, digest in files:
            if len(data) != digest.size or zlib.crc32(data) != digest.crc32:
                raise GeneratorError(f"{name}: the bytes a Dask worker sent do not match "
                                     "its digest; run the build again")
            atomic.write(Path(name), lambda tmp, data=data: tmp.write_bytes(data))
            rendered.digests[name] = digest
    return rendered
