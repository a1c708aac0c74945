"""`library_hooks.zip_members_written_by_name`: inside the block a member written by name gets
the entry and data the caller chooses; outside it, and after an error, zipfile is itself."""

from __future__ import annotations

import io
import zipfile

import docx
import pptx
import pytest

from generator.render.library_hooks import zip_members_written_by_name

DATE = (2001, 2, 3, 0, 0, 0)


def _member(name: str, data, compression: int) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(f"renamed/{name}", date_time=DATE)
    info.compress_type = compression
    return info, bytes(data).upper()


def _read(blob: bytes) -> dict[str, tuple[tuple, bytes]]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {i.filename: (i.date_time, archive.read(i)) for i in archive.infolist()}


def test_a_member_written_by_name_gets_the_chosen_entry_and_data():
    out = io.BytesIO()

    with zip_members_written_by_name(_member), zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", b"<a/>")
        archive.writestr(zipfile.ZipInfo("kept.xml", date_time=(1999, 1, 1, 0, 0, 0)), b"<k/>")

    assert _read(out.getvalue()) == {"renamed/a.xml": (DATE, b"<A/>"),
                                     "kept.xml": ((1999, 1, 1, 0, 0, 0), b"<k/>")}


@pytest.mark.parametrize("library", ["python-docx", "python-pptx"])
def test_the_office_libraries_save_through_it_part_by_part(library):
    """The versions in constraints.txt save with `writestr(name, blob)`: the hook sees every
    part (if a new version stops doing so, the dates of our packages come from the clock)."""
    document = docx.Document() if library == "python-docx" else pptx.Presentation()
    seen = []

    def member(name, data, compression):
        seen.append(name)
        info = zipfile.ZipInfo(name, date_time=DATE)
        info.compress_type = compression
        return info, data

    out = io.BytesIO()
    with zip_members_written_by_name(member):
        document.save(out)

    members = _read(out.getvalue())
    assert seen == list(members) and len(seen) > 5
    assert {when for when, _ in members.values()} == {DATE}


def test_zipfile_is_itself_again_after_the_block_even_after_an_error():
    real = zipfile.ZipFile.writestr

    with pytest.raises(RuntimeError), zip_members_written_by_name(_member):
        raise RuntimeError("disk full")

    assert zipfile.ZipFile.writestr is real
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", b"<a/>")
    assert list(_read(out.getvalue())) == ["a.xml"]
