"""DOCX output read back: content, styles, Chinese font slots, properties, tables, chart."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn

from generator.render.docx import fill_rows

from ..conftest import normalise

STATUS = "shanghai-ip-2020-status.docx"
BRIEFING = "shanghai-ip-2020-briefing.docx"


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_every_seed_task_is_in_the_status_report(sample_out, seed_tasks):
    document = docx.Document(sample_out / STATUS)
    cells = {normalise(c.text) for t in document.tables for r in t.rows for c in r.cells}

    assert [t for t in seed_tasks if t not in cells] == []


def test_headings_use_the_template_styles(sample_out):
    document = docx.Document(sample_out / STATUS)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    assert headings[0] == "总体概况"
    assert "五、夯实多方位知识产权发展基础" in headings
    assert headings[-1] == "各单位任务汇总"


def test_runs_carry_east_asian_font_and_language(sample_out):
    document = docx.Document(sample_out / BRIEFING)
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]

    assert runs
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Microsoft YaHei"
        assert not [a for a in fonts.attrib if a.endswith("Theme")]
        assert run._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_table_header_repeats_and_rows_do_not_split(sample_out):
    document = docx.Document(sample_out / STATUS)
    table = document.tables[1]

    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows[1:])
    assert [c.text for c in table.rows[0].cells][:3] == ["序号", "重点任务", "牵头单位"]


def test_properties_come_from_the_plan(sample_out):
    props = docx.Document(sample_out / BRIEFING).core_properties

    assert props.author == "上海市知识产权联席会议办公室"
    assert props.title == "2020年上海市知识产权工作计划 会议简报"
    assert props.created.date().isoformat() == "2020-09-30"
    assert props.last_modified_by != "python-docx"


def test_briefing_has_a_native_chart_and_page_fields(sample_out):
    with zipfile.ZipFile(sample_out / BRIEFING) as archive:
        names = archive.namelist()
        footer = "".join(archive.read(n).decode() for n in names if n.startswith("word/footer"))
        chart = archive.read("word/charts/chart1.xml").decode()

    assert any(n.startswith("word/embeddings/") for n in names)
    assert "NUMPAGES" in footer and " PAGE " in footer
    assert "一、加强高质量知识产权制度供给" in chart


def reopen(document):
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def row_signature(table) -> list:
    """Text, bold, colour and shading of every cell, from the XML."""
    out = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            runs = cell.paragraphs[0].runs
            shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
            cells.append((cell.text, bool(runs and runs[0].bold),
                          str(runs[0].font.color.rgb) if runs and runs[0].font.color.rgb else None,
                          shd.get(qn("w:fill")) if shd is not None else None))
        out.append(cells)
    return out


def test_fill_rows_gives_the_same_content_as_the_plain_api():
    rows = [[("1.1", None), ("任务甲 <&>", "C62828")], [("1.2", None), ("任务乙\n第二行", None)],
            [("1.3", None), (" 空格 ", None)]]
    fast = docx.Document()
    table = fast.add_table(rows=1, cols=2)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].add_run("")
    fill_rows(table.rows[0]._tr, rows, "F3F6FA", fast.part)

    plain = docx.Document()
    reference = plain.add_table(rows=0, cols=2)
    for index, row in enumerate(rows):
        cells = reference.add_row().cells
        for cell, (text, colour) in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(text)
            if colour:
                run.bold = True
                run.font.color.rgb = docx.shared.RGBColor.from_string(colour)
            if index % 2 == 1:
                shd = docx.oxml.parse_xml(
                    f'<w:shd {docx.oxml.ns.nsdecls("w")} w:val="clear" w:color="auto" '
                    'w:fill="F3F6FA"/>')
                cell._tc.get_or_add_tcPr().append(shd)

    assert row_signature(reopen(fast).tables[0]) == row_signature(reopen(plain).tables[0])
    assert reopen(fast).tables[0].rows[1].cells[1].text == "任务乙\n第二行"


def test_status_report_contents_field_shows_page_numbers_without_an_update_prompt(sample_out):
    with zipfile.ZipFile(sample_out / STATUS) as archive:
        body = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    entries = [p.text for p in docx.Document(sample_out / STATUS).paragraphs if "\t" in p.text]

    assert 'TOC \\o "1-1"' in body
    assert "updateFields" not in settings
    assert len(entries) >= 5
    pages = [int(text.rsplit("\t", 1)[1]) for text in entries]
    assert pages == sorted(pages) and pages[0] >= 2


def test_style_ids_are_the_ones_python_docx_gives_by_name():
    from generator.render.docx_styles import style_ids
    from generator.theme import TEMPLATES_DIR

    for template in ("default.docx", "official.docx", "examples/briefing-fill.docx"):
        document = docx.Document(str(TEMPLATES_DIR / template))
        expected = {s.name: s.style_id for s in document.styles if s.name is not None}
        assert style_ids(document.styles.element) == expected, template


def test_table_rows_hold_together_at_page_breaks(sample_out):
    """The header keeps with the first row, the first row with the second, and the last row
    never starts a page alone (w:keepNext on those rows' paragraphs); other rows may break."""
    document = docx.Document(str(sample_out / "shanghai-ip-2020-status.docx"))
    table = max(document.tables, key=lambda t: len(t.rows))
    assert len(table.rows) >= 5

    def keeps(row) -> list[bool]:
        return [p._p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
                for cell in row.cells for p in cell.paragraphs]

    rows = table.rows
    assert all(keeps(rows[0])) and all(keeps(rows[1])) and all(keeps(rows[-2]))
    assert not any(keeps(rows[-1])) and not any(keeps(rows[2]))


def test_a_long_cover_title_breaks_at_a_natural_place(sample_out):
    """Word filled the first line and left "进会" alone on the second."""
    document = docx.Document(sample_out / "shanghai-ip-2020-briefing.docx")
    title = next(p for p in document.paragraphs if p.style.name == "Title")

    assert title.text == "2020年上海市知识产权联席会议\n第三季度工作推进会"
    assert len(title._p.findall(f"{qn('w:r')}/{qn('w:br')}")) == 1


def test_running_header_and_footer_copied_from_a_stamp_are_drawn_the_same(sample_status, zh):
    """The header and footer paragraphs come from a stamp drawn once per look; for texts with
    markup characters, without a marking or with odd spacing they are what drawing them
    directly gives."""
    from dataclasses import replace

    from lxml import etree

    from generator.render import docx as renderer
    from generator.render.docx_running import (
        draw_footer,
        draw_header,
        page_label_pieces,
        write_header_footer,
    )
    from generator.reports import build_briefing
    from generator.theme import load_theme

    context = renderer.preload(load_theme())
    base = build_briefing(sample_status, zh)
    infos = [base.info,
             replace(base.info, marking="内部 <资料> & “注意”", header="A & B <c> 'd'"),
             replace(base.info, marking=None, header="无密级"),
             replace(base.info, marking=" 内部 ", page_label="第 {page} 页\t共 {pages} 页")]
    for info in infos:
        report = replace(base, info=info)
        stamped = renderer._Writer(context.template.fresh(), report, context)
        write_header_footer(stamped, stamped.document.sections[0])
        direct = renderer._Writer(context.template.fresh(), report, context)
        section = direct.document.sections[0]
        section.different_first_page_header_footer = report.cover.full_page
        heading = info.header.replace(info.marking or "\0", "", 1).strip()
        draw_header(direct, section.header.paragraphs[0], info.marking or "", heading)
        draw_footer(direct, section.footer.paragraphs[0], page_label_pieces(direct))

        for part in ("header", "footer"):
            got = getattr(stamped.document.sections[0], part).paragraphs[0]._p
            want = getattr(section, part).paragraphs[0]._p
            assert etree.tostring(got) == etree.tostring(want), (part, info.marking)
        texts = stamped.document.sections[0].header.paragraphs[0].text
        assert heading in texts and (info.marking or "") in texts


def test_office_properties_name_the_generator_and_the_plan_s_own_words(sample_out):
    for name in (STATUS, "shanghai-ip-2020-status.pptx"):
        with zipfile.ZipFile(sample_out / name) as package:
            app = package.read("docProps/app.xml").decode()
            core = package.read("docProps/core.xml").decode()
            names = package.namelist()

        assert "<Application>plan-briefing</Application>" in app
        assert not any(tag in app for tag in ("<Pages>", "<Words>", "<Slides>", "Microsoft"))
        assert not any("thumbnail" in n for n in names)  # no picture of a blank page
        assert "加强高质量知识产权制度供给" in core  # keywords: the areas, in Chinese


def test_table_columns_follow_their_texts_and_keep_dates_whole(sample_out):
    document = docx.Document(sample_out / STATUS)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    headers = [c.text for c in table.rows[0].cells]
    width = dict(zip(headers, grid, strict=True))

    size = document.styles["Table Text"].font.size.pt
    # 2020年12月31日 (7.5 em), a quarter em where digits meet 汉字, and the cell margins
    assert width["完成时限"] >= ((7.48 + 5 * 0.25) * size + 6) * 20
    cell_ppr = table.rows[1].cells[4].paragraphs[0]._p.pPr
    assert cell_ppr.find(qn("w:autoSpaceDN")).get(qn("w:val")) == "0"
    assert width["重点任务"] > width["完成时限"] and width["重点任务"] > width["牵头单位"]
    assert width["序号"] < width["牵头单位"]


def test_the_theme_font_language_is_the_documents_not_japanese(tmp_path, sample_status, zh):
    """python-docx's default template says eastAsia="ja-JP" in the settings: suites then pick
    Japanese glyph forms for the theme fonts. The written document names its own language."""
    from generator.i18n import Labels
    from generator.render import docx as renderer
    from generator.reports import build_briefing
    from generator.theme import load_theme

    for language, tag in (("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW")):
        dest = tmp_path / f"{language}.docx"
        renderer.render(build_briefing(sample_status, Labels(language)), load_theme(), dest)
        settings = zipfile.ZipFile(dest).read("word/settings.xml").decode()
        assert f'w:eastAsia="{tag}"' in settings and "ja-JP" not in settings
