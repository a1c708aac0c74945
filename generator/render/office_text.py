"""Chinese-capable font settings for Office XML: Word runs and DrawingML (PowerPoint, charts).

python-docx's `font.name` fills only the Latin slots and python-pptx's only `a:latin`; Chinese
text then falls back to whatever the viewer picks, and without a language tag PowerPoint
loses Chinese line breaking. These helpers set every slot and the language explicitly.
"""

from __future__ import annotations

import re

from lxml import etree

from ..theme import Theme

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_A = f"{{{A_NS}}}"
# Children of a:rPr / a:defRPr that must come before a:latin, in schema order.
_BEFORE_LATIN = {f"{_A}ln", f"{_A}noFill", f"{_A}solidFill", f"{_A}gradFill", f"{_A}blipFill",
                 f"{_A}pattFill", f"{_A}grpFill", f"{_A}effectLst", f"{_A}effectDag",
                 f"{_A}highlight", f"{_A}uLnTx", f"{_A}uLn", f"{_A}uFillTx", f"{_A}uFill"}

# Characters that XML 1.0 forbids; Office files cannot hold them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")


def xml_safe(text: str) -> str:
    """`text` without characters XML cannot carry (control characters, lone surrogates)."""
    return _XML_ILLEGAL.sub("\ufffd", text) if _XML_ILLEGAL.search(text) else text


def set_core_properties(props, info, language_tag: str) -> None:
    """Document properties from the report (never the library's defaults): title, subject,
    author = organisation, keywords, category, marking, language, and the plan's dates."""
    import datetime as dt

    created = dt.datetime.combine(info.created, dt.time(0, 0))
    props.title = core_property(info.title)
    props.subject = core_property(info.subject)
    props.author = core_property(info.author)
    props.last_modified_by = core_property(info.author)
    props.keywords = core_property(info.keywords)
    props.category = core_property(info.category)
    props.comments = core_property(info.header)
    props.content_status = core_property(info.marking or "")
    props.language = language_tag
    props.created = props.modified = props.last_printed = created
    props.revision = 1
    props.identifier = ""
    props.version = ""


def core_property(text: str) -> str:
    """A value for a document property: XML-safe and within Office's 255-character limit."""
    text = xml_safe(text)
    return text if len(text) <= 255 else text[:254] + "…"


def drawing_lang(theme: Theme, language: str) -> str:
    """The `lang` attribute for DrawingML runs of a document in `language`."""
    if language.startswith("zh"):
        return theme.east_asian_language if language == "zh-Hans" else "zh-TW"
    return "en-US"


def set_drawing_run_fonts(rpr: etree._Element, theme: Theme, lang: str | None = None) -> None:
    """Puts a:latin, a:ea and a:cs on one a:rPr/a:defRPr (schema order kept), and `lang`."""
    for tag in ("latin", "ea", "cs"):
        old = rpr.find(_A + tag)
        if old is not None:
            rpr.remove(old)
    index = 0
    for i, child in enumerate(rpr):
        if child.tag in _BEFORE_LATIN:
            index = i + 1
    for offset, (tag, face) in enumerate((("latin", theme.latin_font),
                                          ("ea", east_asian_face(
                                              theme.east_asian_font,
                                              "zh-Hant" if lang == "zh-TW" else "")),
                                          ("cs", theme.latin_font))):
        element = etree.Element(_A + tag)
        element.set("typeface", face)
        rpr.insert(index + offset, element)
    if lang:
        rpr.set("lang", lang)
        if lang.startswith("zh"):
            rpr.set("altLang", "en-US")


def set_drawing_fonts(root: etree._Element, theme: Theme, lang: str | None = None) -> None:
    """Applies `set_drawing_run_fonts` to every run property element under `root`."""
    for rpr in root.iter(f"{_A}rPr", f"{_A}defRPr", f"{_A}endParaRPr"):
        set_drawing_run_fonts(rpr, theme, lang)


TRADITIONAL_FACES = {
    "microsoft yahei": "Microsoft JhengHei", "微软雅黑": "Microsoft JhengHei",
    "simhei": "Microsoft JhengHei", "黑体": "Microsoft JhengHei",
    "simsun": "PMingLiU", "宋体": "PMingLiU", "nsimsun": "PMingLiU",
    "方正小标宋简体": "DFKai-SB", "方正小标宋_gbk": "DFKai-SB",
    "仿宋_gb2312": "DFKai-SB", "仿宋": "DFKai-SB", "fangsong": "DFKai-SB",
    "楷体_gb2312": "DFKai-SB", "楷体": "DFKai-SB", "kaiti": "DFKai-SB",
    "noto sans sc": "Noto Sans TC", "noto sans cjk sc": "Noto Sans CJK TC",
    "noto serif sc": "Noto Serif TC", "source han sans sc": "Source Han Sans TC",
}
"""Simplified Chinese faces and the Traditional faces named instead in a zh-Hant document
(Windows' 微軟正黑體 / 新細明體, and 標楷體, the face of Taiwan's official documents)."""


def east_asian_face(face: str, language: str) -> str:
    """The East Asian face to name for text in `language`: a Simplified face becomes its
    Traditional counterpart in a zh-Hant document (TRADITIONAL_FACES); others are kept."""
    if language != "zh-Hant":
        return face
    return TRADITIONAL_FACES.get(face.strip().lower(), face)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
"""WordprocessingML's namespace, written out: importing python-docx's `qn` here would make every
PPTX-only worker import python-docx's XML layer (≈ 28 ms)."""


def qn(tag: str) -> str:
    """A `w:` tag or attribute in Clark notation, as python-docx's `qn` gives it."""
    assert tag.startswith("w:"), tag
    return _W + tag[2:]


def set_word_run_fonts(rpr: etree._Element, theme: Theme, language: str,
                       faces: tuple[str, str] | None = None) -> None:
    """All four w:rFonts slots (no theme fonts) and w:lang on one Word w:rPr; `faces` (Latin,
    East Asian) instead of the theme's fonts, e.g. a heading style's own."""
    latin, east_asian = faces or (theme.latin_font, theme.east_asian_font)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.Element(qn("w:rFonts"))
        rpr.insert(0, fonts)
    for attr in [a for a in fonts.attrib if a.lower().endswith("theme")]:  # …Theme, cstheme
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian_face(east_asian, language))
    fonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-TW" if language == "zh-Hant" else theme.east_asian_language)
