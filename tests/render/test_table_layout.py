"""Column widths measured from the texts: short texts whole, the room where the text is."""

from __future__ import annotations

import pytest

from generator.document import Cell, Column, Table
from generator.render.table_layout import column_widths, em_measure, wide_em

SIZE = 10.0
PAD = 3.0


HEADERS = ("序号", "重点任务", "牵头单位", "完成时限", "进展情况")


def _table(*rows: tuple[str, ...], headers=HEADERS):
    return Table(tuple(Column(h) for h in headers),
                 tuple(tuple(Cell(text) for text in row) for row in rows))


def _fits_whole(text: str, width: float) -> bool:
    return em_measure(SIZE)(text) + 2 * PAD <= width + 1e-6


TASKS = _table(
    ("1.1", "加快推进上海知识产权地方综合立法，完善知识产权保护的制度体系和工作机制",
     "市司法局", "2020年12月31日", "条例草案已报市政府常务会议审议。"),
    ("1.2", "完成面向2035年的上海知识产权强市战略纲要编制工作", "市知识产权局",
     "2021年3月31日",
     "专题研究仍滞后，建议送审时间调整至2021年第一季度，并同步征求各成员单位意见。"),
    ("1.3", "持续深化知识产权机构改革", "市市场监管局", "2020年10月31日", ""),
)


@pytest.mark.parametrize("total", [300.0, 442.0, 640.0], ids=["narrow", "portrait", "landscape"])
def test_widths_fill_the_width_and_never_split_dates_numbers_or_headers(total):
    widths, _ = column_widths(TASKS, total, em_measure(SIZE), SIZE, PAD)

    assert sum(widths) == pytest.approx(total)
    if sum(em_measure(SIZE)(t) for t in ("1.1", "2020年12月31日", "市知识产权局")) < total / 2:
        assert _fits_whole("2020年12月31日", widths[3])
        assert _fits_whole("1.1", widths[0]) and _fits_whole("序号", widths[0])
        assert _fits_whole("牵头单位", widths[2])


def test_long_texts_get_the_room_and_short_columns_stay_short():
    widths, fits = column_widths(TASKS, 640.0, em_measure(SIZE), SIZE, PAD)

    number, task, lead, due, note = widths
    assert fits
    assert task > due and note > due  # the texts that wrap get the spare width
    assert number < lead < task
    assert due == pytest.approx(wide_em("2020年12月31日") * SIZE + 2 * PAD + 0.5, abs=12)


def test_a_table_too_wide_for_the_page_says_so():
    widths, fits = column_widths(TASKS, 250.0, em_measure(SIZE), SIZE, PAD)

    assert not fits
    assert sum(widths) == pytest.approx(250.0)


def test_units_in_a_list_are_whole_items_of_the_minimum():
    table = _table(("1", "任务", "市知识产权局", "2020年9月30日",
                    "市知识产权局、临港新片区管委会、虹桥商务区管委会、市市场监管局"))

    widths, _ = column_widths(table, 442.0, em_measure(SIZE), SIZE, PAD)

    assert _fits_whole("临港新片区管委会、", widths[4])
    assert not _fits_whole(table.rows[0][4].text, widths[4]) or widths[4] > 200


def test_word_estimate_can_count_the_space_between_chinese_and_digits():
    spaced, plain = em_measure(12.0, auto_space=True), em_measure(12.0)

    assert spaced("2020年12月31日") == pytest.approx(plain("2020年12月31日") + 5 * 0.3 * 12)
    assert plain("100%") > plain("100") + 6


@pytest.mark.parametrize("word", ["Customer", "Digital", "Finance", "2020年12月31日",
                                  "30 Sep 2021"])
def test_a_short_name_or_date_gets_room_for_its_widest_setting(word):
    """"Cust/omer": the plain estimate (0.56 em a Latin letter) is narrower than Noto Sans Bold;
    a name or date that must stay whole gets the generous estimate."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from generator.render.pdf_text import register_fonts

    _, bold = register_fonts("noto-sans-sc")
    table = _table(("1", "任务" * 30, word, "2020年9月30日", "说明" * 40))

    widths, _ = column_widths(table, 442.0, em_measure(SIZE), SIZE, PAD)

    assert widths[2] - 2 * PAD >= stringWidth(word, bold, SIZE)
