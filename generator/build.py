"""The pipeline: plan file → validated plan → indicators → reports → files per format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GeneratorError
from .i18n import LANGUAGES, Labels
from .output import inside, remove_stale_temps, safe_name
from .render.context import FORMATS, RenderContext
from .rendering import jobs_or_cores, render_all
from .theme import Theme, load_theme
from .worker_pool import START_METHOD_ENV, start_method, worker_pool

if TYPE_CHECKING:
    from .loader import LoadedPlan

# The plan model, loader, indicators and report builders (pydantic among them, ≈ 0.15 s to
# import) are imported where they are used: this process reads the plan while the worker
# processes start and load the renderers (see `worker_pool`).
REPORTS = ("briefing", "status")
"""The report kinds of `build` (the keys of `reports.BUILDERS`)."""
SAMPLE_PLAN = Path(str(resources.files("generator") / "data" / "shanghai-ip-2020.yaml"))


@dataclass
class BuildResult:
    """What a build wrote and what it wants the user to know."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    jobs = jobs_or_cores(jobs)
    theme = theme if isinstance(theme, Theme) else load_theme(theme)
    with worker_pool(min(jobs, len(formats)), formats, theme, packs=False) as pool:
        work, warnings = _plan_build(plan_path, reports, formats, out_dir, language, as_of,
                                     compare_to)
        remove_stale_temps(Path(out_dir))
        result = BuildResult(warnings=warnings)
        result.warnings.extend(render_all(work, RenderContext(theme), jobs, pool=pool).warnings)
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
    jobs = jobs_or_cores(jobs)
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
                rendered = render_all(work, RenderContext(theme), jobs, progress, pool=pool)
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


__all__ = ["FORMATS", "REPORTS", "SAMPLE_PLAN", "START_METHOD_ENV", "BuildResult", "build",
           "build_meeting", "start_method"]
