"""Template packages parsed once per process; each document starts from a deep copy.

Opening a template through python-docx or python-pptx reads its zip and parses every XML part
(≈ 1.5-2 ms for the default templates, more for a house template with many layouts); a deep
copy of the parsed package (lxml copies its trees in C) costs about half, and less when the
parts a renderer only reads (styles, theme, slide masters and layouts) are shared with the
cached package instead of copied. A meeting bundle opens the same two templates a hundred
times each. The cache is keyed by the file's path, size and modification time, so an edited
template is read again.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..template_safety import check_template

T = TypeVar("T")

_OPENED: dict[tuple, object] = {}
_SHARED: dict[tuple, dict[int, object]] = {}
"""The deep-copy memo of each cached package: its shared parts by id."""


def file_identity(path: Path) -> tuple[str, int, int]:
    """A file's path, size and modification time: part of every cache key that depends on a
    template's content, so that an edited template is never served from a stale cache."""
    stat = Path(path).stat()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


def fresh_copy(path: Path, open_package: Callable[[str], T],
               shared_types: Collection[str] = ()) -> T:
    """A new document object for the template at `path`: `open_package(path)` once, a deep
    copy each time. Its parts whose content type is in `shared_types` (template parts no
    document changes: styles, theme, slide masters and layouts …) are not copied but shared
    with the cached package, which is most of the copying saved; they must never be changed."""
    package = opened(path, open_package)
    key = (id(package), frozenset(shared_types))
    memo = _SHARED.get(key)
    if memo is None:
        parts = shared_parts(package, shared_types)
        memo = _SHARED[key] = {id(p): p for p in parts}
    return copy.deepcopy(package, dict(memo))


def shared_parts(document, content_types: Collection[str]) -> list:
    """The parts of a python-docx Document or python-pptx Presentation whose content type is
    one of `content_types`."""
    if not content_types:
        return []
    return [part for part in document.part.package.iter_parts()
            if part.content_type in content_types]


@dataclass(frozen=True)
class OfficeTemplate:
    """How a renderer gets its template: the kind checked by `template_safety`, the function
    that opens it (python-docx or python-pptx, plus any one-time preparation) and the content
    types of the parts its documents share with the cached package."""

    kind: str
    open_package: Callable[[str], object]
    shared_types: frozenset[str]

    def fresh(self, path: Path):
        """A copy of the template at `path` to fill (checked once, parsed once)."""
        check_template(Path(path), self.kind)
        return fresh_copy(Path(path), self.open_package, self.shared_types)


def opened(path: Path, open_package: Callable[[str], T]) -> T:
    """The template at `path` as `open_package(path)` returned it, cached: not to be changed
    (`fresh_copy` gives a copy to change)."""
    key = (*file_identity(path), open_package)
    package = _OPENED.get(key)
    if package is None:
        package = _OPENED[key] = open_package(str(path))
    return package


__all__ = ["OfficeTemplate", "file_identity", "fresh_copy", "opened", "shared_parts"]
