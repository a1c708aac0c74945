"""PDF faces for the GB/T 9704 look (Fandol, made TrueType) and for Traditional Chinese (Noto TC).

reportlab embeds only TrueType (glyf) outlines. The Fandol family (FandolFang, FandolHei,
FandolKai, FandolSong; GPL with the font exception, OS/2 fsType 8: editable embedding allowed;
shipped by TeX Live, Debian package `texlive-lang-chinese`) is CFF OpenType, so each face used is
converted once with fontTools (cubic to quadratic curves, `cu2qu`) into the font cache folder.
Noto Sans TC (SIL Open Font License), shipped as a variable font by `justmytype-intl-cjk`, is
instanced at weights 400 and 700 the same way Noto Sans SC is. The files keep the sources' own
timestamps (fontTools is told not to stamp the time of the conversion), so the same source
always gives the same bytes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..errors import TemplateError
from ..fonts import FontFiles, cache_dir

FANDOL_DIRS = (
    Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"),
    Path("/usr/share/texmf/fonts/opentype/public/fandol"),
    Path("/usr/local/share/texmf/fonts/opentype/public/fandol"),
    Path("/Library/TeX/Root/texmf-dist/fonts/opentype/public/fandol"),
)
"""Where TeX Live installs the Fandol fonts (Debian/Ubuntu, a local tree, MacTeX);
`$PLAN_BRIEFING_FANDOL_DIR` is looked at first."""

FANDOL_ROLES = {"body": "FandolFang-Regular", "heading1": "FandolHei-Regular",
                "heading2": "FandolKai-Regular", "title": "FandolSong-Bold"}
"""Which Fandol face plays which GB/T 9704 part: 仿宋 body, 黑体 level-1 headings, 楷体 level-2
headings, a heavy 宋 for the title (the freely licensed stand-in for 方正小标宋)."""

FANDOL_MISSING = ("the Fandol fonts are not installed (Debian/Ubuntu: apt-get install "
                  "texlive-lang-chinese; or set PLAN_BRIEFING_FANDOL_DIR to a folder holding "
                  "FandolFang-Regular.otf …); the PDF uses Noto Sans SC instead")

_LICENCE = """The Fandol fonts (FandolFang, FandolHei, FandolKai, FandolSong) by the Fandol team
(Clerk Ma, Jie Su) are licensed under the GNU GPL with the font exception: documents that embed
them are not covered by the GPL. These TrueType files were converted from the OpenType (CFF)
originals with fontTools (cu2qu) by plan-briefing, outlines otherwise unchanged.
"""


def fandol_dir() -> Path | None:
    """The folder holding the Fandol OpenType files, or None when they are not installed."""
    explicit = os.environ.get("PLAN_BRIEFING_FANDOL_DIR")
    for folder in ([Path(explicit)] if explicit else []) + list(FANDOL_DIRS):
        if all((folder / f"{name}.otf").is_file() for name in FANDOL_ROLES.values()):
            return folder
    return None


def fandol_faces(prepare: bool = True, log: Callable[[str], None] | None = None
                 ) -> dict[str, Path] | None:
    """TrueType files of the Fandol faces by role (see FANDOL_ROLES), converted on first use;
    None when Fandol is not installed."""
    source = fandol_dir()
    if source is None:
        return None
    folder = cache_dir() / "fandol"
    faces = {role: folder / f"{name}.ttf" for role, name in FANDOL_ROLES.items()}
    missing = [role for role, path in faces.items() if not path.is_file()]
    if not missing:
        return faces
    if not prepare:
        raise TemplateError("the Fandol PDF fonts are not prepared yet; run `plan-briefing "
                            f"build` once with the official theme (it writes {folder})")
    _make_folder(folder)
    log = log or (lambda msg: print(msg, file=sys.stderr))
    for role in missing:
        name = FANDOL_ROLES[role]
        log(f"preparing the PDF font {name} once (about 12 s) → {faces[role]}")
        _atomic_save(lambda tmp, name=name: cff_to_truetype(source / f"{name}.otf", tmp),
                     faces[role])
    (folder / "LICENSE-Fandol.txt").write_text(_LICENCE, encoding="utf-8")
    return faces


def cff_to_truetype(source: Path, target: Path | str) -> None:
    """Writes the CFF OpenType font `source` as a TrueType (glyf) font at `target`: the same
    glyphs, cmap and metrics, curves converted to quadratic within 1 font unit."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source), recalcTimestamp=False)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names (CID-keyed fonts have none worth keeping)
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(target))


def noto_sans_tc(prepare: bool = True, log: Callable[[str], None] | None = None
                 ) -> FontFiles | None:
    """Static Noto Sans TC Regular and Bold (Traditional Chinese glyph forms), instanced on
    first use from `justmytype-intl-cjk`; None when that package lacks it."""
    folder = cache_dir()
    files = FontFiles(folder / "NotoSansTC-Regular.ttf", folder / "NotoSansTC-Bold.ttf")
    missing = [(w, p) for w, p in ((400, files.regular), (700, files.bold)) if not p.is_file()]
    if not missing:
        return files
    try:
        source = Path(str(resources.files("justmytype_intl_cjk") / "fonts" / "ofl"
                          / "notosanstc" / "NotoSansTC[wght].ttf"))
    except ModuleNotFoundError:
        return None
    if not source.is_file():
        return None
    if not prepare:
        raise TemplateError("the Traditional Chinese PDF font is not prepared yet; run "
                            f"`plan-briefing build --lang zh-Hant` once (it writes {folder})")
    _make_folder(folder)
    log = log or (lambda msg: print(msg, file=sys.stderr))
    for weight, target in missing:
        log(f"preparing the PDF font Noto Sans TC {weight} once (about 15 s) → {target}")
        _atomic_save(lambda tmp, weight=weight: _instance(source, weight, tmp), target)
    licence = source.parent / "OFL.txt"
    if licence.is_file():
        shutil.copyfile(licence, folder / "OFL-NotoSansTC.txt")
    return files


def _instance(source: Path, weight: int, target: str) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = instancer.instantiateVariableFont(TTFont(str(source), recalcTimestamp=False),
                                             {"wght": weight}, updateFontNames=True)
    font.recalcTimestamp = False
    font.save(target)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"cannot create the font cache {folder} ({exc.strerror}); set "
                            "PLAN_BRIEFING_FONT_DIR to a writable folder") from None


def _atomic_save(write: Callable[[str], None], target: Path) -> None:
    """`write(tmp)` into a temporary file beside `target`, then renamed into place: a killed
    run never leaves half a font in the cache."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".font-", suffix=".ttf")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


__all__ = ["FANDOL_ROLES", "cff_to_truetype", "fandol_dir", "fandol_faces", "noto_sans_tc"]
