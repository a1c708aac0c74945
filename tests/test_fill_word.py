"""Word fill-in templates: the example fills with the sample plan; broken or hostile templates
are reported with their paragraph; data is inserted as text."""

from __future__ import annotations

import json
import shutil

import docx
import pytest

from generator.cli import main
from generator.context import template_context
from generator.fill_word import check_word_template
from generator.i18n import Labels
from generator.theme import TEMPLATES_DIR

from .conftest import SAMPLE

EXAMPLE = TEMPLATES_DIR / "examples" / "briefing-fill.docx"


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_example_fills_with_rows_per_task_and_plan_properties(tmp_path, sample_status):
    out = tmp_path / "filled.docx"

    assert main(["fill", str(EXAMPLE), "--out", str(out)]) == 0

    document = docx.Document(out)
    attention, *areas = document.tables
    assert len(attention.rows) == 1 + len(sample_status.attention)
    assert [len(t.rows) - 1 for t in areas] == [len(a.states) for a in sample_status.areas]
    assert areas[0].rows[1].cells[1].text == sample_status.areas[0].states[0].task.title
    body = text_of(document)
    assert "{{" not in body and "{%" not in body
    assert document.core_properties.author == "上海市知识产权联席会议办公室"
    import zipfile

    with zipfile.ZipFile(out) as archive:
        chart = archive.read("word/charts/chart1.xml").decode()
    assert "一、加强高质量知识产权制度供给" in chart  # {{ charts.progress }} became a native chart
    assert "\ue100" not in body


def variant(tmp_path, old: str, new: str):
    document = docx.Document(EXAMPLE)
    for paragraph in document.paragraphs:
        if old in paragraph.text:
            paragraph.runs[0].text = paragraph.text.replace(old, new)
            for run in paragraph.runs[1:]:
                run.text = ""
            break
    else:
        raise AssertionError(old)
    path = tmp_path / "broken.docx"
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{{ headline }}", "{{ headlin }}", "unknown variable 'headlin'"),
        ("{%p endif %}", "", "template syntax"),
        ("{{ a.summary }}", "{{ a.sumary }}", "has no attribute 'sumary'"),
        ("{{ headline }}", "{{ ''.__class__.__mro__ }}", "__class__"),
    ],
    ids=["unknown-variable", "unclosed-block", "misspelt-attribute", "python-internals"],
)
def test_broken_templates_are_reported_with_their_paragraph(tmp_path, old, new, message,
                                                            sample_status):
    path = variant(tmp_path, old, new)

    problems = check_word_template(path, template_context(sample_status, Labels("zh-Hans")))

    assert problems, "no problem found"
    text = "\n".join(str(p) for p in problems)
    assert message in text and "paragraph" in text and "broken.docx" in text


def test_fill_refuses_a_broken_template_with_exit_2(tmp_path, capsys):
    path = variant(tmp_path, "{{ headline }}", "{{ headlin }}")

    code = main(["fill", str(path), "--out", str(tmp_path / "x.docx")])

    assert code == 2
    assert "unknown variable 'headlin'" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_data_is_inserted_as_text_not_template_code(tmp_path):
    import yaml

    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["title"] = "{{ 7*7 }} {% raw %} <w:p> & </w:t>"
    data["next_meeting"]["title"] = "{{ plan.title }}"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    shutil.copyfile(EXAMPLE, tmp_path / "t.docx")

    assert main(["fill", str(tmp_path / "t.docx"), str(plan), "--out",
                 str(tmp_path / "o.docx")]) == 0

    body = text_of(docx.Document(tmp_path / "o.docx"))
    assert "{{ plan.title }}" in body and "49" not in body.split("\n")[1]


def test_context_command_lists_variables_with_types(capsys):
    assert main(["context"]) == 0

    out = capsys.readouterr().out
    assert "areas[0].tasks[0].title\tstr\t加快推进上海知识产权地方综合立法" in out
    assert "figures.overdue\tint\t1" in out


