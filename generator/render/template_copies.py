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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_OPENED: dict[tuple, object] = {}


def file_identity(path: Path) -> tuple[str, int, int]:
    """A file's path, size and modification time: part of every cache key that depends on a
    template's content, so that an edited template is never served from a stale cache."""
    stat = Path(path).stat()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


def fresh_copy(path: Path, open_package: Callable[[str], T],
               shared: Callable[[T], Iterable[object]] | None = None) -> T:
    """A new document object for the template at `path`: `open_package(path)` once, a deep
    copy each time. The objects `shared(package)` names (template parts no document changes:
    styles, theme, slide masters and layouts …) are not copied but shared with the cached
    package, which is most of the copying saved; they must never be changed."""
    package = opened(path, open_package)
    memo = {id(obj): obj for obj in shared(package)} if shared is not None else {}
    return copy.deepcopy(package, memo)


def opened(path: Path, open_package: Callable[[str], T]) -> T:
    """The template at `path` as `open_package(path)` returned it, cached: not to be changed
    (`fresh_copy` gives a copy to change)."""
    key = (*file_identity(path), open_package)
    package = _OPENED.get(key)
    if package is None:
        package = _OPENED[key] = open_package(str(path))
    return package


__all__ = ["file_identity", "fresh_copy", "opened"]
