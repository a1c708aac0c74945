"""Labels and dates in the three languages; every language has every label."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.i18n import _TABLES, LANGUAGES, Labels


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-Hans", "2020年9月30日"), ("zh-Hant", "2020年9月30日"), ("en", "30 Sep 2020")],
)
def test_dates(language, expected):
    assert Labels(language).date(dt.date(2020, 9, 30)) == expected


def test_every_language_has_every_label():
    keys = set(_TABLES["zh-Hans"])

    for language in LANGUAGES:
        assert set(_TABLES[language]) == keys, language


def test_traditional_labels_are_traditional():
    labels = Labels("zh-Hant")

    assert labels["status_report"] == "工作推進情況報告"
    assert "項任務" in labels.get("area_line", total=1, done=0, on_track=1, at_risk=0, delayed=0,
                                  overdue=0, avg="5%")


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
                  avg="5%")
    assert line.startswith("1 task: ")
    assert Labels("zh-Hans").get("task_count", n=1) == "1 项任务"
