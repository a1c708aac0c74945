"""Labels and dates in the three languages; every language has every label."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.i18n import LANGUAGES, Labels


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-Hans", "2020年9月30日"), ("zh-Hant", "2020年9月30日"), ("en", "30 Sep 2020")],
)
def test_dates(language, expected):
    assert Labels(language).date(dt.date(2020, 9, 30)) == expected


def test_every_language_has_every_label():
    keys = set(Labels("zh-Hans").keys())

    for language in LANGUAGES:
        assert set(Labels(language).keys()) == keys, language


def test_no_traditional_label_keeps_a_simplified_character():
    """OpenCC leaves a Traditional text as it is: a label it would still change has a
    Simplified character left (the hand-written table once had 进展反馈表)."""
    from generator.importers.script import convert_text

    labels = Labels("zh-Hant")
    for key in labels.keys():
        assert convert_text(labels[key], "zh-Hant") == labels[key], key


def test_traditional_labels_are_traditional():
    labels = Labels("zh-Hant")

    assert labels["status_report"] == "工作推進情況報告"
    assert "項任務" in labels.get("area_line", total=1, done=0, on_track=1, at_risk=0, delayed=0,
                                  not_started=0, overdue=0, avg="5%", time="9%")
    assert labels["progress_down"] == "進度下降" and labels["risk_cleared"] == "風險解除"


def test_area_headings_number_in_chinese():
    assert Labels("zh-Hans").area_heading(5, "夯实基础") == "五、夯实基础"
    assert Labels("zh-Hans").area_heading(12, "x") == "十二、x"
    assert Labels("en").area_heading(2, "Answer faster") == "2. Answer faster"


def test_english_counts_of_one_are_singular():
    en = Labels("en")

    assert en.get("task_count", n=1) == "1 task"
    assert en.get("task_count", n=2) == "2 tasks"
    assert en.get("supported_note", count=1) == \
        "Another unit leads this task; this unit supports it."
    assert en.get("supported_note", count=3).startswith("Other units lead these 3 tasks")
    assert en.get("reason_overdue", days=1) == "overdue by 1 day"
    line = en.get("area_line", total=1, done=0, on_track=1, at_risk=0, delayed=0, overdue=0,
                  not_started=0, avg="5%", time="9%")
    assert en.get("status_overdue", state="Delayed", days=1) == "Delayed, 1 day overdue"
    assert line.startswith("1 task: ")
    assert Labels("zh-Hans").get("task_count", n=1) == "1 项任务"


@pytest.mark.parametrize(("key", "hans", "hant", "english"), [
    ("progress_up", "进度提升", "進度提升", "Progress up"),
    ("progress_down", "进度下降", "進度下降", "Progress down"),
    ("health_worse", "状态变差", "狀態變差", "Health worse"),
    ("health_better", "状态好转", "狀態好轉", "Health better"),
    ("due_later", "时限推迟", "時限推遲", "Deadline later"),
    ("due_earlier", "时限提前", "時限提前", "Deadline earlier"),
    ("newly_at_risk", "新增风险", "新增風險", "Newly at risk"),
    ("risk_cleared", "风险解除", "風險解除", "Risk cleared"),
    ("newly_overdue", "新逾期", "新逾期", "Newly overdue"),
    ("newly_done", "新完成", "新完成", "Newly done"),
    ("time_progress", "时间进度", "時間進度", "Time elapsed"),
])
def test_change_classes_are_named_for_what_they_count(key, hans, hant, english):
    # "进度下滑" once named tasks whose health got worse: progress down means the number fell
    assert (Labels("zh-Hans")[key], Labels("zh-Hant")[key], Labels("en")[key]) == (
        hans, hant, english)
