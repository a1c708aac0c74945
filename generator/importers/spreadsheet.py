"""A plan from a task breakdown table (任务分工表) in XLSX or CSV.

Understood layouts: a title row above the header row; headers in Simplified or Traditional
Chinese or English; areas given by an area column (merged cells included: an empty area cell
continues the one above), by area rows (a row holding only a heading such as "一、加强…"), or
by one sheet per area. Dates may be Excel dates or serial numbers, ISO text, `2020年12月31日`,
`2020年底`, `年内`, `Q4`/`第四季度`, `上半年`; anything else stays in the note with a warning.
Every problem names the file, sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanError, Problem
from ..model import _HEALTH_ALIASES, _PHASE_ALIASES

MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_EMPTY_RUN = 200  # stop reading a sheet after this many empty rows

FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "序號", "no", "no.", "#", "编号", "編號", "item"),
    "id": ("任务编号", "任務編號", "task id", "id", "ref"),
    "area": ("领域", "領域", "重点领域", "重點領域", "工作领域", "类别", "類別", "方面", "area",
             "key area", "workstream", "theme"),
    "task": ("重点任务", "重點任務", "工作任务", "工作任務", "主要任务", "主要任務", "具体任务",
             "具體任務", "任务", "任務", "工作内容", "工作內容", "task", "action", "activity",
             "deliverable"),
    "lead": ("牵头单位", "牽頭單位", "责任单位", "責任單位", "牵头部门", "牽頭部門", "lead",
             "lead unit", "owner", "responsible", "lead department"),
    "support": ("配合单位", "配合單位", "协办单位", "協辦單位", "参与单位", "參與單位",
                "supporting", "support", "supporting units", "contributors"),
    "start": ("开始时间", "開始時間", "start", "start date"),
    "due": ("完成时限", "完成時限", "完成时间", "完成時間", "时间节点", "時間節點", "时限", "時限",
            "due", "due date", "deadline", "target date"),
    "phase": ("状态", "狀態", "推进状态", "推進狀態", "status", "phase", "stage"),
    "health": ("风险", "風險", "健康度", "预警", "預警", "health", "rag", "rag status", "risk"),
    "progress": ("完成进度", "完成進度", "进度", "進度", "完成比例", "progress", "progress %",
                 "% complete", "percent complete", "completion"),
    "note": ("进展情况", "進展情況", "工作进展", "工作進展", "备注", "備註", "progress note",
             "note", "notes", "comments", "update", "latest update"),
}
_LOOKUP = {re.sub(r"[\s（）()%]", "", name.lower()): key
           for key, names in FIELDS.items() for name in names}
_AREA_ROW = re.compile(r"^([一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十]+[）)]|"
                       r"\d+[、.．]|Area\s*\d+|Workstream)")
_UNIT_SPLIT = re.compile(r"[、，,；;/\n]+|\s{2,}")


@dataclass
class SheetRows:
    """The rows of one sheet (or a CSV file) as text-or-value cells."""

    name: str
    rows: list[list[object]]


@dataclass
class Import:
    """A plan as plain data, with warnings for the reviewer."""

    data: dict
    warnings: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[SheetRows]:
    """Every sheet of an XLSX (values, formulas as their cached results) or the CSV's rows."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [SheetRows(path.stem, _csv_rows(path))]
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_rows(path)
    raise PlanError([Problem(str(path), None, "", f"unknown spreadsheet format {suffix!r}: "
                             "use .xlsx or .csv (save .xls files as .xlsx)")])


def _csv_rows(path: Path) -> list[list[object]]:
    from ..sources import read_text

    text = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(text.splitlines(), dialect))
    return rows[:MAX_ROWS]


def _xlsx_rows(path: Path) -> list[SheetRows]:
    import zipfile

    from openpyxl import load_workbook

    if not zipfile.is_zipfile(path):
        raise PlanError([Problem(str(path), None, "", "not an .xlsx file (it is not a zip "
                                 "package); save it from Excel as .xlsx")])
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise PlanError([Problem(str(path), None, "", f"cannot be read as a workbook "
                                 f"({type(exc).__name__}); re-save it from Excel")]) from None
    sheets = []
    try:
        for sheet in book.worksheets:
            rows: list[list[object]] = []
            empty = 0
            for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                    empty += 1
                    if empty > MAX_EMPTY_RUN:
                        break  # a sheet claiming a million rows (e.g. XFD1048576) ends here
                    rows.append([])
                    continue
                empty = 0
                rows.append(list(row))
                if len(rows) >= MAX_ROWS:
                    break
            sheets.append(SheetRows(sheet.title, rows))
    finally:
        book.close()
    return sheets


