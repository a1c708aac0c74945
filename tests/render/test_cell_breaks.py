"""Lists of unit names in Office table cells break between names, never inside one."""

from __future__ import annotations

import docx
import pptx

from generator.render.cell_breaks import list_items, list_lines
from generator.render.table_layout import em_measure


def test_a_list_that_would_wrap_breaks_after_a_separator_and_keeps_each_name_whole():
    text = "市知识产权局、市人大法工委、上海海关"
    width = em_measure(10.5, auto_space=True)("市知识产权局、市人大") + 1  # 1.5 names wide
    lines = list_lines(text, width, 10.5).split("\n")
    assert lines == ["市知识产权局、", "市人大法工委、", "上海海关"]
    assert "".join(lines) == text


def test_a_status_and_its_overdue_flag_break_between_them():
    width = em_measure(12, auto_space=True)("存在风险·逾期") + 1
    assert list_lines("存在风险·逾期15天", width, 12) == "存在风险·\n逾期15天"


def test_text_that_fits_prose_and_long_items_are_left_to_the_suite():
    assert list_lines("市知识产权局、市科委", 500, 10.5) == "市知识产权局、市科委"
    prose = "加强知识产权保护，完善行政执法和司法保护衔接机制、推动跨部门跨区域协作"
    assert list_lines(prose, 60, 10.5) == prose
    assert list_items("市科委") == ["市科委"]
    assert list_items("市科委、上海海关") == ["市科委、上海海关", "市科委、", "上海海关"]


def _office_list_cells(sample_out) -> list[str]:
    cells = []
    for path in sample_out.glob("*status.docx"):
        for table in docx.Document(str(path)).tables:
            cells += [c.text for row in table.rows[1:] for c in row.cells]
    for path in sample_out.glob("*status.pptx"):
        for slide in pptx.Presentation(str(path)).slides:
            for shape in slide.shapes:
                if shape.has_table:
                    cells += [c.text.replace("\x0b", "\n") for row in list(shape.table.rows)[1:]
                              for c in row.cells]
    return [c for c in cells if "、" in c and len(c) < 60]


def test_the_status_reports_list_cells_break_only_after_a_separator(sample_out):
    cells = _office_list_cells(sample_out)
    broken = [c for c in cells if "\n" in c]
    assert broken, "no list cell needed breaking: the test would prove nothing"
    for cell in broken:
        assert all(line.endswith(("、", "；", "·")) for line in cell.split("\n")[:-1]), cell
