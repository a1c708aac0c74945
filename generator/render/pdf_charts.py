"""PDF charts: lines over time (a real date axis, a dashed time-elapsed reference, a legend with
the series' full names) and horizontal bars by area."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..document import Chart
from ..textwidth import shorten
from ..theme import Theme

_PDF_MARKERS = {"circle": "FilledCircle", "square": "FilledSquare", "triangle": "FilledTriangle",
                "diamond": "FilledDiamond", "x": "FilledCross", "plus": "Cross"}
"""reportlab's marker names for `chart_style.LineLook.marker`."""

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from .pdf_styles import Styles


def x_positions(block: Chart) -> list[float]:
    """Each point's x value: its date's ordinal (spaced by time), or its index without dates."""
    if block.dates:
        return [float(d.toordinal()) for d in block.dates]
    return [float(i) for i in range(len(block.categories))]


def labelled_points(xs: list[float], widths: list[float], plot_w: float, gap: float
                    ) -> list[int]:
    """Indexes of the points whose axis labels are drawn: the first always (it starts at its
    point), the last when it fits (it ends at its point), and between them each one (centred
    on its point) that runs into neither the last label drawn nor the last point's label."""
    if not xs:
        return []
    lo, hi = xs[0], xs[-1]
    span = (hi - lo) or 1.0
    n = len(xs)

    def extent(i: int) -> tuple[float, float]:
        at = (xs[i] - lo) / span * plot_w
        if i == 0:
            return at, at + widths[i]
        if i == n - 1:
            return at - widths[i], at
        return at - widths[i] / 2, at + widths[i] / 2

    shown = [0]
    last_left = extent(n - 1)[0] if n > 1 else float("inf")
    for i in range(1, n):
        left, right = extent(i)
        if left < extent(shown[-1])[1] + gap:
            continue
        if i < n - 1 and right + gap > last_left:
            continue
        shown.append(i)
    return shown


def legend_columns(names: list[str], font: str, size: float, width: float, swatch: float
                   ) -> int:
    """The most columns (up to 3) in which every full name fits; 1 when none does."""
    longest = max((stringWidth(n, font, size) for n in names), default=0)
    for columns in (3, 2):
        if longest + swatch <= width / columns:
            return columns
    return 1


