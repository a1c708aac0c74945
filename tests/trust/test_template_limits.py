"""Class 3: templates that run away are stopped from outside (time and memory), every kind of
template evaluation: Word fill and check, PowerPoint fill and check, through the command line."""

from __future__ import annotations

import sys

import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Inches

from generator.cli import main
from generator.context import template_context
from generator.errors import TemplateError
from generator.fill_pptx import check_pptx_template, fill_pptx
from generator.fill_word import check_word_template, fill_word
from generator.i18n import Labels
from generator.reports.common import document_info
from generator.theme import TEMPLATES_DIR

from ..conftest import ENGLISH

RUNAWAY = {
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                    "{% endfor %}",
    "huge-string": "{{ 'x' * 10**10 }}",
    "constant-folded-power": "{{ 7 ** 1000000000 }}",
    "growing-list": "{% set xs = [] %}{% for i in range(10**9) %}{{ xs.append(i) or '' }}"
                    "{% endfor %}",
    "joined-range": "{{ range(100000)|map('string')|join('x' * 10**5) }}",
}
SECONDS = 3


@pytest.fixture(autouse=True)
def small_memory_cap(monkeypatch):
    monkeypatch.setenv("PLAN_BRIEFING_TEMPLATE_MEMORY_MB", "1024")


def word_template(tmp_path, tag: str):
    document = Document(TEMPLATES_DIR / "examples" / "briefing-fill.docx")
    document.add_paragraph(tag)
    path = tmp_path / "t.docx"
    document.save(path)
    return path


def pptx_template(tmp_path, tag: str):
    deck = Presentation(TEMPLATES_DIR / "default.pptx")
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = tag
    path = tmp_path / "t.pptx"
    deck.save(path)
    return path


def context_of(status):
    labels = Labels("zh-Hans")
    return template_context(status, labels), document_info(status, labels, "t")


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(RUNAWAY))
def test_word_check_and_fill_are_stopped(case, tmp_path, sample_status):
    path = word_template(tmp_path, RUNAWAY[case])
    context, info = context_of(sample_status)

    try:
        problems = [str(p) for p in check_word_template(path, context, seconds=SECONDS)]
    except TemplateError as exc:
        problems = [str(exc)]
    with pytest.raises(TemplateError) as filled:
        fill_word(path, context, tmp_path / "o.docx", info, seconds=SECONDS)

    assert len(problems) == 1
    for error in (problems[0], str(filled.value)):
        assert "t.docx" in error
        assert any(word in error for word in ("limit", "MemoryError", "OverflowError")), error
    assert not (tmp_path / "o.docx").exists()


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(RUNAWAY))
def test_powerpoint_check_and_fill_are_stopped(case, tmp_path, sample_status):
    path = pptx_template(tmp_path, RUNAWAY[case])
    context, info = context_of(sample_status)

    problems = check_pptx_template(path, context, seconds=SECONDS)
    with pytest.raises(TemplateError) as filled:
        fill_pptx(path, context, tmp_path / "o.pptx", info, seconds=SECONDS)

    assert problems and "t.pptx" in problems[0]
    assert "t.pptx" in str(filled.value)
    assert not (tmp_path / "o.pptx").exists()


def test_the_time_limit_is_wall_clock_and_named(tmp_path, sample_status):
    path = word_template(tmp_path, RUNAWAY["nested-loops"])
    context, info = context_of(sample_status)

    with pytest.raises(TemplateError, match=r"took longer than 2 s.*the limit is 2 s"):
        fill_word(path, context, tmp_path / "o.docx", info, seconds=2)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS: Linux and macOS only")
def test_the_memory_cap_stops_a_huge_string_before_the_clock(tmp_path, sample_status):
    path = word_template(tmp_path, RUNAWAY["huge-string"])
    context, info = context_of(sample_status)

    with pytest.raises(TemplateError, match="1,024 MiB"):
        fill_word(path, context, tmp_path / "o.docx", info, seconds=60)


def test_command_line_fill_and_check_exit_2_without_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLAN_BRIEFING_TEMPLATE_SECONDS", "2")
    for path in (word_template(tmp_path, RUNAWAY["nested-loops"]),
                 pptx_template(tmp_path, RUNAWAY["nested-loops"])):
        out = tmp_path / f"filled{path.suffix}"

        fill = main(["fill", str(path), str(ENGLISH), "--out", str(out)])
        check = main(["check-template", str(path), str(ENGLISH)])

        err = capsys.readouterr().err
        assert (fill, check) == (2, 2), err
        assert "took longer than 2 s" in err and "Traceback" not in err
        assert not out.exists()


def test_a_good_template_still_fills_in_the_child(tmp_path, sample_status):
    context, info = context_of(sample_status)
    path = TEMPLATES_DIR / "examples" / "briefing-fill.docx"

    fill_word(path, context, tmp_path / "o.docx", info)

    text = "\n".join(p.text for p in Document(tmp_path / "o.docx").paragraphs)
    assert sample_status.plan.next_meeting.title in text
