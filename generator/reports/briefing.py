"""The meeting briefing, leader first: key messages and decisions, exceptions by lead unit,
then the figures and charts, what changed, and next steps."""

from __future__ import annotations

from ..document import (
    Bullets,
    Cell,
    Column,
    Cover,
    Heading,
    Paragraph,
    Report,
    Section,
    Table,
)
from ..i18n import Labels
from ..indicators import BEHIND_MARGIN, CHANGE_CLASSES, PlanStatus, TaskChange, TaskState
from ..indicators import attention_order as _order
from .common import (
    EMPTY,
    document_info,
    figures_sentence,
    key_figures,
    progress_chart,
    status_text,
    status_tone,
    trend_chart,
)

MAX_CHANGE_ROWS = 6
"""The briefing lists at most this many changed tasks; the rest are counted in one line."""
MAX_KEY_MESSAGES = 5


def build_briefing(status: PlanStatus, labels: Labels) -> Report:
    """Builds the briefing for the plan's next meeting."""
    plan = status.plan
    meeting = plan.next_meeting
    info = document_info(status, labels, labels["briefing"])
    meeting_line = labels.date(meeting.date) + (f"  {meeting.location}" if meeting.location else "")
    cover = Cover(
        title=meeting.title,
        subtitle=labels["briefing"],
        lines=(meeting_line, f"{labels['as_of']} {labels.date(status.as_of)}", plan.organisation),
        marking=plan.marking,
        full_page=False,
    )
    # the key messages already say what the headline sentence would: the tiles, then the note
    overview: list = [key_figures(status.figures, labels),
                      Paragraph(labels.get("states_note", total=status.figures.total,
                                           overdue=status.figures.overdue), "note"),
                      progress_chart(status, labels)]
    sections = [
        Section(labels["key_messages"], (Bullets(key_messages(status, labels)),
                                         *_decisions(status, labels)), "headline"),
        Section(labels["exceptions"], _exceptions(status, labels), "attention"),
        *([Section(labels.get("returns_missing", date=labels.date(status.returns_round[0])),
                   _returns(status, labels), "returns")] if status.returns_round else []),
        Section(labels["overview_figures"], tuple(overview), "progress"),
        *([Section(labels["trend"], (trend,), "trend")]
          if (trend := trend_chart(status, labels)) else []),
        Section(_changes_title(status, labels), _changes(status, labels), "changes"),
        Section(labels["next_steps"], (Bullets(_next_steps(status, labels)),), "next-steps"),
    ]
    return Report("briefing", info, cover, tuple(sections))


def key_messages(status: PlanStatus, labels: Labels) -> tuple[str, ...]:
    """3-5 one-line messages computed from the data, most important first."""
    f = status.figures
    out = [figures_sentence("km_progress", f, labels, behind=f.behind, margin=BEHIND_MARGIN),
           figures_sentence("km_states", f, labels)]
    attention, decisions = status.attention, status.decisions
    if attention or decisions:
        units = len({s.task.lead for s in attention})
        out.append(labels.get("km_attention", attention=len(attention), units=units,
                              decisions=len(decisions)))
    if status.previous is not None:
        counts = change_counts_text(status, labels)
        date = labels.date(status.previous.date)
        out.append(labels.get("km_changes", date=date, counts=counts) if counts
                   else labels.get("km_no_changes", date=date))
    if status.due_soon:
        out.append(labels.get("km_due_soon", n=len(status.due_soon),
                              date=labels.date(status.plan.next_meeting.date)))
    behind = [a for a in status.areas if a.states and
              a.figures.average_progress < a.figures.time_progress]
    if behind:
        worst = max(behind, key=lambda a: a.figures.time_progress - a.figures.average_progress)
        out.append(labels.get("km_area", area=labels.area_heading(worst.number, worst.area.title),
                              avg=labels.percent(worst.figures.average_progress),
                              time=labels.percent(worst.figures.time_progress)))
    return tuple(out[:MAX_KEY_MESSAGES])


def change_counts_text(status: PlanStatus, labels: Labels) -> str:
    """The non-zero change counts, each a number of tasks (not exclusive), in class order."""
    counts = status.change_counts
    return ("，" if labels.is_chinese else ", ").join(
        labels.get("change_count", name=labels[name] if labels.is_chinese else labels[name].lower(),
                   n=counts[name])
        for name in CHANGE_CLASSES if counts[name])


def _decisions(status: PlanStatus, labels: Labels) -> tuple:
    """The decisions requested, each with its owner (the lead unit) and date (the task's due)."""
    plan = status.plan
    heading = Heading(labels["decisions"], 2)
    if not status.decisions:
        return (heading, Paragraph(labels["no_decisions"], "note"))
    columns = (Column(labels["col_no"], 0.62, "center"), Column(labels["col_decision"], 4.6),
               Column(labels["col_owner"], 1.5), Column(labels["col_decide_by"], 1.9, "center"))
    rows = tuple((Cell(s.number), Cell(labels.get("decision_item", number="", title=s.task.title,
                                                  decision=s.decision).strip()),
                  Cell(plan.units_by_id[s.task.lead].label),
                  Cell(labels.date(s.due) or EMPTY)) for s in status.decisions)
    return (heading, Table(columns, rows))


