"""DOCX and PPTX packages saved by their libraries, and zips, with every entry dated by the report.

python-docx and python-pptx save a package with `ZipFile.writestr(name, blob)`, one part at a
time, which dates each entry by the clock. `dated_entries` makes those entries carry the
report's date instead (and dates the workbooks embedded for native charts, which XlsxWriter
stamps with the clock), so that the same plan gives the same bytes, through the one zipfile
hook (`library_hooks.zip_members_written_by_name`). Everything else is the libraries' public
`save` and `zipfile`.

Every entry is written as `zipfile` writes a member from bytes (deflated at zlib's default level,
permissions rw-------), at midnight of the report's date (its year clamped to 1980-2107, what a
zip entry can hold), and marked as made on MS-DOS (`create_system` 0: `zipfile` would record the
running system, so Windows and Linux would give different bytes).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .library_hooks import zip_members_written_by_name

_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def zip_info(name: str, when: dt.date, method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A zip member `name` dated `when` (see the module docstring)."""
    year = min(max(when.year, 1980), 2107)
    info = zipfile.ZipInfo(name, date_time=(year, when.month, when.day, 0, 0, 0))
    info.compress_type = method
    info.create_system = 0
    info.external_attr = 0o600 << 16
    return info


@contextmanager
def dated_entries(when: dt.date) -> Iterator[None]:
    """Inside the block, a member written with `ZipFile.writestr(name, data)` (a name, not a
    ZipInfo: how python-docx 1.1-1.2, python-pptx 1.0 and docxtpl 0.18-0.20 save packages) is
    dated `when`, and a chart's embedded workbook (`*.xlsx`) has its dates set to `when`.

    Through `library_hooks.zip_members_written_by_name`, for the block only (see there why
    and what it buys)."""

    def member(name: str, data, compression: int) -> tuple[zipfile.ZipInfo, bytes]:
        if name.endswith(".xlsx"):
            data = dated_workbook(bytes(data), when)
        return zip_info(name, when, compression), data

    with zip_members_written_by_name(member):
        yield


def save_package(save: Callable[[str], None], dest: Path, when: dt.date) -> None:
    """Calls a library's `save(path)` (python-docx's `Document.save`, python-pptx's
    `Presentation.save`, docxtpl's `DocxTemplate.save`) for `dest`, every entry dated `when`.
    Each part reaches the file as the library hands it over: a 10,000-task deck's slides are
    never all held at once."""
    with dated_entries(when):
        save(str(dest))


def write_docx(document, dest: Path, when: dt.date) -> None:
    """A python-docx Document saved at `dest` by `Document.save`, dated `when`."""
    save_package(document.save, dest, when)


def write_pptx(presentation, dest: Path, when: dt.date) -> None:
    """A python-pptx Presentation saved at `dest` by `Presentation.save`, dated `when`."""
    save_package(presentation.save, dest, when)


def dated_workbook(blob: bytes, when: dt.date) -> bytes:
    """An embedded workbook with its creation and modification dates and its zip entries
    set to `when`, so that the same plan gives the same bytes; as it is if it is no zip."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename == "docProps/core.xml":
                    data = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
                target.writestr(zip_info(info.filename, when), data)
    except zipfile.BadZipFile:
        return blob
    return out.getvalue()


def zip_files(target: Path, members: list[tuple[str, Path | bytes, object]], when: dt.date
              ) -> None:
    """A zip at `target` of (name, file or bytes, digest) members in the given order, every
    entry dated `when`: files with a digest (an `output.FileDigest`, read when the file was
    written) stored as they are, the rest deflated. A file whose size or CRC-32 no longer
    matches its digest (changed since; the manifest would be wrong) raises OSError."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, source, digest in members:
            if digest is None:
                data = source if isinstance(source, bytes) else source.read_bytes()
                archive.writestr(zip_info(name, when), data)
                continue
            info = zip_info(name, when, zipfile.ZIP_STORED)
            info.file_size = digest.size  # decides whether the entry needs zip64
            with open(source, "rb") as handle, archive.open(info, "w") as entry:
                shutil.copyfileobj(handle, entry, 1 << 20)
            if (info.file_size, info.CRC) != (digest.size, digest.crc32):
                raise OSError(f"{source}: changed while it was being zipped")


__all__ = ["dated_entries", "dated_workbook", "save_package", "write_docx", "write_pptx",
           "zip_files", "zip_info"]
