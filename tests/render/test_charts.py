"""Charts that tell the truth: a date axis whose labels start at the first point's real date,
points spaced by time, the time-elapsed reference dashed, full legend names in the PDF."""

from __future__ import annotations

import datetime as dt
import zipfile

from lxml import etree

from generator.document import Chart, Series
from generator.render.charts import date_step
from generator.render.pdf_charts import labelled_points, legend_columns, x_positions

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def _line(dates: list[dt.date]) -> Chart:
    return Chart("trend", tuple(d.isoformat() for d in dates),
                 (Series("Overall", tuple(50.0 for _ in dates)),), kind="line",
                 dates=tuple(dates), reference=None)


def test_points_are_spaced_by_time_not_evenly():
    dates = [dt.date(2020, 1, 31), dt.date(2020, 9, 30), dt.date(2020, 10, 31)]

    xs = x_positions(_line(dates))

    assert xs[1] - xs[0] == 243 and xs[2] - xs[1] == 31


def test_the_first_label_is_always_drawn_and_crowded_ones_are_skipped():
    xs = [0.0, 1.0, 50.0, 100.0]

    shown = labelled_points(xs, [20.0] * 4, plot_w=100.0, gap=2.0)

    assert shown[0] == 0 and 1 not in shown and shown[-1] == 3


def test_date_axis_steps_start_at_the_first_date_and_end_at_the_last():
    assert date_step(_line([dt.date(2020, 8, 31), dt.date(2020, 9, 30)])) == 10  # 30 = 3 × 10
    assert date_step(_line([dt.date(2020, 8, 31), dt.date(2020, 10, 14)])) == 11  # 44 = 4 × 11


def test_legend_keeps_full_names_in_fewer_columns():
    names = ["1. Put council services online end to end", "Overall"]  # 143 pt at 8 pt

    assert legend_columns(names, "Helvetica", 8, 600, 20) == 3
    assert legend_columns(names, "Helvetica", 8, 400, 20) == 2
    assert legend_columns(names, "Helvetica", 8, 150, 20) == 1


def test_docx_trend_chart_is_on_a_date_axis_at_the_update_dates(sample_out, sample_status):
    with zipfile.ZipFile(sample_out / "shanghai-ip-2020-briefing.docx") as archive:
        charts = [etree.fromstring(archive.read(n)) for n in sorted(archive.namelist())
                  if n.startswith("word/charts/chart")]
    line = next(c for c in charts if c.find(f".//{C}lineChart") is not None)

    serials = line.find(f".//{C}ser/{C}cat").findall(f".//{C}v")
    epoch = dt.date(1899, 12, 30)
    assert [epoch + dt.timedelta(days=int(float(v.text))) for v in serials] == [
        u.date for u in sample_status.plan.updates]
    assert line.find(f".//{C}dateAx") is not None
    dashed = line.findall(f".//{C}ser")[1].find(".//{*}prstDash")
    assert dashed is not None and dashed.get("val") == "sysDash"  # the time-elapsed reference


def _office_looks(path, part_prefix: str) -> list[tuple[str, str]]:
    """(dash, marker) of each line series of the trend chart in a DOCX or PPTX."""
    with zipfile.ZipFile(path) as archive:
        charts = [etree.fromstring(archive.read(n)) for n in sorted(archive.namelist())
                  if n.startswith(part_prefix)]
    line = next(c for c in charts if c.find(f".//{C}lineChart") is not None)
    looks = []
    for series in line.iter(f"{C}ser"):
        dash = series.find(f"{C}spPr//{{*}}prstDash")
        marker = series.find(f"{C}marker/{C}symbol")
        looks.append((dash.get("val") if dash is not None else "solid",
                      marker.get("val") if marker is not None else "default"))
    return looks


def test_office_trend_lines_differ_in_black_and_white(sample_out):
    """Issue 18: every line of the trend chart has its own dash and marker, so that a page
    printed in black and white still tells them apart (colour alone does not)."""
    for name, prefix in (("briefing.docx", "word/charts/chart"),
                         ("briefing.pptx", "ppt/charts/chart")):
        looks = _office_looks(sample_out / f"shanghai-ip-2020-{name}", prefix)

        assert len(looks) >= 3, name
        assert len(set(looks)) == len(looks), (name, looks)
        assert looks[0] == ("solid", "circle")
        assert looks[1] == ("sysDash", "none")  # the reference: short dashes, no markers
        assert len({dash for dash, _ in looks}) == len(looks)


def test_pdf_trend_lines_differ_in_black_and_white():
    from reportlab.graphics.charts.lineplots import LinePlot

    from generator.render.pdf import PdfContext
    from generator.render.pdf_charts import line_chart
    from generator.theme import load_theme

    dates = [dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30)]
    series = tuple(Series(name, (10.0, 40.0, 60.0 + i))
                   for i, name in enumerate(["总体", "时间进度", "一", "二", "三", "四"]))
    block = Chart("趋势", tuple(d.isoformat() for d in dates), series, kind="line",
                  dates=tuple(dates), reference=1)
    context = PdfContext(load_theme())
    styles = context.styles("zh-Hans", context.fonts("zh-Hans", []))

    drawing = line_chart(block, styles, load_theme(), 400)

    plot = next(c for c in drawing.contents if isinstance(c, LinePlot))
    looks = [(tuple(getattr(plot.lines[i], "strokeDashArray", None) or ()),
              type(plot.lines[i].symbol).__name__ if plot.lines[i].symbol else "",
              getattr(plot.lines[i].symbol, "kind", "")) for i in range(len(series))]
    assert len(set(looks)) == len(looks)
    assert looks[1][1] == ""  # the reference has no markers
    assert looks[0][0] == ()  # the overall line is solid
