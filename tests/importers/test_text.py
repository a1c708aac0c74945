"""Drafts from a plan's own text: the seed's shape and the numbered official shape."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.cli import main
from generator.importers.text import draft_from_text, strip_pinyin
from generator.loader import load_plan

from ..conftest import SEED, normalise

OFFICIAL = """2021年知识产权工作要点
一、完善制度体系
（一）推进地方立法（市司法局、市知识产权局负责）
（二）完善政策体系。（牵头单位：市知识产权局）
二、加强保护
1. 开展“铁拳”专项行动（市市场监管局、上海海关负责）
2. 研究新领域保护
"""


def test_pinyin_goes_and_genuine_parentheses_stay():
    text = "知識(shí)產(chǎn)權(quán)，中國(上海)保護中心，(記者傅聞捷)"

    assert strip_pinyin(text) == "知識產權，中國(上海)保護中心，(記者傅聞捷)"


def test_seed_text_gives_every_area_and_task(tmp_path, seed_tasks):
    out = tmp_path / "seed.yaml"

    code = main(["import-text", str(SEED), "--out", str(out), "--to", "zh-Hans",
                 "--as-of", "2020-07-04"])

    plan = load_plan(out).plan
    assert code == 0
    assert [a.title for a in plan.areas] == [
        "加强高质量知识产权制度供给", "强化高水平知识产权严格保护", "促进高效益知识产权综合运用",
        "优化多维度知识产权服务支撑", "夯实多方位知识产权发展基础"]
    assert [normalise(t.title) for _, t in plan.tasks()] == seed_tasks
    assert len(plan.goals) == 4
    assert not re.search(r"[\u4e00-\u9fff]\([a-zāáǎàīíǐìōóǒòūúǔù]+\)",
                         out.read_text(encoding="utf-8"))
    assert "# - Not placed" in out.read_text(encoding="utf-8")


def test_numbered_levels_with_units_in_trailing_parentheses():
    data, notes = draft_from_text(OFFICIAL, as_of=None)

    units = {u["id"]: u["name"] for u in data["units"]}
    tasks = [t for a in data["areas"] for t in a["tasks"]]
    assert [a["title"] for a in data["areas"]] == ["完善制度体系", "加强保护"]
    assert [t["title"] for t in tasks] == ["推进地方立法", "完善政策体系", "开展“铁拳”专项行动",
                                           "研究新领域保护"]
    assert units[tasks[0]["lead"]] == "市司法局"
    assert [units[u] for u in tasks[0]["support"]] == ["市知识产权局"]
    assert units[tasks[1]["lead"]] == "市知识产权局"
    assert [units[u] for u in tasks[2]["support"]] == ["上海海关"]
    assert units[tasks[3]["lead"]].startswith("待定")
    assert any("1 task(s) name no lead unit" in n for n in notes)
    assert yaml.safe_dump(data)  # plain data


def test_convert_a_plan_to_traditional(tmp_path):
    from .. import conftest

    out = tmp_path / "hant.yaml"

    assert main(["convert", str(conftest.SAMPLE), "--to", "zh-Hant", "--out", str(out)]) == 0

    plan = load_plan(out).plan
    assert plan.language == "zh-Hant"
    assert plan.areas[0].title == "加強高質量知識產權制度供給"
    assert plan.areas[0].tasks[0].lead == "justice"  # ids stay as they are


@pytest.mark.parametrize(("text", "lead", "support", "due"), [
    ("推动修改（知识产权局牵头，司法部等按职责分工负责）。", "知识产权局", ["司法部"], None),
    ("推进修改（中央宣传部（国家版权局）负责）。", "中央宣传部（国家版权局）", [], None),
    ("制定指南（知识产权局负责，2021年12月底前完成）", "知识产权局", [], "2021-12-31"),
    ("完善住房政策（住房和城乡建设部、公安部和海关总署按职责分工负责）", "住房和城乡建设部",
     ["公安部", "海关总署"], None),
    ("完善政策体系。（牵头单位：市知识产权局）", "市知识产权局", [], None),
], ids=["lead-and-others", "nested", "with-deadline", "he-inside-a-name", "lead-label"])
def test_unit_parentheses_as_plans_write_them(text, lead, support, due):
    from generator.importers.parens import read_units, trailing_parenthesis

    before, inside = trailing_parenthesis(text)
    note = read_units(inside, 2021)

    assert (note.lead, note.support) == (lead, support)
    assert (note.due.isoformat() if note.due else None) == due
    assert not before.endswith(("（", "("))


def test_a_genuine_parenthesis_is_not_a_unit():
    from generator.importers.parens import read_units, trailing_parenthesis

    assert read_units(trailing_parenthesis("建设中國(上海)")[1], 2021) is None
