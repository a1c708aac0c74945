"""Task breakdown tables (任务分工表) in XLSX and CSV become plans that validate and build."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from generator.cli import main
from generator.errors import PlanError
from generator.importers.spreadsheet import import_sheets
from generator.importers.values import parse_date, parse_progress
from generator.loader import load_plan


def chinese_office_table(path, traditional: bool = False):
    """The usual office layout: a merged title row, the header on row 2, area cells merged
    down the first column, Excel dates, serial numbers and words for deadlines."""
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分工"
    sheet.append(["2021年知识产权工作任务分工表"])
    sheet.merge_cells("A1:H1")
    header = (["領域", "序號", "重點任務", "牽頭單位", "配合單位", "完成時限", "進度", "狀態"]
              if traditional else
              ["领域", "序号", "重点任务", "牵头单位", "配合单位", "完成时限", "完成进度", "状态"])
    sheet.append(header)
    sheet.append(["一、完善制度", 1, "推进地方立法", "市司法局", "市知识产权局、市人大法工委",
                  dt.datetime(2021, 12, 31), "60%", "进行中"])
    sheet.append([None, 2, "编制强市战略纲要", "市知识产权局", None, "2021年底", 0.4, "有风险"])
    sheet.merge_cells("A3:A4")
    sheet.append(["二、加强保护", 3, "开展专项执法行动", "市市场监管局", "市公安局",
                  44469, 100, "已完成"])
    sheet.append([None, 4, "研究新领域保护", "市知识产权局", "市科委", "Q4", None, None])
    sheet.append([None, 5, "持续推进宣传", "市知识产权局", None, "长期", None, None])
    sheet.merge_cells("A5:A7")
    sheet["H9"] = "=1+1"  # a stray formula far below: read as its cached value, ignored
    book.save(path)


def test_chinese_office_layout_imports_builds_and_warns_about_words(tmp_path, capsys):
    source = tmp_path / "分工表.xlsx"
    chinese_office_table(source)
    out = tmp_path / "plan.yaml"

    code = main(["import-sheet", str(source), "--out", str(out), "--as-of", "2021-06-30",
                 "--title", "2021年工作计划"])

    plan = load_plan(out).plan
    tasks = [t for _, t in plan.tasks()]
    units = {u.id: u.name for u in plan.units}
    assert code == 0
    assert [a.title for a in plan.areas] == ["完善制度", "加强保护"]
    assert [t.title for t in tasks][:3] == ["推进地方立法", "编制强市战略纲要", "开展专项执法行动"]
    assert units[tasks[0].lead] == "市司法局"
    assert [units[s] for s in tasks[0].support] == ["市知识产权局", "市人大法工委"]
    assert [t.due for t in tasks[:4]] == [dt.date(2021, 12, 31), dt.date(2021, 12, 31),
                                          dt.date(2021, 9, 30), dt.date(2021, 12, 31)]
    assert [t.progress for t in tasks[:3]] == [60, 40, 100]
    assert tasks[1].health.value == "at_risk"
    assert tasks[2].phase.value == "done"
    assert tasks[4].due is None and "长期" in tasks[4].note
    assert "'长期' is not a date" in capsys.readouterr().err
    assert main(["build", str(out), "--out", str(tmp_path / "out"), "--format", "pdf",
                 "--jobs", "1"]) == 0


def test_traditional_headers_are_understood(tmp_path):
    source = tmp_path / "t.xlsx"
    chinese_office_table(source, traditional=True)

    result = import_sheets(source, as_of=dt.date(2021, 6, 30))

    assert len([t for a in result.data["areas"] for t in a["tasks"]]) == 5


def test_english_tracker_csv_with_area_rows(tmp_path):
    source = tmp_path / "tracker.csv"
    source.write_text(
        "Action plan tracker,,,,\n"
        "No.,Task,Lead,Due date,Progress %,RAG status,Latest update\n"
        "Area 1 Online services,,,,,,\n"
        "1,Launch council tax account,Digital,2021-05-31,100,on track,Live\n"
        "2,Bulky waste booking,Waste; Digital,30/09/2021,15,at risk,\n"
        "Area 2 Faster answers,,,,,,\n"
        "3,One case system,Customer,2021/06/15,80%,delayed,Migration late\n",
        encoding="utf-8")

    result = import_sheets(source, as_of=dt.date(2021, 6, 30), language="en")

    data = result.data
    assert [a["title"] for a in data["areas"]] == ["Area 1 Online services",
                                                   "Area 2 Faster answers"]
    tasks = [t for a in data["areas"] for t in a["tasks"]]
    assert tasks[0]["phase"] == "done" and tasks[0]["progress"] == 100
    assert tasks[1]["health"] == "at_risk" and tasks[1]["due"] == "2021-09-30"  # day first
    assert tasks[2]["due"] == "2021-06-15" and tasks[2]["progress"] == 80


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["序号", "重点任务", "牵头单位"], [1, "任务", None]], "row 2, column C"),
        ([["序号", "重点任务", "牵头单位", "完成进度"], [1, "任务", "局", "abc"]],
         "'abc' is not a percentage"),
        ([["序号", "重点任务", "牵头单位", "状态"], [1, "任务", "局", "暂停了"]],
         "'暂停了' is not a known phase"),
        ([["序号", "名称", "单位"], [1, "任务", "局"]], "no header row with a task column"),
        ([["重点任务", "配合单位"], ["任务", "局"]], "no lead-unit column"),
        ([["序号", "重点任务", "牵头单位"], [1, None, "局"]], "the task cell is empty"),
    ],
    ids=["empty-lead", "bad-progress", "bad-phase", "no-task-header", "no-lead-column",
         "empty-task"],
)
def test_broken_tables_are_reported_by_sheet_row_and_column(tmp_path, rows, message):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "bad.xlsx"
    book.save(path)

    with pytest.raises(PlanError) as caught:
        import_sheets(path)

    assert message in str(caught.value) and "bad.xlsx" in str(caught.value)


def test_a_sheet_claiming_a_million_rows_and_a_fake_xlsx(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "重点任务", "牵头单位"])
    sheet.append([1, "任务", "局"])
    sheet["XFD1048576"] = "x"
    path = tmp_path / "big.xlsx"
    book.save(path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")

    result = import_sheets(path)

    assert len(result.data["areas"][0]["tasks"]) == 1
    with pytest.raises(PlanError, match="not an .xlsx file"):
        import_sheets(fake)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2020-12-31", dt.date(2020, 12, 31)), ("2020年12月31日", dt.date(2020, 12, 31)),
     ("2020年底", dt.date(2020, 12, 31)), ("年内", dt.date(2021, 12, 31)),
     ("Q3", dt.date(2021, 9, 30)), ("第二季度", dt.date(2021, 6, 30)),
     ("6月底", dt.date(2021, 6, 30)), ("上半年", dt.date(2021, 6, 30)),
     (44196, dt.date(2020, 12, 31)), ("2020-13-45", None), ("长期", None)],
)
def test_dates(value, expected):
    assert parse_date(value, 2021)[0] == expected


def test_progress():
    assert [parse_progress(v) for v in (60, "60%", " 60 % ", 0.6, "abc", 140, True)] == [
        60, 60, 60, 60, None, None, None]


def test_one_sheet_per_area(tmp_path):
    book = Workbook()
    first = book.active
    first.title = "制度建设"
    first.append(["序号", "重点任务", "牵头单位"])
    first.append([1, "推进地方立法", "市司法局"])
    second = book.create_sheet("严格保护")
    second.append(["序號", "重點任務", "牽頭單位"])
    second.append([1, "开展专项行动", "市市场监管局"])
    second.append([2, "研究新领域保护", "市知识产权局"])
    path = tmp_path / "areas.xlsx"
    book.save(path)

    data = import_sheets(path).data

    assert [(a["title"], len(a["tasks"])) for a in data["areas"]] == [("制度建设", 1),
                                                                       ("严格保护", 2)]


def test_an_empty_merged_lead_is_named_as_the_merged_range(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "分工"
    sheet.append(["序号", "重点任务", "具体措施", "牵头单位"])
    sheet.append([1, "完善制度", "措施一", None])
    sheet.append([None, None, "措施二", None])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("D2:D3")
    path = tmp_path / "merged.xlsx"
    book.save(path)

    with pytest.raises(PlanError) as caught:
        import_sheets(path)

    text = str(caught.value)
    assert "sheet '分工', row 3, column D (merged cell D2:D3): the lead-unit cell is empty" in text
    assert "in the input" in text and "in the plan" not in text


def test_relative_deadlines_take_the_year_given(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("重点任务,牵头单位,完成时限\n任务,甲局,年底前\n", encoding="utf-8")

    data = import_sheets(path, year=2019, as_of=dt.date(2024, 1, 1)).data

    assert data["areas"][0]["tasks"][0]["due"] == "2019-12-31"
    assert data["period"] == {"start": "2019-01-01", "end": "2019-12-31"}
