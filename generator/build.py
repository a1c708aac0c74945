"""The pipeline: plan file → validated plan → indicators → reports → files per format."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import os
import pickle
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .errors import GeneratorError
from .forking import fork_call, run_beside
from .i18n import LANGUAGES, Labels
from .output import AtomicFiles, FileDigest, digest_of, inside, remove_stale_temps, safe_name
from .theme import Theme, load_theme

if TYPE_CHECKING:
    from .loader import LoadedPlan

# The plan model, loader, indicators and report builders (pydantic among them, ≈ 0.15 s to
# import) are imported where they are used: a meeting build reads the plan in a child process
# while this one loads the renderers (see `build_meeting`).
FORMATS = ("docx", "pptx", "pdf")
REPORTS = ("briefing", "status")
"""The report kinds of `build` (the keys of `reports.BUILDERS`)."""
T = TypeVar("T")
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

    With `jobs` > 1 (default: the number of CPU cores) the plan is read and the reports are
    built in a forked child while this process loads the renderers, fonts and templates, and
    the files are then rendered in parallel worker processes (see `render_all`).
    """
    for kind in reports:
        if kind not in REPORTS:
            raise GeneratorError(f"unknown report {kind!r}; use {', '.join(REPORTS)}")
    _check_options(formats, language)
    jobs = _jobs(jobs)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    work, warnings = _planned(lambda pack: _plan_build(
        plan_path, reports, formats, out_dir, language, as_of, compare_to, pack), formats, theme,
        jobs)
    remove_stale_temps(Path(out_dir))
    result = BuildResult(warnings=warnings)
    result.warnings.extend(render_all(work, theme, jobs).warnings)
    result.files = [dest for _, _, dest in work]
    return result


def _planned(plan: Callable[[bool], T], formats: tuple[str, ...], theme: Theme, jobs: int) -> T:
    """`plan(pack)`: with more than one job, in a forked child (reports pickled, `pack`) while
    this process loads the renderers, fonts and templates the workers will be forked with."""
    if jobs > 1:
        return run_beside(lambda: plan(True), lambda: preload(formats, theme))
    planned = plan(False)
    gc.collect()  # the plan and its indicators, no longer needed, before rendering
    return planned


def _plan_build(plan_path, reports, formats, out_dir, language, as_of, compare_to,
                pack: bool) -> tuple[list[tuple[str, object, Path]], list[str]]:
    """Reads the plan and builds each report once, with its files' names. Returns (work,
    warnings)."""
    from .reports import BUILDERS

    ready = _prepare(plan_path, language, as_of, compare_to)
    out = Path(out_dir)
    stem = safe_name(ready.loaded.path.stem)
    work = []
    for kind in reports:
        item = _sendable(BUILDERS[kind](ready.status, ready.labels), pack)
        work += [(fmt, item, inside(out, f"{stem}-{kind}.{fmt}")) for fmt in formats]
    return work, list(ready.loaded.warnings)


def _sendable(report, pack: bool):
    """The report, or with `pack` the report pickled for another process (`_Packed`)."""
    return _Packed(pickle.dumps(report, pickle.HIGHEST_PROTOCOL), _cost(report)) if pack \
        else report


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
    """The meeting as the manifest names it: plain data, so that the process receiving it
    from the planning child needs no plan model (importing pydantic costs ≈ 0.08 s)."""

    title: str
    date: dt.date


@dataclass
class _Packed:
    """A report pickled where it was built, unpickled by the worker that renders it (the
    process between never pays for it); `cost` orders the work."""

    blob: bytes
    cost: int


