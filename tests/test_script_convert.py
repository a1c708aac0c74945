"""`--lang zh-Hant` converts every plan text to Traditional characters (OpenCC s2t) before the
reports are built, in all formats; `--lang zh-Hans` converts a Traditional plan back (t2s)."""

from __future__ import annotations

import docx
import pptx
import pytest
from pptx.oxml.ns import qn

from generator.build import build
from generator.loader import load_plan
from generator.script_convert import to_script

from .conftest import SAMPLE


def test_every_plan_text_is_converted_and_ids_are_kept():
    plan = load_plan(SAMPLE).plan

    hant = to_script(plan, "zh-Hant")

    assert hant.language == "zh-Hant"
    assert hant.title == "2020年上海市知識產權工作計劃"
    assert hant.units[0].name != plan.units[0].name and "局" in hant.units[0].name
    assert [u.id for u in hant.units] == [u.id for u in plan.units]
    first, converted = plan.areas[0].tasks[0], hant.areas[0].tasks[0]
    assert (converted.id, converted.lead, converted.support, converted.due) == \
        (first.id, first.lead, first.support, first.due)
    assert "知识产权" not in "".join(t.title for _, t in hant.tasks())
    assert hant.marking == "內部資料"
    assert all(u.title is None or "知识" not in u.title for u in hant.updates)


def test_converting_back_gives_the_simplified_plan():
    plan = load_plan(SAMPLE).plan

    back = to_script(to_script(plan, "zh-Hant"), "zh-Hans")

    assert back.title == plan.title
    assert [t.title for _, t in back.tasks()] == [t.title for _, t in plan.tasks()]


def test_a_plan_already_in_the_script_is_left_alone():
    plan = load_plan(SAMPLE).plan

    assert to_script(plan, "zh-Hans") is plan
    assert to_script(plan, "en") is plan


@pytest.fixture(scope="module")
def hant_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("hant")
    build(SAMPLE, out_dir=out, language="zh-Hant", jobs=1)
    return out


def test_all_formats_show_traditional_text(hant_out):
    from pypdf import PdfReader

    deck = pptx.Presentation(hant_out / "shanghai-ip-2020-status.pptx")
    slides = "".join(sh.text_frame.text for s in deck.slides for sh in s.shapes
                     if sh.has_text_frame)
    cells = "".join(c.text for s in deck.slides for sh in s.shapes if sh.has_table
                    for r in sh.table.rows for c in r.cells)
    word = docx.Document(hant_out / "shanghai-ip-2020-status.docx")
    words = "".join(p.text for p in word.paragraphs) + "".join(
        c.text for t in word.tables for r in t.rows for c in r.cells)
    pdf = "".join(p.extract_text() for p in PdfReader(hant_out / "shanghai-ip-2020-status.pdf")
                  .pages)

    for text in (slides + cells, words, pdf):
        assert "知識產權" in text
        assert "知识产权" not in text
        assert "上海市知識產權局" in text


def test_traditional_decks_name_a_traditional_face(hant_out):
    deck = pptx.Presentation(hant_out / "shanghai-ip-2020-briefing.pptx")

    runs = [r._r.find(qn("a:rPr")) for s in deck.slides for sh in s.shapes
            if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]

    assert runs
    assert {rpr.find(qn("a:ea")).get("typeface") for rpr in runs} == {"Microsoft JhengHei"}
    assert {rpr.get("lang") for rpr in runs} == {"zh-TW"}


def test_a_traditional_plan_built_in_simplified(tmp_path):
    from generator.cli import main

    hant = tmp_path / "plan-hant.yaml"
    assert main(["convert", str(SAMPLE), "--to", "zh-Hant", "--out", str(hant)]) == 0
    assert "知識產權" in hant.read_text(encoding="utf-8")

    build(hant, out_dir=tmp_path / "out", language="zh-Hans", formats=("pptx",), jobs=1)

    deck = pptx.Presentation(tmp_path / "out" / "plan-hant-briefing.pptx")
    text = "".join(sh.text_frame.text for s in deck.slides for sh in s.shapes
                   if sh.has_text_frame)
    assert "上海市知识产权联席会议" in text and "知識產權" not in text
