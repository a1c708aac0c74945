"""A unit's pack reads as a whole: areas numbered from 一 within it (the plan's number in
brackets), every task it leads or supports listed exactly once, no zero tiles, and one section
for a unit with only a few tasks."""

from __future__ import annotations

from collections import Counter

import pytest

from generator.document import Heading, KeyFigures, Table
from generator.reports.unit_pack import SMALL_PACK, build_unit_pack


def _unit(status, name):
    return next(u for u in status.units if u.unit.name == name)


def _tables(pack):
    return [b for s in pack.sections for b in s.blocks if isinstance(b, Table)]


def _ids(pack) -> Counter:
    return Counter(row[0].text for t in _tables(pack) for row in t.rows)


def test_areas_are_numbered_from_one_within_the_pack(sample_status, zh):
    unit = _unit(sample_status, "上海市市场监督管理局")  # leads tasks in area 二 only
    pack = build_unit_pack(sample_status, zh, unit)

    headings = [b.text for s in pack.sections for b in s.blocks
                if isinstance(b, Heading) and b.text.endswith("项）")]

    assert headings == ["一、强化高水平知识产权严格保护（计划第二项）"]


def test_a_large_pack_numbers_its_areas_in_order(sample_status, zh):
    pack = build_unit_pack(sample_status, zh, _unit(sample_status, "上海市知识产权局"))

    numbers = [b.text.split("、")[0] for s in pack.sections for b in s.blocks
               if isinstance(b, Heading) and "（计划第" in b.text]

    assert numbers == ["一", "二", "三", "四", "五"][:len(numbers)] and len(numbers) >= 3


@pytest.mark.parametrize("name", ["上海市知识产权局", "上海市市场监督管理局",
                                  "上海市发展和改革委员会", "中华人民共和国上海海关"])
def test_every_task_of_the_unit_is_listed_exactly_once(sample_status, zh, name):
    unit = _unit(sample_status, name)
    pack = build_unit_pack(sample_status, zh, unit)

    listed = _ids(pack)

    assert listed == Counter(s.number for s in [*unit.lead, *unit.support])


def test_attention_rows_are_not_repeated_under_the_lead_tasks(sample_status, zh):
    unit = _unit(sample_status, "上海市知识产权局")
    pack = build_unit_pack(sample_status, zh, unit)
    blocks = pack.sections[0].blocks

    attention_at = next(i for i, b in enumerate(blocks)
                        if isinstance(b, Heading) and b.text == zh["attention"])
    attention = blocks[attention_at + 1]

    assert isinstance(attention, Table) and attention.rows
    assert max(_ids(pack).values()) == 1


def test_key_figures_show_no_zero_tiles(sample_status, zh):
    pack = build_unit_pack(sample_status, zh, _unit(sample_status, "上海市知识产权局"))

    tiles = [f for s in pack.sections for b in s.blocks if isinstance(b, KeyFigures)
             for f in b.items]

    assert tiles and tiles[0].label == zh["total"]
    assert [f.label for f in tiles[1:] if f.value == "0"] == []


def test_a_unit_with_few_tasks_gets_one_section(sample_status, zh):
    small = [u for u in sample_status.units if 0 < len(u.lead) + len(u.support) <= SMALL_PACK]
    assert small

    for unit in small:
        pack = build_unit_pack(sample_status, zh, unit)
        assert [s.title for s in pack.sections] == ["任务交办单"]
        assert not any(isinstance(b, KeyFigures) for b in pack.sections[0].blocks)


def test_a_unit_that_only_supports_gets_its_supported_tasks(sample_status, zh):
    unit = _unit(sample_status, "中华人民共和国上海海关")
    assert not unit.lead and unit.support

    pack = build_unit_pack(sample_status, zh, unit)

    assert sorted(_ids(pack)) == sorted(s.number for s in unit.support)
    assert pack.info.subject == zh["supported_tasks"]


def test_english_pack_brackets_the_plan_number(english_status, en):
    unit = next(u for u in english_status.units if u.lead)
    pack = build_unit_pack(english_status, en, unit)

    headings = [b.text for s in pack.sections for b in s.blocks if isinstance(b, Heading)
                and "(plan area" in b.text]

    assert headings and headings[0].startswith("1. ")
