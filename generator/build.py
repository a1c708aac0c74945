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
from .output import inside, safe_name, write_atomic
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


def build(plan_path: str | Path | None = None, *, reports: tuple[str, ...] = REPORTS,
          formats: tuple[str, ...] = FORMATS, out_dir: str | Path = "out",
          language: str | None = None, theme: Theme | str | Path | None = None,
          as_of: dt.date | None = None, compare_to: dt.date | None = None,
          jobs: int | None = None) -> BuildResult:
    """Builds each requested report in each requested format; returns the files written.

    With `jobs` > 1 (default: the number of CPU cores) the formats are rendered in parallel
    worker processes (PDF in one, DOCX and PPTX in the other), so that each imports only the
    libraries it needs.
    """
    for kind in reports:
        if kind not in BUILDERS:
            raise GeneratorError(f"unknown report {kind!r}; use {', '.join(REPORTS)}")
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
    labels = Labels(language or loaded.plan.language)
    out = Path(out_dir)
    stem = safe_name(loaded.path.stem)
    result = BuildResult(warnings=list(loaded.warnings))
    work: list[tuple[str, object, Path]] = []
    for kind in reports:
        report = BUILDERS[kind](status, labels)
        for fmt in formats:
            work.append((fmt, report, inside(out, f"{stem}-{kind}.{fmt}")))
    # The reports hold every text the renderers need: drop the plan and its indicators
    # before rendering (and forking), so that they do not weigh on the peak memory.
    del loaded, status
    gc.collect()
    groups = [[w for w in work if w[0] == "pdf"], [w for w in work if w[0] != "pdf"]]
    groups = [g for g in groups if g]
    jobs = (os.cpu_count() or 1) if jobs is None else max(1, jobs)
    if jobs > 1 and len(groups) > 1:
        outcomes = _render_in_workers(groups, theme)
    else:
        outcomes = [render_group(group, theme) for group in groups]
    for outcome in outcomes:
        result.warnings.extend(outcome)
    result.files = [dest for _, _, dest in work]
    return result


def render_group(group: list[tuple[str, object, Path]], theme: Theme) -> list[str]:
    """Renders (format, report, destination) items one after another; returns warnings."""
    warnings: list[str] = []
    for fmt, report, dest in group:
        render = renderer(fmt)
        found = write_atomic(dest, lambda tmp, r=render, rep=report: r(rep, theme, tmp))
        warnings.extend(f"{dest.name}: {w}" for w in found or [])
    return warnings


def _render_in_workers(groups, theme: Theme) -> list[list[str]]:
    """Each group in its own forked child; the outcome comes back pickled through a pipe.

    A bare fork (≈ 2 ms) rather than a process pool (≈ 40 ms of set-up, and every job
    pickled to the worker): the child already holds the reports it renders.
    """
    children = []
    for group in groups:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: render, report, and leave without running the parent's code
            os.close(read_end)
            code = 0
            try:
                outcome = _worker(group, theme)
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(outcome, pipe)
            except BaseException:  # noqa: BLE001 - nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        os.close(write_end)
        children.append((pid, read_end))
    outcomes = []
    for pid, read_end in children:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data or os.waitstatus_to_exitcode(status) != 0:
            outcomes.append(("error", f"a worker process ended abnormally (status {status})"))
        else:
            outcomes.append(pickle.loads(data))
    for status, payload in outcomes:
        if status == "user-error":
            raise GeneratorError(payload)
        if status == "error":
            raise RuntimeError(payload)
    return [payload for _, payload in outcomes]


def _worker(group, theme: Theme):
    try:
        return "ok", render_group(group, theme)
    except GeneratorError as exc:
        return "user-error", str(exc)
    except Exception as exc:  # noqa: BLE001 - reported by the parent as an internal error
        return "error", f"{type(exc).__name__}: {exc}"
