"""The pipeline: plan file → validated plan → indicators → reports → files per format."""

from __future__ import annotations

import datetime as dt
import importlib
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
          as_of: dt.date | None = None, compare_to: dt.date | None = None) -> BuildResult:
    """Builds each requested report in each requested format; returns the files written."""
    for kind in reports:
        if kind not in BUILDERS:
            raise GeneratorError(f"unknown report {kind!r}; use {', '.join(REPORTS)}")
    renderers = {fmt: renderer(fmt) for fmt in formats}
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
    for kind in reports:
        report = BUILDERS[kind](status, labels)
        for fmt, render in renderers.items():
            dest = inside(out, f"{stem}-{kind}.{fmt}")
            warnings = write_atomic(dest, lambda tmp, r=render, rep=report: r(rep, theme, tmp))
            result.warnings.extend(f"{dest.name}: {w}" for w in warnings or [])
            result.files.append(dest)
    return result
