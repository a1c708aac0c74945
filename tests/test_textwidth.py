"""Width estimates before any font is measured, and where a long title breaks."""

from __future__ import annotations

from generator.textwidth import CLOSING_MARKS, em_width, title_lines, two_line_split

MEETING = "2020年上海市知识产权联席会议第三季度工作推进会"


def test_a_title_that_fits_stays_one_line():
    assert title_lines("会议简报", 22, 450) == ["会议简报"]
    assert title_lines("Digital Board, July 2021", 36, 800) == ["Digital Board, July 2021"]


def test_a_meeting_title_breaks_after_the_meeting_name_not_inside_a_word():
    # Word and PowerPoint filled the first line: "…第三季度工作推 / 进会".
    assert title_lines(MEETING, 22, 453) == ["2020年上海市知识产权联席会议", "第三季度工作推进会"]
    assert title_lines(MEETING, 36, 802) == ["2020年上海市知识产权联席会议", "第三季度工作推进会"]


def test_without_a_natural_break_the_lines_are_even_and_words_stay_whole():
    title = "知识产权强市建设推进重点任务进展情况汇报材料汇编ABC2020版"
    first, second = title_lines(title, 22, 400)

    assert first + second == title
    assert abs(em_width(first) - em_width(second)) <= 2
    assert not (first[-1].isascii() and second[0].isascii())  # "ABC2020" not cut
    assert second[0] not in CLOSING_MARKS


def test_a_title_needing_three_lines_is_left_to_the_application():
    long = MEETING * 3
    assert title_lines(long, 22, 453) == [long]
    assert title_lines("第一行\n第二行", 22, 40) == ["第一行\n第二行"]


def test_english_titles_break_at_a_space():
    title = "Riverside Digital Services Board: Third-Quarter Progress Meeting 2021"
    lines = title_lines(title, 36, 800)

    assert len(lines) == 2 and " ".join(lines) == title
    assert all(em_width(line) * 36 <= 800 for line in lines)


def test_two_line_split_takes_any_measure():
    lines = two_line_split(MEETING, lambda part: 10.0 * len(part), 200)

    assert lines == ["2020年上海市知识产权联席会议", "第三季度工作推进会"]
    assert two_line_split(MEETING, lambda part: 10.0 * len(part), 100) is None
