"""The PDF's CJK font: static Noto Sans SC Regular and Bold, made once from a variable font.

reportlab embeds only TrueType (glyf) outlines and reads a variable font as its default (Thin)
instance, so the variable Noto Sans SC that the `justmytype-intl-cjk` package ships is
instanced at weights 400 and 700 with fontTools, once, into a cache folder
(`$PLAN_BRIEFING_FONT_DIR`, else `$XDG_CACHE_HOME/plan-briefing/fonts`, else
`~/.cache/plan-briefing/fonts`). Noto Sans SC is under the SIL Open Font License, which allows
embedding and redistribution; the licence text is copied beside the fonts.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import TemplateError

FAMILY = "Noto Sans SC"
_WEIGHTS = {"regular": 400, "bold": 700}


@dataclass(frozen=True)
class FontFiles:
    """A regular and a bold TrueType file of one family."""

    regular: Path
    bold: Path


def cache_dir() -> Path:
    """Where prepared fonts live."""
    explicit = os.environ.get("PLAN_BRIEFING_FONT_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "plan-briefing" / "fonts"


def _variable_source() -> Path:
    try:
        root = resources.files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc"
    except ModuleNotFoundError:
        raise TemplateError("the font package justmytype-intl-cjk is not installed; run "
                            "`pip install -e .` (see the README's set-up command)") from None
    return Path(str(root / "NotoSansSC[wght].ttf"))


def noto_sans_sc(prepare: bool = True, log=None) -> FontFiles:
    """The static Noto Sans SC files, instanced on first use when `prepare` is true."""
    folder = cache_dir()
    files = FontFiles(folder / "NotoSansSC-Regular.ttf", folder / "NotoSansSC-Bold.ttf")
    missing = [w for w, p in (("regular", files.regular), ("bold", files.bold)) if not p.is_file()]
    if not missing:
        return files
    if not prepare:
        raise TemplateError(f"the PDF font is not prepared yet; run `plan-briefing fonts` "
                            f"(it writes {folder})")
    source = _variable_source()
    if not source.is_file():
        raise TemplateError(f"{source} is missing; reinstall justmytype-intl-cjk")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TemplateError(f"cannot create the font cache {folder} ({exc.strerror}); set "
                            "PLAN_BRIEFING_FONT_DIR to a writable folder") from None
    log = log or (lambda msg: print(msg, file=sys.stderr))
    for weight in missing:
        target = files.regular if weight == "regular" else files.bold
        log(f"preparing the PDF font {FAMILY} {weight} once (about 15 s) → {target}")
        _instance(source, _WEIGHTS[weight], target)
    licence = source.parent / "OFL.txt"
    if licence.is_file():
        shutil.copyfile(licence, folder / "OFL.txt")
    return files


def _instance(source: Path, weight: int, target: Path) -> None:
    """The static instance, the same bytes on every machine and at every time: its `head`
    dates are the variable font's own, not the moment it was made (fontTools' default), since
    they travel into every PDF's font subset."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    variable = TTFont(source, recalcTimestamp=False)
    created, modified = variable["head"].created, variable["head"].modified
    font = instancer.instantiateVariableFont(variable, {"wght": weight}, updateFontNames=True)
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = created, modified
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".font-", suffix=".ttf")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
