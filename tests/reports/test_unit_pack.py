"""A unit's pack: its lead tasks once each, grouped by area under one heading; supported tasks
in their own section; attention items only from its own tasks."""

from __future__ import annotations

from generator.document import Heading, Table
from generator.reports.unit_pack import build_unit_pack


def _unit(status, name):
    return next(u for u in status.units if u.unit.name == name)


def _ids(table: Table) -> list[str]:
    return [row[0].text for row in table.rows]


def test_lead_tasks_are_grouped_by_area_under_one_section(sample_status, zh):
    unit = _unit(sample_status, "上海市知识产权局")
    pack = build_unit_pack(sample_status, zh, unit)

    lead = [s for s in pack.sections if s.title == zh["lead_tasks"]]
    assert len(lead) == 1
    blocks = lead[0].blocks
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    expected_areas = [a for a in sample_status.areas
                      if any(s.task.lead == unit.unit.id for s in a.states)]
    assert headings == [zh.area_heading(a.number, a.area.title) for a in expected_areas]
    assert all(isinstance(b, Table) for b in blocks[1::2])  # each heading is followed by its table
    listed = [task_id for b in blocks if isinstance(b, Table) for task_id in _ids(b)]
    assert sorted(listed) == sorted(s.task.id for s in unit.lead)


def test_supported_tasks_and_attention_are_the_units_own(sample_status, zh):
    unit = _unit(sample_status, "上海市知识产权局")
    pack = build_unit_pack(sample_status, zh, unit)
    by_title = {s.title: s for s in pack.sections}

    supported = next(b for b in by_title[zh["supported_tasks"]].blocks if isinstance(b, Table))
    assert sorted(_ids(supported)) == sorted(s.task.id for s in unit.support)
    lead_ids = {s.task.id for s in unit.lead}
    attention = by_title.get(zh["attention"])
    if attention is not None:
        assert set(_ids(attention.blocks[0])) <= lead_ids


def test_a_unit_with_tasks_in_one_area_gets_one_area_heading(sample_status, zh):
    single = next(u for u in sample_status.units
                  if u.lead and len({s.task.id.split(".")[0] for s in u.lead}) == 1)
    pack = build_unit_pack(sample_status, zh, single)

    headings = [b for s in pack.sections for b in s.blocks if isinstance(b, Heading)]
    assert len(headings) == 1 and headings[0].level == 2
