"""A plan from a task breakdown table (任务分工表) in XLSX, XLS or CSV.

Understood layouts: title rows above the header; a two-level header (责任单位 merged over
牵头 | 配合); headers in Simplified or Traditional Chinese or English; areas from an area
column, from area rows ("一、…" alone on its row, merged across or not) or one sheet per area;
a 具体措施 column under merged 重点任务 cells (the measures are the tasks, the 重点任务 their
group); merged cells anywhere (read as filled). Columns not understood are listed and kept in
each task's note. Every problem names the file, sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from . import TableError
from .cells import Grid, cell_name, column_letter, read_grids
from .values import financial_year, is_empty, parse_date, plan_year

HEADER_ROWS = 15
FIELDS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "序號", "no", "no.", "#", "编号", "編號", "item"),
    "id": ("任务编号", "任務編號", "task id", "id", "ref", "ref.", "reference", "action ref"),
    "area": ("领域", "領域", "重点领域", "重點領域", "工作领域", "类别", "類別", "方面", "板块",
             "area", "key area", "workstream", "theme", "priority"),
    "task": ("重点任务", "重點任務", "工作任务", "工作任務", "主要任务", "主要任務", "具体任务",
             "具體任務", "任务", "任務", "工作内容", "工作內容", "重点工作", "重點工作", "工作事项",
             "任务名称", "task", "action", "activity", "deliverable", "project"),
    "measure": ("具体措施", "具體措施", "工作措施", "具体举措", "具體舉措", "主要措施", "任务措施",
                "具体工作", "具體工作", "工作举措", "measure", "measures", "sub-action"),
    "lead": ("牵头单位", "牽頭單位", "责任单位", "責任單位", "牵头部门", "牽頭部門", "牵头",
             "牽頭", "责任部门", "lead", "lead unit", "owner", "responsible", "lead department",
             "lead officer", "action owner", "responsible officer"),
    "support": ("配合单位", "配合單位", "协办单位", "協辦單位", "参与单位", "參與單位", "配合",
                "配合部门", "协同单位", "supporting", "support", "supporting units",
                "contributors", "supported by", "partners"),
    "start": ("开始时间", "開始時間", "start", "start date"),
    "due": ("完成时限", "完成時限", "完成时间", "完成時間", "时间节点", "時間節點", "时限", "時限",
            "时间安排", "完成期限", "due", "due date", "deadline", "target date", "target",
            "completion date"),
    "phase": ("状态", "狀態", "推进状态", "推進狀態", "完成情况", "完成情況", "进展状态",
              "status", "phase", "stage"),
    "health": ("风险", "風險", "健康度", "预警", "預警", "health", "rag", "rag status", "risk"),
    "progress": ("完成进度", "完成進度", "进度", "進度", "完成比例", "progress", "progress %",
                 "% complete", "percent complete", "completion", "%"),
    "note": ("进展情况", "進展情況", "工作进展", "工作進展", "备注", "備註", "推进情况",
             "推進情況", "progress note", "note", "notes", "comments", "update",
             "latest update", "commentary", "progress update"),
    "problems": ("存在问题", "存在問題", "存在的问题", "存在的問題", "困难问题", "困難問題",
                 "问题", "問題", "issues", "problems", "risks and issues", "issues and risks"),
    "next": ("下一步工作", "下一步工作计划", "下步工作", "下一步打算", "下一步", "next steps",
             "next step", "next actions"),
    "decision": ("需协调事项", "需協調事項", "需协调解决的问题", "需協調解決的問題", "协调事项",
                 "協調事項", "需要协调事项", "需市级协调事项", "decision", "decisions needed",
                 "decision needed", "support needed", "escalation", "asks"),
}


def _norm(text: str) -> str:
    return re.sub(r"[\s（）()%：:*]", "", text.lower())


_LOOKUP = {_norm(name): key for key, names in FIELDS.items() for name in names}
_LOOKUP.pop("", None)
_AREA_ROW = re.compile(r"^([一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十]+[）)]|"
                       r"\d+[、.．]|(?:Area|Theme|Workstream|Priority)\s*\d+)", re.IGNORECASE)


@dataclass
class Import:
    """A plan as plain data, with warnings for the reviewer."""

    data: dict
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    unknown_columns: list[str] = field(default_factory=list)


@dataclass
class _Table:
    grid: Grid
    header: int          # the (last) header row, 0-based
    columns: dict[str, int]
    labels: dict[int, str]
    unknown: list[int]
    title: str


def header_key(value: object) -> str | None:
    """The plan field a header names, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    return _LOOKUP.get(_norm(value))


def _find_table(grid: Grid) -> _Table | None:
    for index, row in enumerate(grid.rows[:HEADER_ROWS]):
        keys = [header_key(v) for v in row]
        if "task" not in keys or sum(k is not None for k in keys) < 2:
            continue
        labels = {c: str(v).strip() for c, v in enumerate(row) if isinstance(v, str) and v.strip()}
        last = index
        below = grid.rows[index + 1] if index + 1 < len(grid.rows) else []
        if _is_subheader(row, below):
            last = index + 1
            for c, value in enumerate(below):
                if isinstance(value, str) and value.strip() and value != _at(row, c):
                    parent = labels.get(c, "")
                    labels[c] = f"{parent}/{value.strip()}" if parent else value.strip()
        columns: dict[str, int] = {}
        unknown = []
        for c in sorted(labels):
            key = _label_key(labels[c])
            if key and key not in columns:
                columns[key] = c
            elif key is None:
                unknown.append(c)
        title = next((str(v).strip() for r in grid.rows[:index] for v in r
                      if isinstance(v, str) and v.strip()), "")
        return _Table(grid, last, columns, labels, unknown, title)
    return None


