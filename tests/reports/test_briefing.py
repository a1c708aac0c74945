"""The briefing, leader first: key messages and decisions open page one, then exceptions by
lead unit (the unit's own note as the reason), then figures and charts; checked on the model."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from generator.document import Bullets, Chart, Heading, KeyFigures, Paragraph, Table
from generator.i18n import Labels
from generator.importers.round import UnitRound
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


# -- the return round: units not returned (未按时报送单位) ---------------------------------------

ROUND = dt.date(2020, 10, 31)


def _with_round(status, states: dict[str, str]):
    """`status` with a return round in which each lead unit has the state given (else
    returned); the tasks answered follow the state (partly: one fewer than expected)."""
    units = []
    for unit in status.units:
        if not unit.lead:
            continue
        state, expected = states.get(unit.unit.id, "returned"), len(unit.lead)
        answered = {"returned": expected, "partly": expected - 1}.get(state, 0)
        units.append(UnitRound(unit.unit.id, unit.unit.name, state, expected, answered, "",
                               None))
    return replace(status, returns_round=(ROUND, tuple(units)))


def test_no_round_no_section(sample_status, zh):
    report = build_briefing(sample_status, zh)

    assert "returns" not in [s.bookmark for s in report.sections]
    assert not any("未按时报送" in t or "未报送" in t for t in report.texts())


@pytest.mark.parametrize(("language", "title", "lines"), [
    ("zh-Hans", "未按时报送单位（2020年10月31日进展反馈）",
     ["未报送（2个）：市司法局、市金融局", "报送表未通过核对（1个）：市发展改革委",
      "部分报送（1个）：市知识产权局（已报18/19项）"]),
    ("zh-Hant", "未按時報送單位（2020年10月31日進展反饋）",
     ["未報送（2個）：市司法局、市金融局", "報送表未通過核對（1個）：市發展改革委",
      "部分報送（1個）：市知識產權局（已報18/19項）"]),
    ("en", "Returns missing or incomplete (31 Oct 2020 round)",
     ["Not returned (2): 市司法局, 市金融局", "Return refused (not taken) (1): 市发展改革委",
      "Partly returned (1): 市知识产权局 (18 of 19 tasks answered)"]),
])
def test_the_units_not_returned_are_listed_by_state_in_words(sample_status, language, title,
                                                            lines):
    status = sample_status
    if language == "zh-Hant":  # as `build --lang zh-Hant` does: the plan's text converted
        from generator.script_convert import to_script
        status = analyse(to_script(sample_status.plan, "zh-Hant"))
    status = _with_round(status, {"ipa": "partly", "justice": "missing", "finance": "missing",
                                  "reform": "refused"})
    report = build_briefing(status, Labels(language))

    section = _section(report, "returns")
    summary, bullets = section.blocks
    assert section.title == title
    assert [s.bookmark for s in report.sections][:3] == ["headline", "attention", "returns"]
    counts = re.findall(r"\d+", summary.text)
    assert counts == (["4", "9"] if language == "en" else ["9", "4"])  # 4 of the 9 lead units
    assert list(bullets.items) == lines


def test_a_round_everyone_returned_says_so(sample_status, zh, en):
    status = _with_round(sample_status, {})

    assert _section(build_briefing(status, zh), "returns").blocks == (
        Paragraph("9个牵头单位均已报送。", "note"),)
    assert _section(build_briefing(status, en), "returns").blocks[0].text == (
        "All 9 lead units have returned.")


def test_a_return_read_for_one_unit_puts_the_others_in_every_briefing_format(tmp_path):
    """returns → one unit fills in its workbook → read-returns → build: the briefing in PDF,
    DOCX and PPTX names the eight units that did not return; as of a date before the round,
    no such list."""
    import docx
    import pdfplumber
    from pptx import Presentation

    from generator.cli import main

    from ..conftest import SAMPLE
    from ..importers.test_returns import fill

    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SAMPLE, plan)
    assert main(["returns", str(plan), "--out", str(tmp_path / "returns")]) == 0
    court = tmp_path / "returns" / "进展反馈表-上海市高级人民法院.xlsx"
    fill(court, {"2.1": {9: 80}})
    assert main(["read-returns", str(plan), str(court), "--date", "2020-10-31"]) == 0
    assert main(["build", str(plan), "--report", "briefing", "--out", str(tmp_path / "out"),
                 "--jobs", "1"]) == 0
    assert main(["build", str(plan), "--report", "briefing", "--format", "pdf", "--as-of",
                 "2020-09-30", "--out", str(tmp_path / "before"), "--jobs", "1"]) == 0

    out = tmp_path / "out"
    with pdfplumber.open(out / "plan-briefing.pdf") as pdf:
        pdf_text = "".join(page.extract_text() for page in pdf.pages)
    docx_text = "".join(p.text for p in docx.Document(out / "plan-briefing.docx").paragraphs)
    pptx_text = "".join(shape.text_frame.text for slide in Presentation(
        out / "plan-briefing.pptx").slides for shape in slide.shapes if shape.has_text_frame)
    missing = ("市知识产权局、市司法局、市市场监管局、市金融局、市国资委、市教委、市人社局、"
               "市发展改革委")
    for text in (pdf_text, docx_text, pptx_text):
        text = re.sub(r"\s+", "", text)
        assert "未按时报送单位（2020年10月31日进展反馈）" in text
        assert "9个牵头单位中，8个未报送或未完整报送" in text
        assert f"未报送（8个）：{missing}" in text
        assert "市高级法院" not in text.split("未按时报送单位")[1].split("总体情况")[0]
    with pdfplumber.open(tmp_path / "before" / "plan-briefing.pdf") as pdf:
        assert "未按时报送" not in "".join(page.extract_text() for page in pdf.pages)
