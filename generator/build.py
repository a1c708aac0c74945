"""The pipeline: plan file → validated plan → indicators → reports → files per format."""

from __future__ import annotations

import datetime as dt
import gc
import importlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GeneratorError
from .i18n import LANGUAGES, Labels
from .indicators import analyse
from .loader import LoadedPlan, load_plan
from .output import inside, remove_stale_temps, safe_name, write_atomic
from .reports import BUILDERS
from .theme import Theme, load_theme

FORMATS = ("docx", "pptx", "pdf")
REPORTS = tuple(BUILDERS)
ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PLAN = ROOT / "data" / "shanghai-ip-2020.yaml"


@dataclass
class BuildResult:
    """What a build wrote and what it wants the user to know."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def renderer(fmt: str):
    """The `render(report, theme, dest)` function of a format, imported only when asked for."""
    if fmt not in FORMATS:
        raise GeneratorError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return importlib.import_module(f"generator.render.{fmt}").render


@dataclass
class _Prepared:
    loaded: LoadedPlan
    status: object
    labels: Labels
    theme: Theme


def _prepare(plan_path, formats, language, theme, as_of, compare_to) -> _Prepared:
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeneratorError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    if language is not None and language not in LANGUAGES:
        raise GeneratorError(f"unknown language {language!r}; use {', '.join(LANGUAGES)}")
    loaded: LoadedPlan = load_plan(plan_path or SAMPLE_PLAN)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    try:
        status = analyse(loaded.plan, as_of=as_of, compare_to=compare_to)
    except ValueError as exc:
        raise GeneratorError(f"{loaded.path}: {exc}") from None
    return _Prepared(loaded, status, Labels(language or loaded.plan.language), theme)


def build(plan_path: str | Path | None = None, *, reports: tuple[str, ...] = REPORTS,
          formats: tuple[str, ...] = FORMATS, out_dir: str | Path = "out",
          language: str | None = None, theme: Theme | str | Path | None = None,
          as_of: dt.date | None = None, compare_to: dt.date | None = None,
          jobs: int | None = None) -> BuildResult:
    """Builds each requested report in each requested format; returns the files written.

    With `jobs` > 1 (default: the number of CPU cores) the files are rendered in parallel
    worker processes (see `render_all`).
    """
    for kind in reports:
        if kind not in BUILDERS:
            raise GeneratorError(f"unknown report {kind!r}; use {', '.join(REPORTS)}")
    ready = _prepare(plan_path, formats, language, theme, as_of, compare_to)
    out = Path(out_dir)
    stem = safe_name(ready.loaded.path.stem)
    result = BuildResult(warnings=list(ready.loaded.warnings))
    work = [(fmt, BUILDERS[kind](ready.status, ready.labels), inside(out, f"{stem}-{kind}.{fmt}"))
            for kind in reports for fmt in formats]
    # The reports hold every text the renderers need: drop the plan and its indicators
    # before rendering (and forking), so that they do not weigh on the peak memory.
    del ready.loaded, ready.status
    gc.collect()
    remove_stale_temps(out)
    result.warnings.extend(render_all(work, ready.theme, jobs))
    result.files = [dest for _, _, dest in work]
    return result


def build_meeting(plan_path: str | Path | None = None, *, formats: tuple[str, ...] = FORMATS,
                  out_dir: str | Path = "out", language: str | None = None,
                  theme: Theme | str | Path | None = None, as_of: dt.date | None = None,
                  compare_to: dt.date | None = None, jobs: int | None = None,
                  progress=None) -> BuildResult:
    """The distribution bundle of one meeting: overview + one pack per lead unit, manifest, zip.

    Writes `OUT/<as-of> <meeting>/` holding the briefing and status report, `units/` with one
    pack per unit that leads tasks, and `manifest.json`; then `OUT/<as-of> <meeting>.zip`.
    Names are readable in the plan's language and safe on Windows, macOS and Linux.
    """
    from .bundle import write_bundle
    from .reports.unit_pack import build_unit_pack

    ready = _prepare(plan_path, formats, language, theme, as_of, compare_to)
    labels, status = ready.labels, ready.status
    plan = status.plan
    out = Path(out_dir)
    folder = inside(out, safe_name(f"{status.as_of.isoformat()} {plan.next_meeting.title}"))
    units_dir = folder / "units"
    items = [(folder, f"{labels['overview']}-{labels['briefing']}", BUILDERS["briefing"]),
             (folder, f"{labels['overview']}-{labels['status_report']}", BUILDERS["status"])]
    work = []
    for directory, name, builder in items:
        report = builder(status, labels)
        work += [(fmt, report, inside(directory, f"{safe_name(name)}.{fmt}")) for fmt in formats]
    used: set[str] = set()
    for unit in status.units:
        if not unit.lead:
            continue  # units that lead nothing get no pack of their own
        name = safe_name(f"{labels['unit_pack']}-{unit.unit.name}", fallback=unit.unit.id)
        if name in used:
            name = safe_name(f"{name}-{unit.unit.id}")
        used.add(name)
        report = build_unit_pack(status, labels, unit)
        work += [(fmt, report, inside(units_dir, f"{name}.{fmt}")) for fmt in formats]
    result = BuildResult(warnings=list(ready.loaded.warnings))
    plan_file, plan_hash, when = ready.loaded.path, ready.loaded.sha256, status.as_of
    meeting = plan.next_meeting
    del ready.loaded, ready.status, status, plan
    gc.collect()
    for directory in (out, folder, units_dir):
        remove_stale_temps(directory)
    result.warnings.extend(render_all(work, ready.theme, jobs, progress))
    files = [dest for _, _, dest in work]
    manifest, archive = write_bundle(folder, files, when=when, plan_file=plan_file,
                                     plan_sha256=plan_hash, theme=ready.theme, meeting=meeting)
    result.files = [*files, manifest, archive]
    return result


def render_all(work: list[tuple[str, object, Path]], theme: Theme, jobs: int | None = None,
               progress=None) -> list[str]:
    """Renders every (format, report, destination); returns the warnings.

    With more than one job, the work is split over forked worker processes: one per format
    when there are few reports (each imports only its library, and no worker holds two
    formats' memory), by report when there are many (packs), balanced by size.
    `progress(done, total)` is called as files are finished.
    """
    jobs = (os.cpu_count() or 1) if jobs is None else max(1, jobs)
    reports = {id(report): report for _, report, _ in work}
    if jobs > 1 and len(reports) >= 2 * jobs:
        return _render_reports_in_pool(work, reports, theme, jobs, progress)
    groups = [[w for w in work if w[0] == fmt] for fmt in FORMATS]
    groups = [g for g in groups if g]
    if jobs > 1 and len(groups) > 1:
        outcomes = _render_in_workers(groups, theme, progress, len(work))
    else:
        done = [0]

        def tick() -> None:
            done[0] += 1
            if progress:
                progress(done[0], len(work))

        outcomes = [render_group(group, theme, tick) for group in groups]
    return [w for outcome in outcomes for w in outcome]


_POOL_WORK: list = []
"""The work of `_render_reports_in_pool`, set before forking so that workers get it free."""


def _render_reports_in_pool(work, reports, theme: Theme, jobs: int, progress) -> list[str]:
    """Many reports (unit packs): a pool of forked workers takes one report (all its formats)
    at a time, largest first, so that no worker idles while another has a queue. Libraries
    and fonts are loaded once, before forking."""
    import multiprocessing

    for fmt in {w[0] for w in work}:
        renderer(fmt)
    if any(w[0] == "pdf" for w in work):
        from .render.pdf_text import register_fonts, theme_font_key

        register_fonts(theme_font_key(theme))
    order = sorted(reports, key=lambda r: -_cost(reports[r]))
    _POOL_WORK[:] = [([w for w in work if id(w[1]) == rid], theme) for rid in order]
    warnings: list[str] = []
    done = 0
    # What exists now is only read by the workers: kept out of their garbage collections, so
    # that its pages stay shared instead of being copied into each worker (gc.freeze's use).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for status, payload, count in pool.imap_unordered(_pool_task,
                                                              range(len(_POOL_WORK))):
                warnings.extend(_outcome(status, payload))
                done += count
                if progress:
                    progress(done, len(work))
    finally:
        _POOL_WORK.clear()
        gc.unfreeze()
    return warnings


def _pool_task(index: int):
    group, theme = _POOL_WORK[index]
    status, payload = _worker(group, theme)
    return status, payload, len(group)


def _cost(report) -> int:
    """A rough rendering cost: table rows, plus a fixed part per document."""
    from .document import Table

    return 40 + sum(len(block.rows) for section in report.sections for block in section.blocks
                    if isinstance(block, Table))


def render_group(group: list[tuple[str, object, Path]], theme: Theme, tick=None) -> list[str]:
    """Renders (format, report, destination) items one after another; returns warnings."""
    warnings: list[str] = []
    for fmt, report, dest in group:
        render = renderer(fmt)
        found = write_atomic(dest, lambda tmp, r=render, rep=report: r(rep, theme, tmp))
        warnings.extend(f"{dest.name}: {w}" for w in found or [])
        if tick:
            tick()
    return warnings


def _render_in_workers(groups, theme: Theme, progress=None, total: int = 0
                       ) -> list[list[str]]:
    """Each group in its own forked child; outcomes come back pickled through a pipe, and one
    byte per finished file through a shared progress pipe.

    A bare fork (≈ 2 ms) rather than a process pool (≈ 40 ms of set-up, and every job
    pickled to the worker): the child already holds the reports it renders.
    """
    tick_read, tick_write = os.pipe()
    children = []
    for group in groups:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render, report, and leave without running the parent's code
            os.close(read_end)
            os.close(tick_read)
            code = 0
            try:
                outcome = _worker(group, theme, lambda: os.write(tick_write, b"."))
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(outcome, pipe)
            except BaseException:  # noqa: BLE001 - nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    os.close(tick_write)
    done = 0
    with os.fdopen(tick_read, "rb", buffering=0) as ticks:
        while chunk := ticks.read(64):  # ends when every child has closed its end
            done += len(chunk)
            if progress:
                progress(done, total)
    outcomes = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data or os.waitstatus_to_exitcode(status) != 0:
            outcomes.append(("error", f"a worker process ended abnormally (status {status})"))
        else:
            outcomes.append(pickle.loads(data))
    return [_outcome(status, payload) for status, payload in outcomes]


def _outcome(status: str, payload):
    """A worker's result, or its failure raised here as the error it was (see `_worker`)."""
    if status == "user-error":
        raise GeneratorError(payload)
    if status == "error":
        raise RuntimeError(payload)
    return payload


def _worker(group, theme: Theme, tick=None):
    try:
        return "ok", render_group(group, theme, tick)
    except GeneratorError as exc:
        return "user-error", str(exc)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
        return "error", f"{type(exc).__name__}: {exc}"
