"""Rebuilds templates/default.docx and templates/default.pptx from the libraries' blank files.

Run `python tools/make_templates.py` after changing the fonts or colours below. The templates
carry styles and layouts only, never content; the renderers refer to them by name.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pptx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree
from pptx.util import Emu

ROOT = Path(__file__).resolve().parent.parent


LATIN = "Arial"
EAST_ASIAN = "Microsoft YaHei"
PRIMARY = RGBColor(0x1F, 0x3A, 0x5F)
ACCENT = RGBColor(0xC8, 0x10, 0x2E)
MUTED = RGBColor(0x66, 0x66, 0x66)


def set_fonts(rpr, size: float | None = None, latin: str | None = None,
              east_asian: str | None = None) -> None:
    """All four font slots, no theme fonts, and the East Asian language on one rPr."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, qn("w:rFonts"))
        rpr.remove(fonts)
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):  # asciiTheme … and cstheme
            del fonts.attrib[attr]
    latin, east_asian = latin or LATIN, east_asian or EAST_ASIAN
    for slot, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian),
                       ("cs", latin)):
        fonts.set(qn(f"w:{slot}"), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def paragraph_style(document, name: str, base: str | None = "Normal", size: float = 10.5,
                    bold: bool = False, colour: RGBColor | None = None, align=None,
                    space_before: float = 0, space_after: float = 4, keep_next: bool = False,
                    line: float | None = None, latin: str | None = None,
                    east_asian: str | None = None):
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base and name != base:
        style.base_style = styles[base]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    if colour is not None:
        style.font.color.rgb = colour
    set_fonts(style.element.get_or_add_rPr(), latin=latin, east_asian=east_asian)
    fmt = style.paragraph_format
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    if line is not None:
        fmt.line_spacing = line
    style.quick_style = True
    return style


KEPT_TABLE_STYLES = {"TableNormal", "TableGrid"}


def drop_unused_table_styles(document) -> None:
    """The blank file's 98 coloured table styles (Light Shading … Colorful Grid - Accent 6) are
    90 % of its styles part (355 KB of 394 KB): every report would parse, re-serialise and
    compress them (≈ 9 ms a file, most of a unit pack's DOCX time). Word lists its built-in
    table styles whether or not the file defines them, so nothing is lost to an author."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and \
                style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES:
            styles.remove(style)


def make_docx(target: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    styles_el = document.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr)
    paragraph_style(document, "Normal", None, 10.5, line=1.3)
    paragraph_style(document, "Title", "Normal", 22, True, PRIMARY, WD_ALIGN_PARAGRAPH.CENTER,
                    0, 8)
    paragraph_style(document, "Subtitle", "Normal", 14, False, PRIMARY, WD_ALIGN_PARAGRAPH.CENTER,
                    0, 12)
    for level, size in ((1, 15), (2, 12.5), (3, 11)):
        style = paragraph_style(document, f"Heading {level}", "Normal", size, True, PRIMARY,
                                None, 14 if level == 1 else 8, 6, keep_next=True)
        style.paragraph_format.keep_together = True
    paragraph_style(document, "Lead", "Normal", 11.5, space_after=6)
    paragraph_style(document, "Note", "Normal", 9, colour=MUTED, space_after=4)
    paragraph_style(document, "Marking", "Normal", 12, True, ACCENT, WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(document, "Cover Line", "Normal", 11.5, align=WD_ALIGN_PARAGRAPH.CENTER,
                    space_after=4)
    # Table text as the PDF sets it (theme.yaml: 8.5 pt on 1.4 × 8.5 pt lines), exactly: rows
    # as tall in every suite, whatever font it substitutes, and the contents page numbers
    # (taken from the PDF's layout) right.
    table_text = paragraph_style(document, "Table Text", "Normal", 8.5, space_after=0)
    table_text.paragraph_format.line_spacing = Pt(11.9)
    paragraph_style(document, "Table Header", "Table Text", 8.5, True,
                    RGBColor(0xFF, 0xFF, 0xFF), WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(document, "Figure Value", "Normal", 20, True, PRIMARY,
                    WD_ALIGN_PARAGRAPH.CENTER, 2, 0, line=1.0)
    paragraph_style(document, "Figure Label", "Normal", 9, False, MUTED,
                    WD_ALIGN_PARAGRAPH.CENTER, 0, 2)
    paragraph_style(document, "List Bullet", "Normal", 10.5, space_after=3)
    paragraph_style(document, "Header", "Normal", 8.5, colour=MUTED, space_after=0)
    paragraph_style(document, "Footer", "Normal", 8.5, colour=MUTED, space_after=0,
                    align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph_style(document, "Caption", "Normal", 9, colour=MUTED)
    for style in document.styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            set_fonts(rpr)
    drop_unused_table_styles(document)
    # Drop the blank template's stylesWithEffects part (flagged by OOXML validators).
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.author = props.last_modified_by = "plan-briefing"
    props.title = "Plan briefing template"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""
    clean_properties(document)
    document.save(target)


def make_official_docx(source: Path, target: Path) -> None:
    """The Chinese official-document look (GB/T 9704): A4, type area 156 mm × 225 mm, title in
    a song-style heading font (方正小标宋简体), body in 仿宋_GB2312 at 16 pt (三号) on an exact
    28.95 pt line (22 lines), 28 characters a line, level-1 headings in 黑体, level 2 in 楷体."""
    from docx.enum.text import WD_LINE_SPACING

    document = docx.Document(source)
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    black, red = RGBColor(0, 0, 0), RGBColor(0xC0, 0, 0)
    body = "仿宋_GB2312"
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(
        qn("w:rPr"))
    set_fonts(rpr, latin="Times New Roman", east_asian=body)
    normal = paragraph_style(document, "Normal", None, 16, latin="Times New Roman",
                             east_asian=body, space_after=0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28.95)
    for name, size, font, bold, align in (
            ("Title", 22, "方正小标宋简体", False, WD_ALIGN_PARAGRAPH.CENTER),
            ("Subtitle", 16, "楷体_GB2312", False, WD_ALIGN_PARAGRAPH.CENTER),
            ("Heading 1", 16, "黑体", False, None), ("Heading 2", 16, "楷体_GB2312", True, None),
            ("Lead", 16, body, False, None), ("Cover Line", 16, body, False,
                                              WD_ALIGN_PARAGRAPH.CENTER),
            ("Marking", 16, "黑体", False, WD_ALIGN_PARAGRAPH.LEFT),
            ("List Bullet", 16, body, False, None), ("Note", 14, body, False, None)):
        style = paragraph_style(document, name, "Normal", size, bold, red if name == "Marking"
                                else black, align, 0, 0, keep_next=name.startswith("Heading"),
                                latin="Times New Roman", east_asian=font)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(28.95)
    for name, bold in (("Table Text", False), ("Table Header", True)):
        # 五号 (10.5 pt): nine columns fit the 225 mm of a turned type area with the task
        # and note columns wide enough to read (at 12 pt they got four characters a line).
        style = paragraph_style(document, name, "Normal", 10.5, bold, black if not bold else
                                RGBColor(0xFF, 0xFF, 0xFF), None, 0, 0,
                                latin="Times New Roman", east_asian=body)
        # Exact line heights, the PDF's (10.5 pt × 1.4): rows as tall in every suite, whatever
        # font it substitutes, and as in the PDF whose pages the contents page numbers.
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(14.7)
    for tag in ("w:sz", "w:szCs"):  # the character grid's pitch follows the default size
        element = rpr.find(qn(tag))
        if element is None:
            element = etree.SubElement(rpr, qn(tag))
        element.set(qn("w:val"), "32")
    for name in ("Table Text", "Table Header", "Figure Value", "Figure Label", "Note",
                 "Header", "Footer", "Title", "Subtitle", "Cover Line", "Marking"):
        # Off the 28.95 pt line grid: small text in tables keeps its own line height.
        p_pr = document.styles[name].element.get_or_add_pPr()
        snap = p_pr.find(qn("w:snapToGrid"))
        if snap is None:
            snap = etree.Element(qn("w:snapToGrid"))
            later = {qn(f"w:{t}") for t in ("spacing", "ind", "contextualSpacing", "jc",
                                             "mirrorIndents", "suppressOverlap", "textDirection",
                                             "textAlignment", "outlineLvl", "rPr")}
            successor = next((c for c in p_pr if c.tag in later), None)
            if successor is not None:
                successor.addprevious(snap)
            else:
                p_pr.append(snap)
        snap.set(qn("w:val"), "0")
    official_paragraphs(document)
    note = document.styles["Note"].paragraph_format
    note.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    note.line_spacing = Pt(21)  # the PDF's 14 pt × 1.5
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = etree.SubElement(section._sectPr, qn("w:docGrid"))
    # A line grid of 28.95 pt (22 lines). The 28 characters a line come from condensed
    # character spacing on the body styles (see official_paragraphs), which Word, WPS and
    # LibreOffice all honour the same way; a character grid ("linesAndChars") is laid out
    # differently by LibreOffice (13 characters a line).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")  # 28.95 pt in twentieths
    grid.attrib.pop(qn("w:charSpace"), None)
    document.core_properties.title = "GB/T 9704 official-document template"
    clean_properties(document)
    document.save(target)


GRID_PITCH_PT = 15.75
"""A character of the 28-character GB/T 9704 line: 16 pt condensed by 0.25 pt (28 × 15.75 =
441 pt fit the 442.2 pt type area; 29 would not)."""
CONDENSED = "-5"
"""That condensing, in twentieths of a point (w:spacing on the run properties)."""


def character_spacing(style, value: str) -> None:
    """`w:spacing w:val` on a style's run properties, in schema order (before w:w, w:kern,
    w:position, w:sz …)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    spacing = etree.Element(qn("w:spacing"))
    spacing.set(qn("w:val"), value)
    later = {qn(f"w:{t}") for t in ("w", "kern", "position", "sz", "szCs", "highlight", "u",
                                     "effect", "bdr", "shd", "fitText", "vertAlign", "rtl",
                                     "cs", "em", "lang", "eastAsianLayout", "specVanish",
                                     "oMath")}
    successor = next((c for c in rpr if c.tag in later), None)
    if successor is not None:
        successor.addprevious(spacing)
    else:
        rpr.append(spacing)


