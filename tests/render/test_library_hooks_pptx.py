"""The python-pptx hooks behave as the library versions they were checked against do."""

from __future__ import annotations

import pptx
import pytest
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu

from generator.render.library_hooks import add_relationship, element_of
from generator.render.pptx_parts import SlideAdder


def test_element_of_gives_the_table_paragraph_and_run_elements():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Emu(0), Emu(0), Emu(100000), Emu(100000))
    para = box.text_frame.paragraphs[0]
    run = para.add_run()
    table = slide.shapes.add_table(1, 1, Emu(0), Emu(0), Emu(100000), Emu(100000)).table

    assert element_of(para).tag == qn("a:p")
    assert element_of(run).tag == qn("a:r")
    assert element_of(table).tag == qn("a:tbl")
    assert element_of(run).getparent() is element_of(para)
    assert element_of(box) is box.element  # a shape's own element, as its public .element
    with pytest.raises(TypeError):
        element_of(object())


def test_add_relationship_adds_a_new_relationship_as_relate_to_would():
    prs = pptx.Presentation()
    public = prs.slides.add_slide(prs.slide_layouts[6])
    hooked_part = prs.slides.add_slide(prs.slide_layouts[6]).part
    before = len(prs.part.rels)

    rid = add_relationship(prs.part, RT.SLIDE, public.part)

    assert len(prs.part.rels) == before + 1
    assert prs.part.related_part(rid) is public.part
    assert prs.part.relate_to(hooked_part, RT.SLIDE) != rid


def test_slides_added_in_constant_time_are_the_slides_add_slide_makes(tmp_path):
    public, ours = pptx.Presentation(), pptx.Presentation()
    layout = 5

    for _ in range(3):
        public.slides.add_slide(public.slide_layouts[layout])
        SlideAdder(ours).add(ours.slide_layouts[layout])
    public.save(tmp_path / "public.pptx")
    ours.save(tmp_path / "ours.pptx")

    a, b = pptx.Presentation(tmp_path / "public.pptx"), pptx.Presentation(tmp_path / "ours.pptx")
    assert [s.slide_id for s in a.slides] == [s.slide_id for s in b.slides]
    assert [s.part.partname for s in a.slides] == [s.part.partname for s in b.slides]
    assert [s.slide_layout.name for s in a.slides] == [s.slide_layout.name for s in b.slides]
    assert [[sh.name for sh in s.shapes] for s in a.slides] == \
        [[sh.name for sh in s.shapes] for s in b.slides]
