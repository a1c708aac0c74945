"""Pieces the report builders share: properties, status labels, figures, chart, task table."""

from __future__ import annotations

from ..document import (
    Chart,
    Column,
    DocumentInfo,
    KeyFigure,
    KeyFigures,
    Series,
    Table,
    Tone,
    cell,
)
from ..i18n import Labels
from ..indicators import AreaStatus, Figures, PlanStatus, TaskState
from ..model import Health, Plan
from ..textwidth import shorten


def document_info(status: PlanStatus, labels: Labels, kind_label: str, subject: str = "",
                  orientation: str = "portrait") -> DocumentInfo:
    """Properties taken from the plan: title, author = organisation, dates, marking."""
    plan = status.plan
    meeting = plan.next_meeting
    header = "  ".join(p for p in (plan.marking or "", meeting.title,
                                   f"{labels['as_of']} {labels.date(status.as_of)}") if p)
    return DocumentInfo(
        title=f"{plan.title} {kind_label}",
        subject=subject or meeting.title,
        author=plan.organisation,
        language=labels.language,
        created=status.as_of,
        keywords=labels.list_join([a.title for a in plan.areas]),  # in the plan's language
        marking=plan.marking,
        header=header,
        category=kind_label,
        meeting=meeting.title,
        as_of_text=f"{labels['as_of']} {labels.date(status.as_of)}",
        page_label=labels["page_of"],
        orientation=orientation,
        continued_label=labels["continued"],
    )


EMPTY = "—"
"""What an empty table cell shows."""


def status_text(state: TaskState, labels: Labels) -> str:
    """One label per task: its state class (done, on track, at risk, delayed, not started),
    with the days overdue beside it when the task is overdue."""
    text = labels[state.state]
    if state.overdue:
        return labels.get("status_overdue", state=text, days=state.overdue_days)
    return text


def status_tone(state: TaskState) -> Tone:
    """The colour family of a task's status."""
    if state.done:
        return "done"
    if state.overdue or state.health is Health.DELAYED:
        return "bad"
    if state.health is Health.AT_RISK:
        return "warn"
    return "good"


def unit_names(plan: Plan, ids: list[str], labels: Labels) -> str:
    """Short unit names joined the way the language joins lists."""
    return labels.list_join([plan.units_by_id[i].label for i in ids])


def key_figures(figures: Figures, labels: Labels) -> KeyFigures:
    """The headline numbers: the total, then the five state classes, which add up to it. The
    overdue flag is written in the total's label ("of which N overdue"), never as a sixth
    class that would count tasks twice."""
    overdue = labels.get("of_which_overdue", n=figures.overdue)
    if not figures.overdue:
        total = labels["total"]  # "of which 0 overdue" says nothing
    elif labels.is_chinese:
        total = f"{labels['total']}（{overdue}）"
    else:
        total = f"{labels['total']} ({overdue})"
    return KeyFigures((
        KeyFigure(total, str(figures.total)),
        KeyFigure(labels["done"], str(figures.done), "done"),
        KeyFigure(labels["on_track"], str(figures.on_track), "good"),
        KeyFigure(labels["at_risk"], str(figures.at_risk),
                  "warn" if figures.at_risk else "neutral"),
        KeyFigure(labels["delayed"], str(figures.delayed), "bad" if figures.delayed else "neutral"),
        KeyFigure(labels["not_started"], str(figures.not_started)),
    ))


def headline_sentence(status: PlanStatus, labels: Labels) -> str:
    """One sentence that says where the plan stands."""
    return figures_sentence("headline_sentence", status.figures, labels,
                            date=labels.date(status.as_of))


def figures_sentence(key: str, f: Figures, labels: Labels, **extra: object) -> str:
    """A localised sentence (label `key`) filled with the counts of `f`."""
    return labels.get(key, total=f.total, done=f.done, on_track=f.on_track, at_risk=f.at_risk,
                      delayed=f.delayed, overdue=f.overdue, not_started=f.not_started,
                      avg=labels.percent(f.average_progress),
                      time=labels.percent(f.time_progress), **extra)


def progress_chart(status: PlanStatus, labels: Labels, short: bool = True) -> Chart:
    """Average progress per area at as-of, beside the area's time elapsed (the reference)."""
    areas = status.areas
    categories = tuple(_area_label(a, labels, short) for a in areas)
    series = (Series(labels["time_progress"], tuple(round(a.figures.time_progress, 1)
                                                    for a in areas)),
              Series(labels["task_progress"], tuple(round(a.figures.average_progress, 1)
                                                    for a in areas)))
    return Chart(labels["progress_by_area"], categories, series, reference=0)


def trend_chart(status: PlanStatus, labels: Labels) -> Chart | None:
    """Average progress at each dated update, overall and per area, with the time elapsed as
    a dashed reference, on a date axis; None before two dated updates."""
    if len(status.trend) < 2:
        return None
    points = status.trend
    series = [Series(labels["overall"], tuple(round(p.overall, 1) for p in points)),
              Series(labels["time_progress"], tuple(round(p.time_progress, 1) for p in points))]
    for i, area in enumerate(status.areas):
        series.append(Series(labels.area_heading(area.number, area.area.title),
                             tuple(round(p.by_area[i], 1) for p in points)))
    date_format = 'yyyy"年"m"月"d"日"' if labels.is_chinese else "d mmm yyyy"
    return Chart(labels["trend"], tuple(labels.date(p.date) for p in points), tuple(series),
                 kind="line", dates=tuple(p.date for p in points), date_format=date_format,
                 reference=1)


def _area_label(area: AreaStatus, labels: Labels, short: bool) -> str:
    label = labels.area_heading(area.number, area.area.title)
    return shorten(label, 18) if short else label


def task_table(states: list[TaskState], plan: Plan, labels: Labels, empty_text: str = "",
               caption: str = "") -> Table:
    """The status report's task table: no., task, lead, supporting, due, status, progress,
    time elapsed (of the task's start → due), note; empty cells show "—"."""
    columns = (
        Column(labels["col_no"], 0.75, "center"),
        Column(labels["col_task"], 2.9),
        Column(labels["col_lead"], 1.25),
        Column(labels["col_support"], 1.4),
        Column(labels["col_due"], 1.45, "center"),
        Column(labels["col_status"], 1.25, "center"),
        Column(labels["col_progress"], 0.8, "right"),
        Column(labels["time_progress"], 0.9, "right"),
        Column(labels["col_note"], 1.9),
    )
    rows = tuple(
        (
            cell(s.number),
            cell(s.task.title),
            cell(plan.units_by_id[s.task.lead].label),
            cell(unit_names(plan, s.task.support, labels) or EMPTY),
            cell(labels.date(s.due) or EMPTY),
            cell(status_text(s, labels), status_tone(s)),
            cell(labels.percent(s.progress)),
            cell(labels.percent(s.time_progress)),
            cell(s.note or EMPTY),
        )
        for s in states
    )
    return Table(columns, rows, caption=caption, empty_text=empty_text)
