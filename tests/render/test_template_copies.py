"""Template packages are parsed once and copied: copies are independent, edits are seen."""

from __future__ import annotations

import os
import shutil

import docx

from generator.render.template_copies import fresh_copy
from generator.theme import TEMPLATES_DIR


def test_copies_are_independent_of_each_other(tmp_path):
    template = tmp_path / "t.docx"
    shutil.copy(TEMPLATES_DIR / "default.docx", template)

    first = fresh_copy(template, docx.Document)
    first.add_paragraph("only in the first copy")
    second = fresh_copy(template, docx.Document)

    assert "only in the first copy" not in [p.text for p in second.paragraphs]
    assert first.part is not second.part


def test_an_edited_template_is_read_again(tmp_path):
    template = tmp_path / "t.docx"
    shutil.copy(TEMPLATES_DIR / "default.docx", template)
    before = fresh_copy(template, docx.Document)
    assert before.core_properties.title == "Plan briefing template"

    edited = docx.Document(str(template))
    edited.core_properties.title = "House template, revised"
    edited.save(str(template))
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    assert fresh_copy(template, docx.Document).core_properties.title == \
        "House template, revised"