def _at(row: list[object], col: int) -> object:
    return row[col] if col < len(row) else None


def _is_subheader(header: list[object], row: list[object]) -> bool:
    """A second header row: every cell empty, the header above (merged down) or a header word,
    and at least one new header word."""
    new = 0
    for c, value in enumerate(row):
        blank = value is None or (isinstance(value, str) and not value.strip())
        if blank or value == _at(header, c):
            continue
        if not isinstance(value, str) or (header_key(value) is None and
                                          _label_key(f"{_at(header, c)}/{value}") is None):
            return False
        new += 1
    return new > 0


def _label_key(label: str) -> str | None:
    """牵头 under 责任单位 → lead; 配合 → support; a plain header → its field."""
    if "/" not in label:
        return header_key(label)
    parent, sub = label.rsplit("/", 1)
    return header_key(sub) or header_key(parent + sub)


def import_sheets(path: Path, *, title: str = "", organisation: str = "",
                  as_of: dt.date | None = None, language: str | None = None,
                  year: int | None = None) -> Import:
    """Reads a task breakdown table into plan data; raises TableError listing every problem."""
    from .rows import RowReader

    path = Path(path)
    name = str(path)
    grids = read_grids(path)
    tables = [t for t in (_find_table(g) for g in grids) if t is not None]
    if not tables:
        raise TableError([Problem(name, None, "", f"no header row with a task column found in "
                                  f"the first {HEADER_ROWS} rows of any sheet; name the task "
                                  "column e.g. 重点任务 / 工作任务 / Task")])
    problems = []
    for table in tables:
        if "lead" not in table.columns:
            problems.append(Problem(name, None, f"sheet {table.grid.name!r}, row "
                                    f"{table.header + 1}", "no lead-unit column (牵头单位 / "
                                    "责任单位 / Lead); add one with the lead unit of each task"))
    if problems:
        raise TableError(problems)
    language = language or _language(tables)
    titles = [t.title for t in tables]
    fiscal = financial_year(" ".join(titles) + " " + path.stem) if language == "en" else None
    today = as_of or dt.date.today()
    year = year or fiscal or plan_year(title, *titles, path.stem) or today.year
    reader = RowReader(name, language, year, per_sheet_areas=len(tables) > 1)
    for table in tables:
        reader.read(table)
    if reader.problems:
        raise TableError(reader.problems)
    if fiscal and year == fiscal:
        period = {"start": f"{year}-04-01", "end": f"{year + 1}-03-31"}
    else:
        period = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    if as_of is None:
        start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
        today = min(max(stated_as_of(" ".join(titles), year) or today, start), end)
    zh = language.startswith("zh")
    data = {
        "title": title or next((t for t in titles if t), path.stem),
        "organisation": organisation or ("（请填写）" if language != "zh-Hant" else "（請填寫）"
                                         if zh else "(organisation)"),
        "period": period, "as_of": today.isoformat(),
        "next_meeting": {"title": ("（请填写会议名称）" if language == "zh-Hans" else
                                   "（請填寫會議名稱）") if zh else "(meeting title)",
                         "date": today.isoformat()},
        "language": language,
        "units": [{"id": uid, "name": unit} for unit, uid in reader.units.items()],
        "areas": [a for a in reader.areas if a["tasks"]],
    }
    unknown = []
    for table in tables:
        for c in table.unknown:
            reader.warnings.insert(0, f"{name}, sheet {table.grid.name!r}, column "
                                   f"{column_letter(c)} ({cell_name(table.header, c)}): header "
                                   f"{table.labels[c]!r} is not a plan field; its cells are kept "
                                   "in each task's note")
            unknown.append(table.labels[c])
    encoding = next((g.encoding for g in grids if g.encoding), None)
    return Import(data, reader.warnings, encoding, list(dict.fromkeys(unknown)))


def stated_as_of(text: str, year: int) -> dt.date | None:
    """The date a title says the figures stand at: `（截至6月30日）`, `as at 30 June 2024`."""
    match = re.search(r"(?:截至|截止|截止到|截至到)\s*((?:\d{4}年)?\d{1,2}月\d{1,2}日)", text)
    if match:
        day = match.group(1) if "年" in match.group(1) else f"{year}年{match.group(1)}"
        return parse_date(day, year)[0]
    match = re.search(r"\bas (?:at|of) (\d{1,2} [A-Za-z]+ \d{4}|\d{1,2}/\d{1,2}/\d{4})", text,
                      re.IGNORECASE)
    return parse_date(match.group(1), year)[0] if match else None


def _language(tables: list[_Table]) -> str:
    from .script import detect_script

    text = "".join(str(v) for t in tables for row in t.grid.rows[: t.header + 200] for v in row
                   if isinstance(v, str))
    if not any("\u4e00" <= c <= "\u9fff" for c in text):
        return "en"
    return detect_script(text)


def is_area_row(row: list[object], columns: dict[str, int]) -> str | None:
    """The heading when the row holds one text only (merged across or not), else None."""
    values = {v.strip() if isinstance(v, str) else v for v in row if not is_empty(v)}
    if len(values) != 1:
        return None
    (value,) = values
    if not isinstance(value, str):
        return None
    if _AREA_ROW.match(value) or "area" not in columns:
        return value
    return None


def strip_number(text: str) -> str:
    """"一、完善制度" → "完善制度"; "Area 2 Faster answers" stays as written."""
    return re.sub(r"^([一二三四五六七八九十]+[、.．是]|[（(][一二三四五六七八九十]+[）)]|"
                  r"\d+[、.．])\s*", "", text.strip()).strip(" 。")
