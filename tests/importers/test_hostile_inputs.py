"""Inputs that used to crash or leak: each ends in a clear exit-2 message or a clean draft."""

from __future__ import annotations

import zipfile

import pytest
import yaml
from openpyxl import Workbook

from generator.cli import main
from generator.importers.text import draft_yaml

BIG = "1" * 400


def _xlsx_with_raw_numbers(path, rows, raw: dict[str, str]):
    """An .xlsx whose numbers are replaced in the XML by `raw` text (openpyxl cannot write a
    400-digit number, Excel-made files can hold one)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active["XFD1048576"] = "stray"
    tmp = path.with_suffix(".tmp.xlsx")
    book.save(tmp)
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for old, new in raw.items():
                    data = data.replace(old.encode(), new.encode())
            dst.writestr(item, data)


@pytest.mark.parametrize(("name", "make", "expected"), [
    ("digits.csv", lambda p: p.write_text(
        f"序号,重点任务,牵头单位,完成进度\n{BIG},任务,甲局,{BIG}\n", encoding="utf-8"),
     "row 2, column D: '111111"),
    ("field.csv", lambda p: p.write_text(
        "序号,重点任务,牵头单位\n1,\"" + "长" * 140_000 + "\",甲局\n", encoding="utf-8"),
     "field.csv:2: cannot be read as CSV"),
    ("digits.xlsx", lambda p: _xlsx_with_raw_numbers(
        p, [["序号", "重点任务", "牵头单位", "完成进度"], [7777777, "任务", "甲局", 8888888]],
        {"7777777": BIG, "8888888": BIG}),
     "sheet 'Sheet', row 2, column D: '111111"),
    ("noheader.xlsx", lambda p: _xlsx_with_raw_numbers(p, [["a", "b"]], {}),
     "no header row with a task column"),
], ids=["400-digits-csv", "huge-csv-field", "400-digits-and-stray-cell-xlsx", "stray-cell-only"])
def test_tables_that_crashed_end_with_a_clear_message(tmp_path, capsys, name, make, expected):
    source = tmp_path / name
    make(source)

    code = main(["import-sheet", str(source), "--out", str(tmp_path / "out.yaml")])

    err = capsys.readouterr().err
    assert code == 2 and expected in err and "Traceback" not in err
    assert "(400 characters)" in err or "400" not in name
    assert not (tmp_path / "out.yaml").exists()


def test_years_0000_and_9999_stay_in_the_note(tmp_path, capsys):
    source = tmp_path / "years.csv"
    source.write_text("9999年工作任务\n序号,重点任务,牵头单位,完成时限\n1,任务一,甲局,0000-01-01\n"
                      "2,任务二,乙局,9999-12-31\n3,任务三,丙局,12月底\n", encoding="utf-8")
    out = tmp_path / "out.yaml"

    code = main(["import-sheet", str(source), "--out", str(out), "--as-of", "2021-03-01"])

    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    tasks = data["areas"][0]["tasks"]
    assert code == 0
    assert "0000-01-01" in tasks[0]["note"] and "due" not in tasks[0]
    assert "9999-12-31" in tasks[1]["note"]
    assert tasks[2]["due"] == "2021-12-31"  # the year 9999 is not taken as the plan's year
    assert "'9999-12-31' is not a date" in capsys.readouterr().err


BREAKS = ["\r", "\n", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"]


@pytest.mark.parametrize("brk", BREAKS, ids=[f"U+{ord(b):04X}" for b in BREAKS])
def test_text_lines_and_file_names_cannot_break_out_of_draft_comments(brk):
    data = {"title": "t"}
    notes = [f"Not placed: a{brk}evil: 1", f"a{brk}title: owned"]

    text = draft_yaml(data, notes, f"name{brk}injected: 2.txt")

    loaded = yaml.safe_load(text)
    assert loaded == {"title": "t"}
    assert all(line.startswith("#") for line in text.split("\ntitle:")[0].splitlines())


def test_an_imported_text_with_line_separators_gives_a_clean_draft(tmp_path):
    source = tmp_path / "plan\u2028evil: 1.txt"
    source.write_text("2021年工作要点\n前言\u2028injected: 1\u2029x: 2\x85y: 3。\n"
                      "一、完善制度\n（一）推进立法（市司法局负责）\n", encoding="utf-8")
    out = tmp_path / "draft.yaml"

    assert main(["import-text", str(source), "--out", str(out)]) == 0

    loaded = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert "injected" not in loaded and "x" not in loaded and "evil" not in loaded
