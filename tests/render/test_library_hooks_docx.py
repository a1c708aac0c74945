"""The python-docx hooks of library_hooks behave as the renderer relies on."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from generator.render.library_hooks import defer_rows, deferred_xml, element_of


def test_element_of_gives_the_element_behind_each_proxy():
    document = docx.Document()
    para = document.add_paragraph("x")
    run = para.runs[0]
    table = document.add_table(rows=1, cols=1)

    assert element_of(para).tag == qn("w:p")
    assert element_of(run).tag == qn("w:r") and element_of(run).getparent() is element_of(para)
    assert element_of(table).tag == qn("w:tbl")
    assert element_of(table.rows[0]).tag == qn("w:tr")
    assert element_of(table.rows[0].cells[0]).tag == qn("w:tc")


def test_deferred_rows_are_in_the_saved_part_and_nowhere_else():
    document = docx.Document()
    other = docx.Document()
    table = document.add_table(rows=0, cols=1)
    row = (f'<w:tr {nsdecls("w")}><w:tc><w:p><w:r><w:t>deferred</w:t></w:r></w:p></w:tc>'
           '</w:tr>')

    defer_rows(document.part, element_of(table), row.replace(f' {nsdecls("w")}', ""))
    saved = io.BytesIO()
    document.save(saved)

    reopened = docx.Document(saved)
    assert [c.text for r in reopened.tables[0].rows for c in r.cells] == ["deferred"]
    assert b"plan-briefing-rows" not in document.part.blob
    assert b"plan-briefing-rows" not in other.part.blob  # only that part object's class
    assert type(other.part) is not type(document.part)
    assert parse_xml(document.part.blob) is not None


def test_deferred_xml_placed_anywhere_becomes_that_xml_at_save():
    document = docx.Document()
    document.add_paragraph("before")
    after = document.add_paragraph("after")
    table = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid><w:tr><w:tc>'
             '<w:p><w:r><w:t>whole table</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')

    element_of(after).addprevious(deferred_xml(document.part, table.encode()))
    saved = io.BytesIO()
    document.save(saved)

    reopened = docx.Document(saved)
    assert [p.text for p in reopened.paragraphs] == ["before", "after"]
    assert reopened.tables[0].cell(0, 0).text == "whole table"
    body = [child.tag for child in reopened.element.body]
    assert body[:3] == [qn("w:p"), qn("w:tbl"), qn("w:p")]
