"""Byte-identical Office files for identical inputs: fixed zip entry times and embedded dates.

python-docx and python-pptx stamp every zip entry with the time of saving, and the workbook
behind a native chart (written by XlsxWriter) records its creation time. Both are replaced
by the report's own date, so that the same plan gives the same bytes on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def zip_time(when: dt.date) -> tuple[int, int, int, int, int, int]:
    """A zip entry time for a date (zip times start in 1980)."""
    return (max(when.year, 1980), when.month, when.day, 0, 0, 0)


def _entry(name: str, when: dt.date, compression: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=zip_time(when))
    info.compress_type = compression
    info.create_system = 0  # the same on every operating system
    info.external_attr = 0
    return info


@contextmanager
def fixed_zip_entries(when: dt.date) -> Iterator[None]:
    """While active, zip entries written by name get `when` as their time.

    The libraries write `ZipFile.writestr(name, data)`, which stamps the current time and
    cannot be told otherwise; the patch turns the name into a ZipInfo with a fixed time.
    Used only around a single-threaded save.
    """
    original = zipfile.ZipFile.writestr

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = _entry(zinfo_or_arcname, when, compress_type or self.compression)
        return original(self, zinfo_or_arcname, data, compress_type, compresslevel)

    with mock.patch.object(zipfile.ZipFile, "writestr", writestr):
        yield


def fixed_workbook(blob: bytes, when: dt.date) -> bytes:
    """An embedded chart workbook with its creation date set to `when` and fixed entry times."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            target.writestr(_entry(info.filename, when, zipfile.ZIP_DEFLATED), data)
    return out.getvalue()
