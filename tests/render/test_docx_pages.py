"""DOCX page plan: contents page numbers and continued tables, in the model and in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from generator.render import docx as renderer
from generator.render.docx_pages import plan_pages
from generator.render.library_hooks import element_of
from generator.reports import build_status_report
from generator.reports.unit_pack import build_unit_pack
from generator.theme import TEMPLATES_DIR, load_theme

STATUS = "shanghai-ip-2020-status.docx"


def breaks_before(paragraph) -> bool:
    ppr = element_of(paragraph).pPr
    return ppr is not None and ppr.find(qn("w:pageBreakBefore")) is not None


def continued_captions(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.endswith("（续）")]


def test_a_long_table_continues_on_a_new_page_under_its_area_and_header(tmp_path,
                                                                        sample_status, zh):
    """Every table chunk after the first starts a page under "<area>（续）" and the header
    row; all rows are there once, in order."""
    report = build_status_report(sample_status, zh)
    section = next(s for s in report.sections if any(getattr(b, "rows", ()) for b in s.blocks))
    table = next(b for b in section.blocks if getattr(b, "rows", ()))
    long = replace(table, rows=table.rows * 6)
    report = replace(report, sections=(replace(section, blocks=(*section.blocks[:-1], long)),))

    renderer.render(report, load_theme(), tmp_path / "long.docx")

    document = docx.Document(str(tmp_path / "long.docx"))
    captions = [p for p in document.paragraphs if p.text.endswith("（续）")]
    assert len(document.tables) >= 3 and len(captions) == len(document.tables) - 1
    assert {p.text for p in captions} == {f"{section.title}（续）"}
    assert all(breaks_before(p) for p in captions)
    headers = {tuple(c.text for c in t.rows[0].cells) for t in document.tables}
    assert headers == {tuple(c.header for c in long.columns)}
    numbers = [t.rows[i].cells[0].text for t in document.tables for i in range(1, len(t.rows))]
    assert numbers == [row[0].text for row in long.rows]


def test_a_unit_pack_table_continues_under_the_area_heading(tmp_path, sample_status, zh):
    unit = max((u for u in sample_status.units if u.lead), key=lambda u: len(u.lead))
    pack = build_unit_pack(sample_status, zh, unit)
    section = pack.sections[0]
    blocks = list(section.blocks)
    index = next(i for i, b in enumerate(blocks) if getattr(b, "rows", ()))
    heading = next(b.text for b in reversed(blocks[:index]) if hasattr(b, "level"))
    blocks[index] = replace(blocks[index], rows=blocks[index].rows * 12)
    pack = replace(pack, sections=(replace(section, blocks=tuple(blocks)), *pack.sections[1:]))

    renderer.render(pack, load_theme(), tmp_path / "pack.docx")

    captions = continued_captions(docx.Document(str(tmp_path / "pack.docx")))
    assert captions.count(f"{heading}（续）") >= 2  # 12× the rows: over several pages
    headings = {b.text for s in pack.sections for b in s.blocks if hasattr(b, "level")} | {
        s.title for s in pack.sections}
    assert all(c.endswith("（续）") and c[:-3] in headings for c in captions)


def test_the_plan_counts_every_row_once_and_starts_each_section_after_the_last(sample_status,
                                                                               zh):
    report = build_status_report(sample_status, zh)
    context = renderer.preload(load_theme())
    writer = renderer._Writer(context.template.fresh(), report, context)

    plan = writer._plan(turns=False)

    assert len(plan.section_pages) == len(report.sections)
    assert plan.section_pages == sorted(plan.section_pages) and plan.section_pages[0] == 3
    for (number, position), chunks in plan.chunks.items():
        rows = report.sections[number].blocks[position].rows
        assert [r for start, end in chunks for r in rows[start:end]] == list(rows)
    assert callable(plan_pages)


def libreoffice_pages(path, tmp_path) -> list[str]:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import pdfplumber

    out = tmp_path / "pdf"
    subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    with pdfplumber.open(out / (path.stem + ".pdf")) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.client
@pytest.mark.parametrize("theme_file", [None, "official.yaml"], ids=["default", "official"])
def test_contents_page_numbers_and_continued_tables_agree_with_libreoffice(
        tmp_path, sample_status, zh, theme_file):
    """LibreOffice's pages: each section's heading is on the page the contents gives, and no
    page starts with a bare table header row (every continuation is under "…（续）")."""
    theme = load_theme(TEMPLATES_DIR / theme_file) if theme_file else load_theme()
    dest = tmp_path / STATUS
    renderer.render(build_status_report(sample_status, zh), theme, dest)
    document = docx.Document(str(dest))
    entries = [p.text.rsplit("\t", 1) for p in document.paragraphs if "\t" in p.text]
    headers = {"".join(c.text for c in t.rows[0].cells)[:8] for t in document.tables}

    pages = libreoffice_pages(dest, tmp_path)

    lines = [[line.replace(" ", "") for line in page.splitlines()] for page in pages]
    assert len(entries) == len(build_status_report(sample_status, zh).sections)
    for title, page in entries:
        where = [n for n, page_lines in enumerate(lines, 1)
                 if n > 2 and title.replace(" ", "") in page_lines]
        assert where and where[-1] == int(page), (title, page, where)
    for n, page_lines in enumerate(lines, 1):
        first = next((line for line in page_lines if line and "内部资料" not in line), "")
        assert not any(first.startswith(h) for h in headers if h), (n, first)
    assert any("（续）" in page for page in pages)
