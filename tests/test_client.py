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

    assert "Key messages" in text
    assert "Resident identity service" in text


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