def official_paragraphs(document) -> None:
    """GB/T 9704 paragraphs: body (Normal, Lead, List Bullet) justified with a two-character
    first-line indent; headings 黑体 (1), 楷体 (2), bold 仿宋 (3), indented the same and not
    bold; the title with no rule under it; page numbers 4号 宋体; no other style indented."""
    from docx.enum.text import WD_LINE_SPACING

    styles = document.styles
    for name, font, bold in (("Heading 1", "黑体", False), ("Heading 2", "楷体_GB2312", False),
                             ("Heading 3", "仿宋_GB2312", True)):
        style = paragraph_style(document, name, "Normal", 16, bold, RGBColor(0, 0, 0), None, 0,
                                0, keep_next=True, latin="Times New Roman", east_asian=font)
        style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        style.paragraph_format.line_spacing = Pt(28.95)
        style.paragraph_format.keep_together = True
    for name in ("Normal", "Lead", "List Bullet", "Heading 1", "Heading 2", "Heading 3"):
        fmt = styles[name].paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Pt(2 * GRID_PITCH_PT)  # two characters
        character_spacing(styles[name], CONDENSED)
    for name in ("Title", "Subtitle", "Cover Line", "Marking", "Note", "Table Text",
                 "Table Header", "Figure Value", "Figure Label", "Header", "Footer", "Caption"):
        styles[name].paragraph_format.first_line_indent = Pt(0)
        character_spacing(styles[name], "0")
    title = styles["Title"].element.pPr
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)  # Word's blue rule under the title
    bullet = styles["List Bullet"].element.pPr
    for numbering in bullet.findall(qn("w:numPr")):
        bullet.remove(numbering)  # official text has no bullets
    footer = paragraph_style(document, "Footer", "Normal", 14, colour=RGBColor(0, 0, 0),
                             space_after=0, latin="Times New Roman", east_asian="宋体")
    footer.paragraph_format.first_line_indent = Pt(0)


