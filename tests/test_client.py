"""A real client opens the files: LibreOffice converts each DOCX and PPTX, and the text is there."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from .conftest import normalise, soffice

pytestmark = pytest.mark.client


def convert(source, out_dir, tmp_path):
    exe = soffice()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is not installed; .ci/run must install it")
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = tmp_path / f"profile-{source.suffix[1:]}"
    out_dir.mkdir(exist_ok=True)
    subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = out_dir / (source.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {source.name}"
    return pdf


def pdftotext(pdf) -> str:
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("ext", ["docx", "pptx"])
def test_libreoffice_opens_the_status_report_with_every_task(sample_out, seed_tasks, tmp_path,
                                                             ext):
    pdf = convert(sample_out / f"shanghai-ip-2020-status.{ext}", tmp_path / ext, tmp_path)

    text = normalise(pdftotext(pdf))
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout

    assert [t for t in seed_tasks if t not in text] == []
    assert re.search(r"NotoSans(CJK|SC)", fonts), fonts


@pytest.mark.parametrize("ext", ["docx", "pptx"])
def test_libreoffice_opens_the_english_briefing(english_out, tmp_path, ext):
    pdf = convert(english_out / f"riverside-digital-2021-briefing.{ext}", tmp_path / ext, tmp_path)

    text = pdftotext(pdf)
    first = text.split("\f")[0]

    assert "Resident identity service" in text
    if ext == "docx":
        assert "Key messages" in text
    else:  # slide one opens with the key messages and the decision, under the meeting's title
        assert first.startswith("Digital Board, July 2021\nMeeting briefing")
        assert "8 tasks: average progress 59%" in first
        assert "For decision" in first and "Fund the identity" in first


@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_libreoffice_opens_filled_templates(tmp_path, suffix):
    from generator.cli import main
    from generator.theme import TEMPLATES_DIR

    filled = tmp_path / f"filled.{suffix}"
    assert main(["fill", str(TEMPLATES_DIR / "examples" / f"briefing-fill.{suffix}"), "--out",
                 str(filled)]) == 0

    pdf = convert(filled, tmp_path / suffix, tmp_path)

    text = normalise(pdftotext(pdf))
    assert "一、加强高质量知识产权制度供给" in text
    assert normalise("支持指导自贸试验区临港新片区、虹桥商务区等设立知识产权综合服务窗口") in text


def _slide_task_titles(pptx_path) -> list[tuple[tuple[float, float] | None, list[str]]]:
    """For each slide: the x-range in points of its task column (headed 重点任务) and the task
    titles in its rows."""
    import pptx

    slides = []
    for slide in pptx.Presentation(pptx_path).slides:
        found: tuple[tuple[float, float] | None, list[str]] = (None, [])
        for shape in slide.shapes:
            if shape.has_table:
                rows = list(shape.table.rows)
                header = [c.text for c in rows[0].cells]
                if "重点任务" in header:
                    column = header.index("重点任务")
                    widths = [c.width for c in shape.table.columns]
                    left = shape.left + sum(widths[:column])
                    found = ((left / 12700, (left + widths[column]) / 12700),
                             [r.cells[column].text for r in rows[1:]])
        slides.append(found)
    return slides


def _unit_pack(tmp_path, unit: str):
    from generator.build import build_meeting

    from .conftest import SAMPLE

    out = tmp_path / "bundle"
    build_meeting(SAMPLE, formats=("pptx",), out_dir=out, jobs=1)
    return next(out.glob(f"*/units/单位任务清单-{unit}.pptx"))


@pytest.mark.parametrize("which", ["status", "unit pack"])
def test_every_task_row_shows_whole_on_its_slide_in_libreoffice(sample_out, tmp_path, which):
    """LibreOffice draws Microsoft YaHei text in Noto Sans CJK, whose lines are 10% taller:
    rows sized for YaHei ran past the slide's foot and were cut off. Each slide's task titles
    must appear whole on that slide's page, above the footer."""
    import pdfplumber

    source = (sample_out / "shanghai-ip-2020-status.pptx" if which == "status"
              else _unit_pack(tmp_path, "上海市知识产权局"))
    pdf = convert(source, tmp_path / "pdf", tmp_path)
    expected = _slide_task_titles(source)

    missing = []
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == len(expected)
        for number, (page, (span, titles)) in enumerate(zip(doc.pages, expected, strict=True), 1):
            if span is None:
                continue
            footer_top = page.height * (1 - 0.45 / 7.5)  # the footer's top edge, 0.45 in up
            # whole characters above the footer; of those, any touching the column (a comma
            # at a line's end may hang into the cell's margin)
            column = page.within_bbox((0, 0, page.width, footer_top)).crop(
                (span[0] + 1, 0, span[1] - 1, footer_top))
            shown = normalise(column.extract_text())
            missing += [(number, t) for t in titles if normalise(t) not in shown]
    assert sum(len(titles) for _, titles in expected) >= 25
    assert missing == []
