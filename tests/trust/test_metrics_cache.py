"""Class 10: the font metrics cache is data (a JSON header and raw arrays), checked, rebuilt on
any mismatch; a planted pickle or a corrupt file never runs and never breaks a PDF build."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from generator.render import metrics_cache
from generator.render.pdf_text import cached_ttfont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")
pytestmark = pytest.mark.skipif(not FONT.is_file(), reason="fonts-liberation2 not installed")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PLAN_BRIEFING_FONT_DIR", str(tmp_path))
    return tmp_path / "metrics"


def metrics(font) -> tuple:
    face = font.face
    return (face.charToGlyph, face.charWidths, list(face.hmetrics), list(face.glyphPos),
            face.numGlyphs, face.name, face.ascent, face.glyphToChar)


def only_file(cache: Path) -> Path:
    files = list(cache.iterdir())
    assert len(files) == 1 and files[0].suffix == metrics_cache.SUFFIX
    return files[0]


def key_of(path: Path) -> str:
    return json.loads(path.read_bytes().partition(b"\n")[0])["key"]


def test_the_cache_is_a_json_header_and_arrays_and_gives_the_metrics_reportlab_reads(cache):
    fresh = metrics(cached_ttfont("A", FONT))

    data = only_file(cache).read_bytes()
    document = json.loads(data.partition(b"\n")[0])
    again = metrics(cached_ttfont("B", FONT))

    assert document["format"] == metrics_cache.FORMAT
    assert set(document) == {"format", "version", "key", "byteorder", "scalars", "arrays"}
    assert again == fresh


def replaced(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def flipped_table_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01  # a width or glyph position in the tables, not the header
    path.write_bytes(bytes(data))


CORRUPTIONS = {
    "planted-pickle": lambda path: path.write_bytes(pickle.dumps({"numGlyphs": 1})),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:1000]),
    "empty": lambda path: path.write_bytes(b""),
    "not-json": lambda path: path.write_bytes(b"\x80\x04\x95garbage"),
    "edited-ascent": lambda path: replaced(path, b'"ascent": ', b'"ascent": 1'),
    "edited-table": flipped_table_byte,
    "another-version": lambda path: replaced(
        path, f'"version": {metrics_cache.VERSION}'.encode(), b'"version": 99'),
    "another-font-key": lambda path: replaced(path, b"LiberationSans", b"Other"),
    "another-byte-order": lambda path: replaced(path, b'"byteorder": "', b'"byteorder": "x'),
    "a-folder": lambda path: (path.unlink(), path.mkdir()),
    "a-fifo": lambda path: (path.unlink(), __import__("os").mkfifo(path)),
    "json-list": lambda path: path.write_text("[1, 2, 3]", encoding="utf-8"),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_bad_cache_file_is_ignored_and_rebuilt(case, cache):
    expected = metrics(cached_ttfont("C", FONT))
    path = only_file(cache)

    CORRUPTIONS[case](path)
    again = metrics(cached_ttfont("D", FONT))

    assert again == expected
    if path.is_file():
        assert metrics_cache.read(path, key_of(path))


def test_a_planted_pickle_is_never_unpickled(cache, monkeypatch):
    cached_ttfont("E", FONT)
    path = only_file(cache)
    path.write_bytes(pickle.dumps({"x": 1}))
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("unpickled"))

    assert cached_ttfont("F", FONT).face.numGlyphs > 100


def test_a_read_only_cache_folder_only_costs_time(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("PLAN_BRIEFING_FONT_DIR", str(folder))
    try:
        assert cached_ttfont("G", FONT).face.numGlyphs > 100
    finally:
        folder.chmod(0o700)


def test_cached_side_bearings_read_as_reportlabs_list(cache):
    from reportlab.pdfbase.ttfonts import TTFontFace

    own = TTFontFace(str(FONT)).hmetrics
    cached_ttfont("H", FONT)
    pairs = cached_ttfont("I", FONT).face.hmetrics

    assert isinstance(pairs, metrics_cache.Pairs)
    assert len(pairs) == len(own) and pairs[0] == own[0] and pairs[-1] == own[-1]
    assert pairs[len(own) // 2] == own[len(own) // 2] and pairs == own
    with pytest.raises(IndexError):
        pairs[len(own)]


def test_cached_side_bearings_index_from_the_end_as_a_list_does(cache):
    from reportlab.pdfbase.ttfonts import TTFontFace

    own = TTFontFace(str(FONT)).hmetrics
    cached_ttfont("J", FONT)
    pairs = cached_ttfont("K", FONT).face.hmetrics

    for index in (-1, -2, -len(own)):
        assert pairs[index] == own[index]
    for index in (len(own), -len(own) - 1):
        with pytest.raises(IndexError):
            pairs[index]
