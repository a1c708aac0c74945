"""English action plans as councils print them: "1. Theme" headings and numbered actions with
"Owner:", "Supported by:" and "Due:" in the sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .values import parse_date, split_units

if TYPE_CHECKING:
    from .text import Draft

_AREA = re.compile(r"^(?:(?:theme|priority|workstream|area|objective)\s+)?(\d{1,2})[.:)]?\s+"
                   r"(?P<title>[A-Z][^.:]{1,80})$", re.IGNORECASE)
_ACTION = re.compile(r"^(?:action\s+)?"
                     r"(?P<ref>\d{1,2}\.\d{1,3}[a-z]?|[A-Z]{1,4}\d{1,2}(?:\.\d{1,3})?)"
                     r"[.:)]?\s+(?P<text>.+)$")
_FIELD = re.compile(r"\b(owner|lead officer|lead|responsible|supported by|support|partners|"
                    r"due|deadline|target date|target|by)\s*:\s*", re.IGNORECASE)
_KIND = {"owner": "lead", "lead officer": "lead", "lead": "lead", "responsible": "lead",
         "supported by": "support", "support": "support", "partners": "support",
         "due": "due", "deadline": "due", "target date": "due", "target": "due", "by": "due"}


def draft_english(draft: Draft, lines: list[str]) -> None:
    """Adds the areas and actions of an English plan's lines to `draft`."""
    from .text import _new_area

    area = None
    for line in lines:
        action = _ACTION.match(line)
        heading = _AREA.match(line)
        if action and area is not None:
            _action(draft, area, action.group("ref"), action.group("text"))
        elif heading and not _FIELD.search(line):
            area = _new_area(draft, heading.group("title").strip())
        else:
            draft.unplaced.append(line)


def _action(draft: Draft, area: dict, ref: str, text: str) -> None:
    parts = _FIELD.split(text)
    title = parts[0].strip().rstrip(".;").strip()
    task: dict = {"id": ref, "title": title}
    for label, value in zip(parts[1::2], parts[2::2], strict=False):
        kind = _KIND[label.lower()]
        value = value.strip().rstrip(".;").strip()
        if kind == "lead":
            names = split_units(value, english=True)
            if names:
                task["lead"] = draft.unit_id(names[0])
                task.setdefault("support", []).extend(draft.unit_id(n) for n in names[1:])
        elif kind == "support":
            task.setdefault("support", []).extend(
                draft.unit_id(n) for n in split_units(value, english=True))
        else:
            when, _ = parse_date(value, draft.year)
            if when:
                task["due"] = when.isoformat()
            else:
                draft.unplaced.append(f"{ref}: due date {value!r} not understood")
    if not task.get("support"):
        task.pop("support", None)
    if task["title"]:
        area["tasks"].append({**task, "phase": "not_started", "progress": 0})
