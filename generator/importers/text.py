"""A draft plan from a plan's own text (a notice, a national plan, a council action plan).

Shapes understood:
- the seed's: "一是加强…。task sentence。task sentence。" paragraphs (also 二是 … 十是), and
  "一是…。二是…。三是…。" inside one paragraph as news reports print it (each one a task);
- numbered levels: "一、" areas; "（一）" a group when numbered items ("1.") follow it (kept as
  the items' tag), else a task; "1." / "1、" items;
- English action plans: "1. Theme" areas, "1.1 Action. Owner: …. Supported by: …. Due: …."
  (see text_en.py).
A trailing parenthesis naming units (see parens.py) gives the lead, the supporting units and a
deadline. Pinyin annotations (`識(shí)`) are removed; genuine parentheses stay. What could not be
placed is listed in the draft's notes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .parens import read_units, trailing_parenthesis
from .values import financial_year, plan_year

# A parenthesis holding only pinyin syllables with tone marks, right after a Han character.
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[^()]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CN_NUM = "一二三四五六七八九十"
_SEED_AREA = re.compile(rf"^([{_CN_NUM}]+)是(.+)$")
_MARKER = re.compile(rf"(?:^|(?<=[。；;：:]))\s*[{_CN_NUM}]+是")
_LEVEL1 = re.compile(rf"^([{_CN_NUM}]+)[、.．]\s*(.+)$")
_LEVEL2 = re.compile(rf"^[（(]([{_CN_NUM}]+)[）)]\s*(.+)$")
_LEVEL3 = re.compile(r"^(\d+)[.、．)）]\s*(.+)$")
_SENTENCES = re.compile(r"(?:[^。；;！？!?（(]|[（(][^）)]*[）)])+[。；;！？!?]?")
_PLACEHOLDERS = {
    "zh-Hans": ("待定（请指定牵头单位）", "（请填写）", "（请填写会议名称）"),
    "zh-Hant": ("待定（請指定牽頭單位）", "（請填寫）", "（請填寫會議名稱）"),
    "en": ("To be assigned", "(organisation)", "(meeting title)"),
}
# Characters that end a line for YAML or for a reader: never inside a comment line.
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def strip_pinyin(text: str) -> str:
    """`知識(shí)產(chǎn)權(quán)` → `知識產權`; `中國(上海)` and `(記者傅聞捷)` are kept."""
    return _PINYIN.sub("", text)


@dataclass
class Draft:
    """A draft plan as plain data, with what the importer could not place."""

    title: str
    year: int
    areas: list[dict] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # name → id
    unplaced: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    group: dict | None = None  # the current "（一）" group: {"title", "lead", "support"}

    def unit_id(self, name: str) -> str:
        if name not in self.units:
            self.units[name] = f"u{len(self.units) + 1}"
        return self.units[name]


def draft_from_text(text: str, *, title: str = "", organisation: str = "",
                    as_of: dt.date | None = None, language: str = "zh-Hans",
                    year: int | None = None) -> tuple[dict, list[str]]:
    """(plain data for a plan file, notes for the reviewer): areas and tasks from `text`,
    placeholders where the text says nothing (units, dates, statuses); validates as it is."""
    text = strip_pinyin(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if language == "en" or not re.search(r"[\u4e00-\u9fff]", text):
        from .text_en import draft_english

        language = "en"
        guessed, organisation_guess, lines = _english_head(lines)
        title = title or guessed
        organisation = organisation or organisation_guess
        fiscal = financial_year(title)
        year = year or fiscal or plan_year(title, *lines[:3]) or (as_of or dt.date.today()).year
        draft = Draft(title, year)
        draft_english(draft, lines)
    else:
        fiscal = None
        title, lines = (title, lines) if title else _title(lines)
        year = year or plan_year(title, *lines[:3]) or (as_of or dt.date.today()).year
        draft = Draft(title, year)
        _read_chinese(draft, lines)
    return _finish(draft, organisation, as_of, language, fiscal)


def _read_chinese(draft: Draft, lines: list[str]) -> None:
    area = None
    for index, line in enumerate(lines):
        level1 = _LEVEL1.match(line)
        level2 = _LEVEL2.match(line)
        level3 = _LEVEL3.match(line)
        if len(_MARKER.findall(line)) >= 2:
            lead_in, items = _split_markers(line)
            if area is None:
                area = _new_area(draft, lead_in.strip(" ：:。") or draft.title)
            elif lead_in:
                draft.unplaced.append(lead_in)
            for item in items:
                _add_task(draft, area, item)
        elif _SEED_AREA.match(line):
            heading, rest = _split_first_sentence(_SEED_AREA.match(line).group(2))
            area = _new_area(draft, heading)
            for sentence in _sentences(rest):
                _add_task(draft, area, sentence)
        elif level1 and len(level1.group(2)) <= 60:
            heading, rest = _split_first_sentence(level1.group(2))
            area = _new_area(draft, heading)
            for sentence in _sentences(rest):
                _add_task(draft, area, sentence)
        elif area is not None and level2 and _has_items(lines, index):
            draft.group = _group(draft, level2.group(2))
        elif area is not None and (level2 or level3):
            if level2:
                draft.group = None
            _add_task(draft, area, (level2 or level3).group(2))
        elif area is None:
            goals = _goals(line)
            draft.goals.extend(goals)
            if not goals:
                draft.unplaced.append(line)
        else:
            draft.unplaced.append(line)


def _has_items(lines: list[str], index: int) -> bool:
    """A "（一）" line is a group when numbered items follow it before the next heading."""
    for line in lines[index + 1:]:
        if _LEVEL3.match(line):
            return True
        if _LEVEL1.match(line) or _LEVEL2.match(line):
            return False
    return False


def _group(draft: Draft, text: str) -> dict:
    found = trailing_parenthesis(text)
    note = read_units(found[1], draft.year) if found else None
    title = (found[0] if note else text).strip(" 。；;")
    return {"title": title, "lead": note.lead if note else None,
            "support": note.support if note else []}


def _split_markers(line: str) -> tuple[str, list[str]]:
    """"lead-in：一是A。二是B。" → ("lead-in", ["A。", "B。"])."""
    starts = [m.end() for m in _MARKER.finditer(line)]
    heads = [m.start() for m in _MARKER.finditer(line)]
    items = [line[s:(heads[i + 1] if i + 1 < len(heads) else len(line))]
             for i, s in enumerate(starts)]
    return line[: heads[0]].strip(), [i.strip() for i in items if i.strip(" 。；;")]


def _title(lines: list[str]) -> tuple[str, list[str]]:
    """The first line when it reads as a title (no sentence end, not a numbered item), taken
    whole; else a title-like phrase from the text (the lines stay)."""
    if lines:
        first = lines[0]
        if (len(first) <= 200 and not re.search(r"[。！？!?]$|[，。,]", first)
                and not (_LEVEL1.match(first) or _LEVEL2.match(first) or _LEVEL3.match(first)
                         or _MARKER.match(first))):
            return first, lines[1:]
    for line in lines:
        match = re.search(r"(\d{4}年[^，,。]{2,60}?(?:工作|计划|計劃|计画|計畫|要点|要點|方案|"
                          r"會議|会议))", line)
        if match:
            return match.group(1), lines
    first = lines[0] if lines else "Plan"
    cut = re.match(r"[^，,。；;]{1,60}", first)
    return (cut.group(0) if cut else first[:60]), lines


def _english_head(lines: list[str]) -> tuple[str, str, list[str]]:
    """(title, organisation, the other lines) from the first lines of an English plan."""
    title, organisation, rest = "", "", list(lines)
    for line in lines[:3]:
        if re.match(r"^\d", line) or len(line) > 120:
            break
        if not organisation and re.search(r"\b(council|authority|borough|county|city)\b", line,
                                          re.I) and not re.search(r"\bplan\b", line, re.I):
            organisation = line
            rest.remove(line)
        elif not title and not line.endswith("."):
            title = line
            rest.remove(line)
    return title or (organisation or "Plan"), organisation, rest


def _split_first_sentence(text: str) -> tuple[str, str]:
    match = re.match(r"([^。；;]+)[。；;]?(.*)$", text, re.DOTALL)
    return (match.group(1).strip(), match.group(2).strip()) if match else (text, "")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.findall(text) if s.strip(" 。；;")]


def _goals(line: str) -> list[str]:
    """Clauses of an opening paragraph that read like aims (要…, 促进…, 打造…)."""
    found = []
    for clause in re.split(r"[，,。；;]", line):
        clause = clause.strip()
        for verb in ("进一步", "促进", "推动", "打造", "建成", "提高", "提升", "向", "高标准",
                     "進一步", "促進", "推動", "建設", "高標準"):
            if clause.startswith(verb) or clause.startswith("要" + verb):
                found.append(clause.removeprefix("要"))
                break
    return found


def _new_area(draft: Draft, heading: str) -> dict:
    area = {"id": f"area{len(draft.areas) + 1}", "title": heading.strip(" 。；;"), "tasks": []}
    draft.areas.append(area)
    draft.group = None
    return area


def _add_task(draft: Draft, area: dict, sentence: str, task_id: str | None = None) -> None:
    sentence = sentence.strip()
    task: dict = {}
    found = trailing_parenthesis(sentence)
    note = read_units(found[1], draft.year) if found else None
    if note:
        sentence = found[0]
    group = draft.group
    lead = note.lead if note and note.lead else group["lead"] if group else None
    support = note.support if note and note.lead else group["support"] if group else []
    if lead:
        task["lead"] = draft.unit_id(lead)
        if support:
            task["support"] = [draft.unit_id(n) for n in support if n != lead]
    if note and note.due:
        task["due"] = note.due.isoformat()
    title = sentence.strip(" 。；;")
    if not title:
        return
    if group:
        task["tags"] = [group["title"]]
    number = len(area["tasks"]) + 1
    area["tasks"].append({"id": task_id or f"{draft.areas.index(area) + 1}.{number}",
                          "title": title, **task, "phase": "not_started", "progress": 0})


def _finish(draft: Draft, organisation: str, as_of: dt.date | None, language: str,
            fiscal: int | None) -> tuple[dict, list[str]]:
    placeholder_unit, placeholder_org, placeholder_meeting = _PLACEHOLDERS.get(
        language, _PLACEHOLDERS["zh-Hans"])
    named = bool(draft.units)
    unassigned = [t for a in draft.areas for t in a["tasks"] if "lead" not in t]
    if unassigned or not draft.units:
        placeholder = draft.unit_id(placeholder_unit)
        for task in unassigned:
            task["lead"] = placeholder
    ordered = ("id", "title", "lead", "support", "due", "tags")
    for area in draft.areas:
        area["tasks"] = [{**{k: t[k] for k in ordered if k in t},
                          "phase": t["phase"], "progress": t["progress"]} for t in area["tasks"]]
    year = draft.year
    if fiscal and year == fiscal:
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    today = as_of or min(max(dt.date.today(), start), end)
    units = [{"id": uid, "name": name} for name, uid in draft.units.items()]
    tasks = sum(len(a["tasks"]) for a in draft.areas)
    notes = [f"{len(draft.areas)} areas and {tasks} tasks found; {len(draft.units)} unit(s)."]
    if not named:
        notes.append("The text names no lead units: every task is assigned to the placeholder "
                     "unit; assign real ones.")
    elif unassigned:
        notes.append(f"{len(unassigned)} task(s) name no lead unit: assigned to the "
                     "placeholder unit; assign real ones.")
    notes.append(f"Period {start} to {end} (the plan's year {year}); dates not in the text, "
                 "phases and progress are placeholders: fill them in.")
    notes += [f"Not placed (check whether it belongs in the plan): {line}"
              for line in draft.unplaced]
    return {
        "title": draft.title, "organisation": organisation or placeholder_org,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "as_of": today.isoformat(),
        "next_meeting": {"title": placeholder_meeting, "date": today.isoformat()},
        "language": language, "goals": draft.goals[:8], "units": units,
        "areas": draft.areas or [{"id": "area1", "title": draft.title, "tasks": []}],
    }, notes


def comment_line(text: str) -> str:
    """`text` on one comment line: every character YAML or a reader takes as a line end (CR,
    LF, NEL U+0085, U+2028, U+2029) and other control characters become spaces."""
    return _LINE_BREAKS.sub(" ", text)


def draft_yaml(data: dict, notes: list[str], source: str) -> str:
    """The draft as YAML, its review notes as comments at the top."""
    import yaml

    head = [comment_line(f"# Draft plan imported from {source} by plan-briefing."),
            *(comment_line(f"# - {note}") for note in notes), ""]
    return "\n".join(head) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                            width=1000)
