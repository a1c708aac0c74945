"""The round trip: returns out per lead unit, filled in, read back as the next status update."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from generator.cli import main
from generator.errors import PlanError
from generator.importers.returns import read_returns
from generator.indicators import analyse
from generator.loader import load_plan

from ..conftest import SAMPLE

RETURN = "进展反馈表-上海市知识产权局.xlsx"


@pytest.fixture()
def plan_copy(tmp_path):
    path = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, path)
    return path


def write_returns(plan_copy, tmp_path):
    assert main(["returns", str(plan_copy), "--out", str(tmp_path / "returns")]) == 0
    return tmp_path / "returns"


def test_one_return_per_lead_unit_with_lists_and_locked_text(plan_copy, tmp_path):
    folder = write_returns(plan_copy, tmp_path)
    lead_units = [u for u in analyse(load_plan(plan_copy).plan).units if u.lead]

    book = load_workbook(folder / RETURN)
    sheet = book["status"]
    assert len(list(folder.iterdir())) == len(lead_units)
    assert sheet["A1"].value == "任务编号" and sheet["G1"].value == "新状态"
    assert sheet.protection.sheet and sheet["B2"].protection.locked
    assert not sheet["G2"].protection.locked
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert '"未启动,筹备中,推进中,已完成"' in lists
    assert book["meta"].sheet_state == "hidden"


def test_filled_return_becomes_the_next_update_and_the_briefing_shows_it(plan_copy, tmp_path,
                                                                         capsys):
    folder = write_returns(plan_copy, tmp_path)
    book = load_workbook(folder / RETURN)
    sheet = book["status"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["1.2"], 7, "推进中")
    sheet.cell(rows["1.2"], 9, 70)
    sheet.cell(rows["1.2"], 10, "纲要送审稿已完成。")
    sheet.cell(rows["2.2"], 7, "已完成")
    book.save(folder / RETURN)

    code = main(["read-returns", str(plan_copy), str(folder / RETURN), "--date", "2020-10-31",
                 "--title", "10月份工作进展"])

    assert code == 0
    assert "2 task(s) updated by 上海市知识产权局" in capsys.readouterr().out
    plan = load_plan(plan_copy).plan
    assert plan.updates[-1].date.isoformat() == "2020-10-31"
    assert plan.updates[-1].tasks["2.2"].progress == 100
    status = analyse(plan)  # the newest update is the default as-of
    assert status.as_of.isoformat() == "2020-10-31"
    changed = {c.current.task.id: c.classes for c in status.changes}
    # 1.4 (due 30 Sep) changed only by passing its due date: newly overdue
    assert set(changed) == {"1.2", "2.2", "1.4"} and changed["1.4"] == ("newly_overdue",)


def test_changed_text_or_id_is_refused_with_its_place(plan_copy, tmp_path):
    folder = write_returns(plan_copy, tmp_path)
    book = load_workbook(folder / RETURN)
    book["status"]["B2"] = "改过的任务文字"
    book["status"]["A3"] = "9.9"
    book["status"]["I4"] = "很多"
    book.save(folder / RETURN)
    import datetime as dt

    with pytest.raises(PlanError) as caught:
        read_returns(load_plan(plan_copy).plan, [folder / RETURN], dt.date(2020, 10, 31))

    text = str(caught.value)
    assert "row 2, column B: the task text was changed" in text
    assert "row 3, column A: task id '9.9' is not in the plan" in text
    assert "row 4, column I: '很多' is not a whole number" in text
