"""Template packages are parsed once and copied: copies are independent, edits are seen."""

from __future__ import annotations

import os
import shutil

import docx

from generator.render.template_copies import OfficeTemplate
from generator.theme import TEMPLATES_DIR

WORD = OfficeTemplate("docx", docx.Document, frozenset())


def test_copies_are_independent_of_each_other(tmp_path):
    template = tmp_path / "t.docx"
    shutil.copy(TEMPLATES_DIR / "default.docx", template)

    loaded = WORD.load(template)
    first = loaded.fresh()
    first.add_paragraph("only in the first copy")
    second = loaded.fresh()

    assert "only in the first copy" not in [p.text for p in second.paragraphs]
    assert first.part is not second.part


def test_an_edited_template_is_read_again(tmp_path):
    template = tmp_path / "t.docx"
    shutil.copy(TEMPLATES_DIR / "default.docx", template)
    loaded = WORD.load(template)
    before = loaded.fresh()
    assert loaded.is_current()
    assert before.core_properties.title == "Plan briefing template"

    edited = docx.Document(str(template))
    edited.core_properties.title = "House template, revised"
    edited.save(str(template))
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))

    assert not loaded.is_current()
    assert WORD.load(template).fresh().core_properties.title == "House template, revised"


def test_an_edited_slide_template_changes_the_next_deck_in_the_same_process(tmp_path,
                                                                             sample_status, zh):
    """Slide and shape prototypes are keyed by the template file's identity: a template edited
    between two builds in one process is not served from the first build's prototypes."""
    import pptx

    from generator.render import pptx as pptx_render
    from generator.reports.unit_pack import build_unit_pack
    from generator.theme import load_theme

    folder = tmp_path / "theme"
    folder.mkdir()
    shutil.copy(TEMPLATES_DIR / "theme.yaml", folder / "theme.yaml")
    shutil.copy(TEMPLATES_DIR / "default.pptx", folder / "default.pptx")
    shutil.copy(TEMPLATES_DIR / "default.docx", folder / "default.docx")
    report = build_unit_pack(sample_status, zh, next(u for u in sample_status.units if u.lead))

    pptx_render.render(report, load_theme(folder / "theme.yaml"), tmp_path / "a.pptx")
    template = pptx.Presentation(str(folder / "default.pptx"))
    layout = next(lo for lo in template.slide_layouts if lo.name == "Title Slide")
    subtitle = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    subtitle._element.getparent().remove(subtitle._element)  # the cover lines need a text box
    template.save(str(folder / "default.pptx"))
    stat = (folder / "default.pptx").stat()
    os.utime(folder / "default.pptx", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    pptx_render.render(report, load_theme(folder / "theme.yaml"), tmp_path / "b.pptx")

    def cover_placeholders(path):
        cover = pptx.Presentation(str(path)).slides[0]
        return sorted(ph.placeholder_format.idx for ph in cover.placeholders)

    assert cover_placeholders(tmp_path / "a.pptx") == [0, 1]
    assert cover_placeholders(tmp_path / "b.pptx") == [0]
    cover = pptx.Presentation(str(tmp_path / "b.pptx")).slides[0]
    assert any(report.cover.lines[0] in shape.text_frame.text for shape in cover.shapes
               if shape.has_text_frame and not shape.is_placeholder)


def test_shared_template_parts_stay_as_the_template_has_them(tmp_path, sample_status, zh):
    """Parts a copy shares with the parsed template (styles, theme, masters, layouts …) are
    never changed by rendering: after every report kind in both Office formats, each shared
    part's XML serialises to the bytes it had before (and to the bytes saves reuse, see
    `library_hooks.serialised_once`), and the renderers share some parts at all."""
    from lxml import etree

    from generator.render import docx as docx_render
    from generator.render import pptx as pptx_render
    from generator.render.library_hooks import element_of
    from generator.render.template_copies import shared_parts
    from generator.reports import build_briefing, build_status_report
    from generator.reports.unit_pack import build_unit_pack
    from generator.theme import load_theme

    theme = load_theme()
    reports = [build_briefing(sample_status, zh), build_status_report(sample_status, zh),
               build_unit_pack(sample_status, zh, next(u for u in sample_status.units
                                                      if u.lead))]
    contexts = {docx_render: docx_render.preload(theme), pptx_render: pptx_render.preload(theme)}

    def serialised(part) -> bytes:
        try:
            return etree.tostring(element_of(part), encoding="UTF-8", standalone=True)
        except TypeError:  # a picture or other binary part
            return part.blob

    def shared_blobs(module) -> dict[str, bytes]:
        prototype = contexts[module].template.package
        return {str(part.partname): serialised(part)
                for part in shared_parts(prototype, module.TEMPLATE.shared_types)}

    before = {module: shared_blobs(module) for module in contexts}
    assert all(len(blobs) >= 5 for blobs in before.values())

    for i, report in enumerate(reports):
        for module, context in contexts.items():
            module.render(report, context, tmp_path / f"{i}.{module.__name__[-4:]}")

    for module in contexts:
        assert shared_blobs(module) == before[module]
        kept = {str(part.partname): part.blob for part in shared_parts(
            contexts[module].template.package, module.TEMPLATE.shared_types)}
        assert kept == before[module]


def test_members_written_anew_are_not_kept_between_saves(tmp_path):
    import zipfile

    from generator.render.docx import TEMPLATE
    from generator.render.office_zip import FAST_LEVEL, LEVEL, _deflate

    template = tmp_path / "t.docx"
    shutil.copy(TEMPLATES_DIR / "default.docx", template)
    loaded = TEMPLATE.load(template)
    data = zipfile.ZipFile(template).read("word/document.xml") * 20

    assert "word/styles.xml" in loaded.saved.names  # shared with every copy: kept
    assert "word/document.xml" not in loaded.saved.names  # every report's own
    assert loaded.saved.deflated("word/document.xml", data)[1] == _deflate(data, FAST_LEVEL)
    assert loaded.saved.deflated("word/styles.xml", data)[1] == _deflate(data, LEVEL)
    assert FAST_LEVEL != LEVEL