def build_meeting(plan_path: str | Path | None = None, *, formats: tuple[str, ...] = FORMATS,
                  out_dir: str | Path = "out", language: str | None = None,
                  theme: Theme | str | Path | None = None, as_of: dt.date | None = None,
                  compare_to: dt.date | None = None, jobs: int | None = None,
                  progress=None) -> BuildResult:
    """The distribution bundle of one meeting: overview + one pack per lead unit, manifest, zip.

    Writes `OUT/<as-of> <meeting>/` holding the briefing and status report, `units/` with one
    pack per unit that leads tasks, and `manifest.json`; then `OUT/<as-of> <meeting>.zip`.
    Names are readable in the plan's language and safe on Windows, macOS and Linux.

    With more than one job, the plan is read and the reports are built in a forked child while
    this process loads the renderers and fonts; the workers are forked from this process.
    """
    from .bundle import MANIFEST, check_member_count, staged, write_bundle

    _check_options(formats, language)
    jobs = _jobs(jobs)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    meeting = _planned(lambda pack: _plan_meeting(plan_path, formats, out_dir, language, as_of,
                                                  compare_to, pack), formats, theme, jobs)
    remove_stale_temps(Path(out_dir))
    result = BuildResult(warnings=list(meeting.warnings))
    check_member_count(len(meeting.work) + 1)
    with staged(meeting.folder) as stage:  # the whole bundle there, then put in place at once
        work = [(fmt, report, stage / dest.relative_to(meeting.folder))
                for fmt, report, dest in meeting.work]
        rendered = render_all(work, theme, jobs, progress)
        result.warnings.extend(rendered.warnings)
        write_bundle(stage, [dest for _, _, dest in work], when=meeting.as_of,
                     plan_file=meeting.plan_file, plan_sha256=meeting.plan_sha256, theme=theme,
                     meeting=meeting.meeting, digests=rendered.digests)
    result.files = [dest for _, _, dest in meeting.work] + [
        meeting.folder / MANIFEST, meeting.folder.with_name(meeting.folder.name + ".zip")]
    return result


def _plan_meeting(plan_path, formats, out_dir, language, as_of, compare_to,
                  pack: bool) -> _Meeting:
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
        item = _sendable(report, pack)
        work += [(fmt, item, named_in(directory, f"{name}.{fmt}")) for fmt in formats]
    return _Meeting(folder, work, list(ready.loaded.warnings), ready.loaded.path,
                    ready.loaded.sha256, status.as_of,
                    _MeetingName(plan.next_meeting.title, plan.next_meeting.date))


def preload(formats: tuple[str, ...], theme: Theme) -> None:
    """Imports the renderers of `formats` and lets each load what every document of it needs
    (fonts, the parsed template), so that forked workers start with them."""
    for fmt in formats:
        importlib.import_module(f"generator.render.{fmt}").preload(theme)


def _jobs(jobs: int | None) -> int:
    return (os.cpu_count() or 1) if jobs is None else max(1, jobs)


def render_all(work: list[tuple[str, object, Path]], theme: Theme, jobs: int | None = None,
               progress=None) -> Rendered:
    """Renders every (format, report, destination); returns the warnings and each file's
    digest. A report may come `_Packed` (pickled where it was built). The renderers are best
    `preload`ed before, as `build` and `build_meeting` do: forked workers then start with them.

    With more than one job, the work is split over forked worker processes: one per format
    when there are few reports (no worker holds two formats' memory), by report when there
    are many (packs), balanced by size.
    `progress(done, total)` is called as files are finished.
    """
    jobs = _jobs(jobs)
    reports = {id(report): report for _, report, _ in work}
    if jobs > 1 and len(reports) >= 2 * jobs:
        return _render_reports_in_pool(work, reports, theme, jobs, progress)
    groups = [[w for w in work if w[0] == fmt] for fmt in FORMATS]
    groups = [g for g in groups if g]
    if jobs > 1 and len(groups) > 1:
        return render_in_workers(groups, theme, len(groups), progress)
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress:
            progress(done[0], len(work))

    rendered = Rendered()
    for group in groups:
        rendered.extend(render_group(group, theme, tick))
    return rendered


def _render_reports_in_pool(work, reports, theme: Theme, jobs: int, progress) -> Rendered:
    """Many reports (unit packs): `jobs` forked workers take a few reports at a time, largest
    first, so that no worker idles while another has a queue."""
    # A task is a few reports rendered a format at a time (a worker going from DOCX to PPTX
    # to PDF for every pack keeps evicting one library's working set with another's); the
    # largest first, and single reports at the end so that the workers finish together.
    order = sorted(reports, key=lambda r: -_cost(reports[r]))
    rank = {fmt: i for i, fmt in enumerate(FORMATS)}
    tasks = []
    while order:
        size = 1 if _cost(reports[order[0]]) > 400 or len(order) <= 4 * jobs else 4
        chunk, order = set(order[:size]), order[size:]
        tasks.append(sorted((w for w in work if id(w[1]) in chunk), key=lambda w: rank[w[0]]))
    return render_in_workers(tasks, theme, jobs, progress, start=_pack_worker_start)


def _pack_worker_start() -> None:
    """A pack worker collects cyclic garbage every 200,000 net allocations instead of 50,000:
    it has no plan to keep small, and measured over 100 packs, 4-5 young-generation
    collections took 0.05-0.10 s of each worker, one took 0.03 s (peak memory ≈ 50 MB more)."""
    gc.set_threshold(200_000, 20, 100)


