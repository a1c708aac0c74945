"""Unit parentheses as Chinese plans write them: lead, supporting units and a deadline.

"（知识产权局牵头，司法部等按职责分工负责）", "（市场监管总局、知识产权局负责）", nested
"（中央宣传部（国家版权局）负责）", "（知识产权局负责，2021年12月底前完成）",
"（牵头单位：市知识产权局）".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .values import parse_date

_UNIT_WORDS = ("局", "委", "办", "院", "部", "厅", "署", "会", "中心", "政府", "海关", "法院",
               "检察院", "公司", "集团", "大学", "学院", "处", "科", "所", "總局", "辦", "廳",
               "會", "府", "队", "隊", "行", "银行", "台", "社", "联", "聯", "团", "團", "室",
               "站", "馆", "館")
_PREFIX = re.compile(r"^(?:牵头单位|牽頭單位|责任单位|責任單位|配合单位|配合單位|主办单位)[:：]\s*")
_SUFFIX = re.compile(r"(?:等)?(?:按职责分工|按職責分工|按职责|按職責|分别|分別|共同|会同|會同)?"
                     r"(?:负责|負責|牵头|牽頭|配合|参与|參與|落实|落實)?$")
_LEADS = re.compile(r"(?:牵头|牽頭)$")
_DEADLINE = re.compile(r"(?:于|於)?(.{2,20}?)(?:前)?(?:完成|办结|辦結)$")


@dataclass
class UnitNote:
    """What a trailing parenthesis says."""

    lead: str | None = None
    support: list[str] = field(default_factory=list)
    due: dt.date | None = None


def trailing_parenthesis(text: str) -> tuple[str, str] | None:
    """(text before, inside) for a parenthesis (nested ones included) that ends `text`
    (trailing 。；; allowed); None if there is none."""
    stripped = text.rstrip(" 。；;.")
    if not stripped.endswith(("）", ")")):
        return None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        char = stripped[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return stripped[:index].rstrip(), stripped[index + 1:-1]
    return None


def _split_top(text: str, separators: str) -> list[str]:
    """Splits at separators outside nested parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
        elif char in separators and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def looks_like_unit(name: str) -> bool:
    """市知识产权局, 中央宣传部（国家版权局）, 各省级人民政府: ends in an office word."""
    bare = re.sub(r"[（(][^（）()]*[）)]", "", name).strip()
    return 2 <= len(bare) <= 40 and any(bare.endswith(w) for w in _UNIT_WORDS)


def read_units(inside: str, year: int) -> UnitNote | None:
    """The units (and deadline) a parenthesis names; None if it names none."""
    note = UnitNote()
    leads: list[str] = []
    others: list[str] = []
    for clause in _split_top(inside, "，,；;"):
        deadline = _DEADLINE.fullmatch(clause)
        if deadline:
            when, _ = parse_date(deadline.group(1) + "前", year)
            when = when or parse_date(deadline.group(1), year)[0]
            if when:
                note.due = when
                continue
        is_lead = bool(_LEADS.search(clause))
        body = _SUFFIX.sub("", _PREFIX.sub("", clause)).strip()
        names = []
        for piece in _split_top(body, "、"):
            piece = piece.removesuffix("等").strip()
            # 公安部和海关总署 are two units; 住房和城乡建设部 is one (住房 is no unit)
            parts = _split_top(piece, "和及")
            names += parts if len(parts) > 1 and all(map(looks_like_unit, parts)) else [piece]
        if not names or not all(looks_like_unit(n) for n in names):
            return None
        (leads if is_lead or clause.startswith(("牵头单位", "牽頭單位")) else others).extend(names)
    ordered = list(dict.fromkeys(leads + others))
    if not ordered:
        return None if note.due is None else note
    note.lead, note.support = ordered[0], ordered[1:]
    return note