def _header_key(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _LOOKUP.get(re.sub(r"[\s（）()%]", "", value.lower()))


def _find_header(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:15]):
        keys = [_header_key(v) for v in row]
        if "task" in keys and sum(k is not None for k in keys) >= 2:
            return index
    return None


def import_sheets(path: Path, *, title: str = "", organisation: str = "",
                  as_of: dt.date | None = None, language: str | None = None) -> Import:
    """Reads a task breakdown table into plan data; raises PlanError listing every problem."""
    path = Path(path)
    sheets = read_rows(path)
    name = str(path)
    problems: list[Problem] = []
    warnings: list[str] = []
    today = as_of or dt.date.today()
    tables = []
    for sheet in sheets:
        header = _find_header(sheet.rows)
        if header is not None:
            tables.append((sheet, header))
    if not tables:
        raise PlanError([Problem(name, None, "", "no header row with a task column found in the "
                                 "first 15 rows of any sheet; name the task column e.g. "
                                 "重点任务 / 工作任务 / Task")])
    units: dict[str, str] = {}
    areas: list[dict] = []
    per_sheet_areas = len(tables) > 1
    all_text = []
    for sheet, header in tables:
        columns: dict[str, int] = {}
        for col, value in enumerate(sheet.rows[header]):
            key = _header_key(value)
            if key and key not in columns:
                columns[key] = col
            elif value not in (None, "") and key is None:
                warnings.append(f"{name}, sheet {sheet.name!r}, row {header + 1}, column "
                                f"{_col(col)}: header {value!r} is not a known column; it was "
                                "left out")
        if "lead" not in columns:
            problems.append(Problem(name, None, f"sheet {sheet.name!r}, row {header + 1}",
                                    "no lead-unit column (牵头单位 / 责任单位 / Lead)"))
            continue
        area = None
        if per_sheet_areas:
            area = _area(areas, sheet.name)
        for r in range(header + 1, len(sheet.rows)):
            row = sheet.rows[r]
            if not row:
                continue

            def cell(key: str, row=row, columns=columns):
                col = columns.get(key)
                value = row[col] if col is not None and col < len(row) else None
                return value.strip() if isinstance(value, str) else value

            place = f"sheet {sheet.name!r}, row {r + 1}"
            task_text = cell("task")
            filled = [v for v in row if v not in (None, "")]
            if not task_text:
                if len(filled) == 1 and isinstance(filled[0], str) and (
                        _AREA_ROW.match(filled[0].strip()) or "area" not in columns):
                    area = _area(areas, _strip_number(filled[0]))  # an area row
                    continue
                if filled and not (len(filled) == 1 and cell("number")):
                    problems.append(Problem(name, None, f"{place}, column "
                                            f"{_col(columns['task'])}",
                                            "the task cell is empty; fill it or delete the row"))
                continue
            area_name = cell("area")
            if area_name:
                area = _area(areas, _strip_number(str(area_name)))
            elif area is None:
                default = "Tasks" if language == "en" else "重点任务"
                area = _area(areas, default)
            lead_names = _units(cell("lead"))
            if not lead_names:
                problems.append(Problem(name, None, f"{place}, column {_col(columns['lead'])}",
                                        "the lead-unit cell is empty; name the lead unit"))
                continue
            task: dict = {"id": str(cell("id") or f"{len(areas)}.{len(area['tasks']) + 1}"),
                          "title": str(task_text)}
            task["lead"] = _unit_id(units, lead_names[0])
            support = [_unit_id(units, n) for n in lead_names[1:] + _units(cell("support"))]
            support = [s for s in dict.fromkeys(support) if s != task["lead"]]
            if support:
                task["support"] = support
            note_parts = [str(cell("note"))] if cell("note") else []
            for key in ("start", "due"):
                value = cell(key)
                if value in (None, ""):
                    continue
                date, text = parse_date(value, today.year)
                if date:
                    task[key] = date.isoformat()
                else:
                    warnings.append(f"{name}, {place}, column {_col(columns[key])}: {value!r} "
                                    f"is not a date; kept in the note")
                    note_parts.append(f"{'完成时限' if key == 'due' else '开始'}：{text}")
            for key, aliases in (("phase", _PHASE_ALIASES), ("health", _HEALTH_ALIASES)):
                value = cell(key)
                if value in (None, ""):
                    continue
                mapped = _status(str(value), aliases)
                if mapped:
                    task[key] = mapped
                elif key == "phase" and _status(str(value), _HEALTH_ALIASES):
                    task["health"] = _status(str(value), _HEALTH_ALIASES)
                else:
                    problems.append(Problem(name, None, f"{place}, column {_col(columns[key])}",
                                            f"{value!r} is not a known {key}; use e.g. 进行中 / "
                                            "已完成 / 未启动 or on track / at risk / delayed"))
            progress = cell("progress")
            if progress not in (None, ""):
                number = parse_progress(progress)
                if number is None:
                    problems.append(Problem(name, None, f"{place}, column "
                                            f"{_col(columns['progress'])}",
                                            f"{progress!r} is not a percentage (write 60 or 60%)"))
                else:
                    task["progress"] = number
                    if number == 100 and "phase" not in task:
                        task["phase"] = "done"
            if task.get("phase") == "done" and "progress" not in task:
                task["progress"] = 100
            if note_parts:
                task["note"] = "；".join(note_parts)
            area["tasks"].append(task)
            all_text.append(str(task_text))
    if problems:
        raise PlanError(problems)
    if language is None:
        from .script import detect_script

        language = detect_script("".join(all_text)) if all_text else "en"
        if language == "en" and any("\u4e00" <= c <= "\u9fff" for c in "".join(all_text)):
            language = "zh-Hans"
    year = today.year
    data = {
        "title": title or path.stem, "organisation": organisation or "（请填写）",
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "as_of": today.isoformat(),
        "next_meeting": {"title": "（请填写会议名称）" if language.startswith("zh")
                         else "(meeting title)", "date": today.isoformat()},
        "language": language,
        "units": [{"id": uid, "name": unit} for unit, uid in units.items()],
        "areas": [a for a in areas if a["tasks"]],
    }
    return Import(data, warnings)


