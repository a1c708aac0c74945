"""The theme: colours, fonts and page set-up read from a YAML file in `templates/`."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Formatter

from .errors import PlanError, TemplateError
from .sources import read_document

TEMPLATES_DIR = Path(str(resources.files("generator") / "templates"))
DEFAULT_THEME = TEMPLATES_DIR / "theme.yaml"

_COLOUR_KEYS = ("primary", "accent", "secondary", "text", "muted", "rule", "header_fill",
                "header_text", "stripe", "good", "done", "warn", "bad")


@dataclass(frozen=True)
class Theme:
    """Everything a renderer needs to know about the look, resolved to concrete values."""

    name: str
    folder: Path
    colours: dict[str, str]
    latin_font: str
    east_asian_font: str
    east_asian_language: str
    docx_template: Path
    pptx_template: Path
    pdf_page_size: str
    pdf_margins_mm: dict[str, float]
    pdf_font: object  # "noto-sans-sc" or {"regular": Path, "bold": Path}
    pdf_sizes: dict[str, float]
    pdf_header: str | None = None
    """Running header text with placeholders (see RUNNING_FIELDS); None: the default."""
    pdf_footer: str | None = None
    pdf_letterhead_text: str = ""
    pdf_letterhead_logo: Path | None = None
    pdf_title_font: Path | None = None
    pdf_leading: float | None = None
    """Body line height in points (e.g. 28.95 for 22 lines in 225 mm); None: 1.5 × size."""
    orientation: str = "auto"
    """"portrait" keeps every report upright; "auto" lets wide reports turn the page."""
    pdf_footer_align: str = "center"
    """Where the footer (page number) stands: "center", or "outer" (odd pages right, even
    pages left, as GB/T 9704 asks)."""
    pdf_line_chars: int | None = None
    """Characters a full line of body text holds (28 in GB/T 9704): the PDF sets Chinese text
    on that grid, justified, with a two-character first-line indent; None: natural spacing."""

    def colour(self, key: str) -> str:
        """A colour as six hex digits, e.g. `1F3A5F`."""
        return self.colours[key]


RUNNING_FIELDS = ("title", "organisation", "meeting", "as_of", "marking", "page", "pages")
"""Placeholders a theme's header and footer text may use: {title}, {page}, {pages} …"""


def fill_running_text(template: str, values: dict[str, str]) -> str:
    """A theme's header/footer text with its placeholders filled. Only plain names from
    RUNNING_FIELDS are allowed (no attribute access, format specs or conversions)."""
    out = []
    for literal, name, spec, conversion in Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        if name not in RUNNING_FIELDS or spec or conversion:
            raise TemplateError(f"header/footer text {template!r}: {{{name}}} is not allowed; "
                                f"use {', '.join('{' + f + '}' for f in RUNNING_FIELDS)}")
        out.append(str(values.get(name, "")))
    return "".join(out)


