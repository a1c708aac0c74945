"""The Office zip container: what `zipfile` would write, readable, and the same bytes whether
its parts came from the compression cache or not."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import zipfile

import pytest

from generator.render import office_zip
from generator.render.office_zip import zip_bytes

WHEN = dt.date(2020, 9, 30)
MEMBERS = [("[Content_Types].xml", b"<Types/>"),
           ("word/styles.xml", b"<w:styles>" + b"<w:style/>" * 400 + b"</w:styles>"),
           ("word/media/image1.png", os.urandom(3000)),
           ("word/empty.xml", b""),
           ("docProps/\u00e9t\u00e9.xml", b"<x/>")]


def _as_zipfile_writes(members, when: dt.date) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    return out.getvalue()


def test_the_container_is_byte_for_byte_what_zipfile_writes():
    assert zip_bytes(MEMBERS, WHEN) == _as_zipfile_writes(MEMBERS, WHEN)


def test_the_container_reads_back_in_order_with_the_given_date():
    with zipfile.ZipFile(io.BytesIO(zip_bytes(MEMBERS, WHEN))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == MEMBERS
        assert {i.date_time for i in archive.infolist()} == {(2020, 9, 30, 0, 0, 0)}


def test_parts_met_again_come_from_the_cache_with_the_same_bytes(monkeypatch):
    monkeypatch.setattr(office_zip, "_compressed", {})
    monkeypatch.setattr(office_zip, "_seen", set())
    monkeypatch.setattr(office_zip, "_held", [0])
    compressions = []
    real = office_zip.zlib.compressobj
    monkeypatch.setattr(office_zip.zlib, "compressobj",
                        lambda *a: compressions.append(a) or real(*a))

    cold = zip_bytes(MEMBERS, WHEN)
    second = zip_bytes(MEMBERS, WHEN)
    compressions.clear()
    warm = zip_bytes(MEMBERS, WHEN)

    assert cold == second == warm
    # Only the parts below CACHE_MIN_BYTES are compressed again once the cache is warm.
    small = [d for _, d in MEMBERS if len(d) < office_zip.CACHE_MIN_BYTES]
    assert len(compressions) == len(small)


def test_a_full_cache_is_emptied_rather_than_growing(monkeypatch):
    monkeypatch.setattr(office_zip, "_compressed", {})
    monkeypatch.setattr(office_zip, "_seen", set())
    monkeypatch.setattr(office_zip, "_held", [0])
    monkeypatch.setattr(office_zip, "CACHE_MAX_BYTES", 5000)
    parts = [(f"p{i}.bin", os.urandom(2000)) for i in range(6)]

    for _ in range(2):
        zip_bytes(parts, WHEN)

    assert office_zip._held[0] <= 5000
    assert sum(len(data) for data in office_zip._compressed) == office_zip._held[0]


def test_a_package_is_written_part_by_part_not_held_whole(tmp_path):
    """A 10,000-task deck's slides must not all sit in memory at once: each part reaches the
    file as the library hands it over."""
    from generator.render.office_zip import save_package

    dest = tmp_path / "deck.pptx"
    slides = [(f"ppt/slides/slide{i}.xml", os.urandom(100_000)) for i in range(1, 5)]
    sizes_seen = []

    def save(file):
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in slides:
                archive.writestr(name, data)
                sizes_seen.append(dest.stat().st_size)

    save_package(save, dest, WHEN)

    # Each slide is on disk (past the write buffer) before the next one is handed over.
    assert all(b - a >= 90_000 for a, b in itertools.pairwise(sizes_seen))
    assert sizes_seen[0] >= 90_000
    assert dest.read_bytes() == _as_zipfile_writes(slides, WHEN)


def test_embedded_workbooks_are_dated_when_saved_whatever_made_them(tmp_path):
    """One place dates chart workbooks (built-in renderers and filled templates alike); a
    member that only looks like a workbook is left as it is."""
    from generator.render.office_zip import dated_workbook, save_package

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
        assert {i.date_time for i in inner.infolist()} == {(2020, 9, 30, 0, 0, 0)}
        assert deck.read(members[1][0]) == b"not a zip"
    assert dated_workbook(b"not a zip", WHEN) == b"not a zip"


def _members(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_documents_and_decks_are_written_as_the_libraries_save_them(tmp_path, sample_status,
                                                                    zh):
    """The direct writers give the members python-docx and python-pptx write, in their order,
    with the same bytes: for a briefing (with a native chart and its workbook) and a status
    report, each written twice (the second time from parts serialised once)."""
    from generator.render import docx as docx_renderer
    from generator.render import pptx as pptx_renderer
    from generator.reports import build_briefing, build_status_report
    from generator.theme import load_theme

    theme = load_theme()
    for report in (build_briefing(sample_status, zh), build_status_report(sample_status, zh)):
        for module, fmt, write in ((docx_renderer, "docx", "write_docx"),
                                   (pptx_renderer, "pptx", "write_pptx")):
            captured = {}
            real = getattr(module, write)

            def capture(document, dest, when, real=real, captured=captured):
                captured["document"] = document
                real(document, dest, when)

            for run in range(2):
                dest = tmp_path / f"{run}.{fmt}"
                setattr(module, write, capture)
                try:
                    module.render(report, theme, dest)
                finally:
                    setattr(module, write, real)
                library = tmp_path / f"library.{fmt}"
                office_zip.save_package(captured["document"].save, library,
                                        report.info.created)
                assert _members(dest) == _members(library)
                assert dest.read_bytes() == library.read_bytes()


def test_a_part_registered_as_unchanging_is_serialised_once(tmp_path, monkeypatch):
    import docx

    document = docx.Document()
    styles = next(part for part in document.part.package.iter_parts()
                  if part.partname.endswith("/styles.xml"))
    office_zip.serialise_once([styles])
    calls = []
    real_blob = type(styles).blob
    monkeypatch.setattr(type(styles), "blob",
                        property(lambda part: calls.append(part) or real_blob.fget(part)))

    office_zip.write_docx(document, tmp_path / "a.docx", WHEN)
    office_zip.write_docx(document, tmp_path / "b.docx", WHEN)

    assert calls.count(styles) == 1
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_files_zipped_with_known_digests_are_what_zipfile_writes(tmp_path):
    """The bundle's zip: files stored as they are (copied by the kernel, with the CRC-32 the
    worker computed), the manifest deflated; the bytes `zipfile` gives for the same members."""
    from generator.output import digest_of
    from generator.render.office_zip import zip_files

    stored = []
    for i, size in enumerate((0, 1, 70_000, 1_500_000)):
        path = tmp_path / f"pack-{i}.pdf"
        path.write_bytes(os.urandom(size))
        stored.append(path)
    manifest = b'{"files": []}\n' * 50
    members = [("会议/manifest.json", manifest, None)]
    members += [(f"会议/units/{p.name}", p, digest_of(p)) for p in stored]

    zip_files(tmp_path / "bundle.zip", members, WHEN)

    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, source, digest in members:
            info = zipfile.ZipInfo(name, date_time=(WHEN.year, WHEN.month, WHEN.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if digest else zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, source if isinstance(source, bytes) else source.read_bytes())
    assert (tmp_path / "bundle.zip").read_bytes() == expected.getvalue()


def test_a_file_that_changed_after_its_digest_is_refused(tmp_path):
    from generator.output import digest_of
    from generator.render.office_zip import zip_files

    path = tmp_path / "a.pdf"
    path.write_bytes(b"x" * 1000)
    digest = digest_of(path)
    path.write_bytes(b"x" * 10)

    with pytest.raises(OSError, match="changed"):
        zip_files(tmp_path / "bundle.zip", [("a.pdf", path, digest)], WHEN)
