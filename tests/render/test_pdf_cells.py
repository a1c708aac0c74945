"""PDF table cells: Chinese line-breaking rules both ways, Latin words whole, widths respected;
tables split across pages without a widowed last row."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from generator.render.pdf_cells import FigureRow, GridTable
from generator.render.pdf_lines import balanced_lines, break_lines
from generator.render.pdf_text import REGULAR, register_fonts, theme_font_key
from generator.theme import load_theme

TEXT = ("深入开展打击侵权假冒违法犯罪“铁拳”行动、打击网络侵权盗版“剑网2020”专项行动，"
        "推广《知识产权评议技术导则》地方标准。Resident identity service (single sign-on).")
CLOSING = set("，。、；：？！”’）》」』】")
OPENING = set("“‘（《「『【")


@pytest.fixture(scope="module", autouse=True)
def fonts():
    register_fonts(theme_font_key(load_theme()))


@pytest.mark.parametrize("width", range(40, 260, 7))
def test_lines_fit_and_follow_the_rules(width):
    lines = break_lines(TEXT, REGULAR, 9, width)

    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    for line in lines[1:]:
        assert line[:1] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1:] not in OPENING, lines
    for line in lines:
        # a line may overrun only by one hanging punctuation mark
        assert stringWidth(line.rstrip("".join(CLOSING)), REGULAR, 9) <= width + 0.01, line


def test_latin_words_stay_whole_and_newlines_break():
    lines = break_lines("alpha beta gamma\n第二行", REGULAR, 9, 45)

    assert lines == ["alpha beta", "gamma", "第二行"]


def _grid(rows: int) -> GridTable:
    black = colors.black
    return GridTable(["序号", "任务"], [[(str(i), None, False), ("一行任务", None, False)]
                                      for i in range(rows)], [40, 200], ["left", "left"],
                     font=REGULAR, bold_font=REGULAR, size=9, leading=12, text_colour=black,
                     header_text=black, header_fill=black, stripe=black, rule=black)


def test_a_split_never_leaves_the_last_row_alone_overleaf():
    table = _grid(6)
    table.wrap(240, 1000)
    row = table._prefix[1]
    room_for_five = table.header_height + 5 * row + 1

    head, tail = table.split(240, room_for_five)

    assert (len(head.lines), len(tail.lines)) == (4, 2)
    # what is left of the page (one row's room) does not split the last two again
    assert tail.split(240, table.header_height + row + 1) == []
    assert len(tail.split(240, 1000)) == 1


def test_a_split_with_rows_to_spare_cuts_where_the_page_ends():
    table = _grid(8)
    table.wrap(240, 1000)
    room_for_five = table.header_height + 5 * table._prefix[1] + 1

    head, tail = table.split(240, room_for_five)

    assert (len(head.lines), len(tail.lines)) == (5, 3)


def _figures(labels: list[str]) -> FigureRow:
    black = colors.black
    return FigureRow([(str(i), label, black) for i, label in enumerate(labels)],
                     value_font=REGULAR, value_size=20, value_leading=24, label_font=REGULAR,
                     label_size=9, label_leading=12, label_colour=black, fill=black, rule=black)


def test_a_long_figure_label_wraps_and_the_row_grows():
    short = _figures(["已完成", "逾期"])
    long = _figures(["已完成", "进度滞后且已超过完成时限的任务（含已调整计划的任务）"])

    _, short_height = short.wrap(200, 500)
    _, long_height = long.wrap(200, 500)

    assert len(long._labels[1]) >= 3
    assert long_height == short_height + (len(long._labels[1]) - 1) * 12


def test_a_two_line_title_breaks_after_a_word_near_its_middle():
    title = "2020年上海市知识产权联席会议第三季度工作推进会"
    width = stringWidth(title, REGULAR, 22) * 0.8  # two lines

    assert len(break_lines(title, REGULAR, 22, width)) == 2
    assert balanced_lines(title, REGULAR, 22, width) == ["2020年上海市知识产权联席会议",
                                                         "第三季度工作推进会"]


def test_without_a_natural_break_lines_are_balanced():
    text = "甲" * 30
    width = stringWidth("甲" * 25, REGULAR, 12)

    lines = balanced_lines(text, REGULAR, 12, width)

    assert [len(line) for line in lines] == [15, 15]


@pytest.mark.parametrize("width", range(90, 200, 6))
def test_cells_keep_listed_units_whole_and_leave_no_stub_line(width):
    from generator.render.pdf_lines import cell_lines

    units = "市知识产权局、临港新片区管委会、虹桥商务区管委会、市市场监管局"
    name = "中国（上海）自由贸易试验区临港新片区管理委员会"

    listed = cell_lines(units, REGULAR, 10, width)
    named = cell_lines(name, REGULAR, 10, width)

    assert "".join(listed) == units and "".join(named) == name
    if width >= stringWidth("临港新片区管委会、", REGULAR, 10):
        assert all(line.endswith("、") or line == listed[-1] for line in listed)
    assert len(named) == 1 or len(named[-1]) > 2
    assert all(stringWidth(line, REGULAR, 10) <= width + 0.01 for line in named)


@pytest.mark.parametrize("width", range(60, 200, 14))
def test_a_cells_lines_do_not_depend_on_terms_it_does_not_hold(width):
    """A cell is broken with only the table terms it holds (so that its breaks are remembered
    across packs): the same lines as with every term of the table."""
    from generator.render.pdf_lines import break_lines, cell_lines, table_terms

    cells = ["牵头推进虹桥商务区管委会与临港新片区管委会的知识产权协同保护工作",
             "市知识产权局、临港新片区管委会、虹桥商务区管委会、市市场监管局",
             "2020年12月31日前完成中国（上海）自由贸易试验区临港新片区试点", "浦东新区"]
    terms = table_terms([*cells, "市知识产权局", "徐汇区人民政府", "长宁区人民政府"])
    assert len(terms) > 6
    for text in cells:
        whole = break_lines(text, REGULAR, 10, width, cell=True, terms=terms)
        lines = cell_lines(text, REGULAR, 10, width, terms)
        assert "".join(lines) == text
        if len(whole) < 2 or len(whole[-1]) > 2:  # no stub line to rebalance
            assert lines == whole
