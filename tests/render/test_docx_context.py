"""The DOCX render context: one per theme, nothing leaks between themes, languages or reports."""

from __future__ import annotations

import zipfile

import pytest

from generator.render import docx as renderer
from generator.render.template_copies import shared_parts
from generator.reports import build_briefing, build_status_report
from generator.reports.unit_pack import build_unit_pack
from generator.theme import TEMPLATES_DIR, load_theme


def document_xml(path) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def hant_status(status):

    from generator.indicators import analyse
    from generator.script_convert import to_script

    return analyse(to_script(status.plan, "zh-Hant"), as_of=status.as_of)


@pytest.mark.parametrize("kind", ["briefing", "status"])
def test_a_theme_rendered_after_another_gives_what_it_gives_alone(tmp_path, sample_status, zh,
                                                                   kind):
    """Default theme, then the official (GB/T 9704) theme, in one process: the official
    document is the one rendered alone, and the default one is unchanged after it."""
    build = {"briefing": build_briefing, "status": build_status_report}[kind]
    report = build(sample_status, zh)
    default, official = load_theme(), load_theme(TEMPLATES_DIR / "official.yaml")

    renderer.render(report, renderer.preload(official), tmp_path / "official-alone.docx")
    renderer.render(report, renderer.preload(default), tmp_path / "default-alone.docx")
    both = {"default": renderer.preload(default), "official": renderer.preload(official)}
    renderer.render(report, both["default"], tmp_path / "default-1.docx")
    renderer.render(report, both["official"], tmp_path / "official-2.docx")
    renderer.render(report, both["default"], tmp_path / "default-3.docx")

    assert document_xml(tmp_path / "official-2.docx") == \
        document_xml(tmp_path / "official-alone.docx")
    assert document_xml(tmp_path / "default-3.docx") == \
        document_xml(tmp_path / "default-alone.docx")
    assert document_xml(tmp_path / "default-1.docx") != \
        document_xml(tmp_path / "official-2.docx")


def test_a_language_rendered_after_another_gives_what_it_gives_alone(tmp_path, sample_status,
                                                                     zh):
    """zh-Hans then zh-Hant with one context (stamps and tables are drawn per language):
    the zh-Hant document is the one a fresh context gives, and it names Traditional faces."""
    from generator.i18n import Labels

    hans = build_status_report(sample_status, zh)
    hant = build_status_report(hant_status(sample_status), Labels("zh-Hant"))
    shared = renderer.preload(load_theme())

    renderer.render(hans, shared, tmp_path / "hans.docx")
    renderer.render(hant, shared, tmp_path / "hant-after.docx")
    renderer.render(hant, renderer.preload(load_theme()), tmp_path / "hant-alone.docx")

    after = document_xml(tmp_path / "hant-after.docx")
    assert after == document_xml(tmp_path / "hant-alone.docx")
    assert b'w:eastAsia="zh-TW"' in after and b'w:eastAsia="zh-CN"' not in after


def test_tables_from_the_context_s_cache_are_the_ones_drawn_afresh(tmp_path, sample_status, zh):
    """A unit pack whose tables reuse styled tables (other column widths) cached while
    rendering other packs is the pack a fresh context writes."""
    packs = [build_unit_pack(sample_status, zh, unit) for unit in sample_status.units
             if unit.lead][:4]
    shared = renderer.preload(load_theme())
    for i, pack in enumerate(packs):
        renderer.render(pack, shared, tmp_path / f"shared-{i}.docx")

    for i, pack in enumerate(packs):
        renderer.render(pack, renderer.preload(load_theme()), tmp_path / f"alone-{i}.docx")
        assert document_xml(tmp_path / f"shared-{i}.docx") == \
            document_xml(tmp_path / f"alone-{i}.docx"), i


def test_a_plain_theme_works_as_the_context(tmp_path, sample_status, zh):
    report = build_briefing(sample_status, zh)

    renderer.render(report, load_theme(), tmp_path / "theme.docx")
    renderer.render(report, renderer.preload(load_theme()), tmp_path / "context.docx")

    assert document_xml(tmp_path / "theme.docx") == document_xml(tmp_path / "context.docx")


def test_shared_template_parts_stay_as_the_template_has_them(tmp_path, sample_status, zh):
    """The parts every copy shares with the context's parsed template (styles, theme,
    numbering …) serialise to the same bytes after every report kind."""
    context = renderer.preload(load_theme())
    parts = shared_parts(context.template.package, renderer.TEMPLATE.shared_types)
    before = {str(part.partname): part.blob for part in parts}
    reports = [build_briefing(sample_status, zh), build_status_report(sample_status, zh),
               build_unit_pack(sample_status, zh, next(u for u in sample_status.units
                                                      if u.lead))]

    for i, report in enumerate(reports):
        renderer.render(report, context, tmp_path / f"{i}.docx")

    assert len(before) >= 5
    assert {str(part.partname): part.blob for part in parts} == before


def test_a_template_without_the_needed_styles_fails_at_preload(tmp_path):
    from dataclasses import replace

    import docx

    from generator.errors import TemplateError

    bare = tmp_path / "bare.docx"
    docx.Document().save(str(bare))
    theme = replace(load_theme(), docx_template=bare)

    with pytest.raises(TemplateError, match="Cover Line"):
        renderer.preload(theme)


def test_tables_written_from_the_cached_shell_carry_their_own_widths(tmp_path, sample_status,
                                                                     zh):
    """Later tables are written as text from the first one's shell: each has its own column
    widths, in its grid and in every cell, header and rows alike (to the twip: the grid is
    truncated to twips, a cell's width rounded, as python-docx writes them)."""
    import docx

    dest = tmp_path / "status.docx"
    renderer.render(build_status_report(sample_status, zh), renderer.preload(load_theme()),
                    dest)

    grids = set()
    for table in docx.Document(dest).tables[1:]:  # after the key figures
        grid = tuple(col.width for col in table.columns)
        grids.add(grid)
        for row in table.rows:
            assert all(abs(cell.width - width) <= 635
                       for cell, width in zip(row.cells, grid, strict=True))
    assert len(grids) > 1  # tables of other widths than the first
