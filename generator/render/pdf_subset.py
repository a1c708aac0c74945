"""TrueType subsetting for embedding: the bytes reportlab's `TTFontFile.makeSubset` makes, in
about half the time.

Every PDF embeds its own subsets of the CJK font (a unit pack: three subsets of ≈ 300 glyphs
each). reportlab finds the glyphs that composite glyphs are built from by seeking in the font
file and reading it two bytes at a time, for every glyph of every subset, and then assembles
the glyph table glyph by glyph. Here a glyph's components (and where its component numbers
sit) are read once per face and remembered, and the tables are built in passes over lists.
`tests/render/test_pdf_subset.py` compares the bytes with reportlab's on fonts with and
without composite glyphs.
"""

from __future__ import annotations

from itertools import accumulate
from struct import pack, unpack_from

from reportlab.pdfbase.ttfonts import (
    GF_ARG_1_AND_2_ARE_WORDS,
    GF_MORE_COMPONENTS,
    GF_WE_HAVE_A_SCALE,
    GF_WE_HAVE_A_TWO_BY_TWO,
    GF_WE_HAVE_AN_X_AND_Y_SCALE,
    TTFontMaker,
)

_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")
_SIMPLE = ((), ())


def make_subset(face, subset: list[int]) -> bytes:
    """The font program of `face` (a reportlab `TTFontFile`) holding the characters `subset`,
    in that order; byte for byte what `face.makeSubset(subset)` returns."""
    char_to_glyph = face.charToGlyph
    glyph_pos = face.glyphPos
    glyf_table = face.get_table("glyf")
    components = face.__dict__.setdefault("_plan_components", {})

    glyph_map = [0]  # new glyph index -> old glyph index; 0 is the "missing character"
    glyph_set = {0: 0}  # old -> new
    code_to_glyph = []
    for code in subset:
        original = char_to_glyph.get(code, 0)
        new = glyph_set.get(original)
        if new is None:
            new = glyph_set[original] = len(glyph_map)
            glyph_map.append(original)
        code_to_glyph.append(new)
    # Glyphs that composite glyphs are made of join the subset after it, as they are found.
    n = 0
    while n < len(glyph_map):
        parts = components.get(glyph_map[n])
        if parts is None:
            parts = components[glyph_map[n]] = _components(glyf_table, glyph_pos,
                                                           glyph_map[n])
        n += 1
        for glyph in parts[0]:
            if glyph not in glyph_set:
                glyph_set[glyph] = len(glyph_map)
                glyph_map.append(glyph)

    output = TTFontMaker()
    for tag in _COPIED:
        try:
            output.add(tag, face.get_table(tag))
        except KeyError:  # cvt, fpgm and prep are optional
            pass
    output.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + b"\x00" * 16)

    num_glyphs = len(glyph_map)
    hmetrics = face.hmetrics
    hmtx = [int(value) for glyph in glyph_map for value in hmetrics[glyph]]  # advance, lsb
    # Trailing glyphs of one advance width keep only their left side bearings.
    end = len(hmtx) - 2
    while end and hmtx[end] == hmtx[end - 2]:
        end -= 2
    end += 2
    hmtx = hmtx[:end] + hmtx[end + 1::2]
    output.add("hmtx", pack(f">{len(hmtx)}H", *hmtx))
    output.add("hhea", _set_ushort(face.get_table("hhea"), 34, end >> 1))
    output.add("maxp", _set_ushort(face.get_table("maxp"), 4, num_glyphs))

    entries = len(subset)  # cmap format 6, as reportlab writes it
    output.add("cmap", pack(f">{11 + entries}H", 0, 1, 1, 0, 0, 12, 6, 10 + entries * 2, 0,
                            0, entries, *code_to_glyph))

    # Each glyph is padded to four bytes; as every glyph then starts at a multiple of four,
    # a simple glyph's padded bytes are the same in every subset and are kept per face.
    padded = face.__dict__.setdefault("_plan_padded", {})
    glyf = []
    for glyph in glyph_map:
        data = padded.get(glyph)
        if data is None:
            start = glyph_pos[glyph]
            data = bytes(glyf_table[start:glyph_pos[glyph + 1]])  # the table may be a view
            remap = components[glyph][1]
            if remap:
                data = bytearray(data)
                for at, old in remap:
                    data[at:at + 2] = pack(">H", glyph_set[old])
                data = bytes(data)
            if len(data) % 4:
                data += b"\0" * (4 - len(data) % 4)
            if not remap:
                padded[glyph] = data
        glyf.append(data)
    offsets = [0, *accumulate(map(len, glyf))]
    pos = offsets[-1]
    output.add("glyf", b"".join(glyf))

    if (pos + 1) >> 1 > 0xFFFF:
        index_to_loc_format = 1
        loca = pack(f">{len(offsets)}L", *offsets)
    else:
        index_to_loc_format = 0
        loca = pack(f">{len(offsets)}H", *[offset >> 1 for offset in offsets])
    output.add("loca", loca)
    output.add("head", _set_ushort(face.get_table("head"), 50, index_to_loc_format))
    return output.makeStream()


def _components(glyf: bytes, glyph_pos, glyph: int) -> tuple[tuple, tuple]:
    """A glyph's component glyphs (in order), and (offset in the glyph, component) for each
    component number to renumber; both empty for a simple glyph.

    reportlab reads components for any glyph with data and a negative contour count, but
    renumbers them only in glyphs longer than two bytes; both rules are kept."""
    start = glyph_pos[glyph]
    length = glyph_pos[glyph + 1] - start
    if not length or unpack_from(">h", glyf, start)[0] >= 0:
        return _SIMPLE
    found, remap = [], []
    at = 10
    flags = GF_MORE_COMPONENTS
    while flags & GF_MORE_COMPONENTS:
        flags, component = unpack_from(">HH", glyf, start + at)
        found.append(component)
        remap.append((at + 2, component))
        at += 8 if flags & GF_ARG_1_AND_2_ARE_WORDS else 6
        if flags & GF_WE_HAVE_A_SCALE:
            at += 2
        elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
            at += 4
        elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
            at += 8
    return tuple(found), (tuple(remap) if length > 2 else ())


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + pack(">H", value) + data[offset + 2:]
