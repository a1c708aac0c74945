"""PDF tables read back cell by cell (pdfplumber): no unit name, date or word split over two
lines (issue 18), in the sample, the English plan and the official (GB/T 9704) theme."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from generator.build import build
from generator.i18n import Labels
from generator.loader import load_plan

from ..conftest import ENGLISH, SAMPLE

OFFICIAL = Path(__file__).resolve().parents[2] / "generator" / "templates" / "official.yaml"
_UNIT_SUFFIX = "(管委会|管理委员会|委员会|人民政府)$"
_BRACKETED = re.compile(r"[\u3400-\u9fff]{2}（[\u3400-\u9fff]{1,4}）")


def must_stay_whole(plan_path: Path) -> set[str]:
    """Unit names and short names of at most 8 汉字 (and the district a unit is named after:
    虹桥商务区 of 虹桥商务区管委会), each word of an English unit name, and every date the
    plan's tasks and updates carry, written as the reports write them."""
    plan = load_plan(plan_path).plan
    labels = Labels(plan.language)
    whole: set[str] = set()
    for unit in plan.units:
        for name in (unit.name, unit.label):
            if re.search(r"[\u3400-\u9fff]", name):
                stem = re.sub(_UNIT_SUFFIX, "", name)
                whole.update(n for n in {name, stem} if len(n) <= 8)
            else:
                whole.update(word for word in name.split() if len(word) > 1)
    for area in plan.areas:
        for task in area.tasks:
            whole.update(labels.date(d) for d in (task.start, task.due) if d)
    whole.update(labels.date(d) for d in [plan.as_of, *(u.date for u in plan.updates)])
    return whole


def split_cells(pdf: Path, whole: set[str]) -> list[tuple[int, str, str]]:
    """(page, what was split, the cell's lines) for every table cell whose lines break inside
    one of `whole`, or inside a short bracketed part of a name (中国（浦东）)."""
    found = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for table in page.find_tables():
                for row in table.extract():
                    for cell in row:
                        if not cell or "\n" not in cell:
                            continue
                        flat = cell.replace("\n", "")
                        for term in whole | set(_BRACKETED.findall(flat)):
                            if term in flat and term not in cell:
                                found.append((number, term, cell.replace("\n", " / ")))
    return found


@pytest.fixture(scope="module")
def official_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("official")
    build(SAMPLE, formats=("pdf",), out_dir=out, theme=OFFICIAL, jobs=1)
    return out


@pytest.mark.parametrize("report", ["briefing", "status"])
@pytest.mark.parametrize("which", ["sample", "english", "official"])
def test_no_unit_name_or_date_is_split_in_a_table_cell(request, which, report):
    out = request.getfixturevalue({"sample": "sample_out", "english": "english_out",
                                   "official": "official_out"}[which])
    plan = ENGLISH if which == "english" else SAMPLE
    pdf = next(out.glob(f"*-{report}.pdf"))

    assert split_cells(pdf, must_stay_whole(plan)) == []


def test_the_check_finds_a_split_name(tmp_path):
    """The check can fail: a table whose unit column is too narrow for 临港新片区管委会."""
    from generator.document import Cell, Column, Cover, DocumentInfo, Report, Section, Table
    from generator.render import pdf
    from generator.theme import load_theme

    long = "".join(chr(0x4E00 + i) for i in range(120))  # no repeats: any pair names a place
    table = Table((Column("单位"), Column("事项")), ((Cell("临港新片区管委会"), Cell(long)),))
    report = Report("t", DocumentInfo("T", "S", "A", "zh-Hans", __import__("datetime").date(
        2020, 1, 1)), Cover("封面", full_page=False), (Section("节", (table,)),))
    dest = tmp_path / "t.pdf"
    pdf.render(report, load_theme(), dest)

    at = long.index(pdfplumber.open(dest).pages[0].find_tables()[0].extract()[1][1]
                    .split("\n")[1])  # where the second line starts
    assert split_cells(dest, {"临港新片区管委会"}) == []
    assert split_cells(dest, {long[at - 1:at + 1]})  # the pair across the line break
