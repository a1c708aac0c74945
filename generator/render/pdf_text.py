"""PDF text set-up: the embedded CJK font, line-breaking rules, escaping, and glyph coverage."""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from array import array
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace
from reportlab.platypus import paragraph

from ..errors import TemplateError
from ..fonts import cache_dir, noto_sans_sc
from ..patching import patched
from ..theme import Theme

REGULAR = "PlanSans"
BOLD = "PlanSans-Bold"

# Closing punctuation that must never start a line (GB/T 15834 and JIS X 4051 "kinsoku").
# reportlab's own list misses many, e.g. the full-width comma "，" and closing quotes "”".
EXTRA_CANNOT_START = (
    "，。、；：？！）》」』】〕〗〙〛｝］〉”’…‥·・ー〜～％‰℃°"
    ",.;:?!)]}>%"
)
# Opening punctuation that must never end a line.
EXTRA_CANNOT_END = "（《「『【〔〖〘〚｛［〈“‘([{<"


def _extend_line_breaking_rules() -> None:
    """reportlab keeps two copies of the list (textsplit and paragraph): both must grow."""
    extra = "".join(c for c in EXTRA_CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    extra_end = "".join(c for c in EXTRA_CANNOT_END if c not in textsplit.ALL_CANNOT_END)
    textsplit.ALL_CANNOT_END += extra_end
    if hasattr(paragraph, "ALL_CANNOT_END"):
        paragraph.ALL_CANNOT_END = textsplit.ALL_CANNOT_END


_extend_line_breaking_rules()


@lru_cache(maxsize=8)
def register_fonts(theme_font: object) -> tuple[str, str]:
    """Registers the theme's regular and bold TrueType fonts once per process; returns their
    names (distinct per font choice, so that two themes in one process do not collide)."""
    if theme_font == "noto-sans-sc":
        files = noto_sans_sc()
        regular, bold = files.regular, files.bold
        names = (REGULAR, BOLD)
    elif isinstance(theme_font, tuple):
        regular, bold = (Path(p) for p in theme_font)
        tag = hashlib.sha256("|".join(theme_font).encode()).hexdigest()[:8]
        names = (f"{REGULAR}-{tag}", f"{BOLD}-{tag}")
    else:
        raise TemplateError(f"pdf.font: unknown font {theme_font!r}; use noto-sans-sc or give "
                            "regular and bold TrueType files")
    for name, path in zip(names, (regular, bold), strict=True):
        try:
            pdfmetrics.registerFont(cached_ttfont(name, Path(path)))
        except TTFError as exc:
            raise TemplateError(f"{path}: cannot embed this font in a PDF ({exc}); reportlab needs "
                                "TrueType (glyf) outlines, not CFF/OTF or a .ttc collection "
                                "without an index") from None
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0],
                                  boldItalic=names[1])
    return names


def register_title_font(spec: object) -> str | None:
    """The theme's title font (a TrueType file), registered; None when the theme has none."""
    if not spec:
        return None
    return register_fonts((str(spec), str(spec)))[0]


class _CachedFace(TTFontFace):
    """A TTFontFace whose metrics (cmap, widths: ≈ 0.08 s of parsing per CJK face) come from a
    pickle written the first time the font file is read.

    Replaces reportlab's full `extractInfo` pass on every run. The cache is keyed by the font
    file's path, size and modification time and reportlab's version, lives in the font cache
    folder, and holds only the attributes `extractInfo` sets; the file itself is still read, so
    embedding (subsetting) works as before. Glyph offsets are kept as one array, and the glyph
    to characters map (30,000 lists for a CJK face, only for text shaping) is unpickled when
    first asked for: ≈ 7 ms less per face at start-up.
    """

    def extractInfo(self, charInfo=1):  # noqa: N802 - reportlab's name
        cache = _metrics_cache_path(Path(self.filename))
        try:
            with open(cache, "rb") as handle, _gc_paused():
                state = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            state = None
        if state is not None:
            self.__dict__.update(state)
            per_em = self.unitsPerEm
            self._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x: x * 1000 / per_em)
            return
        before = dict(self.__dict__)
        super().extractInfo(charInfo)
        state = {k: v for k, v in self.__dict__.items()
                 if (k not in before or before[k] is not v)
                 and k not in {"_pdfScale", "_pos", "_ttf_data", "_table_copies"}}
        state["glyphPos"] = array("q", state["glyphPos"])
        state[_LATER] = {name: pickle.dumps(state.pop(name), pickle.HIGHEST_PROTOCOL)
                         for name in _LOADED_LATER if name in state}
        _write_pickle(cache, state)

    def __getattr__(self, name):
        later = self.__dict__.get(_LATER, {})
        if name not in later:
            raise AttributeError(name)
        with _gc_paused():
            value = pickle.loads(later[name])
        setattr(self, name, value)
        return value

    def get_table(self, tag):  # noqa: D102 - reportlab's name
        """Replaces reportlab's `get_table`, which copies the table out of the font file on
        each call: every subset made (≈ 3 a document) copied the whole 'glyf' table (≈ 10 MB
        for Noto Sans SC, ≈ 1 ms each). Tables are read-only: the glyph table is a view of the
        file's bytes whose slices are bytes (reportlab's subsetting splices them), the others
        one copy per process."""
        if tag == "glyf":
            pos, length = self.get_table_pos(tag)
            return BytesSlices(memoryview(self._ttf_data)[pos:pos + length])
        tables = self.__dict__.setdefault("_table_copies", {})
        table = tables.get(tag)
        if table is None:
            table = tables[tag] = super().get_table(tag)
        return table


_LATER = "_unpickled_later"
_LOADED_LATER = ("glyphToChar",)
"""Metrics reportlab reads only when it shapes text (we never ask it to)."""


@contextmanager
def _gc_paused():
    """Unpickling ~150,000 small objects with the cyclic GC running takes 4× longer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _metrics_cache_path(font: Path) -> Path:
    stat = font.stat()
    key = f"{font.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{reportlab.Version}|v2"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return cache_dir() / "metrics" / f"{font.stem}-{digest}.pickle"


def _write_pickle(path: Path, state: dict) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


def cached_ttfont(name: str, path: Path) -> TTFont:
    """`TTFont(name, path)`, with the face's metrics read from the metrics cache when present."""
    with patched(ttfonts, "TTFontFace", _CachedFace):
        return TTFont(name, str(path))


class BytesSlices:
    """A read-only view of a font table whose slices are bytes: reportlab's `makeSubset`
    reads glyphs as slices of the glyph table and splices new component numbers into them."""

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, index: slice) -> bytes:
        return self.view[index].tobytes()

    def __len__(self) -> int:
        return len(self.view)


def theme_font_key(theme: Theme) -> object:
    """A hashable form of the theme's font choice (for the registration cache)."""
    font = theme.pdf_font
    if isinstance(font, dict):
        return (str(font["regular"]), str(font["bold"]))
    return font


def missing_glyphs(texts: list[str], font_name: str = REGULAR) -> list[str]:
    """Characters of `texts` that the registered font cannot draw (shown as empty boxes)."""
    face = pdfmetrics.getFont(font_name).face
    cmap = face.charToGlyph
    seen = set()
    for text in texts:
        seen.update(text)
    return sorted(c for c in seen if ord(c) not in cmap and c not in "\n\r\t" and ord(c) >= 32)
