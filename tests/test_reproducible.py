"""Same inputs, same bytes: DOCX, PPTX and PDF are byte-identical on a rerun at another time."""

from __future__ import annotations

import io
import re
import time
import zipfile
from unittest import mock

import pytest

from generator.build import build
from generator.cli import main
from generator.theme import TEMPLATES_DIR

from .conftest import SAMPLE


def test_a_rerun_a_day_later_gives_identical_files(tmp_path):
    first = build(SAMPLE, out_dir=tmp_path / "a", jobs=1)
    later = time.time() + 86400 + 3
    with mock.patch("time.time", return_value=later):
        second = build(SAMPLE, out_dir=tmp_path / "b", jobs=1)

    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_zip_entries_carry_the_as_of_date(sample_out):
    with zipfile.ZipFile(sample_out / "shanghai-ip-2020-briefing.docx") as archive:
        stamps = {info.date_time for info in archive.infolist()}

    assert stamps == {(2020, 9, 30, 0, 0, 0)}


def _workbook_dates(office_file) -> set[bytes]:
    """The creation and modification dates of every chart workbook embedded in the file."""
    dates = set()
    with zipfile.ZipFile(office_file) as package:
        for name in package.namelist():
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(package.read(name))) as workbook:
                    core = workbook.read("docProps/core.xml")
                dates.update(re.findall(rb"<dcterms:\w+[^>]*>([^<]*)<", core))
    return dates


@pytest.mark.parametrize("example", ["briefing-fill.docx", "briefing-fill.pptx"])
def test_filled_templates_embed_chart_workbooks_dated_by_the_plan(tmp_path, example):
    out = tmp_path / example

    assert main(["fill", str(TEMPLATES_DIR / "examples" / example), "--out", str(out)]) == 0

    assert _workbook_dates(out) == {b"2020-09-30T00:00:00Z"}


def test_built_reports_embed_chart_workbooks_dated_by_the_plan(sample_out):
    files = sorted(sample_out.glob("*.docx")) + sorted(sample_out.glob("*.pptx"))

    assert {d for f in files for d in _workbook_dates(f)} == {b"2020-09-30T00:00:00Z"}


@pytest.mark.slow
def test_fonts_prepared_twice_give_the_same_font_and_pdf_bytes(tmp_path):
    """Two font caches, prepared a day apart, as on two machines. Only the regular weight is
    prepared in each (≈ 30 s); the bold, made by the same code, is copied from this machine's
    cache into both."""
    import os
    import shutil
    import subprocess
    import sys

    from generator.fonts import noto_sans_sc

    bold = noto_sans_sc().bold
    outputs = []
    for name, shift in (("a", 0), ("b", 86400 + 3)):
        folder = tmp_path / f"fonts-{name}"
        folder.mkdir()
        shutil.copyfile(bold, folder / bold.name)
        env = {**os.environ, "PLAN_BRIEFING_FONT_DIR": str(folder)}
        code = ("import sys, time; from unittest import mock; from generator.cli import main; "
                f"mock.patch('time.time', return_value=time.time() + {shift}).start(); "
                "sys.exit(main(sys.argv[1:]))")
        for args in (["fonts"], ["build", str(SAMPLE), "--format", "pdf", "--jobs", "1",
                                 "--out", str(tmp_path / f"out-{name}")]):
            run = subprocess.run([sys.executable, "-c", code, *args], env=env, text=True,
                                 capture_output=True, timeout=900)
            assert run.returncode == 0, run.stderr
        outputs.append((folder, tmp_path / f"out-{name}"))

    (fonts_a, out_a), (fonts_b, out_b) = outputs
    regular = "NotoSansSC-Regular.ttf"
    assert (fonts_a / regular).read_bytes() == (fonts_b / regular).read_bytes()
    pdfs = sorted(p.name for p in out_a.glob("*.pdf"))
    assert len(pdfs) == 2
    for name in pdfs:
        assert (out_a / name).read_bytes() == (out_b / name).read_bytes(), name
