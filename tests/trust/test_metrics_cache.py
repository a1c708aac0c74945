"""Class 10: the font metrics cache is data (JSON and arrays), checked, rebuilt on any
mismatch; a planted pickle or a corrupt file never runs and never breaks a PDF build."""

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
    assert len(files) == 1 and files[0].suffix == ".json"
    return files[0]


def test_the_cache_is_json_and_gives_the_metrics_reportlab_reads(cache):
    fresh = metrics(cached_ttfont("A", FONT))

    document = json.loads(only_file(cache).read_bytes())
    again = metrics(cached_ttfont("B", FONT))

    assert document["format"] == metrics_cache.FORMAT
    assert again == fresh


CORRUPTIONS = {
    "planted-pickle": lambda path: path.write_bytes(pickle.dumps({"numGlyphs": 1})),
    "truncated": lambda path: path.write_bytes(path.read_bytes()[:1000]),
    "empty": lambda path: path.write_bytes(b""),
    "not-json": lambda path: path.write_bytes(b"\x80\x04\x95garbage"),
    "edited-width": lambda path: path.write_text(
        path.read_text().replace('"ascent": ', '"ascent": 1'), encoding="utf-8"),
    "another-version": lambda path: path.write_text(
        path.read_text().replace(f'"version": {metrics_cache.VERSION}', '"version": 99'),
        encoding="utf-8"),
    "another-font-key": lambda path: path.write_text(
        path.read_text().replace("LiberationSans", "Other"), encoding="utf-8"),
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
        assert metrics_cache.read(path, json.loads(path.read_bytes())["key"])


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
