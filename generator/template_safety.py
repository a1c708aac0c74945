"""Checks an Office template before python-docx/python-pptx opens it, and cleans it after.

A template comes from someone else's hands. Before opening: it must be a zip of sane size
(a 0.3 MB zip bomb can take gigabytes to open), an OOXML package of the expected kind (not
macro-enabled, not a template content type), with no DOCTYPE or entity declarations in its
XML, whatever a part is named, no VBA project under any name. After opening, the package is
cleaned (`package_cleaning`): nothing in the output refers to or fetches anything outside it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
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
    from .sources import ReadRefused, read_regular

    name = str(path)
    try:
        data = read_regular(path, MAX_TEMPLATE_BYTES)
    except ReadRefused as exc:
        raise TemplateError(f"{name}: {exc} (a template may be at most "
                            f"{MAX_TEMPLATE_BYTES:,} bytes; remove embedded media)") from None
    except OSError as exc:
        raise TemplateError(f"{name}: cannot be read ({exc.strerror})") from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(f"{name}: not a .{kind} file (it is not a zip package); save it "
                            f"from Word/PowerPoint as .{kind}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = _check_members(archive, name)
    except zipfile.BadZipFile as exc:
        raise TemplateError(f"{name}: damaged zip package ({exc})") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
            zlib.error) as exc:
        raise TemplateError(f"{name}: unreadable zip package ({exc}); re-save it") from None
    for marker, reason in _REFUSED_TYPES.items():
        if marker.encode() in types:
            raise TemplateError(f"{name}: {reason}")
    if _MAIN_TYPES[kind].encode() not in types:
        raise TemplateError(f"{name}: not a .{kind} document (its main part is of another "
                            f"kind); use a .{kind} file")


def _check_members(archive: zipfile.ZipFile, name: str) -> bytes:
    """Size limits, then every part read whole: no DOCTYPE or entity declaration anywhere
    (whatever the part's name or encoding), no VBA project under any name. Returns the
    content-types part."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TemplateError(f"{name}: {len(infos):,} parts; the limit is {MAX_MEMBERS:,}")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > 1_000_000 and ratio > MAX_RATIO):
            raise TemplateError(f"{name}: {info.filename} unpacks to {info.file_size:,} "
                                "bytes (a zip bomb?); use a normal template")
        if "vbaproject" in info.filename.lower():
            raise TemplateError(f"{name}: {_REFUSED_TYPES['vbaProject']}")
    try:
        types = archive.read("[Content_Types].xml")
    except KeyError:
        raise TemplateError(f"{name}: no [Content_Types].xml: not an Office package") from None
    for info in infos:
        if not info.is_dir():
            _check_part(archive, info, name)
    return types


def _check_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """One part read whole: an OLE file must hold no VBA project, and text that an XML parser
    would read (it starts with `<`, after a byte-order mark and spaces, in UTF-8 or UTF-16)
    no DOCTYPE or entity declaration."""
    read, tail, ole, xml = 0, b"", False, False
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            if not read:
                ole = chunk.startswith(_OLE_MAGIC)
                xml = _XML_START.match(chunk) is not None
            read += len(chunk)
            if read > info.file_size:  # more than the directory says: a forged size
                raise TemplateError(f"{name}: {info.filename} unpacks to more than its "
                                    "stated size; re-save the template")
            if ole and _VBA_IN_OLE.search(tail + chunk):
                raise TemplateError(f"{name}: {info.filename}: {_REFUSED_TYPES['vbaProject']}")
            if xml and _DTD.search(tail + chunk):
                raise TemplateError(f"{name}: {info.filename} declares a DOCTYPE or entities, "
                                    "which Office files never need; re-save the template "
                                    "from Word/PowerPoint")
            tail = chunk[-40:]


def _spaced(word: bytes) -> bytes:
    """A pattern for `word` in UTF-8 or UTF-16 (a NUL byte allowed after each character)."""
    return b"".join(re.escape(bytes([c])) + rb"\x00?" for c in word)


_DTD = re.compile(_spaced(b"<!") + rb"(?:\x00?\s)*?" + rb"(?:" + _spaced(b"DOCTYPE") + rb"|"
                  + _spaced(b"ENTITY") + rb")", re.IGNORECASE)
_XML_START = re.compile(rb"(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?(?:\x00?\s)*\x00?<")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VBA_IN_OLE = re.compile(b"|".join(re.escape(word) for word in (
    "_VBA_PROJECT".encode("utf-16-le"), "VBA".encode("utf-16-le"), b"_VBA_PROJECT",
    b"Attribute VB_")), re.IGNORECASE)


def drop_external_relationships(package) -> int:
    """Cleans an opened template or a filled document (see `package_cleaning`): removes every
    relationship that points outside the package, the references left pointing at them, field
    codes that fetch or run something and alternative-format chunks. Returns how many
    external relationships were dropped."""
    from .package_cleaning import clean_package

    return clean_package(package)
