"""Class 8 (themes): values of the wrong type or range are refused with the theme file and the
key named, before any file is written."""

from __future__ import annotations

import shutil
import struct
import zlib

import pytest

from generator.cli import main
from generator.theme import DEFAULT_THEME, TEMPLATES_DIR

from ..conftest import ENGLISH

CASES = {
    "sizes-as-list": ("  sizes: { title: 22,", "  sizes: [10, 12]\n  unused: { title: 22,",
                      "pdf.sizes"),
    "size-zero": ("body: 10,", "body: 0,", "pdf.sizes.body"),
    "size-negative": ("body: 10,", "body: -3,", "pdf.sizes.body"),
    "size-text": ("body: 10,", "body: ten,", "pdf.sizes.body"),
    "size-huge": ("body: 10,", "body: 100000,", "pdf.sizes.body"),
    "size-bool": ("body: 10,", "body: true,", "pdf.sizes.body"),
    "size-unknown-key": ("body: 10,", "bodyy: 10,", "pdf.sizes.bodyy"),
    "margin-zero": ("top: 22,", "top: 0,", "pdf.margins_mm.top"),
    "margin-negative": ("top: 22,", "top: -5,", "pdf.margins_mm.top"),
    "margin-huge": ("top: 22,", "top: 5000,", "pdf.margins_mm.top"),
    "margins-as-text": ("  margins_mm: { top: 22, bottom: 20, left: 20, right: 20 }",
                        "  margins_mm: wide", "pdf.margins_mm"),
    "latin-as-list": ('  latin: "Arial"', "  latin: [Arial]", "office_fonts.latin"),
    "east-asian-as-mapping": ('  east_asian: "Microsoft YaHei"', "  east_asian: {a: 1}",
                              "office_fonts.east_asian"),
    "page-size-unknown": ('  page_size: "A4"', '  page_size: "B5"', "pdf.page_size"),
    "page-size-number": ('  page_size: "A4"', "  page_size: 4", "pdf.page_size"),
    "font-number": ('  font: "noto-sans-sc"', "  font: 7", "pdf.font"),
    "header-list": ("pdf:\n", "pdf:\n  header: [a, b]\n", "pdf.header"),
    "leading-zero": ("pdf:\n", "pdf:\n  leading_pt: 0\n", "pdf.leading_pt"),
    "leading-text": ("pdf:\n", "pdf:\n  leading_pt: wide\n", "pdf.leading_pt"),
    "orientation-unknown": ("name: default\n", "name: default\norientation: sideways\n",
                            "orientation"),
    "colours-as-list": ("colours:\n", "colours: [1]\nold_colours:\n", "colours"),
    "letterhead-as-text": ("pdf:\n", "pdf:\n  letterhead: hello\n", "pdf.letterhead"),
}


def theme_with(tmp_path, old: str, new: str, files: dict[str, bytes] | None = None):
    folder = tmp_path / "theme"
    folder.mkdir()
    for name in ("default.docx", "default.pptx"):
        shutil.copyfile(TEMPLATES_DIR / name, folder / name)
    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)
    text = DEFAULT_THEME.read_text(encoding="utf-8")
    assert old in text, old
    (folder / "theme.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder / "theme.yaml"


def refused(tmp_path, capsys, theme, key: str) -> str:
    out = tmp_path / "out"
    for extra in ([], ["--per", "unit"]):
        code = main(["build", str(ENGLISH), "--theme", str(theme), "--out", str(out),
                     "--jobs", "1", *extra])
        err = capsys.readouterr().err
        assert code == 2, err
        assert str(theme) in err and key in err, err
        assert "Traceback" not in err
        assert not out.exists()
    return err


@pytest.mark.parametrize("case", sorted(CASES))
def test_wrong_values_are_refused_with_file_and_key(tmp_path, capsys, case):
    old, new, key = CASES[case]

    refused(tmp_path, capsys, theme_with(tmp_path, old, new), key)


def png(width: int, height: int) -> bytes:
    """A PNG header claiming `width` × `height` pixels (its data never decoded)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


LOGOS = {
    "text-named-png": (b"not an image at all", "is not an image"),
    "decompression-bomb": (png(60_000, 60_000), "pixels"),
    "too-many-pixels": (png(6_000, 6_000), "pixels"),
    "empty": (b"", "is not an image"),
    "svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not an image"),
}


@pytest.mark.parametrize("case", sorted(LOGOS))
def test_a_logo_that_is_not_a_usable_image_is_refused(tmp_path, capsys, case):
    data, message = LOGOS[case]
    theme = theme_with(tmp_path, "pdf:\n", 'pdf:\n  letterhead: { text: "x", logo: "logo.png" }\n',
                       {"logo.png": data})

    err = refused(tmp_path, capsys, theme, "pdf.letterhead.logo")

    assert message in err


def test_a_good_logo_and_the_official_theme_still_load():
    from PIL import Image  # noqa: F401 - reportlab's dependency

    from generator.theme import load_theme

    assert load_theme(TEMPLATES_DIR / "official.yaml").pdf_leading == 28.95
    assert load_theme().pdf_sizes["body"] == 10
