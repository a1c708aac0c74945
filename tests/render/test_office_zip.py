"""Office packages and zips with fixed dates: they open, hold what was written in its order,
carry the report's date whatever the clock says, and the hook that dates them ends with the
call."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import zipfile

import docx
import pptx
import pytest

from generator.output import digest_of
from generator.render import office_zip
from generator.render.office_zip import dated_workbook, save_package, zip_files, zip_info

WHEN = dt.date(2020, 9, 30)
MIDNIGHT = (2020, 9, 30, 0, 0, 0)


def _members(source) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(source) as archive:
        assert archive.testzip() is None
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _dates(source) -> set[tuple]:
    with zipfile.ZipFile(source) as archive:
        return {info.date_time for info in archive.infolist()}


def test_a_member_is_dated_at_midnight_and_marked_as_made_on_ms_dos():
    info = zip_info("会议/manifest.json", WHEN)

    assert info.date_time == MIDNIGHT
    assert info.create_system == 0  # the same bytes on Windows, macOS and Linux
    assert info.compress_type == zipfile.ZIP_DEFLATED
    assert info.external_attr == 0o600 << 16


@pytest.mark.parametrize(("when", "year"), [(dt.date(1970, 5, 3), 1980),
                                            (dt.date(2200, 5, 3), 2107)],
                         ids=["before-1980", "after-2107"])
def test_dates_a_zip_cannot_hold_are_clamped_to_its_years(tmp_path, when, year):
    zip_files(tmp_path / "a.zip", [("a.txt", b"x", None)], when)

    assert _dates(tmp_path / "a.zip") == {(year, 5, 3, 0, 0, 0)}


def _bundle_members(tmp_path) -> list[tuple[str, object, object]]:
    stored = []
    for i, size in enumerate((0, 1, 70_000, 1_500_000)):
        path = tmp_path / f"pack-{i}.pdf"
        path.write_bytes(os.urandom(size))
        stored.append(path)
    members = [("会议/manifest.json", b'{"files": []}\n' * 50, None)]
    return members + [(f"会议/units/{p.name}", p, digest_of(p)) for p in stored]


def test_a_bundle_zip_holds_its_files_in_order_stored_and_the_manifest_deflated(tmp_path):
    members = _bundle_members(tmp_path)

    zip_files(tmp_path / "bundle.zip", members, WHEN)

    expected = [(name, source if isinstance(source, bytes) else source.read_bytes())
                for name, source, _ in members]
    assert _members(tmp_path / "bundle.zip") == expected
    assert _dates(tmp_path / "bundle.zip") == {MIDNIGHT}
    with zipfile.ZipFile(tmp_path / "bundle.zip") as archive:
        methods = [info.compress_type for info in archive.infolist()]
    assert methods == [zipfile.ZIP_DEFLATED] + [zipfile.ZIP_STORED] * 4


def test_the_same_files_give_the_same_zip_bytes(tmp_path):
    members = _bundle_members(tmp_path)

    zip_files(tmp_path / "a.zip", members, WHEN)
    os.utime(members[-1][1], (0, 0))  # file times play no part
    zip_files(tmp_path / "b.zip", members, WHEN)

    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_a_file_that_changed_after_its_digest_is_refused(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"x" * 1000)
    digest = digest_of(path)
    path.write_bytes(b"y" * 1000)  # same size, other content: the CRC tells

    with pytest.raises(OSError, match="changed"):
        zip_files(tmp_path / "bundle.zip", [("a.pdf", path, digest)], WHEN)


def test_a_package_is_written_part_by_part_not_held_whole(tmp_path):
    """A 10,000-task deck's slides must not all sit in memory at once: each part reaches the
    file as the library hands it over."""
    dest = tmp_path / "deck.pptx"
    slides = [(f"ppt/slides/slide{i}.xml", os.urandom(100_000)) for i in range(1, 5)]
    sizes_seen = []

    def save(file):
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in slides:
                archive.writestr(name, data)
                sizes_seen.append(dest.stat().st_size)

    save_package(save, dest, WHEN)

    assert all(b - a >= 90_000 for a, b in itertools.pairwise(sizes_seen))
    assert sizes_seen[0] >= 90_000
    assert _members(dest) == slides
    assert _dates(dest) == {MIDNIGHT}


def test_the_dating_hook_ends_with_the_call_even_when_it_fails(tmp_path):
    real = zipfile.ZipFile.writestr

    def failing_save(file):
        with zipfile.ZipFile(file, "w") as archive:
            archive.writestr("a.xml", b"<a/>")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        save_package(failing_save, tmp_path / "a.docx", WHEN)

    assert zipfile.ZipFile.writestr is real
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("a.xml", b"<a/>")
    assert _dates(tmp_path / "b.zip") != {MIDNIGHT}


def test_embedded_workbooks_are_dated_when_saved_whatever_made_them(tmp_path):
    """One place dates chart workbooks (built-in renderers and filled templates alike); a
    member that only looks like a workbook is left as it is."""
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as book:
        book.writestr("docProps/core.xml", '<cp:coreProperties><dcterms:created x="1">'
                      "2026-11-25T12:00:00Z</dcterms:created></cp:coreProperties>")
    members = [("ppt/embeddings/Microsoft_Excel_Sheet1.xlsx", workbook.getvalue()),
               ("ppt/embeddings/broken.xlsx", b"not a zip")]

    def save(file):
        with zipfile.ZipFile(file, "w") as archive:
            for name, data in members:
                archive.writestr(name, data)

    save_package(save, tmp_path / "deck.pptx", WHEN)

    with zipfile.ZipFile(tmp_path / "deck.pptx") as deck:
        inner = zipfile.ZipFile(io.BytesIO(deck.read(members[0][0])))
        assert b"2020-09-30T00:00:00Z" in inner.read("docProps/core.xml")
        assert {i.date_time for i in inner.infolist()} == {MIDNIGHT}
        assert deck.read(members[1][0]) == b"not a zip"
    assert dated_workbook(b"not a zip", WHEN) == b"not a zip"


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
def test_reports_open_in_their_library_with_every_part_the_library_saves(tmp_path, fmt,
                                                                         sample_status, zh):
    """A briefing (with a native chart and its workbook) written by the renderer: it opens,
    every entry carries the report's date, and its parts are those the library's own save
    writes, in its order, with the same content (the chart workbook dated, not clocked)."""
    from generator.render import docx as docx_renderer
    from generator.render import pptx as pptx_renderer
    from generator.reports import build_briefing
    from generator.theme import load_theme

    report = build_briefing(sample_status, zh)
    module = {"docx": docx_renderer, "pptx": pptx_renderer}[fmt]
    write = f"write_{fmt}"
    captured = {}
    real = getattr(office_zip, write)
    dest = tmp_path / f"briefing.{fmt}"

    def capture(document, path, when, template=None):
        captured["document"] = document
        real(document, path, when, template)

    setattr(module, write, capture)
    try:
        module.render(report, load_theme(), dest)
    finally:
        setattr(module, write, real)
    library = io.BytesIO()
    captured["document"].save(library)

    opened = docx.Document(dest) if fmt == "docx" else pptx.Presentation(dest)
    assert opened.core_properties.title
    assert _dates(dest) == {MIDNIGHT}
    ours, theirs = _members(dest), _members(library)
    assert [name for name, _ in ours] == [name for name, _ in theirs]
    assert any(name.endswith(".xlsx") for name, _ in ours)
    assert [m for m in ours if not m[0].endswith(".xlsx")] == \
        [m for m in theirs if not m[0].endswith(".xlsx")]
