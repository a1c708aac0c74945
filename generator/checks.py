"""Warnings about what a build reports: the as-of date actually used, and drafts."""

from __future__ import annotations

import re

from .indicators import PlanStatus, default_as_of
from .model import Plan

PLACEHOLDER = re.compile(r"请填写|請填寫|请指定|請指定|待定|To be assigned|\(meeting title\)|"
                         r"\(fill in\)|TBD\b", re.IGNORECASE)
"""Text an importer leaves where the source said nothing (e.g. `（请填写）`)."""


def draft_problems(plan: Plan) -> list[str]:
    """Why the plan still reads as a draft: no tasks, or placeholder text left from an import
    in its title, organisation, meeting, units, areas or tasks. Empty when it is a report."""
    problems = []
    tasks = [t for a in plan.areas for t in a.tasks]
    if not tasks:
        problems.append("the plan has 0 tasks: add tasks under `areas` before reporting on it")
    places = [("title", plan.title), ("organisation", plan.organisation),
              ("next_meeting.title", plan.next_meeting.title)]
    places += [(f"units[{i}].name", u.name) for i, u in enumerate(plan.units)]
    for i, area in enumerate(plan.areas):
        places.append((f"areas[{i}].title", area.title))
        places += [(f"areas[{i}].tasks[{j}].title", t.title) for j, t in enumerate(area.tasks)]
    found = [(where, text) for where, text in places if PLACEHOLDER.search(text)]
    if found:
        shown = "; ".join(f"{where}: {text!r}" for where, text in found[:5])
        more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
        problems.append(f"{len(found)} placeholder(s) left from an import: {shown}{more}; "
                        "fill them in")
    return problems


def status_warnings(status: PlanStatus) -> list[str]:
    """Warnings computed from the as-of date the reports actually use."""
    plan = status.plan
    out = []
    later = sorted(u.date for u in plan.updates if u.date > status.as_of)
    if later:
        out.append(f"{len(later)} status update(s) dated after the as-of date {status.as_of} "
                   f"are not shown (newest: {later[-1]}); build without --as-of, or with "
                   f"--as-of {later[-1]}, to include them")
    newest = default_as_of(plan)
    if not status.as_of_given and newest > plan.as_of:
        out.append(f"reporting as of {newest}, the newest status update (the plan's as_of is "
                   f"{plan.as_of}); use --as-of {plan.as_of} to report as of the plan's date")
    if plan.next_meeting.date < status.as_of:
        out.append(f"the meeting date {plan.next_meeting.date} (next_meeting.date) is before "
                   f"the data date {status.as_of}: set next_meeting (title, date, location) to "
                   "the meeting these papers are for"
                   + ("" if status.as_of_given else ", or build with an earlier --as-of"))
    return out + [f"draft: {p}" for p in draft_problems(plan)]
