"""Word styles read from a template (ids, faces, sizes) and paragraph properties in schema order."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.styles import BabelFish

W_VAL = qn("w:val")
W_P, W_PPR, W_PSTYLE, W_RPR = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:rPr")
W_RFONTS, W_KEEP_NEXT = qn("w:rFonts"), qn("w:keepNext")

SCHEMA_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
                "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                "w:tblPrChange"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders",
               "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
               "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
               "w:tcPrChange"),
}
"""The child order of the property elements the renderer adds to (ECMA-376 Part 1, 17.3.1.26,
17.4.60, 17.4.70; as python-docx 1.1-1.2 declare it in `docx.oxml`, which deletes its lists
after building its `get_or_add_*` methods and models only some children)."""


def put_in_order(parent, element) -> None:
    """`element` as a child of `parent` (w:pPr, w:tblPr or w:tcPr) at its place in the schema,
    replacing any child of the same tag: before the first child that comes after it (what
    python-docx's `insert_element_before` does with one XPath search per successor tag, ≈ 0.3
    ms a call; here one pass over the children)."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    key = (parent.tag, element.tag)
    later = _SUCCESSORS.get(key)
    if later is None:
        order = SCHEMA_ORDER[_prefixed(parent.tag)]
        later = _SUCCESSORS[key] = frozenset(
            qn(tag) for tag in order[order.index(_prefixed(element.tag)) + 1:])
    successor = next((child for child in parent if child.tag in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        parent.append(element)


_SUCCESSORS: dict[tuple[str, str], frozenset[str]] = {}
"""The tags after a child's in its parent's schema order (a pure memo of SCHEMA_ORDER)."""


def style_ids(styles) -> dict[str, str]:
    """Style ids by the names Word shows, from a styles part's element (what `{s.name:
    s.style_id for s in document.styles}` gives, without wrapping every style in a python-docx
    object: `paragraph.style = name` scans every style on each call)."""
    ids = {}
    for style in styles.iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            ids[BabelFish.internal2ui(name.get(W_VAL))] = style.get(qn("w:styleId"))
    return ids


def style_faces(styles) -> dict[str, tuple[str, str]]:
    """(Latin, East Asian) faces of the paragraph styles whose fonts differ from the
    document's defaults (following `w:basedOn`): a GB/T 9704 template's 黑体 level-1 and 楷体
    level-2 headings keep their faces on the runs, which otherwise name the theme's fonts."""

    def own(element) -> tuple[str | None, str | None]:
        fonts = element.find(f"{W_RPR}/{W_RFONTS}") if element is not None else None
        if fonts is None:
            return None, None
        return fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))

    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    defaults = own(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}"))
    faces = {}
    for style_id in by_id:
        latin = east_asian = None
        current, seen = by_id.get(style_id), set()
        while current is not None and (latin is None or east_asian is None) \
                and id(current) not in seen:
            seen.add(id(current))
            mine = own(current)
            latin, east_asian = latin or mine[0], east_asian or mine[1]
            based = current.find(qn("w:basedOn"))
            current = by_id.get(based.get(W_VAL)) if based is not None else None
        latin, east_asian = latin or defaults[0], east_asian or defaults[1]
        if (latin, east_asian) != defaults and latin and east_asian:
            faces[style_id] = (latin, east_asian)
    return faces


def style_size_pt(document, name: str, default: float) -> float:
    """The font size a paragraph style gives (following its base styles)."""
    style = document.styles[name]
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return default


def paragraph_properties(p):
    """A paragraph's w:pPr, made when missing (it is a paragraph's first child)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    return ppr


def set_paragraph_style(p, style_id: str) -> None:
    """`p.style = style_id` without python-docx's successor searches (w:pPr is a paragraph's
    first child, w:pStyle its properties' first)."""
    ppr = paragraph_properties(p)
    pstyle = ppr.find(W_PSTYLE)
    if pstyle is None:
        pstyle = ppr.makeelement(W_PSTYLE, {})
        ppr.insert(0, pstyle)
    pstyle.set(W_VAL, style_id)


def keep_with_next(p) -> None:
    """`paragraph_format.keep_with_next = True` without python-docx's successor searches
    (w:keepNext comes right after w:pStyle, first of the other properties)."""
    ppr = paragraph_properties(p)
    if ppr.find(W_KEEP_NEXT) is None:
        first = ppr[0] if len(ppr) else None
        ppr.insert(1 if first is not None and first.tag == W_PSTYLE else 0,
                   ppr.makeelement(W_KEEP_NEXT, {}))


def page_break_before(p) -> None:
    """The paragraph starts a new page (w:pageBreakBefore: no empty line left behind)."""
    put_property(p, parse_xml(f'<w:pageBreakBefore {nsdecls("w")}/>'))


def put_property(p, element) -> None:
    """`element` (a child of w:pPr, e.g. w:pBdr) in the paragraph's properties at its place in
    the schema (python-docx's sequence), replacing one of the same tag."""
    put_in_order(paragraph_properties(p), element)


def _prefixed(tag: str) -> str:
    return "w:" + tag.rsplit("}", 1)[1]


def bottom_border(p, colour: str) -> None:
    """A thin rule below the paragraph (the running header's)."""
    put_property(p, parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" '
                              f'w:space="1" w:color="{colour}"/></w:pBdr>'))


def no_auto_space(p) -> None:
    """No extra space between Chinese and Latin letters or digits in a table cell (Word's
    and WPS's default adds about a quarter em): cells break nearer to where the PDF breaks
    them. (LibreOffice 7 ignores this; the column widths leave room for its spaces.)"""
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        put_property(p, parse_xml(f'<{tag} {nsdecls("w")} w:val="0"/>'))


def one_point_high(p) -> None:
    """A paragraph one point high with no space around it (the empty paragraph Word needs
    after a final table, which must never spill onto a page of its own)."""
    put_property(p, parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" '
                              'w:line="20" w:lineRule="exact"/>'))


def contents_entry_format(p, tab: int) -> None:
    """A contents line: no indent, left-aligned, a dotted right tab at the text's edge."""
    ppr = paragraph_properties(p)
    ppr.append(parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" '
                         f'w:pos="{tab}"/></w:tabs>'))
    ppr.append(parse_xml(f'<w:ind {nsdecls("w")} w:left="0" w:firstLine="0" '
                         'w:firstLineChars="0"/>'))
    ppr.append(parse_xml(f'<w:jc {nsdecls("w")} w:val="left"/>'))


__all__ = ["SCHEMA_ORDER", "bottom_border", "contents_entry_format", "keep_with_next",
           "no_auto_space", "one_point_high", "page_break_before", "paragraph_properties",
           "put_in_order", "put_property", "set_paragraph_style", "style_faces", "style_ids",
           "style_size_pt"]