APP_XML = ('<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>plan-briefing</Application>'
           '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
           '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
           '<HyperlinksChanged>false</HyperlinksChanged></Properties>')
"""Extended properties naming the generator, without page, word or character counts (a
generated file's counts are whatever the blank template said: "Pages 1, Words 0")."""


def clean_properties(document) -> None:
    """The blank template's extended properties (Microsoft Macintosh Word / PowerPoint,
    Pages 1, Words 0, Slides 0) replaced by APP_XML, and its thumbnail of a blank page dropped
    (no thumbnail beats a wrong one). `document`: a python-docx Document or python-pptx
    Presentation."""
    package = document.part.package
    if hasattr(package, "drop_rel"):  # python-pptx: the thumbnail is a package relationship
        for rel in list(package.iter_rels()):
            if rel.reltype.endswith("/thumbnail"):
                package.drop_rel(rel.rId)
                break
    else:  # python-docx
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                package.rels.pop(rel_id)
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode()


KEPT_LAYOUTS = ("Title Slide", "Title and Content", "Section Header", "Two Content",
                "Title Only", "Blank")


def drop_unused_layouts(prs) -> None:
    """Keeps the layouts the renderer and a template author most need; each other one is
    parsed, re-serialised and compressed in every deck (≈ 0.2 ms apiece)."""
    for layout in list(prs.slide_layouts):
        if layout.name not in KEPT_LAYOUTS:
            prs.slide_layouts.remove(layout)


