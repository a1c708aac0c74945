"""Template packages parsed once per render context; each document starts from a deep copy.

Opening a template through python-docx or python-pptx reads its zip and parses every XML part
(≈ 1.5-2 ms for the default templates, more for a house template with many layouts); a deep
copy of the parsed package (lxml copies its trees in C) costs about half, and less when the
parts a renderer only reads (styles, theme, slide masters and layouts) are shared with the
parsed package instead of copied. A meeting bundle opens the same two templates a hundred
times each. The parsed template lives in the render context (`LoadedTemplate`), which checks
the file's path, size and modification time, so an edited template is read again. The shared
parts also serialise once (`library_hooks.serialised_once`) and their deflated zip members are
kept (`office_zip.SavedParts`), so saving a copy redoes only what the copy holds of its own.
"""

from __future__ import annotations

import copy
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from ..template_safety import check_template
from .library_hooks import serialised_once
from .office_zip import SavedParts


def file_identity(path: Path) -> tuple[str, int, int]:
    """A file's path, size and modification time: part of every cache key that depends on a
    template's content, so that an edited template is never served from a stale cache."""
    stat = Path(path).stat()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


def shared_parts(document, content_types: Collection[str]) -> list:
    """The parts of a python-docx Document or python-pptx Presentation whose content type is
    one of `content_types`."""
    if not content_types:
        return []
    return [part for part in document.part.package.iter_parts()
            if part.content_type in content_types]


class LoadedTemplate:
    """One template file, checked and parsed once; `fresh()` gives a deep copy to fill, whose
    parts of the shared content types are the parsed package's own (never to be changed).
    A render context holds one per template; nothing here is cached process-wide."""

    def __init__(self, path: Path, kind: str, open_package: Callable[[str], object],
                 shared_types: Collection[str] = (), written_anew: Collection[str] = ()):
        self.path = Path(path)
        self.identity = file_identity(self.path)
        check_template(self.path, kind)
        self.package = open_package(str(self.path))
        """The parsed template: read it, never change it (`fresh` gives a copy to change)."""
        self._memo = {id(p): p for p in shared_parts(self.package, shared_types)}
        serialised_once(self._memo.values())
        with zipfile.ZipFile(self.path) as archive:
            self.saved = SavedParts(set(archive.namelist()) - set(written_anew))
        """The deflated members copies share with the template, kept between saves (not
        those named in `written_anew`: every copy writes its own)."""

    def fresh(self):
        """A new document object for this template: a deep copy of the parsed package."""
        return copy.deepcopy(self.package, dict(self._memo))

    def is_current(self) -> bool:
        """False once the file has been edited (size or modification time changed)."""
        try:
            return file_identity(self.path) == self.identity
        except OSError:
            return False


@dataclass(frozen=True)
class OfficeTemplate:
    """How a renderer gets its template: the kind checked by `template_safety`, the function
    that opens it (python-docx or python-pptx, plus any one-time preparation) and the content
    types of the parts its documents share with the parsed package; `written_anew`, the zip
    members every document writes its own of (deflated faster, never kept: see
    `office_zip.SavedParts`)."""

    kind: str
    open_package: Callable[[str], object]
    shared_types: frozenset[str]
    written_anew: frozenset[str] = frozenset()

    def load(self, path: Path) -> LoadedTemplate:
        """The template at `path`, checked and parsed, ready to give copies."""
        return LoadedTemplate(path, self.kind, self.open_package, self.shared_types,
                              self.written_anew)


__all__ = ["LoadedTemplate", "OfficeTemplate", "file_identity", "shared_parts"]
