"""Cell values as people type them: dates, percentages, statuses, unit lists, the plan's year."""

from __future__ import annotations

import datetime as dt
import math
import re

from ..model import _HEALTH_ALIASES, _PHASE_ALIASES

MIN_YEAR, MAX_YEAR = 1950, 2200
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10, "十一": 11, "十二": 12}
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"]) if m}
_MONTHS |= {name[:3]: i for name, i in list(_MONTHS.items())} | {"sept": 9}
_EMPTY = {"", "-", "—", "——", "/", "无", "無", "暂无", "暫無", "n/a", "na", "none", "nil", "tbc",
          "tba", "n.a."}


def shown(value: object, limit: int = 60) -> str:
    """The value as a message quotes it: repr, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(str(value)):,} characters)"


def is_empty(value: object) -> bool:
    """None, blank, or a placeholder people type into an empty cell (—, 无, n/a)."""
    return value is None or (isinstance(value, str) and value.strip().lower() in _EMPTY)


def plan_year(*texts: str) -> int | None:
    """The first plausible year (1950-2200) in a title, file name or period: `2021年…`,
    `… 2024/25`, `2024-25`."""
    for text in texts:
        for match in re.finditer(r"(?<!\d)(\d{4})(?!\d)", text or ""):
            year = int(match.group(1))
            if MIN_YEAR <= year <= MAX_YEAR:
                return year
    return None


def financial_year(text: str) -> int | None:
    """2024 for a UK financial-year title such as `2024/25` or `2024-25`, else None."""
    match = re.search(r"(?<!\d)(\d{4})\s*[/\-–]\s*(\d{2})(?!\d)", text or "")
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        year = int(match.group(1))
        return year if MIN_YEAR <= year <= MAX_YEAR else None
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> dt.date | None:
    if not (MIN_YEAR <= y <= MAX_YEAR and 1 <= m <= 12):
        return None
    return dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)


def parse_date(value: object, year: int) -> tuple[dt.date | None, str]:
    """A date from a cell or a phrase, relative ones in `year`; or (None, the text as
    written). Day-first for slashed dates (31/03/2025), as in the UK and China alike."""
    if isinstance(value, dt.datetime):
        return (value.date() if MIN_YEAR <= value.year <= MAX_YEAR else None), str(value.date())
    if isinstance(value, dt.date):
        return (value if MIN_YEAR <= value.year <= MAX_YEAR else None), str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and 20000 < value < 80000:  # an Excel serial day (1954-2119)
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value)), ""
        return None, str(value)
    text = re.sub(r"\s+", " ", str(value).strip())
    if len(text) > 60:
        return None, text
    lower = text.lower().removeprefix("by ").removeprefix("end of ").removeprefix("end ")
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if match:
        return _date(*map(int, match.groups())), text
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if match:
        d, m, y = map(int, match.groups())
        return _date(y, m, d), text
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日?(?:前)?", text)
    if match:
        return _date(*map(int, match.groups())), text
    match = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?(?:底|末)?"
                         r"(?:前)?(?:完成)?", text)
    if match:
        month = match.group(2)
        m = int(month) if month.isdigit() else _CN_NUMBER.get(month, 0)
        return _month_end(int(match.group(1) or year), m), text
    match = re.fullmatch(r"(?:(\d{4})年)?(?:年底|底|年末|末|年内|年內|全年|年中)(?:前)?(?:完成)?",
                         text)
    if match:
        y = int(match.group(1) or year)
        if "年中" in text:
            return _date(y, 6, 30), text
        return _date(y, 12, 31), text
    match = re.fullmatch(r"(?:(\d{4})\s*(?:年)?\s*)?(?:q([1-4])|第?([一二三四1-4])季度)(?:末|底)?"
                         r"(?:前)?", lower)
    if match:
        y = int(match.group(1) or year)
        quarter = int(match.group(2)) if match.group(2) else _CN_QUARTER[match.group(3)]
        return _date(y, *_QUARTER_END[quarter]), text
    match = re.fullmatch(r"(?:(\d{4})年)?(上|下)半年(?:底|末)?(?:前)?", text)
    if match:
        y = int(match.group(1) or year)
        return _date(y, 6, 30) if match.group(2) == "上" else _date(y, 12, 31), text
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})", lower)
    if match and match.group(2) in _MONTHS:
        return _date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1))), text
    match = re.fullmatch(r"([a-z]+),? (\d{4})", lower)
    if match and match.group(1) in _MONTHS:
        return _month_end(int(match.group(2)), _MONTHS[match.group(1)]), text
    return None, text


def parse_progress(value: object, percent_cell: bool = False) -> int | None:
    """60, "60%", "60 %", "60％", "八成", 0.6 (a % cell or a fraction) → 60; None otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or abs(value) > 10**6:
            return None
        number = value * 100 if percent_cell or (isinstance(value, float) and 0 < value < 1) \
            else value
    else:
        text = str(value).strip()
        tenths = re.fullmatch(r"([一二三四五六七八九])成", text)
        if tenths:
            return _CN_NUMBER[tenths.group(1)] * 10
        match = re.fullmatch(r"(?:约|約|about\s*)?(\d{1,3}(?:\.\d+)?)\s*[%％]?", text, re.I)
        if not match:
            return None
        number = float(match.group(1))
    number = round(number)
    return number if 0 <= number <= 100 else None


