"""The pipeline: plan file → validated plan → indicators → reports → files per format."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GeneratorError
from .i18n import LANGUAGES, Labels
from .output import AtomicFiles, FileDigest, digest_of, inside, remove_stale_temps, safe_name
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .loader import LoadedPlan

# The plan model, loader, indicators and report builders (pydantic among them, ≈ 0.15 s to
# import) are imported where they are used: this process reads the plan while the worker
# processes start and load the renderers (see `worker_pool`).
FORMATS = ("docx", "pptx", "pdf")
REPORTS = ("briefing", "status")
"""The report kinds of `build` (the keys of `reports.BUILDERS`)."""
PACK_GC = (200_000, 20, 100)
"""The garbage collector's thresholds in a process rendering unit packs (see `_worker_start`)."""
START_METHOD_ENV = "PLAN_BRIEFING_START_METHOD"
"""Names how worker processes start (fork, spawn, forkserver); see `start_method`."""
SAMPLE_PLAN = Path(str(resources.files("generator") / "data" / "shanghai-ip-2020.yaml"))


@dataclass
class BuildResult:
    """What a build wrote and what it wants the user to know."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def renderer(fmt: str):
    """The `render(report, theme, dest)` function of a format, imported only when asked for.
    (Each renderer module also has `preload(theme)`.)"""
    if fmt not in FORMATS:
        raise GeneratorError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return importlib.import_module(f"generator.render.{fmt}").render


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


@dataclass
class _Prepared:
    loaded: LoadedPlan
    status: object
    labels: Labels


def _prepare(plan_path, language, as_of, compare_to) -> _Prepared:
    """The plan read and analysed, with the labels of the report language."""
    from .indicators import analyse
    from .loader import load_plan

    loaded: LoadedPlan = load_plan(plan_path or SAMPLE_PLAN)
    if language:  # plan text in the script of the report language (OpenCC s2t / t2s)
        from .script_convert import to_script
        loaded = replace(loaded, plan=to_script(loaded.plan, language))
    try:
        status = analyse(loaded.plan, as_of=as_of, compare_to=compare_to)
    except ValueError as exc:
        raise GeneratorError(f"{loaded.path}: {exc}") from None
    from .checks import status_warnings  # from the as-of date actually used

    loaded.warnings.extend(status_warnings(status))
    # The return round on or before the as-of date (`plan.rounds/<date>.json`, written by
    # `read-returns`), for the briefing's list of units not returned; imported only when the
    # folder exists (`importers.round.rounds_folder`).
    if loaded.path.with_name(f"{loaded.path.stem}.rounds").is_dir():
        from .importers.round import newest_round, round_status

        if (when := newest_round(loaded.path, status.as_of)) is not None:
            units = round_status(loaded.path, when, plan=loaded.plan)
            status = replace(status, returns_round=(when, tuple(units)))
    return _Prepared(loaded, status, Labels(language or loaded.plan.language))


def _check_options(formats: tuple[str, ...], language: str | None) -> None:
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeneratorError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    if language is not None and language not in LANGUAGES:
        raise GeneratorError(f"unknown language {language!r}; use {', '.join(LANGUAGES)}")


def build(plan_path: str | Path | None = None, *, reports: tuple[str, ...] = REPORTS,
          formats: tuple[str, ...] = FORMATS, out_dir: str | Path = "out",
          language: str | None = None, theme: Theme | str | Path | None = None,
          as_of: dt.date | None = None, compare_to: dt.date | None = None,
          jobs: int | None = None) -> BuildResult:
    """Builds each requested report in each requested format; returns the files written.

    With `jobs` > 1 (default: the number of CPU cores) and more than one format, the files
    are rendered in worker processes (one format each), started while the plan is read.
    """
    for kind in reports:
        if kind not in REPORTS:
            raise GeneratorError(f"unknown report {kind!r}; use {', '.join(REPORTS)}")
    _check_options(formats, language)
    jobs = _jobs(jobs)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    with worker_pool(min(jobs, len(formats)), formats, theme, packs=False) as pool:
        work, warnings = _plan_build(plan_path, reports, formats, out_dir, language, as_of,
                                     compare_to)
        remove_stale_temps(Path(out_dir))
        result = BuildResult(warnings=warnings)
        result.warnings.extend(render_all(work, theme, jobs, pool=pool).warnings)
    result.files = [dest for _, _, dest in work]
    return result


def _plan_build(plan_path, reports, formats, out_dir, language, as_of,
                compare_to) -> tuple[list[tuple[str, object, Path]], list[str]]:
    """Reads the plan and builds each report once, with its files' names. Returns (work,
    warnings)."""
    from .reports import BUILDERS

    ready = _prepare(plan_path, language, as_of, compare_to)
    out = Path(out_dir)
    stem = safe_name(ready.loaded.path.stem)
    work = []
    for kind in reports:
        report = BUILDERS[kind](ready.status, ready.labels)
        work += [(fmt, report, inside(out, f"{stem}-{kind}.{fmt}")) for fmt in formats]
    return work, list(ready.loaded.warnings)


BUNDLE_FOLDER_CHARS = 80
PACK_NAME_CHARS = 100
"""A bundle's paths stay within 80 + 7 + 100 + 5 UTF-16 units (`<folder>/units/<pack>.pptx`),
leaving 68 of Windows' 260 for the output folder's own path."""


@dataclass
class _Meeting:
    """What a meeting build renders, and what its manifest records."""

    folder: Path
    work: list[tuple[str, object, Path]]
    warnings: list[str]
    plan_file: Path
    plan_sha256: str
    as_of: dt.date
    meeting: _MeetingName


@dataclass(frozen=True)
class _MeetingName:
    """The meeting as the manifest names it: plain data, not the plan model."""

    title: str
    date: dt.date


def build_meeting(plan_path: str | Path | None = None, *, formats: tuple[str, ...] = FORMATS,
                  out_dir: str | Path = "out", language: str | None = None,
                  theme: Theme | str | Path | None = None, as_of: dt.date | None = None,
                  compare_to: dt.date | None = None, jobs: int | None = None,
                  progress=None, scheduler: str | None = None) -> BuildResult:
    """The distribution bundle of one meeting: overview + one pack per lead unit, manifest, zip.

    Writes `OUT/<as-of> <meeting>/` holding the briefing and status report, `units/` with one
    pack per unit that leads tasks, and `manifest.json`; then `OUT/<as-of> <meeting>.zip`.
    Names are readable in the plan's language and safe on Windows, macOS and Linux.

    With more than one job, worker processes start and load the renderers and fonts while
    this process reads the plan and builds the reports; they then render a few reports at a
    time. With `scheduler` (a Dask scheduler's address) the same work goes to that cluster.
    """
    from .bundle import MANIFEST, check_member_count, staged, write_bundle

    _check_options(formats, language)
    jobs = _jobs(jobs)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    with worker_pool(1 if scheduler else jobs, formats, theme, packs=True) as pool:
        meeting = _plan_meeting(plan_path, formats, out_dir, language, as_of, compare_to)
        remove_stale_temps(Path(out_dir))
        result = BuildResult(warnings=list(meeting.warnings))
        check_member_count(len(meeting.work) + 1)
        with staged(meeting.folder) as stage:  # the whole bundle there, then put in place at once
            work = [(fmt, report, stage / dest.relative_to(meeting.folder))
                    for fmt, report, dest in meeting.work]
            if scheduler:
                from .cluster import render_on_cluster

                rendered = render_on_cluster(scheduler, work, theme, progress)
            else:
                rendered = render_all(work, theme, jobs, progress, pool=pool)
            result.warnings.extend(rendered.warnings)
            write_bundle(stage, [dest for _, _, dest in work], when=meeting.as_of,
                         plan_file=meeting.plan_file, plan_sha256=meeting.plan_sha256,
                         theme=theme, meeting=meeting.meeting, digests=rendered.digests)
    result.files = [dest for _, _, dest in meeting.work] + [
        meeting.folder / MANIFEST, meeting.folder.with_name(meeting.folder.name + ".zip")]
    return result


def _plan_meeting(plan_path, formats, out_dir, language, as_of, compare_to) -> _Meeting:
    """Reads the plan and builds the overview and unit-pack reports with their file names."""
    from .output import UniqueNames, named_in
    from .reports import BUILDERS
    from .reports.unit_pack import build_unit_pack

    ready = _prepare(plan_path, language, as_of, compare_to)
    labels, status = ready.labels, ready.status
    plan = status.plan
    out = Path(out_dir)
    folder = inside(out, safe_name(f"{status.as_of.isoformat()} {plan.next_meeting.title}",
                                   max_chars=BUNDLE_FOLDER_CHARS))
    units_dir = folder / "units"
    named = [(folder, safe_name(f"{labels['overview']}-{labels[key]}"),
              BUILDERS[kind](status, labels))
             for kind, key in (("briefing", "briefing"), ("status", "status_report"))]
    names = UniqueNames(max_chars=PACK_NAME_CHARS)  # one file per unit on every system
    for unit in status.units:
        if not unit.lead and not unit.support:
            continue  # a unit with no task to lead or support gets no pack
        name = names.take(f"{labels['unit_pack']}-{unit.unit.name}", unit.unit.id,
                          fallback=unit.unit.id)  # one file per unit on every system
        named.append((units_dir, name, build_unit_pack(status, labels, unit)))
    work = []
    for directory, name, report in named:
        work += [(fmt, report, named_in(directory, f"{name}.{fmt}")) for fmt in formats]
    return _Meeting(folder, work, list(ready.loaded.warnings), ready.loaded.path,
                    ready.loaded.sha256, status.as_of,
                    _MeetingName(plan.next_meeting.title, plan.next_meeting.date))


def preload(formats: tuple[str, ...], theme: Theme) -> None:
    """Imports the renderers of `formats` and lets each load what every document of it needs
    (fonts, the parsed template), so that the first document does not wait for them."""
    for fmt in formats:
        importlib.import_module(f"generator.render.{fmt}").preload(theme)


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
    reads the plan. Shut down at the end of the block; on an error, waiting tasks are dropped."""
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
    """A worker's set-up. A pack worker loads every format's renderer now (it will render them
    all) and collects cyclic garbage every 200,000 net allocations instead of 50,000: it has no
    plan to keep small (measured over 100 packs: 0.05-0.10 s less per worker, ≈ 50 MB more)."""
    gc.set_threshold(*(PACK_GC if packs else (50_000, 20, 100)))
    if packs:
        try:
            preload(formats, theme)
        except Exception:  # noqa: BLE001 - the first render meets it again and reports it
            pass


def _jobs(jobs: int | None) -> int:
    return (os.cpu_count() or 1) if jobs is None else max(1, jobs)


def render_all(work: list[tuple[str, object, Path]], theme: Theme, jobs: int | None = None,
               progress=None, pool: ProcessPoolExecutor | None = None) -> Rendered:
    """Renders every (format, report, destination); returns the warnings and each file's
    digest. `progress(done, total)` is called as files are finished.

    With more than one job the work goes to worker processes (`pool`, or one made here): by
    report when there are many (packs, see `pack_tasks`), else one task per format (no worker
    holds two formats' memory)."""
    jobs = _jobs(jobs)
    reports = {id(report) for _, report, _ in work}
    if jobs > 1 and len(reports) >= 2 * jobs:
        tasks = pack_tasks(work, jobs)
    else:
        tasks = [g for g in ([w for w in work if w[0] == fmt] for fmt in FORMATS) if g]
    if jobs < 2 or len(tasks) < 2:
        return _render_here(work, theme, progress)
    if pool is not None:
        return _render_in_pool(pool, tasks, theme, progress)
    formats = tuple(fmt for fmt in FORMATS if any(w[0] == fmt for w in work))
    with worker_pool(min(jobs, len(tasks)), formats, theme, packs=len(reports) > 2) as own:
        return _render_in_pool(own, tasks, theme, progress)


def _render_here(work, theme: Theme, progress) -> Rendered:
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
            rendered.extend(render_group(group, theme, tick))
    return rendered


def pack_tasks(work: list[tuple[str, object, Path]], jobs: int) -> list[list]:
    """Many reports (unit packs) cut into tasks of a few reports each, rendered a format at a
    time (a worker going from DOCX to PPTX to PDF for every pack keeps evicting one library's
    working set with another's); the largest first, and single reports at the end so that the
    workers finish together."""
    reports = {id(report): report for _, report, _ in work}
    order = sorted(reports, key=lambda r: -_cost(reports[r]))
    rank = {fmt: i for i, fmt in enumerate(FORMATS)}
    tasks = []
    while order:
        size = 1 if _cost(reports[order[0]]) > 400 or len(order) <= 4 * jobs else 4
        chunk, order = set(order[:size]), order[size:]
        tasks.append(sorted((w for w in work if id(w[1]) in chunk), key=lambda w: rank[w[0]]))
    return tasks


def _render_in_pool(pool: ProcessPoolExecutor, tasks: list[list], theme: Theme,
                    progress) -> Rendered:
    """Each task (a list of (format, report, destination)) rendered by a worker of `pool`.
    After a failure no further task is started; the first failure is raised (as the exception
    the worker raised, its traceback attached) once the running ones have ended."""
    total = sum(len(task) for task in tasks)
    futures: dict[Future, int] = {pool.submit(render_group, task, theme): len(task)
                                  for task in tasks}
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


def _cost(report) -> int:
    """A rough rendering cost: table rows, plus a fixed part per document."""
    from .document import Table

    return 40 + sum(len(block.rows) for section in getattr(report, "sections", ())
                    for block in section.blocks
                    if isinstance(block, Table))


def render_group(group: list[tuple[str, object, Path]], theme: Theme, tick=None) -> Rendered:
    """Renders (format, report, destination) items one after another."""
    rendered = Rendered()
    with AtomicFiles() as files:
        for fmt, report, dest in group:
            render = renderer(fmt)

            def write(tmp, render=render, report=report):
                return render(report, theme, tmp), digest_of(tmp)

            found, rendered.digests[str(dest)] = files.write(dest, write)
            rendered.warnings.extend(f"{dest.name}: {w}" for w in found or [])
            if tick:
                tick()
    return rendered
