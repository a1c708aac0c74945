"""Office title lines never start with closing punctuation (GB/T 15834): the split itself, and
the cover title of a PPTX status deck and a DOCX briefing read back. The marks are written
out here, not taken from generator.conventions, so that losing one there is noticed."""

from __future__ import annotations

import docx
import pptx
import pytest

from generator.i18n import Labels
from generator.indicators import analyse
from generator.render import docx as docx_renderer
from generator.render import pptx as pptx_renderer
from generator.reports.briefing import build_briefing
from generator.reports.status import build_status_report
from generator.textwidth import title_lines
from generator.theme import load_theme

from .expected import hand_plan, model_of

CLOSING = "，。、；：？！）》」”’％"
"""Marks that may not open a line, as the standard lists them (a few of them)."""

TITLES = ["上海市知识产权联席会议，第三季度工作推进会",
          "关于加强知识产权保护工作，的实施意见和推进措施",
          "2020年上海市知识产权工作，推进高质量发展行动方案",
          "知识产权保护高地建设工作。推进情况专题会议",
          "知识产权保护高地建设工作、推进情况专题会议"]


def no_line_opens_with_a_closing_mark(lines: list[str]) -> bool:
    return all(line[:1] not in CLOSING for line in lines[1:])


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("width", [275, 300, 350, 400, 453, 500])
def test_a_title_never_breaks_before_a_closing_mark(title, width):
    lines = title_lines(title, 22, width)

    assert "".join(lines) == title
    assert no_line_opens_with_a_closing_mark(lines), lines


def test_a_two_line_title_keeps_the_comma_on_the_first_line():
    assert title_lines(TITLES[0], 22, 400) == ["上海市知识产权联席会议，", "第三季度工作推进会"]


@pytest.fixture(scope="module")
def reports():
    data = hand_plan([{"due": "2020-09-29"}], language="zh-Hans")
    data["title"] = TITLES[1]
    data["next_meeting"]["title"] = TITLES[0] + "议安排"
    status, labels = analyse(model_of(data)), Labels("zh-Hans")
    return build_status_report(status, labels), build_briefing(status, labels)


def test_the_pptx_cover_title_breaks_after_the_comma(reports, tmp_path):
    dest = tmp_path / "status.pptx"

    pptx_renderer.render(reports[0], load_theme(), dest)

    cover = pptx.Presentation(dest).slides[0]
    title = next(s.text_frame.text for s in cover.shapes
                 if s.has_text_frame and s.text_frame.text.replace("\n", "") == TITLES[1])
    lines = title.split("\n")
    assert len(lines) == 2 and no_line_opens_with_a_closing_mark(lines), lines


def test_the_docx_briefing_title_breaks_after_the_comma(reports, tmp_path):
    dest = tmp_path / "briefing.docx"
    meeting = TITLES[0] + "议安排"

    docx_renderer.render(reports[1], load_theme(), dest)

    title = next(p.text for p in docx.Document(dest).paragraphs
                 if p.text.replace("\n", "") == meeting)
    lines = title.split("\n")
    assert len(lines) == 2 and no_line_opens_with_a_closing_mark(lines), lines
