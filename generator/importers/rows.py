"""The data rows of a task table become areas and tasks (see spreadsheet.py for the layouts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from .cells import column_letter
from .values import is_empty, parse_date, parse_progress, parse_status, shown, split_units

if TYPE_CHECKING:
    from .spreadsheet import _Table


class RowReader:
    """Collects areas, tasks, units, problems and warnings over the tables of one file."""

    def __init__(self, name: str, language: str, year: int, per_sheet_areas: bool):
        self.name = name
        self.language = language
        self.english = language == "en"
        self.year = year
        self.per_sheet_areas = per_sheet_areas
        self.units: dict[str, str] = {}
        self.areas: list[dict] = []
        self.ids: set[str] = set()
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def _label(self, table: _Table, key: str) -> str:
        return table.labels[table.columns[key]].rsplit("/", 1)[-1]

    def _join(self, label: str, text: str) -> str:
        return f"{label}: {text}" if self.english else f"{label}：{text}"

    def _where(self, table: _Table, r: int, c: int) -> str:
        merged = table.grid.merged(r, c)
        where = f"row {r + 1}, column {column_letter(c)}"
        if table.grid.encoding is None:  # a workbook's sheet (a CSV file has none)
            where = f"sheet {table.grid.name!r}, {where}"
        return f"{where} (merged cell {merged})" if merged else where

    def area(self, title: str) -> dict:
        from .spreadsheet import strip_number

        title = strip_number(title) or title
        for area in self.areas:
            if area["title"] == title:
                return area
        area = {"id": f"area{len(self.areas) + 1}", "title": title, "tasks": []}
        self.areas.append(area)
        return area

    def unit_id(self, name: str) -> str:
        if name not in self.units:
            self.units[name] = f"u{len(self.units) + 1}"
        return self.units[name]

    def read(self, table: _Table) -> None:
        """Adds the tasks of one table."""
        from .spreadsheet import is_area_row

        columns = table.columns
        area = self.area(table.grid.name) if self.per_sheet_areas else None
        for r in range(table.header + 1, len(table.grid.rows)):
            row = table.grid.rows[r]
            if all(is_empty(v) for v in row):
                continue
            heading = is_area_row(row, columns)
            if heading is not None:  # one text alone on its row (merged across or not)
                area = self.area(heading)
                continue
            area = self._task(table, r, row, area)

    @staticmethod
    def _cell(row: list[object], columns: dict[str, int], key: str) -> object:
        col = columns.get(key)
        value = row[col] if col is not None and col < len(row) else None
        return value.strip() if isinstance(value, str) else value

    def _task(self, table: _Table, r: int, row: list[object], area: dict | None) -> dict | None:
        columns = table.columns

        def cell(key: str) -> object:
            return self._cell(row, columns, key)

        group = cell("task")
        measure = cell("measure")
        title = measure if not is_empty(measure) else group
        if is_empty(title):
            filled = [v for v in row if not is_empty(v)]
            if filled and not (len(filled) == 1 and cell("number")):
                self.problems.append(Problem(self.name, None, self._where(
                    table, r, columns.get("measure", columns["task"])),
                    "the task cell is empty; fill it in (or delete the row if it is not a task)"))
            return area
        if not is_empty(cell("area")):
            area = self.area(str(cell("area")))
        elif "measure" in columns and not is_empty(group):
            area = self.area(str(group))
        elif area is None:
            area = self.area({"en": "Tasks", "zh-Hant": "重點任務"}.get(self.language, "重点任务"))
        leads = split_units(cell("lead"), self.english)
        if not leads:
            self.problems.append(Problem(self.name, None, self._where(table, r, columns["lead"]),
                                         "the lead-unit cell is empty; name the lead unit"))
            return area
        task: dict = {"id": self._task_id(cell("id"), area), "title": str(title)}
        task["lead"] = self.unit_id(leads[0])
        support = [self.unit_id(n) for n in leads[1:] + split_units(cell("support"), self.english)]
        support = [s for s in dict.fromkeys(support) if s != task["lead"]]
        if support:
            task["support"] = support
        if "measure" in columns and "area" in columns and not is_empty(group) and group != title:
            task["tags"] = [str(group)]
        notes = [str(cell("note"))] if not is_empty(cell("note")) else []
        self._dates(table, r, task, notes)
        self._status(table, r, row, task, notes)
        for key in ("problems", "next"):
            if not is_empty(cell(key)):
                notes.append(self._join(self._label(table, key), str(cell(key))))
        for c in table.unknown:
            value = row[c] if c < len(row) else None
            if not is_empty(value):
                notes.append(self._join(table.labels[c], str(value).strip()))
        if notes:
            task["note"] = "\n".join(notes)
        if not is_empty(cell("decision")):
            task["decision"] = str(cell("decision"))
        area["tasks"].append(task)
        return area

    def _task_id(self, value: object, area: dict) -> str:
        import re

        text = re.sub(r"[^\w.\-]+", "-", str(value).strip()).strip("-")[:64] \
            if not is_empty(value) else ""
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text:
            text = f"{self.areas.index(area) + 1}.{len(area['tasks']) + 1}"
        base, n = text, 2
        while text in self.ids:
            text, n = f"{base}-{n}", n + 1
        self.ids.add(text)
        return text

    def _dates(self, table: _Table, r: int, task: dict, notes: list[str]) -> None:
        row = table.grid.rows[r]
        for key in ("start", "due"):
            value = self._cell(row, table.columns, key)
            if is_empty(value):
                if isinstance(value, str) and value.strip():
                    notes.append(self._join(self._label(table, key), value.strip()))
                continue
            date, text = parse_date(value, self.year)
            if date:
                task[key] = date.isoformat()
            else:
                self.warnings.append(f"{self.name}, {self._where(table, r, table.columns[key])}:"
                                     f" {shown(text)} is not a date; kept in the note")
                notes.append(self._join(self._label(table, key), text))

    def _status(self, table: _Table, r: int, row: list[object], task: dict,
                notes: list[str]) -> None:
        columns = table.columns
        progress = None
        for key in ("phase", "health"):
            value = self._cell(row, columns, key)
            if is_empty(value):
                continue
            read = parse_status(value)
            if read is None:
                self.problems.append(Problem(self.name, None, self._where(table, r, columns[key]),
                                             f"{shown(value)} is not a known {key}; use e.g. "
                                             "进行中 / "
                                             "已完成 / 未启动 / 滞后 or on track / at risk / "
                                             "delayed / Red / Amber / Green"))
                continue
            phase, health, inner, keep = read
            if phase:
                task["phase"] = phase
            if health:
                task["health"] = health
            progress = inner if inner is not None else progress
            if keep:
                notes.append(self._join(self._label(table, key), str(value)))
        value = self._cell(row, columns, "progress")
        if not is_empty(value):
            c = columns["progress"]
            number = parse_progress(value, (r, c) in table.grid.percent)
            if number is None:
                self.problems.append(Problem(self.name, None, self._where(table, r, c),
                                             f"{shown(value)} is not a percentage (write 60 "
                                             "or 60%)"))
            else:
                progress = number
        if progress is not None:
            task["progress"] = progress
        if task.get("phase") == "done":
            if task.get("progress", 100) != 100:
                self.warnings.append(f"{self.name}, sheet {table.grid.name!r}, row {r + 1}: "
                                     f"marked done at {task['progress']}%; taken as 100%")
            task["progress"] = 100
        elif "phase" not in task and progress is not None:
            task["phase"] = "done" if progress == 100 else "in_progress" if progress else None
            if task["phase"] is None:
                del task["phase"]