def _col(index: int) -> str:
    """0 → A, 27 → AB."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _area(areas: list[dict], title: str) -> dict:
    for area in areas:
        if area["title"] == title:
            return area
    area = {"id": f"area{len(areas) + 1}", "title": title, "tasks": []}
    areas.append(area)
    return area


def _strip_number(text: str) -> str:
    return re.sub(r"^([一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十]+[）)]|"
                  r"\d+[、.．])\s*", "", text.strip()).strip(" 。")


def _units(value: object) -> list[str]:
    if value in (None, ""):
        return []
    return [u.strip() for u in _UNIT_SPLIT.split(str(value)) if u.strip()]


def _unit_id(units: dict[str, str], name: str) -> str:
    if name not in units:
        units[name] = f"u{len(units) + 1}"
    return units[name]


def _status(value: str, aliases: dict[str, str]) -> str | None:
    key = value.strip().lower().replace("-", " ").replace("_", " ")
    mapped = aliases.get(key, aliases.get(value.strip()))
    if mapped:
        return mapped
    canonical = key.replace(" ", "_")
    return canonical if canonical in set(aliases.values()) else None


def parse_progress(value: object) -> int | None:
    """60, 60%, "60 %", 0.6 (a percentage cell) → 60; None if it is not a percentage."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = value * 100 if 0 < value <= 1 and isinstance(value, float) else value
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[%％]?\s*", str(value))
        if not match:
            return None
        number = float(match.group(1))
    number = round(number)
    return number if 0 <= number <= 100 else None


_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def parse_date(value: object, year: int) -> tuple[dt.date | None, str]:
    """A date from a cell, or (None, the text as written)."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 < value < 80000:  # an Excel serial day number (1954-2119)
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), ""
        return None, str(value)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if match:
        return _safe_date(*map(int, match.groups())), text
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", text)
    if match:
        return _safe_date(*map(int, match.groups())), text
    match = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?:前)?", text)
    if match:
        y = int(match.group(1) or year)
        m = int(match.group(2))
        if 1 <= m <= 12:
            next_month = dt.date(y + (m == 12), m % 12 + 1, 1)
            return next_month - dt.timedelta(days=1), text
    match = re.fullmatch(r"(?:(\d{4})年)?(?:年底|底|年末|末|年内|年內|全年)(?:前)?", text)
    if match or text in {"年内", "年內", "年底", "年底前", "全年"}:
        y = int(match.group(1)) if match and match.group(1) else year
        return dt.date(y, 12, 31), text
    match = re.fullmatch(r"(?:(\d{4})\s*)?(?:Q([1-4])|第?([一二三四1-4])季度)(?:末|底)?", text,
                         re.IGNORECASE)
    if match:
        y = int(match.group(1) or year)
        quarter = int(match.group(2)) if match.group(2) else _CN_QUARTER[match.group(3)]
        return dt.date(y, *_QUARTER_END[quarter]), text
    if text in {"上半年", "上半年底"}:
        return dt.date(year, 6, 30), text
    if text in {"下半年"}:
        return dt.date(year, 12, 31), text
    return None, text


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None
