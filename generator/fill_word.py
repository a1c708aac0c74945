"""Word fill-in templates: a .docx designed in Word with Jinja tags, filled by docxtpl.

Tags: `{{ plan.title }}` fields, `{%p if … %}`/`{%p for … %}` around paragraphs (and the tables
between them), `{%tr for t in tasks %}` for table rows. The template runs in Jinja's immutable
sandbox with strict undefined, in a child process with a time and memory limit: a misspelt
variable is an error naming it, never a blank, and nothing outside the context can be reached.
Values are inserted as escaped text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from .conventions import language_tag
from .errors import TemplateError
from .template_limits import run_limited
from .template_safety import check_template, drop_external_relationships


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template, and where (paragraph number and its text)."""

    template: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.template}: {self.place}: {self.message}"


def sandbox_environment():
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


def _source(doc) -> str:
    """The Jinja source docxtpl renders (document body, tags re-joined across runs)."""
    return doc.patch_xml(doc.get_xml())


def _offset_of(source: str, line: int, hint: str = "") -> int:
    """Where in the Jinja source a problem is: at `hint` (a name from the error message) when
    it occurs in a tag, else at the start of `line` (docxtpl's XML is often one long line)."""
    if hint:
        # Word splits a tag over runs (`{{ plan.ti</w:t></w:r><w:r><w:t>tel }}`): the tag's
        # text without the XML between is what holds the name.
        for match in re.finditer(r"\{(?:<[^>]*>)*[{%].*?[}%](?:<[^>]*>)*\}", source, re.DOTALL):
            if re.search(rf"\b{re.escape(hint)}\b", re.sub(r"<[^>]+>", "", match.group())):
                return match.start()
    lines = source.split("\n")
    return sum(len(x) + 1 for x in lines[: max(line - 1, 0)])


def _hint(message: str) -> str:
    """The name an error message is about: `has no attribute 'titel'` → titel; an unclosed
    block → its opening keyword."""
    if "looking for the following tags" in message:
        return "if" if "endif" in message else "for" if "endfor" in message else ""
    quoted = re.findall(r"'([A-Za-z_][\w]*)'", message)
    return quoted[-1] if quoted else ""


def _paragraph_at(source: str, line: int, hint: str = "") -> str:
    """"paragraph N: “text…”" (or "table T, row R, cell C: …") where a problem is."""
    offset = _offset_of(source, line, hint)
    if hint in {"if", "for"}:  # an unclosed block: its last opening tag
        openings = [m.start() for m in
                    re.finditer(rf"\{{%-?\s*(?:p|tr|tc|r)?\s+{hint}\b", source)]
        offset = openings[-1] if openings else offset
    before = source[:offset]
    number = len(re.findall(r"<w:p[ >]", before)) or 1
    start = before.rfind("<w:p")
    end = source.find("</w:p>", offset)
    text = html.unescape(re.sub(r"<[^>]+>", "", source[start:end + 6] if start >= 0 else ""))
    text = text if len(text) <= 50 else text[:49] + "…"
    depth = len(re.findall(r"<w:tbl[ >]", before)) - before.count("</w:tbl>")
    if depth > 0:  # inside a table: say which table, row and cell
        table_start = [m.start() for m in re.finditer(r"<w:tbl[ >]", before)][-1]
        inside = before[table_start:]
        table = len(re.findall(r"<w:tbl[ >]", before[:table_start])) + 1
        row = len(re.findall(r"<w:tr[ >]", inside))
        row_start = inside.rfind("<w:tr")
        cell = len(re.findall(r"<w:tc[ >]", inside[row_start:]))
        return f"table {table}, row {row}, cell {cell}: “{text}”"
    return f"paragraph {number}: “{text}”"


def check_word_template(template: Path, context: dict, seconds: float | None = None
                        ) -> list[TemplateProblem]:
    """Every problem of a Word template against `context`: syntax (unclosed blocks, stray
    tags), unknown variables, and what a trial fill with `context` runs into. Runs in a child
    process with a time and memory limit (`template_limits`)."""
    check_template(template, "docx")
    return run_limited(_check_word_template, template, context, template=template,
                       seconds=seconds)


def _check_word_template(template: Path, context: dict) -> list[TemplateProblem]:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError, meta

    check_template(template, "docx")
    name = str(template)
    doc = DocxTemplate(str(template))
    doc.init_docx()
    original = doc.get_xml()  # places are given in the document as Word shows it
    source = _source(doc)
    env = sandbox_environment()
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        return [TemplateProblem(name, _paragraph_at(original, exc.lineno or 1,
                                                    _hint(exc.message or "")),
                                f"template syntax: {exc.message}")]
    problems = []
    for variable in sorted(meta.find_undeclared_variables(tree) - set(context)):
        problems.append(TemplateProblem(name, _paragraph_at(original, 1, variable),
                                        f"unknown variable {variable!r}; `plan-briefing context` "
                                        "lists the variables"))
    if problems:
        return problems
    try:
        env.from_string(source).render(**context)
    except UndefinedError as exc:
        problems.append(TemplateProblem(name, _paragraph_at(original, _error_line(exc),
                                                            _hint(exc.message or "")),
                                        f"unknown name: {exc.message}"))
    except MemoryError:
        raise  # the process's memory limit: reported as such
    except Exception as exc:  # noqa: BLE001 - a template error of any kind, reported
        problems.append(TemplateProblem(name, _paragraph_at(original, _error_line(exc),
                                                            _hint(str(exc))),
                                        f"{type(exc).__name__}: {exc}"))
    return problems


def _error_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 1
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def fill_word(template: Path, context: dict, dest: Path, info,
              seconds: float | None = None, charts: dict | None = None,
              theme=None) -> None:
    """Fills `template` with `context` into `dest` (written by the caller atomically); raises
    TemplateError listing the template's problems. Runs in a child process with a time and
    memory limit (`template_limits`)."""
    run_limited(_fill_word, template, context, dest, info, charts, theme, template=template,
                seconds=seconds)


def _fill_word(template: Path, context: dict, dest: Path, info, charts: dict | None,
               theme) -> None:
    from docxtpl import DocxTemplate

    from .render.office_text import set_core_properties
    from .render.office_zip import save_package

    problems = _check_word_template(template, context)
    if problems:
        raise TemplateError("\n".join(str(p) for p in problems))
    doc = DocxTemplate(str(template))
    doc.render(context, jinja_env=sandbox_environment(), autoescape=True)
    if charts:
        _place_charts(doc.docx, charts, theme)
    drop_external_relationships(doc.docx.part.package)
    language = language_tag(info.language)
    set_core_properties(doc.docx.core_properties, info, language)
    save_package(doc.save, dest, info.created)


def _place_charts(document, charts: dict, theme) -> None:
    """Each paragraph holding a chart marker gets that native chart instead of the text."""
    from .context import chart_marker
    from .render.docx_charts import insert_chart
    from .theme import load_theme

    theme = theme or load_theme()
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for para in paragraphs:
        for name, block in charts.items():
            marker = chart_marker(name)
            if marker in para.text:
                for run in para.runs:
                    run.text = run.text.replace(marker, "")
                insert_chart(document, para, block, theme)