# Free-text statuses as units type them: (pattern, phase, health, keep the words in the note).
_STATUS_WORDS: tuple[tuple[str, str | None, str | None, bool], ...] = (
    (r"^(已完成|全部完成|已办结|完成|已完結|已完成。)$|^(complete|completed|done|closed|blue)$",
     "done", None, False),
    (r"基本完成|接近完成|nearly complete", "in_progress", "on_track", True),
    (r"滞后|滯後|延期|延误|延誤|落后|落後|逾期|^red$|behind|overdue|delayed", None, "delayed",
     False),
    (r"有风险|有風險|风险|風險|^amber$|at risk", None, "at_risk", False),
    (r"^green$|on track", None, "on_track", False),
    (r"未启动|未啟動|尚未启动|尚未開始|未开始|未開始|未开展|^not started$", "not_started", None,
     False),
    (r"筹备|籌備|谋划|謀劃|前期|^planning$", "planning", None, False),
    (r"按计划推进|按計劃推進|正常推进|正常推進|按序时进度|有序推进|稳步推进", "in_progress",
     "on_track", False),
    (r"推进|推進|进行中|進行中|实施中|實施中|^in progress$|underway|ongoing", "in_progress",
     None, False),
)


def parse_status(value: object) -> tuple[str | None, str | None, int | None, bool] | None:
    """(phase, health, progress, keep the words as a note) from a status cell such as
    `进行中（80%）`, `滞后，原因：…`, `Amber`, `基本完成`; None when it cannot be read."""
    text = str(value).strip()
    key = text.lower().replace("-", " ").replace("_", " ")
    if key in _PHASE_ALIASES or text in _PHASE_ALIASES:
        return _PHASE_ALIASES.get(key, _PHASE_ALIASES.get(text)), None, None, False
    if key in _HEALTH_ALIASES or text in _HEALTH_ALIASES:
        return None, _HEALTH_ALIASES.get(key, _HEALTH_ALIASES.get(text)), None, False
    progress = None
    inner = re.search(r"[（(]\s*(\d{1,3}(?:\.\d+)?)\s*[%％]\s*[）)]", text)
    if inner:
        progress = parse_progress(inner.group(1))
        text = (text[: inner.start()] + text[inner.end():]).strip()
        key = text.lower()
    head = re.split(r"[，,。；;：:]", key, maxsplit=1)[0].strip()
    for pattern, phase, health, keep in _STATUS_WORDS:
        if re.search(pattern, head) or re.search(pattern, key) and len(key) <= 12:
            return phase, health, progress, keep or head != key
    return None


def split_units(value: object, english: bool) -> list[str]:
    """Unit names in a cell: `市公安局、市文化执法总队` → two; English names keep their commas
    ("Director of Place, Growth and Investment") and split at ; or a line break."""
    if is_empty(value):
        return []
    pattern = r"[;；\n]+" if english else r"[、，,；;/\n]+|\s{2,}"
    names = [n.strip().removesuffix("等").strip() for n in re.split(pattern, str(value))]
    return [n for n in names if n]
