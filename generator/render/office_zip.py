"""The zip container of DOCX and PPTX files, written here rather than by `zipfile`.

python-docx and python-pptx hand every part of a package to `ZipFile.writestr`, which
compresses it anew each time. A meeting bundle writes the same template parts (styles, theme,
slide masters and layouts, settings …) into two hundred files: compressing them took about a
fifth of the time of each unit pack. Here the parts are collected from the library's own save,
and a part seen before is written from its compressed bytes, kept by content.

The built-in renderers go further (`write_docx`, `write_pptx`): they walk the package's parts
themselves, in the library's order and with the library's serialisation, and the parts every
document shares with its template (`serialise_once`: styles, theme, masters, layouts …) are
serialised once per process, with their relationships. Parts, relationships and the
content-types list were ≈ 2 ms of each unit pack's deck and ≈ 1.5 ms of its document.

Workbooks embedded for native charts are dated by the report too (XlsxWriter stamps them
with the clock), whichever code path made the chart.

The container is byte for byte what `zipfile` writes for the same members (deflate at zlib's
default level, no zip64, no data descriptors, UTF-8 flag for non-ASCII names), with one fixed
entry time: the same parts give the same bytes, whichever process wrote them and whether the
cache was warm. (Members over 4 GiB would need zip64; Office parts are far below.)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..patching import patched

_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # deflate: what `zipfile` records as both "made by" and "needed" versions
_ATTRIBUTES = 0o600 << 16  # what `zipfile` records for a member written from bytes

CACHE_MIN_BYTES = 512
"""Parts smaller than this are compressed every time (the cache would save nothing)."""
CACHE_MAX_BYTES = 64 << 20
"""The cache is emptied when the parts it holds exceed this many bytes."""

_compressed: dict[bytes, tuple[int, bytes]] = {}
_once: dict[int, list] = {}
"""[part, blob] by id(part), for parts registered with `serialise_once`; the blob is None
until the part is first written."""
_content_types: dict[tuple, bytes] = {}
_rels: dict[tuple, bytes] = {}
_seen: set[int] = set()
_held = [0]


def save_package(save: Callable[[io.BytesIO], None], dest: Path, when: dt.date) -> None:
    """Calls the library's `save(file)` and writes its parts as a zip at `dest`, every entry
    dated `when` (the report's date, not the clock). Each part is written as it comes: a
    10,000-task deck's slides are never all held at once."""
    with open(dest, "wb") as handle:
        writer = _ZipWriter(handle, when)

        def collect(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
            name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
            writer.add_part(name, data.encode("utf-8") if isinstance(data, str) else bytes(data))

        with patched(zipfile.ZipFile, "writestr", collect):
            save(io.BytesIO())
        writer.close()


def serialise_once(parts) -> None:
    """Registers template parts that no document changes (shared by every copy of the template):
    each is serialised the first time it is written, and its bytes are reused after that (its
    relationships are remembered as every part's are, `_rels_xml`). The part objects are held,
    so that their ids stay theirs."""
    for part in parts:
        _once.setdefault(id(part), [part, None])


def write_docx(document, dest: Path, when: dt.date) -> None:
    """A python-docx Document saved at `dest` as `Document.save` saves it (same members, same
    bytes), dated `when`."""
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    _write_parts(dest, when, parts, package.rels.xml,
                 lambda: _ContentTypesItem.from_parts(parts).blob,
                 lambda part: _rels_xml(part.rels, part.rels._baseURI, "_is_external")
                 if len(part.rels) else None)


def write_pptx(presentation, dest: Path, when: dt.date) -> None:
    """A python-pptx Presentation saved at `dest` as `Presentation.save` saves it (same
    members, same bytes), dated `when`."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    package = presentation.part.package
    parts = tuple(package.iter_parts())
    _write_parts(dest, when, parts, package._rels.xml,
                 lambda: serialize_part_xml(_ContentTypesItem.xml_for(parts)),
                 lambda part: _rels_xml(part._rels, part._rels._base_uri, "_target_mode")
                 if part._rels else None)


def _rels_xml(rels, base_uri: str, external: str) -> bytes:
    """`rels.xml` (a part's relationships as the library serialises them), remembered by what
    decides it: the part's folder and each relationship's id, type, external flag and target.
    Slides of one layout, a unit pack's document part and its template's parts have the same
    relationships in every file; the library builds and serialises an XML tree each time and
    works out every relative target path anew (≈ 10 µs a relationship)."""
    key = (base_uri, *((rel._rId, rel._reltype, getattr(rel, external),
                        rel._target if isinstance(rel._target, str) else rel._target.partname)
                       for rel in rels.values()))
    xml = _rels.get(key)
    if xml is None:
        if len(_rels) > 10_000:
            _rels.clear()
        xml = _rels[key] = _bytes(rels.xml)
    return xml


def _write_parts(dest: Path, when: dt.date, parts, package_rels, content_types, part_rels
                 ) -> None:
    """The members in the order the libraries write them: content types, package
    relationships, then each part followed by its relationships (if it has any)."""
    key = tuple((part.partname, part.content_type) for part in parts)
    types = _content_types.get(key)
    if types is None:
        types = content_types()
        if len(_content_types) < 1000:
            _content_types[key] = types
    with open(dest, "wb") as handle:
        writer = _ZipWriter(handle, when)
        writer.add("[Content_Types].xml", types)
        writer.add("_rels/.rels", _bytes(package_rels))
        for part in parts:
            once = _once.get(id(part))
            if once is not None and once[0] is part:
                if once[1] is None:
                    once[1] = part.blob
                blob = once[1]
            else:
                blob = part.blob
            writer.add_part(part.partname.membername, blob)
            rels = part_rels(part)  # remembered by `_rels_xml`
            if rels is not None:
                writer.add(part.partname.rels_uri.membername, rels)
        writer.close()


def _bytes(data):
    return data.encode("utf-8") if isinstance(data, str) else data


def dated_workbook(blob: bytes, when: dt.date) -> bytes:
    """An embedded workbook with its creation and modification dates and its zip entries
    set to `when`, so that the same plan gives the same bytes; as it is if it is no zip."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    members = []
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as source:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "docProps/core.xml":
                    data = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
                members.append((info.filename, data))
    except zipfile.BadZipFile:
        return blob
    return zip_bytes(members, when)


def zip_files(target: Path, members: list[tuple[str, Path | bytes, object]], when: dt.date
              ) -> None:
    """A zip at `target` of (name, file or bytes, digest) members in the given order: files
    with a digest (size and CRC-32 known) stored as they are, the rest deflated; every entry
    dated `when`. What `zipfile` writes for the same members, without reading the stored
    files into Python."""
    with open(target, "wb") as handle:
        writer = _ZipWriter(handle, when)
        for name, source, digest in members:
            if digest is not None:
                writer.add_stored_file(name, source, digest.size, digest.crc32)
            else:
                writer.add(name, source if isinstance(source, bytes) else source.read_bytes())
        writer.close()


def zip_bytes(members: list[tuple[str, bytes]], when: dt.date) -> bytes:
    """A deflated zip of (name, data) members in the given order, each entry dated `when`."""
    out = io.BytesIO()
    writer = _ZipWriter(out, when)
    for name, data in members:
        writer.add(name, data)
    writer.close()
    return out.getvalue()


class _ZipWriter:
    """Deflated members written one after another to a binary file, then the directory."""

    def __init__(self, handle: BinaryIO, when: dt.date):
        self.handle = handle
        self.when = when
        # A zip entry's year is 1980-2107 (seven bits): dates outside are clamped to it.
        year = min(max(when.year, 1980), 2107)
        self.date = ((year - 1980) << 9) | (when.month << 5) | when.day
        self.central: list[bytes] = []
        self.offset = 0

    def add(self, name: str, data: bytes) -> None:
        crc, packed = _deflated(data)
        self._header(name, zipfile.ZIP_DEFLATED, crc, len(packed), len(data))
        self.handle.write(packed)
        self.offset += len(packed)

    def add_part(self, name: str, data: bytes) -> None:
        """An Office package part: as `add`, with a chart's embedded workbook dated by the
        report (XlsxWriter dates it by the clock), whichever code path made the chart."""
        if name.endswith(".xlsx"):
            data = dated_workbook(data, self.when)
        self.add(name, data)

    def add_stored_file(self, name: str, path: Path, size: int, crc: int) -> None:
        """The file at `path` (of `size` bytes and CRC-32 `crc`, known already) stored as it
        is, copied by the kernel where it can."""
        self._header(name, zipfile.ZIP_STORED, crc, size, size)
        self.handle.flush()
        with open(path, "rb") as source:
            copied = 0
            try:
                while copied < size:
                    step = os.copy_file_range(source.fileno(), self.handle.fileno(),
                                              size - copied)
                    if not step:
                        break
                    copied += step
            except (AttributeError, OSError):  # no copy_file_range here: copied through Python
                source.seek(copied)
                shutil.copyfileobj(source, self.handle)
                copied = size
        if copied != size:
            raise OSError(f"{path}: changed while it was being zipped")
        self.offset += size

    def _header(self, name: str, method: int, crc: int, packed: int, size: int) -> None:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), 0x800
        fields = (method, 0, self.date, crc, packed, size, len(encoded))
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, *fields, 0)
        self.central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags,
                                          *fields, 0, 0, 0, 0, _ATTRIBUTES, self.offset)
                            + encoded)
        self.handle.write(header + encoded)
        self.offset += len(header) + len(encoded)

    def close(self) -> None:
        directory = b"".join(self.central)
        count = len(self.central)
        self.handle.write(directory + _END.pack(b"PK\x05\x06", 0, 0, count, count,
                                                len(directory), self.offset, 0))


def _deflated(data: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) of `data`; parts met a second time come from the cache."""
    cached = _compressed.get(data) if len(data) >= CACHE_MIN_BYTES else None
    if cached is not None:
        return cached
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    result = zlib.crc32(data), compressor.compress(data) + compressor.flush()
    if len(data) >= CACHE_MIN_BYTES:
        # Kept from the second sighting on: parts unique to one document never fill the cache.
        key = hash(data)
        if key in _seen:
            if _held[0] + len(data) > CACHE_MAX_BYTES:
                _compressed.clear()
                _held[0] = 0
            _compressed[data] = result
            _held[0] += len(data)
        else:
            if len(_seen) > 100_000:
                _seen.clear()
            _seen.add(key)
    return result


__all__ = ["dated_workbook", "save_package", "serialise_once", "write_docx", "write_pptx",
           "zip_bytes", "zip_files"]
