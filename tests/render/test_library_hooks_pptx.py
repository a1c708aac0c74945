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


def test_relationships_written_from_text_are_the_bytes_python_pptx_writes():
    from generator.render.library_hooks import rels_xml_by
    from generator.render.pptx_parts import rels_xml

    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    run = slide.shapes.add_textbox(Emu(0), Emu(0), Emu(100000), Emu(100000)) \
        .text_frame.paragraphs[0].add_run()
    run.text = "link"
    run.hyperlink.address = "https://example.com/a?b=1&c=<2>\"d\""  # an external target
    for _ in range(10):  # rId10 sorts after rId9, as numbers
        prs.slides.add_slide(prs.slide_layouts[6])
    for part in (prs.part, slide.part):
        library = part.rels.xml
        rels_xml_by(part.rels, rels_xml)
        rels_xml_by(part.rels, rels_xml)  # again: still one subclass deep
        assert type(part.rels).__name__ == "_Relationships"
        assert type(part.rels).__mro__[1].__name__ == "_Relationships"
        assert part.rels.xml == library
    assert b'TargetMode="External"' in slide.part.rels.xml
    assert b"rId10" in prs.part.rels.xml
    other = pptx.Presentation()  # the swap is per object
    assert type(other.part.rels) is not type(prs.part.rels)


def test_content_types_written_from_text_are_the_bytes_python_pptx_writes(tmp_path):
    import zipfile

    from pptx.opc.serialized import _ContentTypesItem

    from generator.render.library_hooks import content_types_by
    from generator.render.pptx_parts import content_types

    prs = pptx.Presentation()
    for layout in range(3):
        prs.slides.add_slide(prs.slide_layouts[layout])
    prs.save(tmp_path / "library.pptx")
    with content_types_by(content_types):
        prs.save(tmp_path / "text.pptx")
    library_xml = _ContentTypesItem.__dict__["_xml"]

    def types(name):
        with zipfile.ZipFile(tmp_path / name) as archive:
            return archive.read("[Content_Types].xml")

    assert types("text.pptx") == types("library.pptx")
    assert b"/ppt/slides/slide3.xml" in types("text.pptx")
    assert _ContentTypesItem.__dict__["_xml"] is library_xml  # the patch ends with the block
