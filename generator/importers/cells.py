"""The cells of a table as a person sees them: XLSX, old binary XLS and CSV in any encoding.

Merged ranges are filled with their top-left value (and remembered, so messages can say
"merged cell B4:B6"); cells shown with a % format are remembered (Excel stores "80%" as 0.8);
line breaks typed in a cell (\\r\\n, \\r) become \\n. Reading is bounded: at most MAX_ROWS rows
and MAX_COLUMNS columns, and a sheet ends after MAX_EMPTY_RUN empty rows, so one stray cell at
XFD1048576 costs nothing.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from . import TableError
from .encoding import decode, read_bytes

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_EMPTY_RUN = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Grid:
    """One sheet (or a CSV file): values by 0-based row and column."""

    name: str
    rows: list[list[object]]
    merges: dict[tuple[int, int], str] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    encoding: str | None = None

    def merged(self, row: int, col: int) -> str | None:
        """"B4:B6" when the cell lies in a merged range, else None."""
        return self.merges.get((row, col))


def column_letter(index: int) -> str:
    """0 → A, 27 → AB."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_name(row: int, col: int) -> str:
    """(3, 1) → "B4"."""
    return f"{column_letter(col)}{row + 1}"


def clean(value: object) -> object:
    """Cell text with typed line breaks as \\n; numbers too large to mean anything as text."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return str(value)
    return value


def read_grids(path: Path) -> list[Grid]:
    """Every sheet of an .xlsx/.xlsm/.xls workbook, or the rows of a .csv file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_csv_grid(path)]
    try:
        size = path.stat().st_size
    except OSError:
        read_bytes(path)  # says why (not found, a folder, no permission)
        raise
    if size > MAX_FILE_BYTES:
        raise TableError([Problem(str(path), None, "", f"file is {size:,} bytes; the limit is "
                                 f"{MAX_FILE_BYTES:,}")])
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx_grids(path)
    if suffix == ".xls":
        return _xls_grids(path)
    raise TableError([Problem(str(path), None, "", f"unknown spreadsheet format {suffix!r}: "
                             "use .xlsx, .xls or .csv")])


