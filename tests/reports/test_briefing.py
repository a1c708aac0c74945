"""The briefing, leader first: key messages and decisions open page one, then exceptions by
lead unit (the unit's own note as the reason), then figures and charts; checked on the model."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from generator.document import Bullets, Chart, Heading, KeyFigures, Paragraph, Table
from generator.i18n import Labels
from generator.indicators import analyse
from generator.reports.briefing import build_briefing, key_messages
from generator.reports.common import key_figures

from ..plans import make_plan
from ..test_indicators import _plans


def _section(report, bookmark):
    return next(s for s in report.sections if s.bookmark == bookmark)


def _table(section) -> Table:
    return next(b for b in section.blocks if isinstance(b, Table))


def _header(table: Table) -> list[str]:
    return [c.header for c in table.columns]


def test_page_one_opens_with_key_messages_then_decisions_with_owner_and_date(sample_status, zh):
    report = build_briefing(sample_status, zh)
    first = report.sections[0]
    f = sample_status.figures

    messages = first.blocks[0]
    assert first.title == "要点" and isinstance(messages, Bullets)
    assert 3 <= len(messages.items) <= 5 and all("\n" not in m for m in messages.items)
    assert messages.items[0].startswith(
        f"{f.total}项任务平均进度{round(f.average_progress)}%，时间进度{round(f.time_progress)}%")
    assert isinstance(first.blocks[1], Heading) and first.blocks[1].text == "提请会议决策"
    decisions = first.blocks[2]
    assert _header(decisions) == ["序号", "提请决策事项", "责任单位", "完成时限"]
    plan = sample_status.plan
    assert [[c.text for c in row] for row in decisions.rows] == [
        [s.number, f"{s.task.title}：{s.decision}", plan.units_by_id[s.task.lead].label,
         zh.date(s.due)] for s in sample_status.decisions]
    assert [s.bookmark for s in report.sections][:3] == ["headline", "attention", "progress"]


def test_exceptions_are_grouped_by_lead_unit_red_first_with_the_units_own_note(sample_status,
                                                                               zh):
    table = _table(_section(build_briefing(sample_status, zh), "attention"))
    rows = [[c.text for c in row] for row in table.rows]
    plan = sample_status.plan
    by_number = {s.number: s for s in sample_status.current.states}

    assert _header(table) == ["牵头单位", "序号", "重点任务", "状态", "原因"]
    assert rows and {r[1] for r in rows} == {
        s.number for s in sample_status.attention}
    units = [r[0] for r in rows]
    runs = [u for i, u in enumerate(units) if i == 0 or units[i - 1] != u]
    assert len(runs) == len(set(runs)) == 2  # each unit's rows together
    assert table.rows[0][3].tone == "bad"  # red first
    for unit, number, _, _status, reason in rows:
        state = by_number[number]
        assert unit == plan.units_by_id[state.task.lead].label
        if state.note:
            assert reason.startswith(state.note)  # never "已逾期 15 天" when the unit wrote why
    overdue = next(r for r in rows if r[1] == "4.5")
    assert overdue[3] == "存在风险·逾期15天" and "已逾期" not in overdue[4]


def test_a_task_due_before_the_meeting_is_never_a_plain_next_step():
    plan = make_plan([{"title": "Past due", "due": "2020-09-15", "phase": "in_progress"},
                      {"title": "Due before the meeting", "due": "2020-10-01",
                       "phase": "in_progress"},
                      {"title": "Later", "due": "2020-12-31", "phase": "in_progress"}],
                     as_of="2020-09-30", meeting="2020-10-15")
    report = build_briefing(analyse(plan), Labels("en"))

    steps = _section(report, "next-steps").blocks[0].items
    exceptions = _table(_section(report, "attention"))

    assert not any("Past due" in s or "Due before" in s for s in steps)
    listed = {row[2].text: (row[3].text, row[4].text) for row in exceptions.rows}
    assert listed["Past due"] == ("On track, 15 days overdue", "overdue by 15 days")
    assert listed["Due before the meeting"][1] == "due 1 Oct, before the meeting"


def test_overview_tiles_add_up_and_overdue_is_said_once_as_of_which(sample_status, zh):
    tiles = key_figures(sample_status.figures, zh).items
    values = [int(t.value) for t in tiles]

    assert [t.label for t in tiles] == ["任务总数（其中逾期1项）", "已完成", "正常推进", "存在风险",
                                        "进度滞后", "未启动"]
    assert sum(values[1:]) == values[0] == 30


def test_status_column_is_the_state_with_overdue_beside_it(sample_status, zh):
    from generator.reports.common import status_text

    texts = {status_text(s, zh) for s in sample_status.current.states}

    assert texts <= {"已完成", "正常推进", "存在风险", "进度滞后", "未启动"} | {
        t for t in texts if "·逾期" in t}
    assert not texts & {"推进中", "筹备中", "已逾期"}  # no phases, no overdue as a state


def test_changes_are_counted_per_class_never_summed(sample_status, zh):
    changes = _section(build_briefing(sample_status, zh), "changes")
    summary = changes.blocks[0].text
    counts = sample_status.change_counts

    assert "以下各数不可相加" in summary
    assert f"进度提升{counts['progress_up']}项" in summary
    assert "进度下滑" not in summary
    if counts["progress_down"] == 0:
        assert "进度下降" not in summary


def test_trend_chart_points_are_at_the_update_dates(sample_status, zh):
    report = build_briefing(sample_status, zh)
    chart = next(b for b in _section(report, "trend").blocks if isinstance(b, Chart))

    assert chart.dates == tuple(u.date for u in sample_status.plan.updates)
    assert chart.categories == ("2020年8月31日", "2020年9月30日")  # the real first date
    assert chart.series[chart.reference].name == "时间进度"
    assert "计划制定时" not in chart.categories


def test_the_progress_chart_shows_time_elapsed_beside_progress(sample_status, zh):
    report = build_briefing(sample_status, zh)
    chart = next(b for b in _section(report, "progress").blocks if isinstance(b, Chart))

    assert [s.name for s in chart.series] == ["时间进度", "任务进度"]
    assert chart.series[1].values == tuple(round(a.figures.average_progress, 1)
                                           for a in sample_status.areas)
    assert chart.series[0].values == tuple(round(a.figures.time_progress, 1)
                                           for a in sample_status.areas)


_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2} [A-Z][a-z]{2} \d{4}")


def _numbers(texts) -> list[str]:
    return [n for t in texts for n in re.findall(r"\d+", _DATE.sub("", t))]


def test_figures_agree_in_the_three_languages(sample_status):
    found = {}
    for language in ("zh-Hans", "zh-Hant", "en"):
        labels = Labels(language)
        report = build_briefing(sample_status, labels)
        overview = _section(report, "progress").blocks
        texts = [*key_messages(sample_status, labels),
                 next(b for b in overview if isinstance(b, Paragraph)).text,
                 *(t.value for t in next(b for b in overview
                                         if isinstance(b, KeyFigures)).items),
                 _section(report, "changes").blocks[0].text]
        found[language] = _numbers(texts)

    assert found["zh-Hans"] == found["zh-Hant"] == found["en"]
    assert len(found["en"]) > 30


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "en"])
def test_every_briefing_label_exists_in_each_language(sample_status, language):
    report = build_briefing(sample_status, Labels(language))

    assert all("{" not in t for t in report.texts())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plans())
def test_key_messages_carry_the_same_numbers_in_three_languages(plan):
    status = analyse(plan)

    found = []
    for language in ("zh-Hans", "zh-Hant", "en"):
        labels = Labels(language)
        texts = key_messages(status, labels)
        for area in status.areas:  # area numbering (一、 / 1.) is not a figure
            heading = labels.area_heading(area.number, area.area.title)
            texts = tuple(t.replace(heading, "") for t in texts)
        found.append(_numbers(texts))

    assert found[0] == found[1] == found[2]
    assert 3 <= len(key_messages(status, Labels("en"))) <= 5
