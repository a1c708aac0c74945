"""A plan's text in the other Chinese script (OpenCC s2tw / t2s), for `--lang zh-Hant|zh-Hans`.

Every plan text is converted — title, subtitle, organisation, marking, goals, next steps, unit
names, area titles and summaries, task titles, notes, decisions, milestones, tags, update
titles and notes — before any report is built, so every format shows one script. Ids, dates,
phases and healths are left alone. The conversion is `importers.script`'s: OpenCC's `s2tw`
(Simplified → Traditional characters in the forms the labels use: 為, 啟, 考核; wording kept) and
`t2s`. `s2twp` is not used: it also
changes vocabulary (知识产权 → 智慧財產權), which would rename real offices.
"""

from __future__ import annotations

from .importers.script import convert_data, detect_script
from .model import Plan


def plan_text(plan: Plan) -> str:
    """A sample of the plan's own text (title, units, areas, tasks) to tell its script by."""
    parts = [plan.title, plan.organisation, *(u.name for u in plan.units)]
    for area in plan.areas:
        parts.append(area.title)
        parts.extend(task.title for task in area.tasks)
    return "".join(parts)


def to_script(plan: Plan, language: str) -> Plan:
    """`plan` with its text in the script of `language` (zh-Hans or zh-Hant) when it is written
    in the other one, and `language` as its language; `plan` itself otherwise."""
    if language not in ("zh-Hans", "zh-Hant"):
        return plan
    if detect_script(plan_text(plan)) in (language, "en"):
        return plan if plan.language == language else plan.model_copy(update={"language": language})
    data = convert_data(plan.model_dump(mode="json", exclude_unset=True), language)
    data["language"] = language
    return Plan.model_validate(data)


__all__ = ["plan_text", "to_script"]