_TASK = struct.Struct("<I")
PIPE_SAFE_BYTES = 16384
"""What any system's pipe buffer holds: task numbers up to this size are written at once."""


def render_in_workers(tasks: list[list[tuple[str, object, Path]]], theme: Theme, workers: int,
                      progress=None, start=None) -> Rendered:
    """Renders each task (a list of (format, report, destination)) in one of `workers` forked
    processes (`forking.fork_call`, after `start()` in each), which take the next task's
    number from a shared pipe as they finish one; each finished file is one byte on a
    progress pipe. A failing worker says so on that pipe: the tasks not yet taken are then
    dropped, the others finish theirs, and the first failure is raised once all have ended.

    Forked rather than a `multiprocessing` pool: no pool threads, no pickled tasks (the workers
    start with them), ≈ 30 ms less to start and end."""
    total = sum(len(task) for task in tasks)
    task_read, task_write = os.pipe()
    tick_read, tick_write = os.pipe()

    def work() -> Rendered:
        if start:
            start()
        rendered = Rendered()
        try:
            while len(data := os.read(task_read, _TASK.size)) == _TASK.size:
                rendered.extend(render_group(tasks[_TASK.unpack(data)[0]], theme,
                                             lambda: os.write(tick_write, b".")))
        except BaseException:
            os.write(tick_write, b"!")
            raise
        finally:
            os.close(tick_write)  # done: the parent need not wait for this process to end
        return rendered

    numbers = os.fdopen(task_write, "wb")
    if len(tasks) * _TASK.size <= PIPE_SAFE_BYTES:  # written before forking
        numbers.write(b"".join(_TASK.pack(i) for i in range(len(tasks))))
        numbers.close()
    # What exists now is only read by the workers: kept out of their garbage collections, so
    # that its pages stay shared instead of being copied into each worker (gc.freeze's use).
    gc.freeze()
    try:
        children = [fork_call(work, close=[tick_read] + ([] if numbers.closed else [task_write]))
                    for _ in range(workers)]
    finally:
        gc.unfreeze()
    os.close(tick_write)
    if not numbers.closed:  # more than a pipe holds: fed by a thread as the workers take them
        threading.Thread(target=_feed, args=(numbers, len(tasks)), daemon=True).start()
    done = 0
    with os.fdopen(tick_read, "rb", buffering=0) as ticks:
        while chunk := ticks.read(64):  # ends when every worker has closed its end
            if b"!" in chunk:
                while os.read(task_read, 1 << 16):  # drop the tasks no worker has taken
                    pass
            done += chunk.count(b".")
            if progress:
                progress(done, total)
    os.close(task_read)
    rendered, failures = Rendered(), []
    for child in children:  # every worker is waited for before a failure is raised
        try:
            rendered.extend(child.result())
        except (GeneratorError, RuntimeError) as exc:
            failures.append(exc)
    if failures:
        raise failures[0]
    return rendered


def _feed(numbers, count: int) -> None:
    """Writes the task numbers; stops if no worker is left to read them (the pipe closes)."""
    try:
        with numbers:
            numbers.write(b"".join(_TASK.pack(i) for i in range(count)))
    except OSError:  # BrokenPipeError: every worker has gone, the parent has closed its end
        pass


def _cost(report) -> int:
    """A rough rendering cost: table rows, plus a fixed part per document."""
    from .document import Table

    if isinstance(report, _Packed):
        return report.cost
    return 40 + sum(len(block.rows) for section in report.sections for block in section.blocks
                    if isinstance(block, Table))


def render_group(group: list[tuple[str, object, Path]], theme: Theme, tick=None) -> Rendered:
    """Renders (format, report, destination) items one after another."""
    rendered = Rendered()
    unpacked: dict[int, object] = {}  # a report's formats come in one group
    with AtomicFiles() as files:
        for fmt, report, dest in group:
            if isinstance(report, _Packed):
                if id(report) not in unpacked:
                    unpacked[id(report)] = pickle.loads(report.blob)
                report = unpacked[id(report)]
            render = renderer(fmt)

            def write(tmp, render=render, report=report):
                return render(report, theme, tmp), digest_of(tmp)

            found, rendered.digests[str(dest)] = files.write(dest, write)
            rendered.warnings.extend(f"{dest.name}: {w}" for w in found or [])
            if tick:
                tick()
    return rendered
