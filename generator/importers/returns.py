"""The round trip with units: status-return sheets out, a dated status update back in.

`write_returns` writes one workbook per lead unit: its tasks with their current status, and
columns to fill in (new phase and health from drop-down lists, progress as a whole number
0-100, a note, a moved deadline). Task ids and texts are locked. `read_returns` reads filled-in
workbooks back as one dated status update, refusing rows whose id or task text was changed, and
reports what it took in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanError, Problem
from ..i18n import Labels
from ..indicators import PlanStatus
from ..model import Health, Phase, Plan
from ..output import UniqueNames, inside, write_atomic
from .spreadsheet import _col, parse_date, parse_progress

SHEET = "status"
META = "meta"
# Column order of a return sheet; the first six are filled by us and locked.
COLUMNS = ("id", "task", "due", "phase", "health", "progress",
           "new_phase", "new_health", "new_progress", "new_note", "new_due")
_HEADERS = {
    "zh": ("任务编号", "重点任务", "完成时限", "当前状态", "当前风险", "当前进度",
           "新状态", "新风险", "新进度（0-100）", "进展情况", "调整后时限"),
    "en": ("Task id", "Task", "Due", "Phase", "Health", "Progress",
           "New phase", "New health", "New progress (0-100)", "Progress note", "New due date"),
}


@dataclass
class ReturnsRead:
    """A status update read from returns, and a line per file saying what was taken in."""

    update: dict
    report: list[str] = field(default_factory=list)


def _labels_for(plan: Plan) -> tuple[Labels, str]:
    labels = Labels(plan.language)
    return labels, "zh" if labels.is_chinese else "en"


def plan_digest(plan: Plan) -> str:
    """A fingerprint of the plan's task ids and texts, written into each return sheet."""
    text = "\n".join(f"{t.id}\t{t.title}" for _, t in plan.tasks())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def write_returns(status: PlanStatus, out_dir: Path) -> list[Path]:
    """One return workbook per unit that leads tasks; returns the files written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = status.plan
    labels, lang = _labels_for(plan)
    phases = [labels[p.value] for p in Phase]
    healths = [labels[h.value] for h in Health]
    files = []
    names = UniqueNames()
    for unit in status.units:
        if not unit.lead:
            continue
        book = Workbook()
        sheet = book.active
        sheet.title = SHEET
        sheet.append(list(_HEADERS[lang]))
        for state in unit.lead:
            sheet.append([state.task.id, state.task.title, state.due, labels[state.phase.value],
                          labels[state.health.value], state.progress, None, None, None, None,
                          None])
        last = sheet.max_row
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F3A5F")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in sheet.iter_rows(min_row=2, max_row=last):
            for cell in row[:6]:
                cell.protection = Protection(locked=True)
                cell.fill = PatternFill("solid", fgColor="F3F6FA")
            for cell in row[6:]:
                cell.protection = Protection(locked=False)
            row[2].number_format = "yyyy-mm-dd"
            row[10].number_format = "yyyy-mm-dd"
            row[1].alignment = Alignment(wrap_text=True, vertical="top")
            row[9].alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in zip("ABCDEFGHIJK", (10, 48, 12, 10, 10, 9, 12, 12, 12, 40, 13),
                                 strict=True):
            sheet.column_dimensions[letter].width = width
        for values, column in ((phases, "G"), (healths, "H")):
            rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                                  allow_blank=True, showErrorMessage=True)
            rule.add(f"{column}2:{column}{last}")
            sheet.add_data_validation(rule)
        number = DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                                allow_blank=True, showErrorMessage=True)
        number.add(f"I2:I{last}")
        sheet.add_data_validation(number)
        when = DataValidation(type="date", operator="greaterThan", formula1="1",
                              allow_blank=True, showErrorMessage=True)
        when.add(f"K2:K{last}")
        sheet.add_data_validation(when)
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.freeze_panes = "C2"
        meta = book.create_sheet(META)
        for key, value in (("unit", unit.unit.id), ("unit_name", unit.unit.name),
                           ("plan", plan.title), ("plan_digest", plan_digest(plan)),
                           ("as_of", status.as_of.isoformat())):
            meta.append([key, value])
        meta.sheet_state = "hidden"
        book.properties.creator = plan.organisation
        book.properties.title = f"{plan.title} — {unit.unit.name}"
        fixed = dt.datetime.combine(status.as_of, dt.time())
        book.properties.created = book.properties.modified = fixed
        name = names.take(f"{labels['status_return']}-{unit.unit.name}", unit.unit.id,
                          fallback=unit.unit.id)  # one workbook per unit on every system
        dest = inside(out_dir, f"{name}.xlsx")
        write_atomic(dest, lambda tmp, b=book: b.save(tmp))
        files.append(dest)
    return files


def read_returns(plan: Plan, paths: list[Path], date: dt.date, title: str = "") -> ReturnsRead:
    """One status update from filled-in return workbooks; raises PlanError for every refused
    row or file (with file, sheet, row and column)."""
    from openpyxl import load_workbook

    labels, lang = _labels_for(plan)
    phase_of = {labels[p.value]: p.value for p in Phase} | {p.value: p.value for p in Phase}
    health_of = {labels[h.value]: h.value for h in Health} | {h.value: h.value for h in Health}
    tasks = {t.id: (t, a) for a, t in plan.tasks()}
    digest = plan_digest(plan)
    problems: list[Problem] = []
    changes: dict[str, dict] = {}
    report = []
    for path in paths:
        name = str(path)
        try:
            book = load_workbook(path, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            problems.append(Problem(name, None, "", f"cannot be read as a workbook "
                                    f"({type(exc).__name__})"))
            continue
        if SHEET not in book.sheetnames or META not in book.sheetnames:
            problems.append(Problem(name, None, "", "not a status return made by "
                                    "`plan-briefing returns` (sheets missing)"))
            continue
        meta = {row[0]: row[1] for row in book[META].iter_rows(values_only=True) if row}
        unit = meta.get("unit")
        if meta.get("plan_digest") != digest:
            problems.append(Problem(name, None, "sheet 'meta'", "made for another version of "
                                    "the plan (tasks or their texts changed since); send the "
                                    "unit a new return"))
            continue
        taken = 0
        for r, row in enumerate(book[SHEET].iter_rows(min_row=2, values_only=True), start=2):
            if not row or all(v in (None, "") for v in row):
                continue
            values = dict(zip(COLUMNS, row, strict=False))
            place = f"sheet {SHEET!r}, row {r}"
            task_id = str(values["id"] or "").strip()
            if task_id not in tasks:
                problems.append(Problem(name, None, f"{place}, column A",
                                        f"task id {task_id!r} is not in the plan; the id "
                                        "column must not be changed"))
                continue
            task, _ = tasks[task_id]
            if task.lead != unit:
                problems.append(Problem(name, None, f"{place}, column A", f"task {task_id} is "
                                        f"not led by unit {unit!r}"))
                continue
            if str(values["task"] or "").strip() != task.title:
                problems.append(Problem(name, None, f"{place}, column B", "the task text was "
                                        "changed; it must stay as sent (use the note column)"))
                continue
            change: dict = {}
            for key, mapping, column in (("new_phase", phase_of, 6), ("new_health", health_of, 7)):
                value = values.get(key)
                if value in (None, ""):
                    continue
                if str(value).strip() not in mapping:
                    problems.append(Problem(name, None, f"{place}, column {_col(column)}",
                                            f"{value!r} is not one of the list's values"))
                    continue
                change[key.removeprefix("new_")] = mapping[str(value).strip()]
            if values.get("new_progress") not in (None, ""):
                number = parse_progress(values["new_progress"])
                if number is None or isinstance(values["new_progress"], float) and \
                        values["new_progress"] <= 1 and values["new_progress"] not in (0, 1):
                    problems.append(Problem(name, None, f"{place}, column I",
                                            f"{values['new_progress']!r} is not a whole number "
                                            "from 0 to 100"))
                else:
                    change["progress"] = number
            if values.get("new_note") not in (None, ""):
                change["note"] = str(values["new_note"]).strip()
            if values.get("new_due") not in (None, ""):
                when, _ = parse_date(values["new_due"], date.year)
                if when is None:
                    problems.append(Problem(name, None, f"{place}, column K",
                                            f"{values['new_due']!r} is not a date"))
                else:
                    change["due"] = when.isoformat()
            if change.get("phase") == "done" and "progress" not in change:
                change["progress"] = 100
            if change:
                changes[task_id] = change
                taken += 1
        report.append(f"{path.name}: {taken} task(s) updated by {meta.get('unit_name', unit)}")
    if problems:
        raise PlanError(problems)
    update = {"date": date.isoformat(), "tasks": changes}
    if title:
        update["title"] = title
    return ReturnsRead(update, report)
