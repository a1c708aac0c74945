"""Byte-identical embedded workbooks for identical inputs.

The workbook behind a native chart (written by XlsxWriter) records its creation time and
stamps its zip entries with the clock; both are replaced by the report's own date. (The DOCX
and PPTX containers themselves are written with fixed times by `office_zip`.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .office_zip import zip_bytes

_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fixed_workbook(blob: bytes, when: dt.date) -> bytes:
    """An embedded chart workbook with its creation date set to `when` and fixed entry times."""
    stamp = f"{when.isoformat()}T00:00:00Z".encode()
    members = []
    with zipfile.ZipFile(io.BytesIO(blob)) as source:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            members.append((info.filename, data))
    return zip_bytes(members, when)
