"""Status-return workbooks out to units, and each unit's filled-in workbook read back.

`write_returns` writes one workbook per lead unit: its tasks with their current status (as of
the round's date) and columns to fill in. Every text cell is written as text, never as a
formula (a task titled "=HYPERLINK(…)" stays those characters). A hidden `meta` sheet holds
the unit, the round and a fingerprint per task. `read_return` reads one filled-in workbook and
either takes it whole or refuses it whole with every problem listed (see round.py for the
round: several units, late returns, the round's state).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..i18n import Labels
from ..indicators import PlanStatus
from ..model import Health, Phase, Plan, Task
from ..output import UniqueNames, inside, safe_name, write_atomic
from . import TableError
from .cells import clean, column_letter
from .values import parse_date, parse_progress, parse_status, shown

SHEET = "status"
META = "meta"
MAX_EXTRA_ROWS = 200  # rows read below the last task (a stray cell far below costs nothing)
# Column order of a return sheet; the first six are filled by us and locked.
COLUMNS = ("id", "task", "due", "phase", "health", "progress",
           "new_phase", "new_health", "new_progress", "new_note", "new_due")
_HEADERS = {
    "zh": ("任务编号", "重点任务", "完成时限", "当前状态", "当前风险", "当前进度",
           "新状态", "新风险", "新进度（0-100）", "进展情况", "调整后时限"),
    "en": ("Task id", "Task", "Due", "Phase", "Health", "Progress",
           "New phase", "New health", "New progress (0-100)", "Progress note", "New due date"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def task_fingerprint(task: Task) -> str:
    """A fingerprint of one task's id and text: a return is questioned only for tasks whose
    fingerprint changed since it was sent."""
    return hashlib.sha256(f"{task.id}\t{task.title}".encode()).hexdigest()[:16]


def plan_digest(plan: Plan) -> str:
    """A fingerprint of all the plan's task ids and texts (kept for returns sent before per-task
    fingerprints)."""
    text = "\n".join(f"{t.id}\t{t.title}" for _, t in plan.tasks())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _labels_for(plan: Plan) -> tuple[Labels, str]:
    labels = Labels(plan.language)
    return labels, "zh" if labels.is_chinese else "en"


def return_name(plan: Plan, unit_id: str, unit_name: str) -> str:
    """The file name of a unit's return workbook: one per unit on every file system (names
    equal but for case, or cut to the same bytes, get the unit's id as a suffix), the same
    for a unit whichever units are written."""
    labels, _ = _labels_for(plan)
    names = UniqueNames()
    for unit in plan.units:  # in the register's order, so a unit's name never depends on others
        name = names.take(f"{labels['status_return']}-{unit.name}", unit.id, fallback=unit.id)
        if unit.id == unit_id:
            return name + ".xlsx"
    return safe_name(f"{labels['status_return']}-{unit_name}", fallback=unit_id) + ".xlsx"


def put_text(sheet, row: int, col: int, value: object) -> None:
    """Writes `value` into the cell; text always as text, never a formula (OWASP CSV/formula
    injection: = + - @ tab CR also get Excel's quote prefix so no client evaluates them)."""
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def write_returns(status: PlanStatus, out_dir: Path, units: set[str] | None = None) -> list[Path]:
    """One return workbook per unit that leads tasks (or only those in `units`), showing the
    status as of `status.as_of`; returns the files written."""
    files = []
    for unit in status.units:
        if unit.lead and (units is None or unit.unit.id in units):
            files.append(_write_one(status, unit, out_dir))
    return files


def _write_one(status: PlanStatus, unit, out_dir: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = status.plan
    labels, lang = _labels_for(plan)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    for c, header in enumerate(_HEADERS[lang], start=1):
        put_text(sheet, 1, c, header)
    for r, state in enumerate(unit.lead, start=2):
        for c, value in enumerate((state.task.id, state.task.title, state.due,
                                   labels[state.phase.value], labels[state.health.value],
                                   state.progress), start=1):
            put_text(sheet, r, c, value)
    last = sheet.max_row
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in sheet.iter_rows(min_row=2, max_row=last, max_col=len(COLUMNS)):
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
    for values, column in (([labels[p.value] for p in Phase], "G"),
                           ([labels[h.value] for h in Health], "H")):
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
    rows = [("unit", unit.unit.id), ("unit_name", unit.unit.name), ("plan", plan.title),
            ("plan_digest", plan_digest(plan)), ("as_of", status.as_of.isoformat())]
    rows += [(f"task:{s.task.id}", task_fingerprint(s.task)) for s in unit.lead]
    for r, (key, value) in enumerate(rows, start=1):
        put_text(meta, r, 1, key)
        put_text(meta, r, 2, value)
    meta.sheet_state = "hidden"
    book.properties.creator = plan.organisation
    book.properties.title = f"{plan.title} — {unit.unit.name}"
    fixed = dt.datetime.combine(status.as_of, dt.time())
    book.properties.created = book.properties.modified = fixed
    dest = inside(out_dir, return_name(plan, unit.unit.id, unit.unit.name))
    write_atomic(dest, lambda tmp: book.save(tmp))
    return dest


@dataclass
class UnitReturn:
    """One unit's workbook as read: taken whole (`changes`) or refused whole (`problems`)."""

    path: Path
    unit_id: str
    unit_name: str
    changes: dict[str, dict] = field(default_factory=dict)
    answered: list[str] = field(default_factory=list)  # task ids with any value filled in
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def taken(self) -> bool:
        return not self.problems


def read_return(plan: Plan, path: Path, date: dt.date) -> UnitReturn:
    """Reads one filled-in return; its problems (file, sheet, row, column) say why it cannot
    be taken as it is. Values typed the way people type them are accepted when unambiguous:
    "80%" (Excel keeps 0.8 with a % format), "80％", "八成", "基本完成"."""
    import warnings

    from openpyxl import load_workbook

    from .cells import check_workbook_file

    name = str(path)
    result = UnitReturn(Path(path), "", Path(path).name)
    try:
        check_workbook_file(Path(path))
    except TableError as exc:
        result.problems.extend(exc.problems)
        return result
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(path, read_only=True, data_only=True)  # rows streamed
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        result.problems.append(Problem(name, None, "", f"cannot be read as a workbook "
                                       f"({type(exc).__name__}); send the unit a new return"))
        return result
    try:
        _read_book(plan, book, name, date, result)
    finally:
        book.close()
    return result


def _read_book(plan: Plan, book, name: str, date: dt.date, result: UnitReturn) -> None:
    if SHEET not in book.sheetnames or META not in book.sheetnames:
        result.problems.append(Problem(name, None, "", "not a status return made by "
                                       "`plan-briefing returns` (sheets missing)"))
        return
    meta_sheet = book[META]
    meta = {}
    for row in meta_sheet.iter_rows(max_row=min(meta_sheet.max_row or 5000, 5000), max_col=2,
                                    values_only=True):
        if row and isinstance(row[0], str):
            meta[row[0]] = row[1]
    result.unit_id = str(meta.get("unit") or "")
    result.unit_name = str(meta.get("unit_name") or result.unit_id)
    units = {u.id for u in plan.units}
    if result.unit_id not in units:
        result.problems.append(Problem(name, None, "sheet 'meta'", f"unit {result.unit_id!r} "
                                       "is not in the plan; send the unit a new return"))
        return
    sent = {k.removeprefix("task:"): v for k, v in meta.items() if str(k).startswith("task:")}
    if not sent and meta.get("plan_digest") != plan_digest(plan):
        result.problems.append(Problem(name, None, "sheet 'meta'", "made for another version "
                                       "of the plan (tasks or their texts changed since); send "
                                       "the unit a new return"))
        return
    _read_rows(plan, book[SHEET], name, sent, date, result)


def _read_rows(plan: Plan, sheet, name: str, sent: dict[str, str], date: dt.date,
               result: UnitReturn) -> None:
    labels, _ = _labels_for(plan)
    phase_of = {labels[p.value]: p.value for p in Phase} | {p.value: p.value for p in Phase}
    health_of = {labels[h.value]: h.value for h in Health} | {h.value: h.value for h in Health}
    tasks = {t.id: t for _, t in plan.tasks()}
    last = min(sheet.max_row or len(tasks) + MAX_EXTRA_ROWS, len(tasks) + MAX_EXTRA_ROWS)
    problems = result.problems
    for r, cells in enumerate(sheet.iter_rows(min_row=2, max_row=last, max_col=len(COLUMNS)),
                              start=2):
        values = {key: clean(getattr(cell, "value", None))
                  for key, cell in zip(COLUMNS, cells, strict=False)}
        if all(v in (None, "") for v in values.values()):
            continue
        place = f"sheet {SHEET!r}, row {r}"
        task_id = str(values["id"] or "").strip()
        task = tasks.get(task_id)
        if task is None:
            problems.append(Problem(name, None, f"{place}, column A",
                                    f"task id {shown(task_id)} is "
                                    "not in the plan; the id column must not be changed"))
            continue
        if task.lead != result.unit_id:
            problems.append(Problem(name, None, f"{place}, column A", f"task {task_id} is not "
                                    f"led by unit {result.unit_id!r}"))
            continue
        text = str(values["task"] or "").strip()
        was = sent.get(task_id)
        if was is not None and text != task.title and hashlib.sha256(
                f"{task_id}\t{text}".encode()).hexdigest()[:16] != was:
            problems.append(Problem(name, None, f"{place}, column B", "the task text was "
                                    "changed; it must stay as sent (use the note column)"))
            continue
        if was is None and text != task.title:
            problems.append(Problem(name, None, f"{place}, column B", "the task text was "
                                    "changed; it must stay as sent (use the note column)"))
            continue
        change = _values(values, cells, place, name, phase_of, health_of, date, problems)
        if change is None:
            continue
        if change and was is not None and was != task_fingerprint(task):
            problems.append(Problem(name, None, f"{place}, column B", f"task {task_id} was "
                                    f"reworded in the plan after this return was sent (now: "
                                    f"{task.title!r}); check the answer still applies and send "
                                    "the unit a new return for it"))
            continue
        if change:
            result.changes[task_id] = change
            result.answered.append(task_id)


def _values(values: dict, cells, place: str, name: str, phase_of: dict, health_of: dict,
            date: dt.date, problems: list[Problem]) -> dict | None:
    """The new values of one row, or None (with its problems added) if one cannot be read."""
    change: dict = {}
    before = len(problems)
    notes = []
    for key, mapping, column in (("new_phase", phase_of, 6), ("new_health", health_of, 7)):
        value = values.get(key)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            continue
        field_name = key.removeprefix("new_")
        text = str(value).strip()
        if text in mapping:
            change[field_name] = mapping[text]
            continue
        read = parse_status(text)
        got = read and (read[0] if field_name == "phase" else read[1])
        if not got:
            problems.append(Problem(name, None, f"{place}, column {column_letter(column)}",
                                    f"{shown(value)} is not one of the list's values "
                                    f"({', '.join(k for k in mapping if not k.isascii())})"))
            continue
        change[field_name] = got
        if read[3]:
            notes.append(text)
    raw = values.get("new_progress")
    if raw not in (None, "") and not (isinstance(raw, str) and not raw.strip()):
        percent = "%" in (getattr(cells[8], "number_format", None) or "")
        number = parse_progress(raw, percent_cell=percent)
        fraction = isinstance(raw, float) and not percent and 0 < raw < 1
        if number is None or fraction:
            problems.append(Problem(name, None, f"{place}, column I",
                                    f"{shown(raw)} is not a whole "
                                    "number from 0 to 100 (write 80, 80% or 八成)"))
        else:
            change["progress"] = number
    note = values.get("new_note")
    if not (note in (None, "") or (isinstance(note, str) and not note.strip())):
        notes.append(str(note).strip())
    if notes:
        change["note"] = "\n".join(notes)
    due = values.get("new_due")
    if due not in (None, "") and not (isinstance(due, str) and not due.strip()):
        when, _ = parse_date(due, date.year)
        if when is None:
            problems.append(Problem(name, None, f"{place}, column K",
                                    f"{shown(due)} is not a date (write it as YYYY-MM-DD)"))
        else:
            change["due"] = when.isoformat()
    if len(problems) > before:
        return None
    if change.get("phase") == "done":
        change["progress"] = 100
    return change
