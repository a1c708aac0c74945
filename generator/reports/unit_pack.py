"""A unit's pack: what needs attention, the tasks it leads, those it supports — each row once."""

from __future__ import annotations

from ..document import Cover, Heading, KeyFigures, Paragraph, Report, Section
from ..i18n import Labels
from ..indicators import Figures, PlanStatus, TaskState, UnitStatus
from .common import document_info, figures_sentence, key_figures, task_table

SMALL_PACK = 3
"""A unit with at most this many tasks (led and supported) gets one 任务交办单 section: one
slide or page, not a summary, an attention list and two task lists of one row each."""

_WORDS = {
    "zh-Hans": {"plan_area": "（计划第{n}项）", "one_page": "任务交办单"},
    "zh-Hant": {"plan_area": "（計劃第{n}項）", "one_page": "任務交辦單"},
    "en": {"plan_area": " (plan area {n})", "one_page": "Task sheet"},
}
"""The pack's own words, by language."""


def build_unit_pack(status: PlanStatus, labels: Labels, unit: UnitStatus) -> Report:
    """The pack for one unit that leads or supports tasks.

    Areas are numbered from 一 within the pack, with the plan's number in brackets
    ("一、强化…（计划第二项）"); a task needing attention is listed under 需关注 and not again
    under the tasks it leads; the key figures show no zero tiles (the total aside); a unit
    with at most SMALL_PACK tasks gets one section."""
    plan = status.plan
    name = unit.unit.name
    words = _WORDS[labels.language]
    title = labels.get("tasks_lead_by", unit=name) if unit.lead else labels["supported_tasks"]
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
    if len(unit.lead) + len(unit.support) <= SMALL_PACK:
        blocks: list = []
        if unit.lead:
            blocks += [Paragraph(figures_sentence("area_line", unit.figures, labels), "lead"),
                       *_by_area(status, labels, unit.lead, words)]
        blocks += _supported(status, labels, unit, heading=bool(unit.lead))
        return Report("unit", info, cover, (Section(words["one_page"], tuple(blocks), "tasks"),))
    # The tasks it leads in one section: its figures, then what needs attention, then the
    # rest area by area (a slide or page per part would leave most of each empty).
    lead: list = []
    if unit.lead:
        lead += [Paragraph(figures_sentence("area_line", unit.figures, labels), "lead"),
                 _nonzero(key_figures(unit.figures, labels))]
    rank = status.attention_rank  # its own tasks among the plan's attention list, in its order
    attention = sorted((s for s in unit.lead if s.task.id in rank), key=lambda s: rank[s.task.id])
    if attention:
        lead += [Heading(labels["attention"], 2), task_table(attention, plan, labels)]
    lead += _by_area(status, labels, [s for s in unit.lead if s.task.id not in rank], words)
    sections = [Section(labels["lead_tasks"], tuple(lead), "lead")] if lead else []
    if unit.support:
        sections.append(Section(labels["supported_tasks"],
                                tuple(_supported(status, labels, unit, heading=False)),
                                "supported"))
    return Report("unit", info, cover, tuple(sections))


def area_number(labels: Labels, number: int) -> str:
    """An area's number as headings write it: 二 in Chinese, 2 in English."""
    return labels.area_heading(number, "").rstrip("、. ")


def _by_area(status: PlanStatus, labels: Labels, states: list[TaskState], words: dict) -> list:
    """The tasks area by area under one heading each: a unit's share of an area is often one or
    two tasks, and a slide or page per area would leave most of each empty."""
    by_area: dict[str, list] = {}  # in plan order, as the unit's own list is
    for state in states:
        by_area.setdefault(state.area.id, []).append(state)
    blocks: list = []
    shown = 0
    for area in status.areas:
        own = by_area.get(area.area.id)
        if own:
            shown += 1
            text = labels.area_heading(shown, area.area.title) \
                + words["plan_area"].format(n=area_number(labels, area.number))
            blocks += [Heading(text, 2), task_table(own, status.plan, labels)]
    return blocks


def _supported(status: PlanStatus, labels: Labels, unit: UnitStatus, heading: bool) -> list:
    if not unit.support:
        return []
    supported = Figures.of(unit.support)
    blocks: list = [Heading(labels["supported_tasks"], 2)] if heading else []
    return [*blocks, Paragraph(labels.get("supported_note", count=supported.total), "note"),
            task_table(unit.support, status.plan, labels)]


def _nonzero(figures: KeyFigures) -> KeyFigures:
    """The key figures without tiles that say 0 (the total is kept)."""
    first, *rest = figures.items
    return KeyFigures((first, *(f for f in rest if f.value != "0")))


__all__ = ["SMALL_PACK", "area_number", "build_unit_pack"]
