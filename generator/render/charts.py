"""Native Office bar charts (DrawingML) shared by the PPTX and DOCX renderers.

python-pptx writes the chart XML and its embedded workbook; the same part also works inside a
Word document, so the DOCX chart is a real, editable chart rather than a picture.
"""

from __future__ import annotations

from pptx.chart.chart import Chart as OfficeChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt

from ..document import Chart
from ..theme import Theme
from .office_text import set_drawing_fonts

CHART_TYPE = XL_CHART_TYPE.BAR_CLUSTERED


def chart_type(block: Chart):
    """The Office chart type of a block: clustered bars or lines with markers."""
    return XL_CHART_TYPE.LINE_MARKERS if block.kind == "line" else XL_CHART_TYPE.BAR_CLUSTERED


def chart_data(block: Chart) -> CategoryChartData:
    """The chart's categories and series; bars read top-down in the block's order."""
    data = CategoryChartData(number_format=block.number_format)
    if block.kind == "line":
        data.categories = list(block.categories)
        for series in block.series:
            data.add_series(series.name, list(series.values))
        return data
    # Office draws the first category at the bottom of a bar chart: reverse to read top-down.
    data.categories = list(reversed(block.categories))
    for series in reversed(block.series):
        data.add_series(series.name, list(reversed(series.values)))
    return data


def line_palette(theme: Theme) -> list[str]:
    """Colours for line series: the overall line first, then one per area."""
    return [theme.colour("primary"), theme.colour("accent"), theme.colour("good"),
            theme.colour("warn"), theme.colour("done"), theme.colour("secondary"),
            theme.colour("bad"), theme.colour("muted")]


def style_chart(chart: OfficeChart, block: Chart, theme: Theme, font_size: float = 10) -> None:
    """Colours, axis scale, data labels, legend and CJK-capable fonts for a chart."""
    chart.has_title = False
    chart.font.size = Pt(font_size)
    if block.kind == "line":
        _style_lines(chart, block, theme)
        set_drawing_fonts(chart._chartSpace, theme)
        positive_axis_ids(chart._chartSpace)
        return
    palette = [theme.colour("primary"), theme.colour("secondary")]
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    for i, series in enumerate(plot.series):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(palette[i % len(palette)])
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = '0"%"'
    labels.number_format_is_linked = False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(font_size - 1)
    _percent_axis(chart, block, theme)
    chart.has_legend = len(block.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        # Legend entries follow the series order: current first reads naturally.
    set_drawing_fonts(chart._chartSpace, theme)
    positive_axis_ids(chart._chartSpace)


def _style_lines(chart: OfficeChart, block: Chart, theme: Theme) -> None:
    palette = line_palette(theme)
    for i, series in enumerate(chart.plots[0].series):
        colour = RGBColor.from_string(palette[i % len(palette)])
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(3 if i == 0 else 1.5)
        series.smooth = False
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour
        series.marker.format.line.color.rgb = colour
    _percent_axis(chart, block, theme)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def _percent_axis(chart: OfficeChart, block: Chart, theme: Theme) -> None:
    """0 to max in five steps, light grid lines, labels as whole percentages."""
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    value_axis.maximum_scale = block.max_value
    value_axis.major_unit = block.max_value / 5
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string(theme.colour("rule"))
    value_axis.tick_labels.number_format = '0"%"'
    value_axis.tick_labels.number_format_is_linked = False


def positive_axis_ids(chart_space) -> None:
    """python-pptx writes negative axis ids; the schema wants unsigned ints (validators flag it)."""
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    mapping: dict[str, str] = {}
    for element in chart_space.iter(f"{ns}axId", f"{ns}crossAx"):
        value = element.get("val")
        if value and value.startswith("-"):
            mapping.setdefault(value, str(50_000_001 + len(mapping)))
            element.set("val", mapping[value])


def chart_space_xml(block: Chart, theme: Theme, font_size: float = 10) -> tuple[bytes, bytes]:
    """(chart part XML, embedded workbook bytes) for a chart outside PowerPoint (e.g. in DOCX)."""
    data = chart_data(block)
    chart_space = parse_xml(data.xml_bytes(chart_type(block)))
    style_chart(OfficeChart(chart_space, None), block, theme, font_size)
    return chart_space, data.xlsx_blob
