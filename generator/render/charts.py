"""Native Office bar and line charts (DrawingML) shared by the PPTX and DOCX renderers.

python-pptx writes the chart XML and its embedded workbook; the same part also works inside a
Word document, so the DOCX chart is a real, editable chart rather than a picture.
"""

from __future__ import annotations

from pptx.chart.chart import Chart as OfficeChart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE
from pptx.oxml import parse_xml
from pptx.util import Pt

from ..document import Chart
from ..theme import Theme
from .chart_style import REFERENCE_OFFICE_DASH, line_look, line_palette
from .office_text import set_drawing_fonts

CHART_TYPE = XL_CHART_TYPE.BAR_CLUSTERED
_OFFICE_MARKERS = {"circle": XL_MARKER_STYLE.CIRCLE, "square": XL_MARKER_STYLE.SQUARE,
                   "triangle": XL_MARKER_STYLE.TRIANGLE, "diamond": XL_MARKER_STYLE.DIAMOND,
                   "x": XL_MARKER_STYLE.X, "plus": XL_MARKER_STYLE.PLUS}


def chart_type(block: Chart):
    """The Office chart type of a block: clustered bars or lines with markers."""
    return XL_CHART_TYPE.LINE_MARKERS if block.kind == "line" else XL_CHART_TYPE.BAR_CLUSTERED


def chart_data(block: Chart) -> CategoryChartData:
    """The chart's categories and series; bars read top-down in the block's order."""
    data = CategoryChartData(number_format=block.number_format)
    if block.kind == "line":
        # Dates make a date axis: points spaced by time, labelled with their real dates.
        data.categories = list(block.dates) if block.dates else list(block.categories)
        if block.dates:
            # python-pptx writes this format into XML unescaped: a plain one here, the
            # block's own (with quotes, e.g. yyyy"年"m"月") set on the axis afterwards.
            data.categories.number_format = "yyyy-mm-dd"
        for series in block.series:
            data.add_series(series.name, list(series.values))
        return data
    # Office draws the first category at the bottom of a bar chart: reverse to read top-down.
    data.categories = list(reversed(block.categories))
    for series in reversed(block.series):
        data.add_series(series.name, list(reversed(series.values)))
    return data


def _reference_style(series, theme: Theme, bar: bool) -> None:
    """The time-elapsed reference: a muted dashed line, or light bars."""
    colour = RGBColor.from_string(theme.colour("muted"))
    if bar:  # light bars, the colour the PDF gives them
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(theme.colour("secondary"))
        return
    series.format.line.color.rgb = colour
    series.format.line.width = Pt(1.5)
    series.format.line.dash_style = getattr(MSO_LINE, REFERENCE_OFFICE_DASH)
    series.marker.style = XL_MARKER_STYLE.NONE


def date_step(block: Chart) -> int:
    """Days between date-axis labels: the span in 2-6 equal steps (so that the labels start at
    the first point and end at the last) when it divides evenly, else in about four."""
    span = (block.dates[-1] - block.dates[0]).days if block.dates else 0
    if span <= 0:
        return 1
    for steps in (4, 3, 5, 2, 6):
        if span % steps == 0:
            return span // steps
    return -(-span // 4)


def _date_axis_format(chart_space, block: Chart) -> None:
    """Date-axis labels in the block's date format (not the workbook's default), one every
    `date_step` days, from the first point's date."""
    ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    for axis in chart_space.iter(f"{ns}dateAx"):
        for fmt in axis.iter(f"{ns}numFmt"):
            fmt.set("formatCode", block.date_format)
            fmt.set("sourceLinked", "0")
        base = axis.find(f"{ns}baseTimeUnit")
        if base is not None:
            # schema order after baseTimeUnit: majorUnit, majorTimeUnit
            unit = parse_xml(f'<c:majorUnit xmlns:c="{ns[1:-1]}" val="{date_step(block)}"/>')
            time_unit = parse_xml(f'<c:majorTimeUnit xmlns:c="{ns[1:-1]}" val="days"/>')
            base.addnext(unit)
            unit.addnext(time_unit)


def style_chart(chart: OfficeChart, block: Chart, theme: Theme, font_size: float = 10) -> None:
    """Colours, axis scale, data labels, legend and CJK-capable fonts for a chart."""
    chart.has_title = False
    chart.font.size = Pt(font_size)
    if block.kind == "line":
        _style_lines(chart, block, theme)
        _date_axis_format(chart.element, block)
        set_drawing_fonts(chart.element, theme)
        positive_axis_ids(chart.element)
        return
    palette = [theme.colour("primary"), theme.colour("secondary")]
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = -10
    # The series were reversed for Office (bars read top-down): find the reference by name.
    reference = block.series[block.reference].name if block.reference is not None else None
    for i, series in enumerate(plot.series):
        if series.name == reference:
            _reference_style(series, theme, bar=True)
            continue
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
    set_drawing_fonts(chart.element, theme)
    positive_axis_ids(chart.element)


def _style_lines(chart: OfficeChart, block: Chart, theme: Theme) -> None:
    palette = line_palette(theme)
    drawn = 0  # series drawn so far, the reference not counted
    for i, series in enumerate(chart.plots[0].series):
        if i == block.reference:
            _reference_style(series, theme, bar=False)
            continue
        look = line_look(drawn)
        drawn += 1
        colour = RGBColor.from_string(palette[i % len(palette)])
        series.format.line.color.rgb = colour
        series.format.line.width = Pt(3 if i == 0 else 1.5)
        # Told apart in black and white too: a dash pattern and a marker shape per series.
        series.format.line.dash_style = getattr(MSO_LINE, look.office_dash)
        series.smooth = False
        series.marker.style = _OFFICE_MARKERS[look.marker]
        series.marker.size = 7 if i == 0 else 6
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
