"""Native, editable Word charts (chart part plus its embedded workbook)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Emu, Mm

from ..document import Chart
from ..theme import Theme
from .library_hooks import element_of
from .office_text import xml_safe

_CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def insert_chart(document, para, block: Chart, theme: Theme) -> None:
    """A native, editable Word chart (with its workbook) in a new run of `para`, as wide as
    the text column."""
    from .charts import chart_space_xml  # python-pptx's chart writer: only when there is a chart

    chart_xml, workbook = chart_space_xml(block, theme, font_size=9)
    package = document.part.package
    existing = [p.partname for p in package.iter_parts()
                if str(p.partname).startswith("/word/charts/chart")]
    n = len(existing) + 1
    workbook_part = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"),
                         _CT_XLSX, workbook, package)
    # The chart part serialises its element at save (as the standalone XML it was written as).
    chart_part = XmlPart(PackURI(f"/word/charts/chart{n}.xml"), _CT_CHART, chart_xml, package)
    chart_xml.get_or_add_externalData().rId = chart_part.relate_to(workbook_part, RT.PACKAGE)
    rid = document.part.relate_to(chart_part, RT.CHART)
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    # a line chart's legend takes a row per two series below the plot
    height = Emu(int(Mm(44) + Mm(4) * len(block.series) if block.kind == "line" else
                     Mm(18) + Mm(4.0) * len(block.categories) * max(1, len(block.series))))
    ids = [int(x) for x in document.element.body.xpath(".//wp:docPr/@id")] or [100]
    title = quoteattr(xml_safe(block.title))[1:-1]
    element_of(para.add_run()).append(parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "r")}><wp:inline distT="0" distB="0" '
        f'distL="0" distR="0"><wp:extent cx="{int(width)}" cy="{int(height)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{max(ids) + 1}" name="Chart {n}" descr="{title}"/>'
        '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'))


__all__ = ["insert_chart"]