def make_pptx(target: Path) -> None:
    prs = pptx.Presentation()
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    scale = prs.slide_width / old_width
    master = prs.slide_masters[0]
    for shapes in [master.shapes, *(layout.shapes for layout in master.slide_layouts)]:
        for shape in shapes:
            # Only shapes with a position of their own: a layout placeholder without one
            # inherits the (already widened) master's.
            own = shape._element.xpath("./p:spPr/a:xfrm")
            if own and shape.left is not None:
                shape.left = int(shape.left * scale)
                shape.width = int(shape.width * scale)
    theme_part = next(rel.target_part for rel in master.part.rels.values()
                      if rel.reltype.endswith("/theme"))
    theme = etree.fromstring(theme_part.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for font in theme.iterfind(".//a:fontScheme/*", ns):
        font.find("a:latin", ns).set("typeface", LATIN)
        font.find("a:ea", ns).set("typeface", EAST_ASIAN)
    for tag, colour in (("dk2", "1F3A5F"), ("accent1", "1F3A5F"), ("accent2", "8EA9C8"),
                        ("accent3", "2E7D32"), ("accent4", "B26A00"), ("accent5", "C62828"),
                        ("accent6", "1565C0")):
        slot = theme.find(f".//a:clrScheme/a:{tag}", ns)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{ns['a']}}}srgbClr", val=colour)
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    title_style = master.element.find(".//{http://schemas.openxmlformats.org/presentationml/2006/"
                                      "main}titleStyle")
    for rpr in title_style.iter(f"{{{ns['a']}}}defRPr"):
        rpr.set("sz", "3000")
        rpr.set("b", "1")
        fill = copy.deepcopy(etree.fromstring(
            f'<a:solidFill xmlns:a="{ns["a"]}"><a:srgbClr val="1F3A5F"/></a:solidFill>'))
        for old in rpr.findall("a:solidFill", ns):
            rpr.remove(old)
        rpr.insert(0, fill)
    drop_unused_layouts(prs)
    props = prs.core_properties
    props.author = props.last_modified_by = "plan-briefing"
    props.title = "Plan briefing template"
    props.subject = props.keywords = props.comments = ""
    clean_properties(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    target.write_bytes(buffer.getvalue())


def make_fill_example(source: Path, target: Path) -> None:
    """A Word fill-in template exercising fields, conditionals, paragraph loops, table-row
    loops and nested area → task loops (see README 'Use your own template')."""
    document = docx.Document(source)
    add = document.add_paragraph
    add("{{ plan.marking }}", style="Marking")
    add("{{ meeting.title }}", style="Title")
    add("{{ labels.briefing }} · {{ as_of }}", style="Subtitle")
    add("{{ headline }}", style="Lead")
    add("{%p if figures.overdue > 0 %}", style="Normal")
    add("{{ labels.overdue }}：{{ figures.overdue }}", style="Note")
    add("{%p endif %}", style="Normal")
    add("{{ labels.progress_by_area }}", style="Heading 1")
    add("{{ charts.progress }}", style="Normal")
    add("{{ labels.goals }}", style="Heading 1")
    add("{%p for goal in plan.goals %}", style="Normal")
    add("{{ goal }}", style="List Bullet")
    add("{%p endfor %}", style="Normal")
    add("{{ labels.attention }}", style="Heading 1")
    table = document.add_table(rows=3, cols=4)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("{{ labels.col_no }}", "{{ labels.col_task }}",
                                                "{{ labels.col_lead }}",
                                                "{{ labels.col_status }}"), strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for t in attention %}"
    row = table.add_row().cells
    for cell, text in zip(row, ("{{ t.number }}", "{{ t.title }}", "{{ t.lead }}",
                                "{{ t.status }}"), strict=True):
        cell.text = text
    end = table.add_row().cells
    end[0].text = "{%tr endfor %}"
    table._tbl.remove(table.rows[2]._tr)  # the empty row python-docx made
    add("{%p for a in areas %}", style="Normal")
    add("{{ a.heading }}", style="Heading 1")
    add("{{ a.summary }}", style="Normal")
    area_table = document.add_table(rows=1, cols=4)
    area_table.style = document.styles["Table Grid"]
    for cell, text in zip(area_table.rows[0].cells, ("{{ labels.col_no }}",
                                                     "{{ labels.col_task }}",
                                                     "{{ labels.col_due }}",
                                                     "{{ labels.col_progress }}"), strict=True):
        cell.text = text
    area_table.add_row().cells[0].text = "{%tr for t in a.tasks %}"
    cells = area_table.add_row().cells
    for cell, text in zip(cells, ("{{ t.number }}", "{{ t.title }}", "{{ t.due }}",
                                  "{{ t.progress_text }}"), strict=True):
        cell.text = text
    area_table.add_row().cells[0].text = "{%tr endfor %}"
    add("{%p endfor %}", style="Normal")
    document.core_properties.title = "Fill-in template example"
    document.save(target)


