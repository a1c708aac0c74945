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
    letterhead = pdf.get("letterhead") or {}
    if not isinstance(letterhead, dict):
        raise TemplateError(f"{path}:{doc.line_of(('pdf', 'letterhead'))}: pdf.letterhead: "
                            "must be a mapping with text and logo")
    logo = letterhead.get("logo")
    logo_path = _inside(folder, str(logo), path, "pdf.letterhead.logo") if logo else None
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
    )


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
    if not target.is_file():
        raise TemplateError(f"{theme_path}: {field}: {target} does not exist")
    return target