def _fill_merges(grid: Grid, ranges: list[tuple[int, int, int, int]]) -> None:
    """Fills each merged range (0-based inclusive rows and columns) with its top-left value."""
    height = len(grid.rows)
    for top, left, bottom, right in ranges:
        if top >= height or left >= MAX_COLUMNS:
            continue
        bottom, right = min(bottom, height - 1), min(right, MAX_COLUMNS - 1)
        label = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
        first = grid.rows[top]
        value = first[left] if left < len(first) else None
        for r in range(top, bottom + 1):
            row = grid.rows[r]
            if len(row) <= right:
                row.extend([None] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
                grid.merges[(r, c)] = label
                if (top, left) in grid.percent:
                    grid.percent.add((r, c))


def _trim(rows: list[list[object]]) -> list[list[object]]:
    """Rows without the empty tail (a sheet ends after MAX_EMPTY_RUN empty rows)."""
    out: list[list[object]] = []
    empty = 0
    for row in rows:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            empty += 1
            if empty > MAX_EMPTY_RUN:
                break
            out.append([])
            continue
        empty = 0
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


MAX_WORKBOOK_BYTES = 100 * 1024 * 1024


def check_workbook_file(path: Path) -> None:
    """A TableError unless `path` is a regular file of at most MAX_WORKBOOK_BYTES (a FIFO or a
    device would hang the workbook reader or fill the memory)."""
    from ..sources import ReadRefused, check_regular

    try:
        check_regular(path, MAX_WORKBOOK_BYTES)
    except ReadRefused as exc:
        raise TableError([Problem(str(path), None, "", str(exc))]) from None
    except OSError as exc:
        raise TableError([Problem(str(path), None, "", f"cannot be read: {exc.strerror}")]
                         ) from None


def _xlsx_grids(path: Path) -> list[Grid]:
    import warnings
    import zipfile

    from openpyxl import load_workbook

    name = str(path)
    check_workbook_file(path)
    if not zipfile.is_zipfile(path):
        raise TableError([Problem(name, None, "", "not an .xlsx file (it is not a zip "
                                  "package); save it from Excel as .xlsx")])
    try:
        merges = _merged_ranges(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            # read-only: rows are streamed, so memory stays bounded by what is read
            book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for broken files
        raise TableError([Problem(name, None, "", f"cannot be read as a workbook "
                                  f"({type(exc).__name__}); re-save it from Excel")]) from None
    grids = []
    try:
        for sheet in book.worksheets:
            grid = Grid(sheet.title, [])
            empty = 0
            for r, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS)):
                if r >= MAX_ROWS:
                    break
                row = []
                for c, cell in enumerate(cells):
                    value = getattr(cell, "value", None)
                    row.append(clean(value))
                    if isinstance(value, (int, float)) and "%" in (
                            getattr(cell, "number_format", None) or ""):
                        grid.percent.add((r, c))
                grid.rows.append(row)
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                    empty += 1
                    if empty > MAX_EMPTY_RUN:
                        break  # a stray cell at XFD1048576 ends here
                else:
                    empty = 0
            grid.rows = _trim(grid.rows)
            _fill_merges(grid, merges.get(sheet.title, []))
            grids.append(grid)
    finally:
        book.close()
    return grids


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet title, read from the sheets' XML as a stream (openpyxl's
    read-only mode does not report merges; its full mode holds every cell in memory)."""
    import zipfile
    from xml.etree.ElementTree import fromstring, iterparse

    from openpyxl.utils.cell import range_boundaries

    found: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(path) as package:
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if b"<!DOCTYPE" in package.read(part)[:2000].upper():
                raise ValueError("DOCTYPE in a workbook part")
        book = fromstring(package.read("xl/workbook.xml"))
        rels = fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE_REL}"
                                                                          "Relationship")}
        names = set(package.namelist())
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in names:
                continue
            ranges = []
            with package.open(part) as stream:
                data = None
                for event, element in iterparse(stream, events=("start", "end")):
                    if event == "start":
                        if element.tag == f"{_MAIN}sheetData":
                            data = element
                        continue
                    if element.tag == f"{_MAIN}row" and data is not None:
                        data.clear()  # rows are read by openpyxl; keep none here
                    elif element.tag == f"{_MAIN}mergeCell":
                        left, top, right, bottom = range_boundaries(element.get("ref", ""))
                        ranges.append((top - 1, left - 1, bottom - 1, right - 1))
            found[sheet.get("name", "")] = ranges
    return found


def _xls_grids(path: Path) -> list[Grid]:
    import xlrd

    name = str(path)
    check_workbook_file(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for broken files
        raise TableError([Problem(name, None, "", f"cannot be read as an Excel 97-2003 "
                                 f"workbook ({type(exc).__name__}); re-save it from Excel "
                                 "as .xlsx")]) from None
    grids = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            grid = Grid(sheet.name, [])
            for r in range(min(sheet.nrows, MAX_ROWS)):
                row: list[object] = []
                for c in range(min(sheet.ncols, MAX_COLUMNS)):
                    cell = sheet.cell(r, c)
                    value: object = cell.value
                    if cell.ctype == xlrd.XL_CELL_EMPTY or cell.ctype == xlrd.XL_CELL_BLANK:
                        value = None
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            value = None
                    elif cell.ctype == xlrd.XL_CELL_NUMBER:
                        value = int(value) if float(value).is_integer() else value
                        fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                        if fmt is not None and "%" in fmt.format_str:
                            grid.percent.add((r, c))
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        value = bool(value)
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        value = None
                    row.append(clean(value))
                grid.rows.append(row)
            grid.rows = _trim(grid.rows)
            _fill_merges(grid, [(rlo, clo, rhi - 1, chi - 1)
                                for rlo, rhi, clo, chi in sheet.merged_cells])
            grids.append(grid)
    finally:
        book.release_resources()
    return grids


def _csv_grid(path: Path) -> Grid:
    name = str(path)
    text, encoding = decode(read_bytes(path), name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[list[object]] = []
    try:
        for row in reader:
            if len(rows) >= MAX_ROWS:
                break
            rows.append([clean(v) if v != "" else None for v in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise TableError([Problem(name, reader.line_num, "", f"cannot be read as CSV ({exc}); "
                                 f"a cell holds at most {MAX_CELL_CHARS:,} characters in Excel: "
                                 "shorten it or move the text to a document")]) from None
    return Grid(path.stem, _trim(rows), encoding=encoding)
