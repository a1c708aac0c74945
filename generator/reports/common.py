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


def status_text(state: TaskState, labels: Labels) -> str:
    """One short label per task: done, overdue, delayed, at risk, or the phase."""
    if state.done:
        return labels["done"]
    if state.overdue:
        return labels["overdue"]
    if state.health is not Health.ON_TRACK:
        return labels[state.health.value]
    return labels[state.phase.value]


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
    """The headline numbers: total, done, on track, at risk, delayed, overdue."""
    return KeyFigures((
        KeyFigure(labels["total"], str(figures.total)),
        KeyFigure(labels["done"], str(figures.done), "done"),
        KeyFigure(labels["on_track"], str(figures.on_track), "good"),
        KeyFigure(labels["at_risk"], str(figures.at_risk),
                  "warn" if figures.at_risk else "neutral"),
        KeyFigure(labels["delayed"], str(figures.delayed), "bad" if figures.delayed else "neutral"),
        KeyFigure(labels["overdue"], str(figures.overdue), "bad" if figures.overdue else "neutral"),
    ))


def headline_sentence(status: PlanStatus, labels: Labels) -> str:
    """One sentence that says where the plan stands."""
    return figures_sentence("headline_sentence", status.figures, labels,
                            date=labels.date(status.as_of))


def figures_sentence(key: str, f: Figures, labels: Labels, **extra: object) -> str:
    """A localised sentence (label `key`) filled with the counts of `f`."""
    return labels.get(key, total=f.total, done=f.done, on_track=f.on_track, at_risk=f.at_risk,
                      delayed=f.delayed, overdue=f.overdue,
                      avg=labels.percent(f.average_progress), **extra)


def progress_chart(status: PlanStatus, labels: Labels, short: bool = True) -> Chart:
    """Average progress per area, now and at the previous update when there is one."""
    areas = status.areas
    categories = tuple(_area_label(a, labels, short) for a in areas)
    series = [Series(labels.date(status.as_of), tuple(round(a.figures.average_progress, 1)
                                                     for a in areas))]
    if status.previous is not None:
        previous = tuple(round(a.previous_progress or 0.0, 1) for a in areas)
        series.insert(0, Series(labels.date(status.previous.date), previous))
    return Chart(labels["progress_by_area"], categories, tuple(series))


def trend_chart(status: PlanStatus, labels: Labels) -> Chart | None:
    """Average progress across the updates, overall and per area; None before two points."""
    if len(status.trend) < 2:
        return None
    dates = (labels["as_planned"], *(labels.short_date(p.date) for p in status.trend[1:]))
    series = [Series(labels["overall"], tuple(round(p.overall, 1) for p in status.trend))]
    for i, area in enumerate(status.areas):
        series.append(Series(shorten(labels.area_heading(area.number, area.area.title), 12),
                             tuple(round(p.by_area[i], 1) for p in status.trend)))
    return Chart(labels["trend"], dates, tuple(series), kind="line")


def _area_label(area: AreaStatus, labels: Labels, short: bool) -> str:
    label = labels.area_heading(area.number, area.area.title)
    return shorten(label, 18) if short else label


def task_table(states: list[TaskState], plan: Plan, labels: Labels, empty_text: str = "",
               caption: str = "") -> Table:
    """The status report's task table: no., task, lead, supporting, due, status, progress, note."""
    columns = (
        Column(labels["col_no"], 0.75, "center"),
        Column(labels["col_task"], 3.1),
        Column(labels["col_lead"], 1.25),
        Column(labels["col_support"], 1.5),
        Column(labels["col_due"], 1.45, "center"),
        Column(labels["col_status"], 1.1, "center"),
        Column(labels["col_progress"], 0.9, "right"),
        Column(labels["col_note"], 2.1),
    )
    rows = tuple(
        (
            cell(s.number),
            cell(s.task.title),
            cell(plan.units_by_id[s.task.lead].label),
            cell(unit_names(plan, s.task.support, labels)),
            cell(labels.date(s.due)),
            cell(status_text(s, labels), status_tone(s)),
            cell(labels.percent(s.progress)),
            cell(s.note or ""),
        )
        for s in states
    )
    return Table(columns, rows, caption=caption, empty_text=empty_text)
