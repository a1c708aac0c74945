"""Cleans an opened Office package so that nothing in it reaches outside the file.

Applied to every template once it is opened and to every filled document: external
relationships are dropped together with the references to them (a hyperlink keeps its text),
alternative-format chunks (`w:altChunk`: HTML or RTF that Word imports on opening) are
removed, and Word fields other than a short list of harmless ones (page numbers, dates,
references inside the document, web and mail hyperlinks) are unwrapped to the result text
they show: `DDEAUTO`, `INCLUDEPICTURE`, `INCLUDETEXT`, `LINK`, `HYPERLINK "file:…"` and the
like never reach the output.
"""

from __future__ import annotations

import re

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ALT_CHUNK = f"{_R}/aFChunk"
_SAFE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "DATE", "TIME", "CREATEDATE",
                "SAVEDATE", "PRINTDATE", "TOC", "TOA", "TC", "REF", "PAGEREF", "NOTEREF", "SEQ",
                "STYLEREF", "TITLE", "SUBJECT", "AUTHOR", "KEYWORDS", "NUMWORDS", "NUMCHARS",
                "LISTNUM", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "BIDIOUTLINE", "EQ", "SYMBOL",
                "ADVANCE", "FORMTEXT", "FORMCHECKBOX", "FORMDROPDOWN", "XE", "INDEX", "BOOKMARK",
                "GOTOBUTTON", "QUOTE", "=", "IF", "COMPARE", "MERGEFIELD", "DOCPROPERTY",
                "FILENAME", "INFO", "USERNAME", "USERINITIALS", "USERADDRESS", "BARCODE"}
"""Fields that show something from the document itself; HYPERLINK is checked for its target."""
_SAFE_LINK = re.compile(r'^\s*HYPERLINK\s+(?:\\l\s|"?(?:https?://|mailto:|#))', re.IGNORECASE)
_REMOVED_WITH_REFERENCE = {f"{{{_A}}}hlinkClick", f"{{{_A}}}hlinkHover", f"{{{_W}}}altChunk",
                           f"{{{_W}}}attachedTemplate", f"{{{_W}}}subDoc",
                           f"{{{_A}}}hlinkMouseOver", f"{{{_W}}}printerSettings"}


def clean_package(package) -> int:
    """Cleans every XML part of an opened python-docx or python-pptx package (see the module
    docstring); returns how many external relationships were dropped."""
    dropped = 0
    for part in list(package.iter_parts()):
        rels = part.rels
        for rel_id in [r for r, rel in rels.items()
                       if rel.is_external or rel.reltype == _ALT_CHUNK]:
            dropped += rels[rel_id].is_external
            rels.pop(rel_id)
        root = _xml_of(part)
        if root is None:
            continue
        _unwrap_unsafe_fields(root)
        _drop_dangling_references(root, set(rels.keys()))
    return dropped


def _xml_of(part):
    """The parsed XML of a part: python-docx's `XmlPart.element`, python-pptx's (which has no
    public name for it; checked with python-pptx 1.0) `_element`; None for a binary part."""
    element = getattr(part, "element", None)
    if element is None:
        element = part.__dict__.get("_element")
    return element if element is not None and etree.iselement(element) else None


def instruction_is_safe(instruction: str) -> bool:
    """True for a field instruction that only shows something of the document itself."""
    words = instruction.strip().split(None, 1)
    if not words:
        return True
    keyword = words[0].upper()
    if keyword == "HYPERLINK":
        return bool(_SAFE_LINK.match(instruction))
    return keyword in _SAFE_FIELDS or keyword.startswith("=")


def _unwrap_unsafe_fields(root) -> None:
    """Simple fields are replaced by their content; complex fields (begin, instruction,
    separate, result, end) lose everything but their result runs."""
    for field in list(root.iter(f"{{{_W}}}fldSimple")):
        if not instruction_is_safe(field.get(f"{{{_W}}}instr", "")):
            parent = field.getparent()
            index = parent.index(field)
            for child in list(field):
                parent.insert(index, child)
                index += 1
            parent.remove(field)
    runs = list(root.iter(f"{{{_W}}}r"))
    stack: list[dict] = []  # open fields: their instruction and the runs of their code
    unsafe_runs = []
    for run in runs:
        char = run.find(f"{{{_W}}}fldChar")
        kind = char.get(f"{{{_W}}}fldCharType") if char is not None else None
        if kind == "begin":
            stack.append({"instr": "", "code": [run], "in_result": False})
            continue
        if not stack:
            continue
        field = stack[-1]
        if kind == "separate":
            field["code"].append(run)
            field["in_result"] = True
        elif kind == "end":
            field["code"].append(run)
            stack.pop()
            if not instruction_is_safe(field["instr"]):
                unsafe_runs.extend(field["code"])
        elif not field["in_result"]:
            field["instr"] += "".join(t.text or "" for t in run.iter(f"{{{_W}}}instrText"))
            field["code"].append(run)
    for field in stack:  # a field never ended: its code goes if unsafe
        if not instruction_is_safe(field["instr"]):
            unsafe_runs.extend(field["code"])
    for run in unsafe_runs:
        if run.getparent() is not None:
            run.getparent().remove(run)


def _drop_dangling_references(root, known: set[str]) -> None:
    """References (`r:id`, `r:embed`, `r:link` …) to relationships that are gone: a Word
    hyperlink keeps its runs, links and chunks are removed, other attributes are dropped."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        dangling = [name for name, value in element.attrib.items()
                    if name.startswith(f"{{{_R}}}") and value not in known]
        if not dangling or element.getparent() is None:
            if dangling:
                for name in dangling:
                    del element.attrib[name]
            continue
        parent = element.getparent()
        if element.tag == f"{{{_W}}}hyperlink":
            index = parent.index(element)
            for child in list(element):
                parent.insert(index, child)
                index += 1
            parent.remove(element)
        elif element.tag in _REMOVED_WITH_REFERENCE:
            parent.remove(element)
        else:
            for name in dangling:
                del element.attrib[name]
