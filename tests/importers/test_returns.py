"""The return round: workbooks out per lead unit, each unit's return taken or refused whole,
late returns merged, per-task fingerprints, the round's state."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from openpyxl import load_workbook

from generator.cli import main
from generator.importers.returns import read_return
from generator.importers.round import UnitRound, read_record, record_path, round_status
from generator.indicators import analyse
from generator.loader import load_plan

from ..conftest import SAMPLE

RETURN = "进展反馈表-上海市知识产权局.xlsx"
ROUND = dt.date(2020, 10, 31)
SMALL = {
    "title": "2020年工作要点", "organisation": "办公室", "as_of": "2020-09-30",
    "period": {"start": "2020-01-01", "end": "2020-12-31"},
    "next_meeting": {"title": "推进会", "date": "2020-11-05"},
    "units": [{"id": "a", "name": "甲局"}, {"id": "b", "name": "乙委"},
              {"id": "c", "name": "丙办"}],
    "areas": [{"id": "x", "title": "领域", "tasks": [
        {"id": "1", "title": "任务一", "lead": "a", "progress": 10, "phase": "in_progress"},
        {"id": "2", "title": "任务二", "lead": "a"},
        {"id": "3", "title": "任务三", "lead": "b"},
        {"id": "4", "title": "任务四", "lead": "c"}]}],
}


@pytest.fixture()
def plan_copy(tmp_path):
    path = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, path)
    return path


@pytest.fixture()
def small(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(SMALL, allow_unicode=True), encoding="utf-8")
    return path


def write_returns(plan, tmp_path, *extra):
    assert main(["returns", str(plan), "--out", str(tmp_path / "returns"), *extra]) == 0
    return tmp_path / "returns"


def fill(path, rows: dict[str, dict[int, object]],
         formats: dict[tuple[str, int], str] | None = None):
    """Types values into a return as a unit would: {task id: {column: value}}."""
    formats = formats or {}
    book = load_workbook(path)
    sheet = book["status"]
    where = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for task_id, values in rows.items():
        for col, value in values.items():
            sheet.cell(where[task_id], col, value)
            if (task_id, col) in formats:
                sheet.cell(where[task_id], col).number_format = formats[(task_id, col)]
    book.save(path)


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
    assert any(str(r[0].value).startswith("task:") for r in book["meta"].iter_rows())


def test_filled_return_becomes_the_next_update_and_the_briefing_shows_it(plan_copy, tmp_path,
                                                                         capsys):
    folder = write_returns(plan_copy, tmp_path)
    fill(folder / RETURN, {"1.2": {7: "推进中", 9: 70, 10: "纲要送审稿已完成。"},
                           "2.2": {7: "已完成"}})

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


def test_a_refused_workbook_lists_every_problem_and_holds_back_no_other_unit(small, tmp_path,
                                                                            capsys):
    folder = write_returns(small, tmp_path)
    fill(folder / "进展反馈表-甲局.xlsx", {"1": {2: "改过的任务文字"}, "2": {9: "很多"}})
    fill(folder / "进展反馈表-乙委.xlsx", {"3": {9: 50}})

    code = main(["read-returns", str(small), str(folder / "进展反馈表-甲局.xlsx"),
                 str(folder / "进展反馈表-乙委.xlsx"), "--date", "2020-10-31"])

    printed = capsys.readouterr()
    assert code == 2
    assert "row 2, column B: the task text was changed" in printed.err
    assert "row 3, column I: '很多' is not a whole number" in printed.err
    assert "refused (甲局)" in printed.out and "1 task(s) updated by 乙委" in printed.out
    plan = load_plan(small).plan
    assert set(plan.updates[-1].tasks) == {"3"} and plan.updates[-1].tasks["3"].progress == 50
    states = {r.unit_id: r.state for r in round_status(small, ROUND)}
    assert states == {"a": "refused", "b": "returned", "c": "missing"}


@pytest.mark.parametrize(("typed", "number_format", "expected"), [
    (0.8, "0%", 80), ("80%", None, 80), ("80％", None, 80), ("八成", None, 80), (80, None, 80),
    (1, "0%", 100)], ids=["percent-cell", "text-percent", "full-width", "bacheng", "plain",
                          "one-hundred-percent"])
def test_progress_as_units_type_it(small, tmp_path, typed, number_format, expected):
    folder = write_returns(small, tmp_path)
    path = folder / "进展反馈表-甲局.xlsx"
    fill(path, {"1": {9: typed}}, {("1", 9): number_format} if number_format else {})

    unit = read_return(load_plan(small).plan, path, ROUND)

    assert unit.taken, unit.problems
    assert unit.changes["1"]["progress"] == expected


def test_free_text_phase_and_typed_line_breaks(small, tmp_path):
    folder = write_returns(small, tmp_path)
    path = folder / "进展反馈表-甲局.xlsx"
    fill(path, {"1": {7: "基本完成", 10: "第一段\r\n第二段\r第三段"}})

    unit = read_return(load_plan(small).plan, path, ROUND)

    assert unit.changes["1"]["phase"] == "in_progress"
    assert unit.changes["1"]["note"] == "基本完成\n第一段\n第二段\n第三段"


def test_an_ambiguous_fraction_is_refused(small, tmp_path):
    folder = write_returns(small, tmp_path)
    path = folder / "进展反馈表-甲局.xlsx"
    fill(path, {"1": {9: 0.8}})  # 0.8 with no % format: 80 or 0.8?

    unit = read_return(load_plan(small).plan, path, ROUND)

    assert not unit.taken and "0.8 is not a whole number" in str(unit.problems[0])


def test_a_late_return_merges_into_the_round_and_the_newer_value_wins(small, tmp_path,
                                                                      capsys):
    folder = write_returns(small, tmp_path)
    path = folder / "进展反馈表-甲局.xlsx"
    fill(path, {"1": {9: 40, 10: "初稿"}})
    assert main(["read-returns", str(small), str(path), "--date", "2020-10-31"]) == 0
    late = tmp_path / "late.xlsx"
    shutil.copyfile(path, late)
    fill(late, {"1": {9: 60}, "2": {9: 20}})
    other = folder / "进展反馈表-乙委.xlsx"
    fill(other, {"3": {9: 30}})
    capsys.readouterr()

    code = main(["read-returns", str(small), str(late), str(other), "--date", "2020-10-31"])

    printed = capsys.readouterr().out
    assert code == 0
    assert "merged: task 1 progress: 40 → 60 (the later return wins)" in printed
    update = load_plan(small).plan.updates[-1]
    assert update.tasks["1"].progress == 60 and update.tasks["1"].note == "初稿"
    assert update.tasks["2"].progress == 20 and update.tasks["3"].progress == 30
    assert sorted(read_record(small, ROUND)["units"]) == ["a", "b"]


def test_rewording_one_task_questions_only_returns_touching_it(small, tmp_path):
    folder = write_returns(small, tmp_path)
    fill(folder / "进展反馈表-甲局.xlsx", {"1": {9: 50}})
    fill(folder / "进展反馈表-乙委.xlsx", {"3": {9: 50}})
    data = yaml.safe_load(small.read_text(encoding="utf-8"))
    data["areas"][0]["tasks"][0]["title"] = "任务一（改）"
    small.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = load_plan(small).plan

    changed = read_return(plan, folder / "进展反馈表-甲局.xlsx", ROUND)
    untouched = read_return(plan, folder / "进展反馈表-乙委.xlsx", ROUND)

    assert untouched.taken and untouched.changes == {"3": {"progress": 50}}
    assert not changed.taken
    assert "task 1 was reworded in the plan after this return was sent" in str(
        changed.problems[0])


def test_returns_show_the_status_after_the_latest_update_or_as_of(small, tmp_path):
    folder = write_returns(small, tmp_path)
    fill(folder / "进展反馈表-甲局.xlsx", {"1": {9: 55}})
    assert main(["read-returns", str(small), str(folder / "进展反馈表-甲局.xlsx"),
                 "--date", "2020-10-31"]) == 0

    latest = write_returns(small, tmp_path / "next")
    earlier = write_returns(small, tmp_path / "earlier", "--as-of", "2020-10-01")

    def progress(folder):
        return load_workbook(folder / "进展反馈表-甲局.xlsx")["status"]["F2"].value

    assert progress(latest) == 55 and progress(earlier) == 10


def test_round_states_and_the_command(small, tmp_path, capsys):
    folder = write_returns(small, tmp_path)
    fill(folder / "进展反馈表-甲局.xlsx", {"1": {9: 50}})
    assert main(["read-returns", str(small), str(folder / "进展反馈表-甲局.xlsx"),
                 "--date", "2020-10-31"]) == 0
    capsys.readouterr()

    rounds = round_status(small, ROUND, due=dt.date(2020, 10, 25), returns_dir=tmp_path / "r2")
    code = main(["round", str(small), "--date", "2020-10-31", "--due", "2020-10-25"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert all(isinstance(r, UnitRound) for r in rounds)
    by_unit = {r.unit_id: r for r in rounds}
    assert (by_unit["a"].state, by_unit["a"].tasks_expected, by_unit["a"].tasks_returned) == (
        "partly", 2, 1)
    assert "task(s) 2" in by_unit["a"].detail
    assert by_unit["b"].state == "missing" and "6 day(s) past the deadline" in by_unit["b"].detail
    assert by_unit["b"].return_file.is_file() and by_unit["a"].return_file.is_file()
    assert by_unit["c"].state == "missing" and by_unit["c"].return_file.is_file()
    assert lines[0].split("\t")[:4] == ["甲局", "partly", "1/2", "due 2020-10-25"]
    assert len(lines) == 3


HOSTILE = ["=HYPERLINK(\"http://x.invalid\",\"click\")", "+1+1", "-2+3", "@SUM(1,1)",
           "\t=1+1", "\r=1+1"]


def test_return_cells_are_text_never_formulas(small, tmp_path):
    data = yaml.safe_load(small.read_text(encoding="utf-8"))
    data["title"] = HOSTILE[0]
    data["units"][0]["name"] = "=1+2"
    for task, text in zip(data["areas"][0]["tasks"], HOSTILE[1:], strict=False):
        task["title"] = text.strip() if text.strip() != text and text[0] in "\t\r" else text
    small.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    folder = write_returns(small, tmp_path)

    for path in folder.iterdir():
        book = load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s", (path.name, cell.coordinate, cell.value)
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                        assert cell.quotePrefix, (path.name, cell.coordinate)
    texts = {c.value for p in folder.iterdir() for r in load_workbook(p)["status"].iter_rows()
             for c in r}
    assert {"+1+1", "-2+3", "@SUM(1,1)"} <= texts
    meta = load_workbook(next(folder.glob("*.xlsx")))["meta"]
    assert meta["B3"].value == HOSTILE[0] and meta["B3"].data_type == "s"


def test_a_return_with_a_stray_cell_far_away_is_read_in_bounds(small, tmp_path):
    import tracemalloc

    folder = write_returns(small, tmp_path)
    path = folder / "进展反馈表-甲局.xlsx"
    fill(path, {"1": {9: 30}})
    book = load_workbook(path)
    book["status"]["XFD1048576"] = "x"
    book.save(path)
    plan = load_plan(small).plan

    tracemalloc.start()
    unit = read_return(plan, path, ROUND)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert unit.taken and unit.changes == {"1": {"progress": 30}}
    assert peak < 100 * 1024 * 1024


def test_a_workbook_with_nothing_filled_in_leaves_the_unit_missing(small, tmp_path):
    folder = write_returns(small, tmp_path)

    code = main(["read-returns", str(small), str(folder / "进展反馈表-丙办.xlsx"),
                 "--date", "2020-10-31"])

    unit = {r.unit_id: r for r in round_status(small, ROUND)}["c"]
    assert code == 0
    assert unit.state == "missing" and "had nothing filled in" in unit.detail


def test_a_pattern_is_expanded_and_one_matching_nothing_is_refused_before_anything_is_recorded(
        small, tmp_path, capsys):
    """Windows shells (and bash when nothing matches) pass `returns/*.xlsx` through as typed:
    read-returns expands it itself; a pattern or name that finds no file stops with exit 2
    and records no round (no bogus refused "unit")."""
    folder = write_returns(small, tmp_path)
    fill(folder / "进展反馈表-乙委.xlsx", {"3": {9: 50}})

    code = main(["read-returns", str(small), str(tmp_path / "nothing" / "*.xlsx"),
                 "--date", "2020-10-31"])
    printed = capsys.readouterr()
    assert code == 2
    assert "no file matches this pattern" in printed.err and "Traceback" not in printed.err
    assert not record_path(small, ROUND).exists()

    code = main(["read-returns", str(small), str(folder / "进展反馈表-乙委.xlsx"),
                 str(folder / "no-such.xlsx"), "--date", "2020-10-31"])
    assert code == 2 and "no such return file" in capsys.readouterr().err
    assert not record_path(small, ROUND).exists()

    code = main(["read-returns", str(small), str(folder / "进展反馈表-乙*.xlsx"),
                 "--date", "2020-10-31"])
    assert code == 0 and "1 task(s) updated by 乙委" in capsys.readouterr().out