def _exceptions(status: PlanStatus, labels: Labels) -> tuple:
    """Attention tasks grouped by lead unit: the unit with the worst task first; the reason is
    the unit's own note when it wrote one."""
    plan = status.plan
    if not status.attention:
        return (Paragraph(labels["nothing_attention"], "note"),)
    by_unit: dict[str, list[TaskState]] = {}
    for state in status.attention:  # already worst first
        by_unit.setdefault(state.task.lead, []).append(state)
    columns = (Column(labels["col_lead"], 1.3), Column(labels["col_no"], 0.62, "center"),
               Column(labels["col_task"], 2.7), Column(labels["col_status"], 2.0, "center"),
               Column(labels["col_reason"], 2.5))
    rows = []
    for unit_id, states in sorted(by_unit.items(), key=lambda kv: _order(kv[1][0])):
        unit = plan.units_by_id[unit_id].label
        rows += [(Cell(unit), Cell(s.number), Cell(s.task.title),
                  Cell(status_text(s, labels), status_tone(s)), Cell(reason(s, labels)))
                 for s in states]
    return (Table(columns, tuple(rows)),)


RETURN_ORDER = ("missing", "refused", "partly")
"""The units not returned, in this order (then in the plan's order of units)."""


def _returns(status: PlanStatus, labels: Labels) -> tuple:
    """The lead units whose return for the round is missing, refused or partly in (the round
    is loaded by `build` into `status.returns_round`): one line per state, in words, naming
    the units (a partly returned one with the tasks answered)."""
    _, units = status.returns_round
    late = [u for u in units if u.state in RETURN_ORDER]
    if not late:
        return (Paragraph(labels.get("returns_all_in", total=len(units)), "note"),)
    names = status.plan.units_by_id

    def name(unit) -> str:
        label = names[unit.unit_id].label if unit.unit_id in names else unit.unit_name
        return label if unit.state != "partly" else labels.get(
            "return_partly_unit", unit=label, returned=unit.tasks_returned,
            expected=unit.tasks_expected)

    lines = tuple(labels.get("return_group", state=labels[f"return_{state}"], n=len(group),
                             units=labels.list_join([name(u) for u in group]))
                  for state in RETURN_ORDER
                  if (group := [u for u in late if u.state == state]))
    return (Paragraph(labels.get("returns_summary", missing=len(late), total=len(units))),
            Bullets(lines))


def reason(state: TaskState, labels: Labels) -> str:
    """Why a task needs attention: the unit's own note first (the status column already says
    how long it is overdue); else overdue; a task due before the meeting says so."""
    due_soon = (labels.get("reason_due_soon", date=labels.short_date(state.due))
                if state.due_soon and not state.overdue else "")
    if state.note:
        return labels.get("reason_note_due", note=state.note, due=due_soon) if due_soon else (
            state.note)
    if state.overdue:
        return labels.get("reason_overdue", days=state.overdue_days)
    return due_soon or EMPTY


def _changes_title(status: PlanStatus, labels: Labels) -> str:
    if status.previous is None or status.previous.update is None:
        return labels["changes"]
    return labels.get("changes_since", date=labels.date(status.previous.date))


def change_text(change: TaskChange, labels: Labels) -> str:
    """What changed for one task, in words: every change class it carries, with the values
    (`进度 45% → 50%；状态变差：存在风险 → 进度滞后` / `Progress 45% → 50%; health worse: …`)."""
    def name(key: str) -> str:
        return labels[key] if labels.is_chinese else labels[key].lower()

    parts = []
    if change.newly_done:
        parts.append(name("newly_done"))
    if change.progress_delta:
        parts.append(labels.get("progress_change", old=change.previous.progress,
                                new=change.current.progress))
    if change.health_worse or change.health_better:
        old, new = name(change.previous.health.value), name(change.current.health.value)
        colon = "：" if labels.is_chinese else ": "
        parts.append(f"{name('health_worse' if change.health_worse else 'health_better')}"
                     f"{colon}{old} → {new}")
    if change.due_moved and change.current.due:
        parts.append(labels.get("due_moved", date=labels.date(change.current.due)))
    parts += [name(key) for key in ("newly_at_risk", "risk_cleared", "newly_overdue")
              if getattr(change, key)]
    text = labels["separator"].join(parts)
    return text[:1].upper() + text[1:]


def _change_rank(change: TaskChange) -> tuple:
    return (not change.newly_done, not change.newly_at_risk, not change.slipped,
            -abs(change.progress_delta), change.current.number)


def _changes(status: PlanStatus, labels: Labels) -> tuple:
    if status.previous is None:
        return (Paragraph(labels["no_previous"], "note"),)
    changes = [c for c in status.changes if c.classes]
    if not changes:
        return (Paragraph(labels["no_changes"], "note"),)
    summary = labels.get("changes_summary", count=len(changes),
                         counts=change_counts_text(status, labels))
    shown = sorted(changes, key=_change_rank)[:MAX_CHANGE_ROWS]
    if len(changes) > len(shown):
        summary += labels.get("changes_shown", shown=len(shown), rest=len(changes) - len(shown))
    shown.sort(key=lambda c: [int(p) if p.isdigit() else p for p in c.current.number.split(".")])
    columns = (Column(labels["col_no"], 0.62, "center"), Column(labels["col_task"], 3.4),
               Column(labels["col_change"], 2.6), Column(labels["col_status"], 1.9, "center"))
    rows = tuple((Cell(c.current.number), Cell(c.current.task.title),
                  Cell(change_text(c, labels) or EMPTY),
                  Cell(status_text(c.current, labels), status_tone(c.current))) for c in shown)
    return (Paragraph(summary), Table(columns, rows))


def _next_steps(status: PlanStatus, labels: Labels) -> tuple[str, ...]:
    """The plan's next steps and the milestones due before the meeting. A task due before the
    meeting (it will be past due when the meeting reads this) or already overdue is never a
    plain next step: it is listed under the exceptions with its date."""
    steps = list(status.plan.next_steps)
    for state, milestone in status.upcoming_milestones():
        steps.append(labels.get("milestone_due", title=f"{state.number} {milestone.title}",
                                date=labels.date(milestone.due)))
    return tuple(steps) or (labels["none"],)
