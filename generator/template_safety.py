"""Checks an Office template before python-docx/python-pptx opens it, and cleans it after.

A template comes from someone else's hands. Before opening: it must be a zip of sane size
(a 0.3 MB zip bomb can take gigabytes to open), an OOXML package of the expected kind (not
macro-enabled, not a template content type), with no DOCTYPE or entity declarations in its
XML. After opening: external relationships (links to remote or local files) are dropped, so
that nothing outside the output is referenced from it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import TemplateError

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100  # unpacked size / packed size, per member

_MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_REFUSED_TYPES = {
    "macroEnabled": "macro-enabled (.docm/.pptm): save it as .docx/.pptx without macros",
    "template.main": "an Office template (.dotx/.potx): save it as a document (.docx/.pptx)",
    "vbaProject": "it contains a VBA macro project: remove the macros",
}
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


_CHECKED: set[tuple] = set()


def check_template(path: Path, kind: str) -> None:
    """Raises TemplateError naming `path` and the fix if it is not a safe `kind` template.
    A file already found safe in this process (same size and modification time) is not read
    again: a bundle of packs uses one template a hundred times."""
    try:
        stat = path.stat()
        key = (str(path.resolve()), kind, stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = None
    if key in _CHECKED:
        return
    _check(path, kind)
    if key is not None:
        _CHECKED.add(key)


def _check(path: Path, kind: str) -> None:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TemplateError(f"{name}: cannot be read ({exc.strerror})") from None
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{name}: {size:,} bytes; a template may be at most "
                            f"{MAX_TEMPLATE_BYTES:,} (remove embedded media)")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"{name}: not a .{kind} file (it is not a zip package); save it "
                            f"from Word/PowerPoint as .{kind}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise TemplateError(f"{name}: {len(infos):,} parts; the limit is {MAX_MEMBERS:,}")
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000
                                                  and ratio > MAX_RATIO):
                    raise TemplateError(f"{name}: {info.filename} unpacks to {info.file_size:,} "
                                        "bytes (a zip bomb?); use a normal template")
                if "vbaProject" in info.filename:
                    raise TemplateError(f"{name}: {_REFUSED_TYPES['vbaProject']}")
            try:
                types = archive.read("[Content_Types].xml")
            except KeyError:
                raise TemplateError(f"{name}: no [Content_Types].xml: not an Office package"
                                    ) from None
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    head = archive.read(info)[:4096]
                    if _DTD.search(head):
                        raise TemplateError(f"{name}: {info.filename} declares a DOCTYPE or "
                                            "entities, which Office files never need; re-save "
                                            "the template from Word/PowerPoint")
    except zipfile.BadZipFile as exc:
        raise TemplateError(f"{name}: damaged zip package ({exc})") from None
    for marker, reason in _REFUSED_TYPES.items():
        if marker.encode() in types:
            raise TemplateError(f"{name}: {reason}")
    if _MAIN_TYPES[kind].encode() not in types:
        raise TemplateError(f"{name}: not a .{kind} document (its main part is of another "
                            f"kind); use a .{kind} file")


def drop_external_relationships(package) -> int:
    """Removes every relationship that points outside the package; returns how many."""
    dropped = 0
    for part in package.iter_parts():
        rels = part.rels
        for rel_id in [r for r, rel in rels.items() if rel.is_external]:
            rels.pop(rel_id)
            dropped += 1
    return dropped
