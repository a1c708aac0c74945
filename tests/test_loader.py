"""Validation: every problem at once, each with file, line and field path."""

from __future__ import annotations

import json
import re

import pytest

from generator.errors import PlanError
from generator.loader import load_plan
from generator.model import Phase

from .conftest import ENGLISH, SAMPLE

BAD_PLAN = """\
title: Test plan
organisation: Office
period: {start: 2020-01-01, end: 2020-12-31}
as_of: 2020-09-30
next_meeting: {title: Meeting, date: 2020-10-15}
units:
  - {id: a, name: Unit A}
  - {id: a, name: Unit A again}
areas:
  - id: one
    title: Area one
    tasks:
      - id: t1
        title: Task one
        lead: nobody
        due: 2020-13-45
        progress: 140
      - id: t1
        title: Task two
        lead: a
        phase: done
        progress: 50
        colour: red
"""


def problems_of(path):
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    return [re.sub(r"^.*?/bad\.yaml", "bad.yaml", str(p)) for p in caught.value.problems]


def test_every_problem_is_reported_at_once_with_line_and_path(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PLAN, encoding="utf-8")

    found = problems_of(path)

    expected = [
        "bad.yaml:8: units[1].id: duplicate unit id 'a'",
        "bad.yaml:15: areas[0].tasks[0].lead: unknown unit 'nobody'",
        "bad.yaml:16: areas[0].tasks[0].due: not a date",
        "bad.yaml:17: areas[0].tasks[0].progress: progress 140 is outside 0-100",
        "bad.yaml:18: areas[0].tasks[1].id: duplicate task id 't1'",
        "bad.yaml:23: areas[0].tasks[1].colour: unknown field",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in found), (start, found)


def test_done_task_needs_full_progress(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PLAN.replace("  - {id: a, name: Unit A again}\n", "")
                    .replace("lead: nobody", "lead: a").replace("2020-13-45", "2020-11-30")
                    .replace("progress: 140", "progress: 40").replace("id: t1\n        title: "
                                                                      "Task two", "id: t2\n  "
                                                                      "      title: Task two")
                    .replace("        colour: red\n", ""), encoding="utf-8")

    found = problems_of(path)

    assert found == ["bad.yaml:21: areas[0].tasks[1].progress: the task is done but progress "
                     "is 50; set progress to 100"]


def test_update_for_unknown_task_and_dates(tmp_path):
    data = ({
        "title": "T", "organisation": "O", "period": {"start": "2020-01-01", "end": "2019-01-01"},
        "as_of": "2020-09-30", "next_meeting": {"title": "M", "date": "2020-10-01"},
        "units": [{"id": "a", "name": "A"}],
        "areas": [{"id": "x", "title": "X", "tasks": [
            {"id": "t", "title": "T", "lead": "a", "start": "2020-05-01", "due": "2020-04-01"}]}],
        "updates": [{"date": "2020-08-01", "tasks": {"zz": {"progress": 10}}}],
    })
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    with pytest.raises(PlanError) as caught:
        load_plan(path)
    text = str(caught.value)

    assert "updates[0].tasks.zz: no task has the id 'zz'" in text
    assert "period.end: the period ends before it starts" in text
    assert "areas[0].tasks[0].due: due 2020-04-01 is before start 2020-05-01" in text
    assert re.search(r"bad\.json:\d+: updates", text)


def test_aliases_for_phase_and_health(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("phase: in_progress", "phase: 进行中", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")

    plan = load_plan(path).plan

    assert plan.areas[0].tasks[0].phase is Phase.IN_PROGRESS


@pytest.mark.parametrize("path", [SAMPLE, ENGLISH], ids=["chinese", "english"])
def test_sample_plans_are_valid(path):
    loaded = load_plan(path)

    assert loaded.plan.areas and loaded.warnings == []
    assert len(loaded.sha256) == 64


def test_sample_holds_every_seed_task(seed_tasks):
    from .conftest import normalise

    plan = load_plan(SAMPLE).plan
    titles = [normalise(t.title) for _, t in plan.tasks()]

    assert len(plan.areas) == 5
    assert len(seed_tasks) == 30
    assert titles == seed_tasks
    assert all("(" not in t and "ǎ" not in t for t in titles)


@pytest.mark.parametrize("char", ["\x1b", "\x00", "\x0b"], ids=["escape", "nul", "vtab"])
def test_control_characters_in_text_are_refused_with_their_place(tmp_path, char):
    import yaml

    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["areas"][0]["tasks"][0]["title"] = f"加快推进{char}立法"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")

    with pytest.raises(PlanError) as caught:
        load_plan(path)

    message = str(caught.value)
    assert "areas[0].tasks[0].title: contains the control character" in message
    assert f"U+{ord(char):04X} at position 5; delete it" in message


def test_control_characters_in_yaml_are_reported_with_the_line(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace("加快推进上海知识产权地方综合立法",
                                                      "加快推进\x1b立法", 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("\x1b")].count("\n") + 1

    with pytest.raises(PlanError, match=rf"plan.yaml:{line}: .*U\+001B"):
        load_plan(path)
