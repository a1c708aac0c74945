"""Labels and date formats for zh-Hans, zh-Hant and en."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LANGUAGES = ("zh-Hans", "zh-Hant", "en")

_ZH_HANS = {
    "briefing": "会议简报", "status_report": "工作推进情况报告", "unit_pack": "单位任务清单",
    "as_of": "数据截至", "meeting": "会议", "date": "日期", "location": "地点",
    "prepared_by": "编制",
    "period": "计划期", "page": "第 {page} 页", "page_of": "第 {page} 页 共 {pages} 页",
    "goals": "总体目标", "headline": "总体情况", "figures": "主要指标",
    "total": "任务总数", "done": "已完成", "on_track": "正常推进", "at_risk": "存在风险",
    "delayed": "进度滞后", "overdue": "已逾期", "due_soon": "会前到期",
    "not_started": "未启动", "planning": "筹备中", "in_progress": "推进中",
    "progress_by_area": "各领域工作进度", "progress": "进度", "average_progress": "平均进度",
    "changes": "上次更新以来的变化", "changes_since": "较 {date} 更新的变化",
    "no_changes": "自上次更新以来无变化。", "no_previous": "尚无此前的更新可供比较。",
    "attention": "需关注和决策事项", "decisions": "提请会议决策", "next_steps": "下一步工作",
    "nothing_attention": "当前无需特别关注的事项。",
    "summary": "总体概况", "areas": "重点领域", "tasks": "任务", "overdue_list": "逾期任务清单",
    "unit_summary": "各单位任务汇总", "no_overdue": "截至目前无逾期任务。",
    "col_no": "序号", "col_task": "重点任务", "col_lead": "牵头单位", "col_support": "配合单位",
    "col_due": "完成时限", "col_status": "状态", "col_progress": "进度", "col_note": "进展情况",
    "col_unit": "单位", "col_lead_tasks": "牵头任务", "col_support_tasks": "配合任务",
    "col_area": "领域", "col_days_overdue": "逾期天数", "col_change": "变化", "col_item": "事项",
    "col_reason": "原因",
    "newly_done": "新完成", "slipped": "进度下滑", "progress_up": "进度提升",
    "new_risk": "新增风险", "cleared_risk": "风险解除", "due_moved": "完成时限调整为 {date}",
    "health_change": "{old} → {new}", "progress_change": "进度 {old}% → {new}%",
    "reason_overdue": "已逾期 {days} 天", "reason_due_soon": "{date}到期",
    "reason_decision": "待决策：{text}",
    "milestone_due": "里程碑：{title}（{date}）", "none": "无", "days": "{n} 天",
    "area_n": "{n}、{title}", "task_count": "{n} 项任务", "contents": "目录",
    "continued": "（续）", "percent": "{n}%", "of_total": "占 {pct}%",
    "marking": "密级", "tasks_lead_by": "{unit}牵头任务", "supporting": "配合",
    "headline_sentence": "截至{date}，{total}项任务中已完成{done}项，正常推进{on_track}项，"
                         "存在风险{at_risk}项，进度滞后{delayed}项，逾期{overdue}项；平均进度{avg}。",
    "area_line": "共{total}项任务：已完成{done}项，正常推进{on_track}项，存在风险{at_risk}项，"
                 "进度滞后{delayed}项，逾期{overdue}项；平均进度{avg}。",
    "changes_summary": "{count}项任务有变化：新完成{done}项，进度提升{up}项，进度下滑{slipped}项。",
    "changes_more": "另有{count}项任务有小幅变化，详见工作推进情况报告。",
    "decision_item": "{number} {title}：{decision}",
    "due_soon_step": "{number} {title}（{due}到期）",
    "meeting_line": "会议：{title}",
    "separator": "；",
    "supported_tasks": "配合任务", "lead_tasks": "牵头任务",
    "overall": "总体", "trend": "进度变化趋势", "as_planned": "计划制定时",
    "newly_overdue": "新逾期", "change_group": "{group}：{tasks}", "status_return": "进展反馈表",
    "supported_note": "以下{count}项任务由其他单位牵头，本单位配合。",
    "overview": "总览",
}

_ZH_HANT_WORDING = {
    "as_of": "資料截至", "prepared_by": "編製", "nothing_attention": "目前無需特別關注的事項。",
}
"""Where Taiwan usage differs from a character-by-character conversion (OpenCC `s2tw` gives
數據截至, 編制, 當前); every other Traditional label is the Simplified one converted."""

_EN = {
    "briefing": "Meeting briefing", "status_report": "Status report", "unit_pack": "Unit pack",
    "as_of": "As of", "meeting": "Meeting", "date": "Date", "location": "Venue",
    "prepared_by": "Prepared by", "period": "Plan period", "page": "Page {page}",
    "page_of": "Page {page} of {pages}", "goals": "Goals", "headline": "Where we stand",
    "figures": "Key figures", "total": "Tasks", "done": "Done", "on_track": "On track",
    "at_risk": "At risk", "delayed": "Delayed", "overdue": "Overdue",
    "due_soon": "Due before meeting",
    "not_started": "Not started", "planning": "Planning", "in_progress": "In progress",
    "progress_by_area": "Progress by area", "progress": "Progress",
    "average_progress": "Average progress", "changes": "What changed since the last update",
    "changes_since": "Changes since the update of {date}",
    "no_changes": "Nothing changed since the last update.",
    "no_previous": "There is no earlier update to compare with.",
    "attention": "Needs attention or a decision", "decisions": "For decision",
    "next_steps": "Next steps", "nothing_attention": "Nothing needs particular attention.",
    "summary": "Summary", "areas": "Key areas", "tasks": "Tasks", "overdue_list": "Overdue tasks",
    "unit_summary": "Tasks by unit", "no_overdue": "No task is overdue.",
    "col_no": "No.", "col_task": "Task", "col_lead": "Lead", "col_support": "Supporting",
    "col_due": "Due", "col_status": "Status", "col_progress": "Progress", "col_note": "Note",
    "col_unit": "Unit", "col_lead_tasks": "Leads", "col_support_tasks": "Supports",
    "col_area": "Area", "col_days_overdue": "Days overdue", "col_change": "Change",
    "col_item": "Item", "col_reason": "Why",
    "newly_done": "Newly done", "slipped": "Slipped", "progress_up": "Progress made",
    "new_risk": "New risk", "cleared_risk": "Risk cleared", "due_moved": "due date moved to {date}",
    "health_change": "{old} → {new}", "progress_change": "progress {old}% → {new}%",
    "reason_overdue": "overdue by {days} days", "reason_due_soon": "due {date}",
    "reason_decision": "for decision: {text}",
    "milestone_due": "Milestone: {title} ({date})", "none": "none", "days": "{n} days",
    "area_n": "{n}. {title}", "task_count": "{n} tasks", "contents": "Contents",
    "continued": " (continued)", "percent": "{n}%", "of_total": "{pct}% of all",
    "marking": "Marking", "tasks_lead_by": "Tasks led by {unit}", "supporting": "supporting",
    "headline_sentence": "As of {date}, {done} of {total} tasks are done, {on_track} on track, "
                         "{at_risk} at risk and {delayed} delayed; {overdue} overdue. "
                         "Average progress {avg}.",
    "area_line": "{total} tasks: {done} done, {on_track} on track, {at_risk} at risk, "
                 "{delayed} delayed, {overdue} overdue; average progress {avg}.",
    "changes_summary": "{count} tasks changed: {done} newly done, {up} made progress, "
                       "{slipped} slipped.",
    "changes_more": "{count} more tasks changed slightly; see the status report.",
    "decision_item": "{number} {title}: {decision}",
    "due_soon_step": "{number} {title} (due {due})",
    "meeting_line": "Meeting: {title}",
    "separator": "; ",
    "supported_tasks": "Tasks supported", "lead_tasks": "Tasks led",
    "overall": "Overall", "trend": "Progress over time", "as_planned": "As planned",
    "newly_overdue": "Newly overdue", "change_group": "{group}: {tasks}",
    "status_return": "Status return",
    "supported_note": "Other units lead these {count} tasks; this unit supports them.",
    "overview": "Overview",
}


_ZH_HANS.update({
    "headline_sentence": "截至{date}，{total}项任务中已完成{done}项，正常推进{on_track}项，"
                         "存在风险{at_risk}项，进度滞后{delayed}项，未启动{not_started}项，"
                         "其中逾期{overdue}项；平均进度{avg}，时间进度{time}。",
    "area_line": "共{total}项任务：已完成{done}项，正常推进{on_track}项，存在风险{at_risk}项，"
                 "进度滞后{delayed}项，未启动{not_started}项，其中逾期{overdue}项；"
                 "平均进度{avg}，时间进度{time}。",
    "slipped": "状态变差或时限推迟",
    "progress_up": "进度提升", "progress_down": "进度下降", "health_worse": "状态变差",
    "health_better": "状态好转", "due_later": "时限推迟", "due_earlier": "时限提前",
    "newly_at_risk": "新增风险", "risk_cleared": "风险解除", "new_risk": "新增风险",
    "time_progress": "时间进度", "task_progress": "任务进度", "behind_schedule": "落后于时间进度",
    "of_which_overdue": "其中逾期{n}项", "status_overdue": "{state}·逾期{days}天",
    "states_note": "以上五类合计{total}项，每项任务只计入一类；其中逾期{overdue}项"
                   "（逾期为叠加标注，已计入上述各类）。",
    "changes_summary": "{count}项任务有变化（一项任务可同时有多种变化，以下各数不可相加）："
                       "{counts}。",
    "change_count": "{name}{n}项", "key_messages": "要点", "exceptions": "需关注事项（按牵头单位）",
    "overview_figures": "总体情况和图表",
    "km_progress": "{total}项任务平均进度{avg}，时间进度{time}；{behind}项落后于时间进度"
                   "{margin}个百分点以上。",
    "km_states": "已完成{done}项，正常推进{on_track}项，存在风险{at_risk}项，进度滞后{delayed}项，"
                 "未启动{not_started}项；其中逾期{overdue}项。",
    "km_attention": "{attention}项需关注，涉及{units}个牵头单位；{decisions}项提请会议决策。",
    "km_changes": "较{date}：{counts}。", "km_no_changes": "较{date}无变化。",
    "km_area": "进度最落后的领域：{area}，平均进度{avg}，时间进度{time}。",
    "km_due_soon": "{n}项任务在会前（{date}）到期，须在会前完成或说明。",
    "col_decision": "提请决策事项", "col_owner": "责任单位", "col_decide_by": "完成时限",
    "no_decisions": "本次无提请决策事项。",
    "due_soon_step": "{number} {title}（{due}到期，须在会前完成）",
    "reason_due_soon": "{date}到期，早于会议",
    "reason_note_due": "{note}（{due}）",
    "changes_shown": "下表列出其中{shown}项，其余{rest}项详见工作推进情况报告。",
    "returns_missing": "未按时报送单位（{date}进展反馈）",
    "returns_summary": "{total}个牵头单位中，{missing}个未报送或未完整报送：",
    "returns_all_in": "{total}个牵头单位均已报送。",
    "return_group": "{state}（{n}个）：{units}",
    "return_partly_unit": "{unit}（已报{returned}/{expected}项）",
    "return_missing": "未报送", "return_partly": "部分报送",
    "return_refused": "报送表未通过核对", "return_returned": "已报送",
})

_EN.update({
    "headline_sentence": "As of {date}, of {total} tasks {done} are done, {on_track} on track, "
                         "{at_risk} at risk, {delayed} delayed and {not_started} not started; "
                         "of which {overdue} overdue. Average progress {avg}, time elapsed {time}.",
    "area_line": "{total} tasks: {done} done, {on_track} on track, {at_risk} at risk, "
                 "{delayed} delayed, {not_started} not started; of which {overdue} overdue. "
                 "Average progress {avg}, time elapsed {time}.",
    "slipped": "Health worse or deadline later",
    "progress_up": "Progress up", "progress_down": "Progress down", "health_worse": "Health worse",
    "health_better": "Health better", "due_later": "Deadline later",
    "due_earlier": "Deadline earlier", "newly_at_risk": "Newly at risk",
    "risk_cleared": "Risk cleared", "new_risk": "Newly at risk",
    "time_progress": "Time elapsed", "task_progress": "Progress",
    "behind_schedule": "Behind schedule",
    "of_which_overdue": "of which {n} overdue", "status_overdue": "{state}, {days} days overdue",
    "states_note": "The five classes add up to {total}; each task is in exactly one. Of which "
                   "{overdue} overdue (a flag, counted within the classes).",
    "changes_summary": "{count} tasks changed (a task may carry several changes; the counts do "
                       "not add up): {counts}.",
    "change_count": "{name} {n}", "key_messages": "Key messages",
    "exceptions": "Exceptions by lead unit", "overview_figures": "Figures and charts",
    "km_progress": "{total} tasks: average progress {avg} against {time} of time elapsed; "
                   "{behind} behind schedule by more than {margin} points.",
    "km_states": "{done} done, {on_track} on track, {at_risk} at risk, {delayed} delayed, "
                 "{not_started} not started; of which {overdue} overdue.",
    "km_attention": "{attention} need attention, led by {units} units; {decisions} for decision "
                    "at the meeting.",
    "km_changes": "Since {date}: {counts}.", "km_no_changes": "No change since {date}.",
    "km_area": "Furthest behind: {area}, average progress {avg}, time elapsed {time}.",
    "km_due_soon": "{n} tasks fall due before the meeting ({date}): done or explained by then.",
    "col_decision": "Decision requested", "col_owner": "Owner", "col_decide_by": "Due",
    "no_decisions": "No decision is requested.",
    "due_soon_step": "{number} {title} (due {due}, before the meeting)",
    "reason_due_soon": "due {date}, before the meeting",
    "reason_note_due": "{note} ({due})",
    "changes_shown": " The table shows {shown} of them; the other {rest} are in the status "
                     "report.",
    "returns_missing": "Returns missing or incomplete ({date} round)",
    "returns_summary": "{missing} of {total} lead units have not returned, or not in full:",
    "returns_all_in": "All {total} lead units have returned.",
    "return_group": "{state} ({n}): {units}",
    "return_partly_unit": "{unit} ({returned} of {expected} tasks answered)",
    "return_missing": "Not returned", "return_partly": "Partly returned",
    "return_refused": "Return refused (not taken)",
    "return_returned": "Returned",
})

# English labels whose noun follows a count: the singular, used when that count is 1, by the
# name of the count's placeholder. (Chinese has no plural form: 1项任务, 5项任务.)
_EN_SINGULAR = {
    "returns_summary": ("missing", "{missing} of {total} lead units has not returned, or not "
                                   "in full:"),
    "returns_all_in": ("total", "The {total} lead unit has returned."),
    "task_count": ("n", "{n} task"),
    "area_line": ("total", "{total} task: {done} done, {on_track} on track, {at_risk} at risk, "
                           "{delayed} delayed, {not_started} not started; of which {overdue} "
                           "overdue. Average progress {avg}, time elapsed {time}."),
    "changes_more": ("count", "{count} more task changed slightly; see the status report."),
    "supported_note": ("count", "Another unit leads this task; this unit supports it."),
    "days": ("n", "{n} day"),
    "reason_overdue": ("days", "overdue by {days} day"),
    "status_overdue": ("days", "{state}, {days} day overdue"),
    "changes_summary": ("count", "{count} task changed: {counts}."),
    "km_due_soon": ("n", "{n} task falls due before the meeting ({date}): done or explained "
                         "by then."),
    "km_attention": ("attention", "{attention} needs attention, led by {units} unit(s); "
                                  "{decisions} for decision at the meeting."),
}

_TABLES: dict[str, dict[str, str] | None] = {"zh-Hans": _ZH_HANS, "zh-Hant": None, "en": _EN}
"""Label tables by language; zh-Hant is made from zh-Hans when first asked for (`_table`)."""


def _table(language: str) -> dict[str, str]:
    table = _TABLES[language]
    if table is None:  # OpenCC only for a Traditional build, which converts its plan with it
        from .importers.script import convert_text

        table = _TABLES[language] = {key: convert_text(text, "zh-Hant")
                                     for key, text in _ZH_HANS.items()} | _ZH_HANT_WORDING
    return table
_CN_NUMERALS = "零一二三四五六七八九十"
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN_NUMERALS[n]
    if n < 20:
        return "十" + _CN_NUMERALS[n - 10]
    if n < 100:
        return _CN_NUMERALS[n // 10] + "十" + (_CN_NUMERALS[n % 10] if n % 10 else "")
    return str(n)


@dataclass(frozen=True)
class Labels:
    """Localised labels and formatters for one language."""

    language: str

    def __post_init__(self) -> None:
        if self.language not in _TABLES:
            raise ValueError(f"unsupported language {self.language!r}; use one of {LANGUAGES}")

    @property
    def is_chinese(self) -> bool:
        """True for zh-Hans and zh-Hant."""
        return self.language.startswith("zh")

    def __getitem__(self, key: str) -> str:
        return _table(self.language)[key]

    def keys(self) -> list[str]:
        """Every label key of this language."""
        return list(_table(self.language))

    def get(self, key: str, **values: object) -> str:
        """The label `key` with `{placeholders}` filled from `values` (in English, in the
        singular when the count it depends on is 1)."""
        if self.language == "en" and key in _EN_SINGULAR:
            count, singular = _EN_SINGULAR[key]
            if values.get(count) == 1:
                return singular.format(**values)
        return _table(self.language)[key].format(**values)

    def date(self, value: dt.date | None) -> str:
        """`2020年9月30日` in Chinese, `30 Sep 2020` in English; an empty string for None."""
        if value is None:
            return ""
        if self.is_chinese:
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"

    def short_date(self, value: dt.date | None) -> str:
        """`9月30日` / `30 Sep`: for tables where the year is obvious."""
        if value is None:
            return ""
        if self.is_chinese:
            return f"{value.month}月{value.day}日"
        return f"{value.day} {_EN_MONTHS[value.month - 1]}"

    def area_heading(self, number: int, title: str) -> str:
        """`一、加强…` in Chinese, `1. Strengthen…` in English."""
        n = _cn_number(number) if self.is_chinese else str(number)
        return self.get("area_n", n=n, title=title)

    def percent(self, value: float) -> str:
        """A whole percentage: `55%`."""
        return f"{round(value)}%"

    def list_join(self, items: list[str]) -> str:
        """Joins names: `市知识产权局、市科委` / `IPA, STC`."""
        return ("、" if self.is_chinese else ", ").join(items)
