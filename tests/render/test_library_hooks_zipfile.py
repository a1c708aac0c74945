"""`library_hooks.zip_members_diverted`: inside the block a member written by name goes to the
caller's function, not into the archive; outside it, and after an error, zipfile is itself."""

from __future__ import annotations

import io
import zipfile

import docx
import pptx
import pytest

from generator.render.library_hooks import zip_members_diverted


def _read(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def test_a_member_written_by_name_goes_to_the_function_and_a_zipinfo_member_to_the_archive():
    out, seen = io.BytesIO(), []

    with zip_members_diverted(lambda name, data: seen.append((name, data))), \
            zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", b"<a/>")
        archive.writestr(zipfile.ZipInfo("kept.xml", date_time=(1999, 1, 1, 0, 0, 0)), b"<k/>")

    assert seen == [("a.xml", b"<a/>")]
    assert _read(out.getvalue()) == {"kept.xml": b"<k/>"}


@pytest.mark.parametrize("library", ["python-docx", "python-pptx"])
def test_the_office_libraries_save_through_it_part_by_part(library):
    """The versions in constraints.txt save with `writestr(name, blob)`: the hook sees every
    part the library's own save writes, in its order (if a new version stops doing so, our
    packages come out empty)."""
    document = docx.Document() if library == "python-docx" else pptx.Presentation()
    seen, out, theirs = [], io.BytesIO(), io.BytesIO()

    with zip_members_diverted(lambda name, data: seen.append((name, bytes(data)))):
        document.save(out)
    document.save(theirs)

    assert _read(out.getvalue()) == {}
    assert seen == list(_read(theirs.getvalue()).items()) and len(seen) > 5


def test_zipfile_is_itself_again_after_the_block_even_after_an_error():
    real = zipfile.ZipFile.writestr

    with pytest.raises(RuntimeError), zip_members_diverted(lambda name, data: None):
        raise RuntimeError("disk full")

    assert zipfile.ZipFile.writestr is real
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.xml", b"<a/>")
    assert list(_read(out.getvalue())) == ["a.xml"]
