"""Row templates give the same row XML as text or as UTF-8, for Word and DrawingML, with each
text escaped as it was and other column widths put in only where asked."""

from __future__ import annotations

import docx

from generator.render.docx_tables import _bold_colour, _shade_tc
from generator.render.library_hooks import element_of
from generator.render.row_templates import RowTemplates

ROWS = [[("1.1", None), ("任务甲 <&> \"引号\"", "C62828")],
        [("1.2", None), ("任务乙\n第二行\t制表", None)],
        [("1.1", None), ("任务甲 <&> \"引号\"", "C62828")],  # remembered texts, again
        [("1.3", "2E7D32"), (" 空格 \x0b", "2E7D32")]]


def prototype_row():
    table = docx.Document().add_table(rows=1, cols=2)
    for cell in table.rows[0].cells:
        cell.width = 914400
        cell.paragraphs[0].add_run("")
    return element_of(table.rows[0])


def test_rows_as_bytes_are_the_rows_as_text_encoded():
    text = RowTemplates(prototype_row(), "w", "F3F6FA", _shade_tc, _bold_colour)
    encoded = RowTemplates(prototype_row(), "w", "F3F6FA", _shade_tc, _bold_colour,
                           encoded=True)

    for i, cells in enumerate(ROWS):
        row = text.row(cells, bool(i % 2))
        assert encoded.row(cells, bool(i % 2)) == row.encode()
        assert "&lt;&amp;&gt;" in row or "<&>" not in cells[1][0]
    assert "<w:br/>" in text.row(ROWS[1], True) and "<w:tab/>" in text.row(ROWS[1], True)
    assert "\ufffd" in text.row(ROWS[3], False)  # a character XML cannot hold is replaced


def test_edited_cells_change_only_those_rows():
    templates = RowTemplates(prototype_row(), "w", "F3F6FA", _shade_tc, _bold_colour)
    before = templates.row(ROWS[0], False)
    wider = templates.with_cells(lambda c, xml: xml.replace('w:w="1440"', f'w:w="{2000 + c}"'))

    after = wider.row(ROWS[0], False)
    assert 'w:w="2000"' in after and 'w:w="2001"' in after and 'w:w="1440"' not in after
    assert templates.row(ROWS[0], False) == before
    assert after.replace('w:w="2000"', 'w:w="1440"').replace('w:w="2001"', 'w:w="1440"') \
        == before