def make_pptx_fill_example(source: Path, target: Path) -> None:
    """A PowerPoint fill-in template: fields, a chart receiving data, a slide repeated per area
    with a task table whose rows repeat (continued on copies of the slide)."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches, Pt

    prs = pptx.Presentation(source)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    cover = prs.slides.add_slide(layouts["Title Slide"])
    cover.shapes.title.text = "{{ meeting.title }}"
    cover.placeholders[1].text = "{{ labels.briefing }}  {{ as_of }}"
    overview = prs.slides.add_slide(layouts["Title Only"])
    overview.shapes.title.text = "{{ labels.headline }}"
    box = overview.shapes.add_textbox(Inches(0.6), Inches(1.4), Inches(12), Inches(0.9))
    box.text_frame.word_wrap = True
    box.text_frame.text = "{{ headline }}"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(18)
    data = CategoryChartData()
    data.categories = ["A", "B"]
    data.add_series("2020", (50, 60))
    chart = overview.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.6), Inches(2.4),
                                      Inches(12), Inches(4.6), data)
    chart.name = "progress"
    from generator.render.charts import positive_axis_ids

    positive_axis_ids(chart.chart._chartSpace)
    area = prs.slides.add_slide(layouts["Title Only"])
    area.shapes.title.text = "{{ a.heading }}"
    tag = area.shapes.add_textbox(Inches(10), Inches(0.1), Inches(3), Inches(0.4))
    tag.text_frame.text = "{%slide for a in areas %}"
    table = area.shapes.add_table(2, 4, Inches(0.6), Inches(1.4), Inches(12),
                                  Inches(0.8)).table
    for i, (header, width) in enumerate(zip(
            ("{{ labels.col_no }}", "{{ labels.col_task }}", "{{ labels.col_lead }}",
             "{{ labels.col_status }}"), (0.8, 7.2, 2.2, 1.8), strict=True)):
        table.columns[i].width = Inches(width)
        table.cell(0, i).text = header
    for i, text in enumerate(("{%tr for t in a.tasks %}{{ t.number }}", "{{ t.title }}",
                              "{{ t.lead }}", "{{ t.status }}")):
        table.cell(1, i).text = text
        table.cell(1, i).text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    table.rows[1].height = Inches(0.55)
    steps = prs.slides.add_slide(layouts["Title and Content"])
    steps.shapes.title.text = "{{ labels.next_steps }}"
    steps.placeholders[1].text = "{{ plan.next_steps | join('；') }}"
    prs.core_properties.title = "Fill-in template example"
    prs.save(target)


def main() -> None:
    out = ROOT / "generator" / "templates"
    make_docx(out / "default.docx")
    make_pptx(out / "default.pptx")
    (out / "examples").mkdir(exist_ok=True)
    make_fill_example(out / "default.docx", out / "examples" / "briefing-fill.docx")
    make_pptx_fill_example(out / "default.pptx", out / "examples" / "briefing-fill.pptx")
    make_official_docx(out / "default.docx", out / "official.docx")
    print(f"wrote {out / 'default.docx'}, {out / 'default.pptx'} and the examples")


if __name__ == "__main__":
    main()
