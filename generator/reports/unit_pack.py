"""A unit's pack: the tasks it leads, those it supports (marked), and what needs attention."""

from __future__ import annotations

from ..document import Cover, Heading, Paragraph, Report, Section
from ..i18n import Labels
from ..indicators import Figures, PlanStatus, UnitStatus
from .common import document_info, figures_sentence, key_figures, task_table


def build_unit_pack(status: PlanStatus, labels: Labels, unit: UnitStatus) -> Report:
    """The pack for one unit: lead tasks by area, supported tasks, and its attention items."""
    plan = status.plan
    name = unit.unit.name
    title = labels.get("tasks_lead_by", unit=name)
    info = document_info(status, labels, labels["unit_pack"], subject=title,
                         orientation="landscape")
    cover = Cover(
        title=name,
        subtitle=labels["unit_pack"],
        lines=(plan.title, labels.get("meeting_line", title=plan.next_meeting.title),
               f"{labels['as_of']} {labels.date(status.as_of)}", plan.organisation),
        marking=plan.marking,
        full_page=False,
    )
    sections = [Section(labels["summary"], (
        Paragraph(figures_sentence("area_line", unit.figures, labels), "lead"),
        key_figures(unit.figures, labels)), "summary")]
    rank = status.attention_rank  # its own tasks among the plan's attention list, in its order
    attention = sorted((s for s in unit.lead if s.task.id in rank), key=lambda s: rank[s.task.id])
    if attention:
        sections.append(Section(labels["attention"], (task_table(attention, plan, labels),),
                                "attention"))
    # The tasks it leads, area by area under one heading: a unit's share of an area is often
    # one or two tasks, and a slide or page per area would leave most of each empty.
    lead_by_area: dict[str, list] = {}  # in plan order, as the unit's own list is
    for state in unit.lead:
        lead_by_area.setdefault(state.area.id, []).append(state)
    by_area = []
    for area in status.areas:
        own = lead_by_area.get(area.area.id)
        if own:
            by_area += [Heading(labels.area_heading(area.number, area.area.title), 2),
                        task_table(own, plan, labels)]
    if by_area:
        sections.append(Section(labels["lead_tasks"], tuple(by_area), "lead"))
    if unit.support:
        supported = Figures.of(unit.support)
        sections.append(Section(labels["supported_tasks"], (
            Paragraph(labels.get("supported_note", count=supported.total), "note"),
            task_table(unit.support, plan, labels)), "supported"))
    return Report("unit", info, cover, tuple(sections))
