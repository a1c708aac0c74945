"""Unit packs rendered on a Dask distributed cluster (`build --per unit --scheduler ADDRESS`).

The tasks are those of a local build (`rendering.pack_tasks`). A Dask worker that sees the
build's staging folder (the same machine, or a shared file system: it finds there a token file
this process wrote for the build) writes its files in place as a local worker does (temporary
file, sync, rename) and sends back their digests; any other renders into a temporary folder of
its own and sends the files' bytes back, which this process writes in place the same way. So
the workers need no shared file system, only the same plan-briefing installed. A task whose
worker dies is run again by Dask on another worker (up to
`distributed.scheduler.allowed-failures` times, 3 by default); after that, and when the
scheduler cannot be reached, the build stops with a message saying so.
"""

from __future__ import annotations

import gc
import secrets
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import GeneratorError
from .output import AtomicFiles, FileDigest, remove_stale_temps
from .render.context import RenderContext
from .rendering import Rendered, pack_tasks, render_group
from .theme import Theme
from .worker_pool import PACK_GC

CONNECT_TIMEOUT = "10s"
"""How long to keep trying to reach the scheduler (Dask retries a refused connection)."""
RETRIES = 2
"""How often a task that raised is run again (a worker that died is Dask's own retry)."""


def render_remote(task: list[tuple[str, object, Path]], theme: Theme,
                  token: tuple[str, str] | None = None
                  ) -> tuple[Rendered | list[tuple[str, bytes, FileDigest]], list[str]]:
    """On a Dask worker: the task's files, and the warnings (named by the destination's file
    name, as in a local build). Where `token` (path, text) reads back as written, the worker
    sees the destinations: the files are written in place, and their digests come back (a
    `Rendered`); else they are rendered in a temporary folder and come back as (destination,
    bytes, digest computed as the file was written)."""
    gc.set_threshold(*PACK_GC)  # as in a local pack worker (`worker_pool._worker_start`)
    if token is not None and _reads_back(*token):
        rendered = render_group(task, _context_for(theme))
        return rendered, rendered.warnings
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


def _reads_back(path: str, text: str) -> bool:
    try:
        return Path(path).read_text(encoding="ascii") == text
    except (OSError, ValueError):
        return False


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
    folders = sorted({dest.parent for _, _, dest in work})
    with client, _token_in(folders[0]) as token:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        tasks = pack_tasks(work, max(1, threads))
        futures = client.map(render_remote, tasks, theme=theme, token=token, retries=RETRIES,
                             pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in as_completed(futures, loop=client.loop):
                files, warnings = future.result()
                i = index[future.key]
                results[i] = files if isinstance(files, Rendered) else _write(files, warnings)
                done += len(tasks[i])
                if progress:
                    progress(done, len(work))
        except BaseException as exc:
            client.cancel(futures)
            if isinstance(exc, KilledWorker):
                raise GeneratorError(f"--scheduler {address}: Dask workers died each time they "
                                     f"rendered a task ({exc}); see the workers' logs (memory "
                                     "limit?)") from None
            raise
    for folder in folders:  # what a worker that died left half-written (it wrote in place)
        remove_stale_temps(folder, finished=True)
    rendered = Rendered()
    for i in range(len(tasks)):  # in task order, as a local build
        rendered.extend(results[i])
    return rendered


@contextmanager
def _token_in(folder: Path) -> Iterator[tuple[str, str]]:
    """A token file in `folder` for the length of the block, as (path, text): a worker that
    reads it back sees this build's folders."""
    text = secrets.token_hex(16)
    path = folder / f".plan-briefing-cluster-{text[:8]}"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="ascii")
    try:
        yield str(path), text
    finally:
        path.unlink(missing_ok=True)


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
