"""`library_hooks.serialised_once`: a shared part serialises its blob and its relationships once;
the bytes a package saves stay those of the library's own save."""

from __future__ import annotations

import io
import zipfile

import docx
import pptx
import pytest

from generator.render.library_hooks import serialised_once


def _members(document) -> dict[str, bytes]:
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("library", ["python-docx", "python-pptx"])
def test_a_part_serialises_once_and_saves_what_the_library_saves(library):
    document = docx.Document() if library == "python-docx" else pptx.Presentation()
    before = _members(document)
    parts = [part for part in document.part.package.iter_parts() if len(part.rels)]
    part = parts[0]

    serialised_once(parts)
    serialised_once(parts)  # a second call changes nothing

    assert part.blob is part.blob and part.rels.xml is part.rels.xml
    assert isinstance(part, type(part).__mro__[1]) and type(part).__name__ == \
        type(part).__mro__[1].__name__
    assert _members(document) == before


def test_a_part_not_handed_over_serialises_at_every_save():
    document = pptx.Presentation()
    layouts = [layout.part for layout in document.slide_layouts]

    serialised_once(layouts[:1])

    assert layouts[0].blob is layouts[0].blob
    assert layouts[1].blob is not layouts[1].blob
