"""The status report: cover, summary, areas with task tables, overdue list, unit summary."""

from __future__ import annotations

from ..document import (
    Bullets,
    Cell,
    Column,
    Contents,
    Cover,
    Heading,
    Paragraph,
    Report,
    Section,
    Table,
)
from ..i18n import Labels
from ..indicators import PlanStatus
from .common import (
    EMPTY,
    document_info,
    figures_sentence,
    headline_sentence,
    key_figures,
    progress_chart,
    task_table,
)


def build_status_report(status: PlanStatus, labels: Labels) -> Report:
    """Builds the full status report of every area and task."""
    plan = status.plan
    info = document_info(status, labels, labels["status_report"], orientation="landscape")
    cover = Cover(
        title=plan.title,
        subtitle=plan.subtitle or labels["status_report"],
        lines=(f"{labels['as_of']} {labels.date(status.as_of)}",
               labels.get("meeting_line", title=plan.next_meeting.title),
               plan.organisation),
        marking=plan.marking,
        full_page=True,
    )
    summary_blocks: list = [Paragraph(headline_sentence(status, labels), "lead"),
                            key_figures(status.figures, labels),
                            Paragraph(labels.get("states_note", total=status.figures.total,
                                                 overdue=status.figures.overdue), "note")]
    if plan.goals:  # before the chart: they fill the page or slide the figures leave
        summary_blocks += [Heading(labels["goals"], 2), Bullets(tuple(plan.goals))]
    summary_blocks.append(progress_chart(status, labels))
    sections = [Section(labels["summary"], tuple(summary_blocks), "summary")]
    for area in status.areas:
        blocks: list = []
        if area.area.summary:
            blocks.append(Paragraph(area.area.summary))
        f = area.figures
        blocks.append(Paragraph(figures_sentence("area_line", f, labels), "note"))
        blocks.append(task_table(area.states, plan, labels))
        sections.append(Section(labels.area_heading(area.number, area.area.title), tuple(blocks),
                                f"area-{area.area.id}"))
    overdue = status.overdue
    sections.append(Section(labels["overdue_list"], (_overdue_table(status, labels),)
                            if overdue else (Paragraph(labels["no_overdue"], "note"),), "overdue"))
    sections.append(Section(labels["unit_summary"], (_unit_table(status, labels),), "units"))
    return Report("status", info, cover, tuple(sections), Contents(labels["contents"]))


def _overdue_table(status: PlanStatus, labels: Labels) -> Table:
    plan = status.plan
    columns = (Column(labels["col_no"], 0.62, "center"), Column(labels["col_task"], 4.0),
               Column(labels["col_lead"], 1.4), Column(labels["col_due"], 1.1, "center"),
               Column(labels["col_days_overdue"], 0.9, "right"), Column(labels["col_note"], 2.4))
    rows = tuple((Cell(s.number), Cell(s.task.title), Cell(plan.units_by_id[s.task.lead].label),
                  Cell(labels.date(s.due)), Cell(str(s.overdue_days), "bad"),
                  Cell(s.note or EMPTY)) for s in status.overdue)
    return Table(columns, rows)


def _unit_table(status: PlanStatus, labels: Labels) -> Table:
    columns = (Column(labels["col_unit"], 2.6), Column(labels["col_lead_tasks"], 0.9, "right"),
               Column(labels["done"], 0.9, "right"), Column(labels["at_risk"], 0.9, "right"),
               Column(labels["delayed"], 0.9, "right"), Column(labels["overdue"], 0.9, "right"),
               Column(labels["average_progress"], 1.0, "right"),
               Column(labels["col_support_tasks"], 0.9, "right"))
    rows = []
    for u in sorted(status.units, key=lambda u: (-len(u.lead), u.unit.id)):
        f = u.figures
        rows.append((Cell(u.unit.name), Cell(str(f.total)), Cell(str(f.done)),
                     Cell(str(f.at_risk), "warn" if f.at_risk else None),
                     Cell(str(f.delayed), "bad" if f.delayed else None),
                     Cell(str(f.overdue), "bad" if f.overdue else None),
                     Cell(labels.percent(f.average_progress) if f.total else "—"),
                     Cell(str(len(u.support)))))
    return Table(columns, tuple(rows))


__all__ = ["build_status_report"]