def line_chart(block: Chart, styles, theme: Theme, width: float) -> Drawing:
    """Lines over time (reportlab's LinePlot on dates): the first series thick, the reference
    dashed, one thinner line per area; the legend below, in as many columns as fit."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.graphics.widgets.markers import makeMarker
    from reportlab.lib.validators import Auto

    from .chart_style import REFERENCE_DASH, line_look, line_palette

    small, title_size = styles.note.fontSize, styles.body.fontSize
    row_h = small * 1.5
    gutter = stringWidth("100%", styles.regular, small) + 8
    xs = x_positions(block)
    widths = [stringWidth(c, styles.regular, small) for c in block.categories]
    edge = 6.0  # the last date label ends at its point
    plot_w = width - gutter - edge
    swatch = small * 3 + 10  # a sample of the line (long enough to show its dashes), a gap
    columns = legend_columns([s.name for s in block.series], styles.regular, small, plot_w, swatch)
    column_w = plot_w / columns
    names = [shorten(s.name, (column_w - swatch) / small) if columns == 1 else s.name
             for s in block.series]
    legend_rows = -(-len(names) // columns)
    axis_band = small * 1.5 + 4
    plot_h = max(95, small * 8)
    top_band = title_size * 1.6 + 4 if block.title else 6
    height = legend_rows * row_h + axis_band + plot_h + top_band
    drawing = Drawing(width, height)
    drawing.initialFontName = styles.regular
    if block.title:
        drawing.add(String(0, height - title_size * 1.1, block.title, fontName=styles.bold,
                           fontSize=title_size,
                           fillColor=colors.HexColor("#" + theme.colour("primary"))))
    chart = LinePlot()
    chart.x, chart.y = gutter, legend_rows * row_h + axis_band
    chart.width, chart.height = plot_w - edge, plot_h
    chart.data = [list(zip(xs, s.values, strict=True)) for s in block.series]
    shown = labelled_points(xs, widths, chart.width, small)
    x_axis = chart.xValueAxis
    x_axis.valueMin, x_axis.valueMax = (xs[0], xs[-1]) if len(set(xs)) > 1 else (xs[0] - 1,
                                                                                 xs[0] + 1)
    x_axis.valueSteps = [xs[i] for i in shown]
    texts = {xs[i]: block.categories[i] for i in shown}
    x_axis.labelTextFormat = lambda value: texts.get(value, "")
    x_axis.labels.fontName, x_axis.labels.fontSize = styles.regular, small
    for k, i in enumerate(shown):  # the first label starts at its point, the last ends at it
        x_axis.labels[k].boxAnchor = "nw" if i == 0 else ("ne" if i == len(xs) - 1 else "n")
    x_axis.visibleGrid = True
    x_axis.gridStrokeColor = colors.HexColor("#" + theme.colour("rule"))
    y_axis = chart.yValueAxis
    y_axis.valueMin, y_axis.valueMax = 0, block.max_value
    y_axis.valueStep = block.max_value / 5
    y_axis.labels.fontName, y_axis.labels.fontSize = styles.regular, small
    y_axis.labelTextFormat = "%d%%"
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = colors.HexColor("#" + theme.colour("rule"))
    palette = line_palette(theme)
    drawn = 0  # series drawn so far, the reference not counted
    for i in range(len(block.series)):
        line = chart.lines[i]
        if i == block.reference:
            colour = colors.HexColor("#" + theme.colour("muted"))
            line.strokeColor, line.strokeWidth = colour, 1.2
            line.strokeDashArray = REFERENCE_DASH
            line.symbol = None
            continue
        # Told apart in black and white too: a dash pattern and a marker shape per series.
        look = line_look(drawn)
        drawn += 1
        colour = colors.HexColor("#" + palette[i % len(palette)])
        line.strokeColor = colour
        line.strokeWidth = 2.5 if i == 0 else 1.2
        if look.dash:
            line.strokeDashArray = look.dash
        line.symbol = makeMarker(_PDF_MARKERS[look.marker], size=5 if i == 0 else 4.5,
                                 fillColor=colour, strokeColor=colour)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, legend_rows * row_h - 2
    legend.fontName, legend.fontSize = styles.regular, small
    legend.alignment = "right"
    legend.columnMaximum = legend_rows
    legend.deltax = column_w
    legend.deltay = row_h
    legend.dxTextSpace = 4
    legend.dx, legend.dy = small * 3, small  # each line's sample: its dash, marker, colour
    legend.colorNamePairs = [(Auto(obj=chart, index=i), name) for i, name in enumerate(names)]
    drawing.add(legend)
    return drawing


def bar_chart(block: Chart, styles: Styles, theme: Theme, width: float,
               max_height: float) -> Drawing:
    # reportlab's chart widgets (≈ 10 ms to import) only when a report has a chart
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String

    n_cat = len(block.categories)
    n_series = len(block.series)
    bar_band = 8 + 7.5 * n_series
    # Many categories: thinner bars, so that the chart still fits on one page.
    plot_h = min(max(60, n_cat * bar_band), max_height - 60)
    label_w = min(width * 0.42, 62 * mm)
    # Bands below the plot for the axis labels and the legend, and above it for the title,
    # in proportion to the theme's type sizes (the official theme sets 16 pt body text).
    small, title_size = styles.note.fontSize, styles.body.fontSize
    legend_band = small * 1.5 if n_series > 1 else 0
    axis_band = small * 1.5 + 2
    top_band = title_size * 1.6 + 6 if block.title else 8
    height = plot_h + legend_band + axis_band + top_band
    drawing = Drawing(width, height)
    drawing.initialFontName = styles.regular  # else reportlab selects Helvetica, unembedded
    if block.title:
        drawing.add(String(0, height - title_size * 1.1, block.title, fontName=styles.bold,
                           fontSize=title_size,
                           fillColor=colors.HexColor("#" + theme.colour("primary"))))
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, legend_band + axis_band
    chart.width, chart.height = width - label_w - 12, plot_h
    # reportlab draws the first category at the bottom: reverse so the list reads top-down.
    chart.data = [tuple(reversed(s.values)) for s in block.series]
    chart.categoryAxis.categoryNames = list(reversed(block.categories))
    chart.categoryAxis.labels.fontName = styles.regular
    longest = max((stringWidth(c, styles.regular, 1) for c in block.categories), default=1)
    chart.categoryAxis.labels.fontSize = min(small, plot_h / n_cat * 0.8,
                                             (label_w - 14) / max(longest, 1))
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _percent_axis(chart.valueAxis, block, styles, theme)
    chart.barSpacing = 1
    chart.groupSpacing = 8
    palette = [theme.colour("secondary"), theme.colour("primary")][-n_series:]
    for i, colour in enumerate(palette):
        chart.bars[i].fillColor = colors.HexColor("#" + colour)
        chart.bars[i].strokeColor = None
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName = styles.regular
    chart.barLabels.fontSize = min(small - 1, plot_h / n_cat / n_series * 0.8)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if n_series > 1:
        legend = Legend()
        legend.x, legend.y = label_w, legend_band - 2
        legend.fontName, legend.fontSize = styles.regular, small
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.dxTextSpace = 4
        names = [s.name for s in block.series]
        legend.deltax = max(90, legend.dx + legend.dxTextSpace + small * 1.5
                            + max(stringWidth(n, styles.regular, small) for n in names))
        legend.colorNamePairs = [(colors.HexColor("#" + c), name)
                                 for c, name in zip(palette, names, strict=True)]
        drawing.add(legend)
    return drawing


def _percent_axis(axis, block: Chart, styles: Styles, theme: Theme) -> None:
    """0 to max in five steps, light grid lines, labels as whole percentages."""
    axis.valueMin, axis.valueMax = 0, block.max_value
    axis.valueStep = block.max_value / 5
    axis.labels.fontName = styles.regular
    axis.labels.fontSize = styles.note.fontSize
    axis.labelTextFormat = "%d%%"
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#" + theme.colour("rule"))
