"""A draft plan from a plan's own text (a notice or a meeting report), for a person to review.

Shapes understood:
- the seed's: "一是加强…。task sentence。task sentence。" paragraphs (also 二是 … 十是);
- numbered levels: "一、" area headings, "（一）" / "1." / "1、" items under them.
A trailing parenthesis naming units, e.g. "（市场监管总局、知识产权局负责）" or "（牵头单位：…）",
becomes the task's lead (first unit) and supporting units (the rest). Pinyin annotations left by
some converters, `識(shí)`, are removed; genuine parentheses such as `(記者傅聞捷)` or
`中國(上海)` stay. What could not be placed is listed in the draft's `notes`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# A parenthesis holding only pinyin syllables with tone marks, right after a Han character.
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[^()]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_CN_NUM = "一二三四五六七八九十"
_SEED_AREA = re.compile(rf"^([{_CN_NUM}]+)是(.+)$")
_LEVEL1 = re.compile(rf"^([{_CN_NUM}]+)[、.．]\s*(.+)$")
_LEVEL2 = re.compile(rf"^[（(]([{_CN_NUM}]+)[）)]\s*(.+)$")
_LEVEL3 = re.compile(r"^(\d+)[.、．)）]\s*(.+)$")
_UNITS = re.compile(
    r"[（(]((?:牵头单位[:：])?[^（）()]{2,80}?)(?:负责|牵头|等负责)?[）)]\s*[。；;]?$")
_SENTENCES = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_UNIT_WORDS = ("局", "委", "办", "院", "部", "厅", "署", "会", "中心", "政府", "海关", "法院",
               "检察院", "公司", "集团", "大学", "学院", "处", "科", "所")


def strip_pinyin(text: str) -> str:
    """`知識(shí)產(chǎn)權(quán)` → `知識產權`; `中國(上海)` and `(記者傅聞捷)` are kept."""
    return _PINYIN.sub("", text)


@dataclass
class Draft:
    """A draft plan as plain data, with what the importer could not place."""

    title: str
    areas: list[dict] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # name → id
    unplaced: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)

    def unit_id(self, name: str) -> str:
        if name not in self.units:
            self.units[name] = f"u{len(self.units) + 1}"
        return self.units[name]


def draft_from_text(text: str, *, title: str = "", organisation: str = "",
                    as_of: dt.date | None = None, language: str = "zh-Hans"
                    ) -> tuple[dict, list[str]]:
    """(plain data for a plan file, notes for the reviewer): areas and tasks from `text`,
    placeholders where the text says nothing (units, dates, statuses); validates as it is."""
    text = strip_pinyin(text.replace("\r\n", "\n"))
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    draft = Draft(title or _guess_title(lines))
    area = None
    for line in lines:
        seed = _SEED_AREA.match(line)
        level1 = _LEVEL1.match(line)
        if seed:
            heading, rest = _split_first_sentence(seed.group(2))
            area = _new_area(draft, heading)
            for sentence in _sentences(rest):
                _add_task(draft, area, sentence)
        elif level1 and len(level1.group(2)) <= 60:
            heading, rest = _split_first_sentence(level1.group(2))
            area = _new_area(draft, heading)
            for sentence in _sentences(rest):
                _add_task(draft, area, sentence)
        elif area is not None and (_LEVEL2.match(line) or _LEVEL3.match(line)):
            item = (_LEVEL2.match(line) or _LEVEL3.match(line)).group(2)
            _add_task(draft, area, item)
        elif area is None:
            goals = _goals(line)
            draft.goals.extend(goals)
            if not goals:
                draft.unplaced.append(line)
        else:
            draft.unplaced.append(line)
    named = bool(draft.units)
    unassigned = [t for a in draft.areas for t in a["tasks"] if "lead" not in t]
    if unassigned or not draft.units:
        placeholder = draft.unit_id("待定（请指定牵头单位）" if language.startswith("zh")
                                    else "To be assigned")
        for task in unassigned:
            task["lead"] = placeholder
    for area in draft.areas:
        for task in area["tasks"]:  # keep the usual field order: id, title, lead, support, ...
            task.update({"phase": task.pop("phase"), "progress": task.pop("progress")})
    today = as_of or dt.date.today()
    year = today.year
    units = [{"id": uid, "name": name} for name, uid in draft.units.items()]
    tasks = sum(len(a["tasks"]) for a in draft.areas)
    notes = [f"{len(draft.areas)} areas and {tasks} tasks found; {len(draft.units)} unit(s)."]
    if not named:
        notes.append("The text names no lead units: every task is assigned to the placeholder "
                     "unit; assign real ones.")
    elif unassigned:
        notes.append(f"{len(unassigned)} task(s) name no lead unit: assigned to the "
                     "placeholder unit; assign real ones.")
    notes.append("Dates, phases and progress are placeholders: fill them in.")
    notes += [f"Not placed (check whether it belongs in the plan): {line}"
              for line in draft.unplaced]
    return {
        "title": draft.title, "organisation": organisation or "（请填写）",
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "as_of": today.isoformat(),
        "next_meeting": {"title": "（请填写会议名称）" if language.startswith("zh")
                         else "(meeting title)", "date": today.isoformat()},
        "language": language, "goals": draft.goals[:8], "units": units,
        "areas": draft.areas or [{"id": "area1", "title": draft.title, "tasks": []}],
    }, notes


def _guess_title(lines: list[str]) -> str:
    for line in lines:
        match = re.search(r"(\d{4}年[^，,。]{2,40}?(?:工作|计划|要点|方案|會議|会议))", line)
        if match:
            return match.group(1)
    return lines[0][:40] if lines else "Plan"


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
    return area


def _add_task(draft: Draft, area: dict, sentence: str) -> None:
    sentence = sentence.strip()
    task: dict = {}
    units = _UNITS.search(sentence)
    if units and _looks_like_units(units.group(1)):
        names = [n.strip() for n in re.split(r"[、，,；;和及]", units.group(1)
                                              .removeprefix("牵头单位：").removeprefix(
                                                  "牵头单位:")) if n.strip()]
        sentence = sentence[: units.start()].rstrip()
        if names:
            task["lead"] = draft.unit_id(names[0])
            if names[1:]:
                task["support"] = [draft.unit_id(n) for n in names[1:]]
    title = sentence.strip(" 。；;")
    if not title:
        return
    number = len(area["tasks"]) + 1
    area_no = len(draft.areas)
    area["tasks"].append({"id": f"{area_no}.{number}", "title": title, **task,
                          "phase": "not_started", "progress": 0})


def _looks_like_units(text: str) -> bool:
    names = re.split(r"[、，,；;和及]", text.removeprefix("牵头单位：").removeprefix("牵头单位:"))
    return all(any(n.strip().endswith(w) or w in n for w in _UNIT_WORDS) for n in names if n)


def draft_yaml(data: dict, notes: list[str], source: str) -> str:
    """The draft as YAML, its review notes as comments at the top."""
    import yaml

    head = [f"# Draft plan imported from {source} by plan-briefing.",
            *(f"# - {note}" for note in notes), ""]
    return "\n".join(head) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                            width=1000)
