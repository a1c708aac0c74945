"""Stamped shapes are the shapes python-pptx draws, with their own texts, places and ids."""

from __future__ import annotations

import re

import pptx
from lxml import etree
from pptx.util import Emu, Pt

from generator.render import pptx as pptx_render
from generator.render import shape_stamps
from generator.reports.unit_pack import build_unit_pack
from generator.theme import load_theme


def _blank_slide():
    prs = pptx.Presentation()
    return prs, prs.slides.add_slide(prs.slide_layouts[6])


def _draw(slide, top):
    def draw(texts):
        box = slide.shapes.add_textbox(Emu(100), top, Emu(5000000), Emu(400000))
        frame = box.text_frame
        frame.text = texts[0]
        para = frame.add_paragraph()
        para.text = texts[1]
        para.runs[0].font.size = Pt(20)
        return [box.element]
    return draw


def _without_ids(element) -> str:
    xml = etree.tostring(element, encoding="unicode")
    return re.sub(r'<p:cNvPr id="\d+" name="[^"]*"', "<p:cNvPr", xml)


def test_a_stamped_shape_is_the_api_shape_with_its_texts_and_place():
    _, slide = _blank_slide()
    key = ("test-textbox", id(slide))
    stamps = shape_stamps.Stamps()
    texts = ["Done <b>&amp; 已完成", "第二段 “引号”"]

    stamped = stamps.place(key, slide, ["marker one", "marker two"], Emu(1000),
                           _draw(slide, Emu(1000)))[0]
    stamped = stamps.place(key, slide, texts, Emu(777000), _draw(slide, Emu(1000)))[0]
    drawn = _draw(slide, Emu(777000))(texts)[0]

    assert _without_ids(stamped) == _without_ids(drawn)
    shape = slide.shapes[-2]
    assert shape.top == Emu(777000)
    assert [p.text for p in shape.text_frame.paragraphs] == texts


def test_stamped_shapes_get_fresh_ids_and_matching_names():
    _, slide = _blank_slide()
    key = ("test-ids", id(slide))
    stamps = shape_stamps.Stamps()
    for top in (0, 500000, 1000000):
        stamps.place(key, slide, ["a", "b"], Emu(top), _draw(slide, Emu(0)))

    ids = [shape.shape_id for shape in slide.shapes]
    assert len(ids) == len(set(ids)) == 3
    assert [shape.name for shape in slide.shapes] == [f"TextBox {i - 1}" for i in ids]
    assert [shape.top for shape in slide.shapes] == [0, 500000, 1000000]


def test_a_deck_from_cold_caches_equals_one_from_warm_caches(tmp_path, sample_status, zh):
    report = build_unit_pack(sample_status, zh, max(sample_status.units,
                                                    key=lambda u: len(u.lead)))
    context = pptx_render.preload(load_theme())

    pptx_render.render(report, context, tmp_path / "cold.pptx")
    pptx_render.render(report, context, tmp_path / "warm.pptx")

    assert (tmp_path / "cold.pptx").read_bytes() == (tmp_path / "warm.pptx").read_bytes()


def test_copying_the_parsed_stamp_gives_the_xml_that_parsing_it_with_the_texts_gives():
    """A stamp is parsed once and deep-copied with its texts set; that must be the XML the
    earlier way (texts escaped into the source, parsed again) gave, odd texts included."""
    from generator.render.xml_marks import markers, with_texts

    _, slide = _blank_slide()
    made = _draw(slide, Emu(1000))(markers(2))
    xml = "".join(etree.tostring(el, encoding="unicode") for el in made)
    stamp = shape_stamps._Stamp(xml, 1000)
    texts = ["A & B <c> \"d\" 'e' 一、知识产权\u0007", "  leading and trailing  \n二"]

    copied = stamp.copy(texts)
    parsed = list(pptx_render.parse_xml(f"<stamp>{with_texts(xml, texts)}</stamp>"))

    assert stamp.slots  # the fast path was taken
    assert [etree.tostring(e) for e in copied] == [etree.tostring(e) for e in parsed]
    assert stamp.copy(["x", "y"])[0] is not copied[0]  # each use gets its own elements


def test_a_marked_slide_copies_as_its_own_document_root():
    """Slides made from a prototype are documents of their own, as parsed ones are."""
    from generator.render.xml_marks import MarkedXml, markers

    prs, slide = _blank_slide()
    slide.shapes.add_textbox(Emu(0), Emu(0), Emu(100000), Emu(100000)).text = markers(1)[0]
    proto = MarkedXml(etree.tostring(slide.element, encoding="unicode"),
                      pptx_render.parse_xml, one_element=True)

    first, = proto.copy(["第一张 & <一>"])
    second, = proto.copy(["second"])

    assert first.getparent() is None and first.getroottree().getroot() is first
    assert "第一张 &amp; &lt;一&gt;" in etree.tostring(first, encoding="unicode")
    assert "second" in etree.tostring(second, encoding="unicode")
    assert "第一张" not in etree.tostring(second, encoding="unicode")


def test_ids_stay_unique_when_the_api_adds_shapes_between_stamps():
    """The next id is remembered per slide only while the last stamped shape is the slide's
    last shape: a shape the API adds in between, or a new slide, is taken into account."""
    prs, slide = _blank_slide()
    other = prs.slides.add_slide(prs.slide_layouts[6])
    stamps = shape_stamps.Stamps()
    key = ("test-mixed", id(slide))
    stamps.place(key, slide, ["a", "b"], Emu(0), _draw(slide, Emu(0)))
    slide.shapes.add_textbox(Emu(0), Emu(0), Emu(100), Emu(100))  # through the API
    stamps.place(key, slide, ["c", "d"], Emu(10), _draw(slide, Emu(0)))
    stamps.place(key, other, ["e", "f"], Emu(20), _draw(other, Emu(0)))
    stamps.place(key, slide, ["g", "h"], Emu(30), _draw(slide, Emu(0)))

    for each in (slide, other):
        ids = [shape.shape_id for shape in each.shapes]
        assert len(ids) == len(set(ids))
    assert len(slide.shapes) == 4 and len(other.shapes) == 1
    assert [s.shape_id for s in slide.shapes] == sorted(s.shape_id for s in slide.shapes)
