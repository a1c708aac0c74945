"""`office_zip.PackageZip` writes what `zipfile` reads back, entry by entry, and `SavedParts`
deflates a template's member once and reuses it while its bytes stay the same."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
import zlib

import pytest

from generator.render import office_zip
from generator.render.office_zip import PackageZip, SavedParts, zip_info

WHEN = dt.date(2020, 9, 30)
MEMBERS = [("[Content_Types].xml", b"<Types/>" * 40), ("word/document.xml", b""),
           ("会议/说明.xml", "<p>说明</p>".encode() * 99),
           ("ppt/media/image1.png", os.urandom(5000))]


def _written(members, saved=None, when=WHEN) -> bytes:
    out = io.BytesIO()
    package = PackageZip(out, when, saved)
    for name, data in members:
        package.add(name, data)
    package.close()
    return out.getvalue()


def test_members_read_back_in_order_dated_and_marked_as_zip_info_says():
    with zipfile.ZipFile(io.BytesIO(_written(MEMBERS))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS
        for info in archive.infolist():
            expected = zip_info(info.filename, WHEN)
            assert (info.date_time, info.create_system, info.external_attr,
                    info.compress_type) == (expected.date_time, 0, 0o600 << 16,
                                            zipfile.ZIP_DEFLATED)


def test_the_bytes_are_those_zipfile_writes_for_the_same_entries_at_the_same_level():
    """The reference for reproducibility: a package is the zip `zipfile` makes of
    `writestr(zip_info(name, when), data, compresslevel=LEVEL)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in MEMBERS:
            archive.writestr(zip_info(name, WHEN), data, compresslevel=office_zip.LEVEL)

    assert _written(MEMBERS) == out.getvalue()


@pytest.mark.parametrize("year", [1970, 2200])
def test_dates_a_zip_cannot_hold_are_clamped(year):
    with zipfile.ZipFile(io.BytesIO(_written(MEMBERS[:1], when=dt.date(year, 5, 3)))) as a:
        assert a.infolist()[0].date_time == (min(max(year, 1980), 2107), 5, 3, 0, 0, 0)


def test_a_template_member_is_deflated_once_while_its_bytes_stay_the_same(monkeypatch):
    saved = SavedParts({"ppt/theme/theme1.xml"})
    calls = []
    real = office_zip._deflate
    monkeypatch.setattr(office_zip, "_deflate",
                        lambda data, level: calls.append(data) or real(data, level))
    theme, other = b"<theme>" * 500, b"<theme changed/>"

    first = saved.deflated("ppt/theme/theme1.xml", theme)
    again = saved.deflated("ppt/theme/theme1.xml", bytes(theme))  # equal bytes, other object
    changed = saved.deflated("ppt/theme/theme1.xml", other)
    saved.deflated("ppt/slides/slide1.xml", b"<sld/>")
    saved.deflated("ppt/slides/slide1.xml", b"<sld/>")  # not the template's: never kept

    assert again == first and first[0] == zlib.crc32(theme)
    assert zlib.decompress(changed[1], -15) == other
    assert calls == [theme, other, b"<sld/>", b"<sld/>"]


def test_packages_with_and_without_kept_members_are_the_same_bytes():
    saved = SavedParts({name for name, _ in MEMBERS})

    assert _written(MEMBERS, saved) == _written(MEMBERS, saved) == _written(MEMBERS)


def test_members_not_of_the_template_are_deflated_at_the_fast_level_and_read_back():
    saved = SavedParts({"word/styles.xml"})
    styles, document = b"<w:styles>" * 300, "<w:p>说明</w:p>".encode() * 300

    _, kept = saved.deflated("word/styles.xml", styles)
    _, fresh = saved.deflated("word/document.xml", document)

    assert kept == _deflated(styles, office_zip.LEVEL)
    assert fresh == _deflated(document, office_zip.FAST_LEVEL) != _deflated(document, 9)
    blob = _written([("word/styles.xml", styles), ("word/document.xml", document)], saved)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.read("word/document.xml") == document


def _deflated(data: bytes, level: int) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()