def test_an_endless_template_is_stopped_by_the_time_limit(tmp_path, sample_status):
    from generator.errors import TemplateError
    from generator.fill_word import fill_word
    from generator.reports.common import document_info

    path = variant(tmp_path, "{{ headline }}",
                   "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                   "{% endfor %}")
    labels = Labels("zh-Hans")

    with pytest.raises(TemplateError, match="took longer than 1 s"):
        fill_word(path, template_context(sample_status, labels), tmp_path / "o.docx",
                  document_info(sample_status, labels, "x"), seconds=1)


# -- PowerPoint ------------------------------------------------------------------------------

PPTX_EXAMPLE = TEMPLATES_DIR / "examples" / "briefing-fill.pptx"


def test_pptx_example_repeats_area_slides_rows_and_fills_the_chart(tmp_path, sample_status):
    import pptx

    out = tmp_path / "filled.pptx"

    assert main(["fill", str(PPTX_EXAMPLE), "--out", str(out)]) == 0

    prs = pptx.Presentation(out)
    slides = list(prs.slides)
    titles = [s.shapes.title.text_frame.text for s in slides if s.shapes.title is not None]
    assert titles[2:7] == [f"{'一二三四五'[i]}、{a.area.title}"
                           for i, a in enumerate(sample_status.areas)]
    tables = [sh.table for s in slides for sh in s.shapes if sh.has_table]
    assert [len(t.rows) - 1 for t in tables] == [len(a.states) for a in sample_status.areas]
    assert tables[0].cell(1, 1).text == sample_status.areas[0].states[0].task.title
    chart = next(sh.chart for s in slides for sh in s.shapes if sh.has_chart)
    assert list(chart.plots[0].categories)[-1] == "一、加强高质量知识产权制度供给"
    text = "".join(sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame)
    assert "{{" not in text and "{%" not in text
    assert prs.core_properties.author == "上海市知识产权联席会议办公室"


def test_pptx_rows_that_do_not_fit_continue_on_copies_of_the_slide(tmp_path):
    import pptx

    from benchmarks.synthetic import synthetic_plan

    plan = tmp_path / "big.json"
    plan.write_text(synthetic_plan(60, areas=1).model_dump_json(exclude_defaults=True),
                    encoding="utf-8")
    out = tmp_path / "big.pptx"

    assert main(["fill", str(PPTX_EXAMPLE), str(plan), "--out", str(out)]) == 0

    prs = pptx.Presentation(out)
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert len(tables) > 1
    assert sum(len(t.rows) - 1 for t in tables) == 60
    assert all(t.cell(0, 1).text == "重点任务" for t in tables)  # the header on every copy
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.top + shape.height <= prs.slide_height


def test_pptx_check_names_slide_and_shape(tmp_path, sample_status):
    import pptx

    from generator.fill_pptx import check_pptx_template

    prs = pptx.Presentation(PPTX_EXAMPLE)
    box = [sh for sh in prs.slides[1].shapes if sh.has_text_frame and "headline" in sh.text][0]
    box.text_frame.text = "{{ headlin }}"
    path = tmp_path / "broken.pptx"
    prs.save(path)

    problems = check_pptx_template(path, template_context(sample_status, Labels("zh-Hans")))

    assert len(problems) == 1
    assert "slide 2, shape" in problems[0] and "headlin" in problems[0]


def test_a_problem_in_a_table_cell_names_table_row_and_cell(tmp_path, sample_status):
    document = docx.Document(EXAMPLE)
    cell = document.tables[0].rows[2].cells[1]
    cell.paragraphs[0].runs[0].text = "{{ t.titel }}"
    path = tmp_path / "cell.docx"
    document.save(path)

    problems = check_word_template(path, template_context(sample_status, Labels("zh-Hans")))

    assert any("table 1, row 3, cell 2" in str(p) and "titel" in str(p) for p in problems)


def test_a_theme_deck_without_the_needed_layouts_is_reported(tmp_path, sample_status):
    import pptx

    from generator.fill_pptx import check_pptx_template

    prs = pptx.Presentation(TEMPLATES_DIR / "default.pptx")
    for layout in prs.slide_layouts:
        if layout.name in {"Title Only", "Title and Content"}:
            layout.name = "Renamed " + layout.name
    path = tmp_path / "theme.pptx"
    prs.save(path)

    problems = check_pptx_template(path, template_context(sample_status, Labels("zh-Hans")))

    assert problems == [f"{path}: no slide layout named 'Title Only' or 'Title and Content' "
                        "(the built-in reports pick layouts by these names)"]


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_filled_examples_pass_the_ooxml_validator(tmp_path, suffix):
    import subprocess

    out = tmp_path / f"filled.{suffix}"
    assert main(["fill", str(TEMPLATES_DIR / "examples" / f"briefing-fill.{suffix}"), "--out",
                 str(out)]) == 0

    audit = subprocess.run([shutil.which("openxml-audit"), str(out)], capture_output=True,
                           text=True)

    assert audit.returncode == 0 and "Errors: 0" in audit.stdout, audit.stdout[-1500:]