def load_theme(path: str | Path | None = None) -> Theme:
    """Reads a theme file; the default is `templates/theme.yaml`. A bare name such as
    `official` that is not a file names a theme packaged in `templates/`."""
    path = Path(path) if path else DEFAULT_THEME
    if path.parent == Path() and not path.suffix and not path.exists() \
            and (TEMPLATES_DIR / f"{path}.yaml").is_file():
        path = TEMPLATES_DIR / f"{path}.yaml"
    try:
        doc = read_document(path)
    except PlanError as exc:
        raise TemplateError(str(exc).replace("in the plan", "in the theme")) from None
    data = doc.data if isinstance(doc.data, dict) else {}
    check_values(data, lambda key: f"{path}:{doc.line_of(key)}")

    def section(key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise TemplateError(f"{path}:{doc.line_of((key,))}: {key}: must be a mapping")
        return value

    colours = section("colours")
    for key in _COLOUR_KEYS:
        value = str(colours.get(key, "")).lstrip("#")
        if len(value) != 6 or any(c not in "0123456789abcdefABCDEF" for c in value):
            raise TemplateError(f"{path}:{doc.line_of(('colours', key))}: colours.{key}: "
                                f"{value!r} is not a colour; write six hex digits like 1F3A5F")
        colours[key] = value.upper()
    fonts, templates, pdf = section("office_fonts"), section("templates"), section("pdf")
    folder = path.parent
    font = pdf.get("font", "noto-sans-sc")
    if isinstance(font, dict):
        font = {k: _font_file(folder, str(font.get(k, "")), path, f"pdf.font.{k}")
                for k in ("regular", "bold")}
    title_font = pdf.get("title_font")
    title_font = _font_file(folder, str(title_font), path, "pdf.title_font") if title_font \
        else None
    sizes = {"title": 22, "subtitle": 14, "heading1": 15, "heading2": 12, "body": 10,
             "note": 8.5, "table": 8.5, **pdf.get("sizes", {})}
    margins = {"top": 22, "bottom": 20, "left": 20, "right": 20, **pdf.get("margins_mm", {})}
    running = {}
    for key in ("header", "footer"):
        value = pdf.get(key)
        if isinstance(value, str) and value.strip():
            try:
                fill_running_text(value, {})
            except TemplateError as exc:
                raise TemplateError(f"{path}:{doc.line_of(('pdf', key))}: pdf.{key}: {exc}"
                                    ) from None
            running[key] = value
        elif key in pdf and not value:  # `header: ""` or `header: null`: none at all
            running[key] = ""
    letterhead = pdf.get("letterhead") or {}
    if not isinstance(letterhead, dict):
        raise TemplateError(f"{path}:{doc.line_of(('pdf', 'letterhead'))}: pdf.letterhead: "
                            "must be a mapping with text and logo")
    logo = letterhead.get("logo")
    logo_path = _inside(folder, str(logo), path, "pdf.letterhead.logo") if logo else None
    if logo_path is not None:
        _check_image(logo_path, f"{path}:{doc.line_of(('pdf', 'letterhead', 'logo'))}: "
                     "pdf.letterhead.logo")
    return Theme(
        name=str(data.get("name", path.stem)),
        folder=folder,
        colours={k: colours[k] for k in _COLOUR_KEYS},
        latin_font=str(fonts.get("latin", "Arial")),
        east_asian_font=str(fonts.get("east_asian", "Microsoft YaHei")),
        east_asian_language=str(fonts.get("east_asian_language", "zh-CN")),
        docx_template=_inside(folder, str(templates.get("docx", "default.docx")), path,
                              "templates.docx"),
        pptx_template=_inside(folder, str(templates.get("pptx", "default.pptx")), path,
                              "templates.pptx"),
        pdf_page_size=str(pdf.get("page_size", "A4")),
        pdf_margins_mm={k: float(v) for k, v in margins.items()},
        pdf_font=font,
        pdf_sizes={k: float(v) for k, v in sizes.items()},
        pdf_header=running.get("header"),
        pdf_footer=running.get("footer"),
        pdf_letterhead_text=str(letterhead.get("text") or ""),
        pdf_letterhead_logo=logo_path,
        pdf_title_font=title_font,
        pdf_leading=float(pdf.get("leading_pt", 0)) or None,
        orientation=str(data.get("orientation", "auto")),
        pdf_footer_align="outer" if pdf.get("footer_align") == "outer" else "center",
        pdf_line_chars=int(pdf["line_chars"]) if str(pdf.get("line_chars", "")).isdigit()
        else None,
    )


_TEXT = ("name", "orientation", "office_fonts.latin", "office_fonts.east_asian",
         "office_fonts.east_asian_language", "templates.docx", "templates.pptx", "pdf.page_size",
         "pdf.header", "pdf.footer", "pdf.title_font", "pdf.letterhead.text",
         "pdf.letterhead.logo", "pdf.font.regular", "pdf.font.bold")
"""Keys whose value must be text (one line, at most 2,000 characters) when present."""
_NUMBERS = {"pdf.sizes.*": (4, 200, "points"), "pdf.margins_mm.*": (1, 200, "mm"),
            "pdf.leading_pt": (4, 400, "points"), "pdf.line_chars": (10, 80, "characters")}
"""Keys whose value must be a number in (low, high) inclusive, with its unit; `*`: every key
of that mapping, which must be one of _MAPPING_KEYS."""
_MAPPING_KEYS = {"pdf.sizes": ("title", "subtitle", "heading1", "heading2", "body", "note",
                               "table", "footer"),
                 "pdf.margins_mm": ("top", "bottom", "left", "right")}
_CHOICES = {"pdf.page_size": ("A4", "A3", "letter", "A4-landscape", "A3-landscape"),
            "orientation": ("auto", "portrait"), "pdf.footer_align": ("center", "outer")}
_MAPPINGS = ("colours", "office_fonts", "templates", "pdf", "pdf.sizes", "pdf.margins_mm",
             "pdf.letterhead")


def check_values(data: dict, where) -> None:
    """Refuses theme values of the wrong type or range before anything is built, naming the
    key (`where(path)` gives "theme.yaml:LINE" for a key path). Table-driven: the tables
    above say what each key may hold."""
    def get(dotted: str):
        value: object = data
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def refuse(dotted: str, message: str):
        raise TemplateError(f"{where(tuple(dotted.split('.')))}: {dotted}: {message}")

    for dotted in _MAPPINGS:
        value = get(dotted)
        if value is not None and not isinstance(value, dict):
            if dotted == "pdf.letterhead":
                refuse(dotted, "must be a mapping with text and logo")
            refuse(dotted, f"must be a mapping of names to values, not {_kind(value)}")
    for dotted in _TEXT:
        value = get(dotted)
        if dotted.startswith("pdf.font.") and not isinstance(get("pdf.font"), dict):
            continue
        if value is not None and (not isinstance(value, str) or len(value) > 2000
                                  or any(ord(c) < 32 for c in value)):
            refuse(dotted, f"must be one line of text (in quotes), not {_kind(value)}")
    font = get("pdf.font")
    if font is not None and not isinstance(font, (str, dict)):
        refuse("pdf.font", f"must be noto-sans-sc, fandol or {{regular: FILE, bold: FILE}}, not "
               f"{_kind(font)}")
    for dotted, choices in _CHOICES.items():
        value = get(dotted)
        if value is not None and value not in choices:
            refuse(dotted, f"{value!r} is not allowed; use one of {', '.join(choices)}")
    for pattern, (low, high, unit) in _NUMBERS.items():
        mapping = pattern[:-2] if pattern.endswith(".*") else None
        keys = [pattern]
        if mapping:
            found = get(mapping) or {}
            for key in found:
                if key not in _MAPPING_KEYS[mapping]:
                    known = ", ".join(_MAPPING_KEYS[mapping])
                    refuse(f"{mapping}.{key}", f"unknown key; use {known}")
            keys = [f"{mapping}.{key}" for key in found]
        for dotted in keys:
            value = get(dotted)
            if value is None and not mapping:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                refuse(dotted, f"must be a number of {unit} ({low}-{high}), not {_kind(value)}")
            if not low <= value <= high:
                refuse(dotted, f"{value} is outside {low}-{high} {unit}")


def _kind(value: object) -> str:
    """How a wrong value is described: `a list`, `true`, `'x'`."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "empty"}[value]
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value) if len(repr(value)) < 40 else repr(value)[:37] + "…"


MAX_LOGO_BYTES = 5 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000


def _check_image(path: Path, where: str) -> None:
    """A logo must be a PNG, JPEG or GIF of at most 5 MB and 25 megapixels (a small file
    can claim a huge image that takes gigabytes to decode)."""
    from PIL import Image

    from .sources import ReadRefused, read_regular

    try:
        raw = read_regular(path, MAX_LOGO_BYTES)
    except (ReadRefused, OSError) as exc:
        raise TemplateError(f"{where}: {path}: {exc}") from None
    import io
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as image:
                kind, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise TemplateError(f"{where}: {path} claims more pixels than PIL will decode (a "
                            f"decompression bomb?); the limit is {MAX_LOGO_PIXELS:,} pixels"
                            ) from None
    except Exception:  # noqa: BLE001 - anything PIL cannot read is not an image here
        raise TemplateError(f"{where}: {path} is not an image; use a PNG or JPEG file"
                            ) from None
    if kind not in {"PNG", "JPEG", "GIF"}:
        raise TemplateError(f"{where}: {path} is a {kind} image; use a PNG or JPEG file")
    if width * height > MAX_LOGO_PIXELS:
        raise TemplateError(f"{where}: {path} is {width} × {height} pixels; the limit is "
                            f"{MAX_LOGO_PIXELS:,} pixels (scale it down)")


SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def _font_file(folder: Path, name: str, theme_path: Path, field: str) -> Path:
    """A font named by the theme: a file in its folder, or one installed in a system font
    folder (named by its full path); a missing system font says which package to install."""
    target = Path(name)
    if target.is_absolute():
        resolved = target.resolve()
        if not any(resolved.is_relative_to(d) for d in SYSTEM_FONT_DIRS):
            raise TemplateError(f"{theme_path}: {field}: {name!r}: a font outside the theme "
                                "folder must be in /usr/share/fonts")
        if not resolved.is_file():
            package = resolved.parent.name
            raise TemplateError(f"{theme_path}: {field}: {name} is not installed; install it "
                                f"(Debian: apt-get install fonts-{package})")
        return resolved
    return _inside(folder, name, theme_path, field)


def _inside(folder: Path, name: str, theme_path: Path, field: str) -> Path:
    """A file named by the theme, which must stay inside the theme's folder."""
    target = (folder / name).resolve()
    if not name or not target.is_relative_to(folder.resolve()):
        raise TemplateError(f"{theme_path}: {field}: {name!r} must name a file inside "
                            f"{folder}")
    if target.exists() and not target.is_file():
        raise TemplateError(f"{theme_path}: {field}: {target} is not a regular file (a folder, "
                            "pipe or device); name a file")
    if not target.is_file():
        raise TemplateError(f"{theme_path}: {field}: {target} does not exist")
    return target
