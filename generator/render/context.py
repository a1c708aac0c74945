"""One render context per theme: each format's renderer context, made once, and `render`."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import GeneratorError

if TYPE_CHECKING:
    from ..theme import Theme

FORMATS = ("docx", "pptx", "pdf")
"""The output formats, one renderer module each (`generator/render/<format>.py`)."""


def renderer(fmt: str) -> ModuleType:
    """The renderer module of a format (`preload(theme)` and `render(report, context, dest)`),
    imported only when asked for."""
    if fmt not in FORMATS:
        raise GeneratorError(f"unknown format {fmt!r}; use {', '.join(FORMATS)}")
    return importlib.import_module(f"generator.render.{fmt}")


class RenderContext:
    """What rendering documents of one theme needs, per format: the object the format's
    `preload(theme)` makes (parsed template, stamps, fonts, …), made once, on first use or by
    `preload`, and handed to every `render` of that format.

    A process makes one per theme: a build's main process once for the build, a worker
    process once when it starts (`worker_pool`), a Dask worker once per theme it meets. A
    renderer whose `preload` returns None renders from the theme itself."""

    def __init__(self, theme: Theme):
        self.theme = theme
        self._formats: dict[str, object] = {}

    def of(self, fmt: str) -> object:
        """The context of format `fmt` (made by its renderer's `preload` the first time)."""
        found = self._formats.get(fmt)
        if found is None:
            made = renderer(fmt).preload(self.theme)
            found = self._formats[fmt] = self.theme if made is None else made
        return found

    def preload(self, formats: tuple[str, ...]) -> None:
        """Makes the contexts of `formats` now (imports their renderers, loads fonts and
        templates), so that the first document of each does not wait for them."""
        for fmt in formats:
            self.of(fmt)

    def render(self, fmt: str, report, dest: Path) -> list[str]:
        """Writes `report` in format `fmt` at `dest`; returns the renderer's warnings."""
        return renderer(fmt).render(report, self.of(fmt), dest) or []


__all__ = ["FORMATS", "RenderContext", "renderer"]
