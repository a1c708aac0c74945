"""PowerPoint fill-in templates: a .pptx designed in PowerPoint, filled with the plan's data.

Conventions (see README "Use your own template"):
- `{{ … }}` in any text box, placeholder or table cell: a paragraph is filled as a whole and
  keeps the formatting of its first run.
- A slide holding a text box with `{%slide for a in areas %}` is repeated once per item (the
  tag's box is removed); `a` is then available on that slide.
- A table row whose first cell starts with `{%tr for t in a.tasks %}` is repeated once per
  item; rows that do not fit under the table continue on a copy of the slide.
- A chart named `progress` or `trend` (PowerPoint's selection pane) receives the plan's data;
  its design stays.
Expressions run in Jinja's immutable sandbox with strict undefined; values are text.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from .conventions import language_tag
from .errors import TemplateError
from .fill_word import sandbox_environment
from .render.library_hooks import element_of
from .template_limits import run_limited
from .template_safety import check_template, drop_external_relationships

_SLIDE_LOOP = re.compile(r"^\s*\{%\s*slide\s+for\s+(\w+)\s+in\s+([\w.\[\]]+)\s*%\}\s*$")
_ROW_LOOP = re.compile(r"^\s*\{%\s*tr\s+for\s+(\w+)\s+in\s+([\w.\[\]]+)\s*%\}\s*")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class _Filler:
    def __init__(self, template: Path, context: dict, charts: dict):
        import pptx

        self.template = template
        self.prs = pptx.Presentation(str(template))
        self.context = context
        self.charts = charts
        self.env = sandbox_environment()
        self.problems: list[str] = []

    # -- expressions ----------------------------------------------------------------------

    def value(self, expression: str, scope: dict, place: str):
        try:
            return self.env.compile_expression(expression, undefined_to_none=False)(**scope)
        except MemoryError:
            raise  # the process's memory limit: reported as such
        except Exception as exc:  # noqa: BLE001 - every template error is reported with its place
            self.problems.append(f"{self.template}: {place}: {expression!r}: {exc}")
            return None

    def text(self, source: str, scope: dict, place: str) -> str:
        try:
            return self.env.from_string(source).render(**scope)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001
            self.problems.append(f"{self.template}: {place}: {source!r}: {exc}")
            return source

    # -- the deck -------------------------------------------------------------------------

    def fill(self) -> None:
        for index, slide in enumerate(list(self.prs.slides), start=1):
            loop = self._slide_loop(slide)
            if loop is None:
                self._fill_slide(slide, self.context, f"slide {index}")
                continue
            shape, name, expression = loop
            items = self.value(expression, self.context, f"slide {index}, shape '{shape.name}'")
            shape.element.getparent().remove(shape.element)
            if items is None:
                continue
            if not items:
                self._remove(slide)
                continue
            copies = [slide]
            for _ in items[1:]:  # copies in order, each after the one before
                copies.append(self._duplicate(slide, after=copies[-1]))
            for copy_slide, item in zip(copies, items, strict=True):
                self._fill_slide(copy_slide, {**self.context, name: item},
                                 f"slide {index} (for {name})")

    def _slide_loop(self, slide):
        for shape in slide.shapes:
            if shape.has_text_frame:
                match = _SLIDE_LOOP.match(shape.text_frame.text)
                if match:
                    return shape, match.group(1), match.group(2)
        return None

    def _fill_slide(self, slide, scope: dict, place: str) -> None:
        for shape in list(slide.shapes):
            where = f"{place}, shape '{shape.name}'"
            if shape.has_chart:
                self._fill_chart(shape, where)
            if shape.has_table:
                self._fill_table(slide, shape, scope, where)
            elif shape.has_text_frame:
                self._fill_frame(shape.text_frame, scope, where)

    def _fill_frame(self, frame, scope: dict, place: str) -> None:
        for para in frame.paragraphs:
            source = "".join(r.text for r in para.runs)
            if "{{" not in source and "{%" not in source:
                continue
            runs = para.runs
            runs[0].text = self.text(source, scope, place)
            for run in runs[1:]:
                element_of(run).getparent().remove(element_of(run))

    def _fill_table(self, slide, shape, scope: dict, place: str) -> None:
        table = shape.table
        tbl = element_of(table)
        rows = list(tbl.tr_lst)
        loop_row = None
        for tr in rows:
            first = "".join(t.text or "" for t in tr.iter(f"{_A}t"))
            match = _ROW_LOOP.match(first)
            if match:
                loop_row = (tr, match)
                break
        if loop_row is None:
            for row in table.rows:
                for cell in row.cells:
                    self._fill_frame(cell.text_frame, scope, place)
            return
        tr, match = loop_row
        name, expression = match.group(1), match.group(2)
        items = self.value(expression, scope, place) or []
        for t in tr.iter(f"{_A}t"):  # drop the tag, keep the rest of the cell
            if t.text and _ROW_LOOP.match(t.text):
                t.text = _ROW_LOOP.sub("", t.text)
                break
        for other in rows:
            if other is not tr:
                for cell_frame in self._frames(other, table):
                    self._fill_frame(cell_frame, scope, place)
        height = int(tr.get("h", "370840"))
        room = max(1, int((self.prs.slide_height - shape.top - sum(
            int(r.get("h", "0")) for r in rows if r is not tr) - 457200) // height))
        chunks = [items[i:i + room] for i in range(0, len(items), room)] or [[]]
        proto = copy.deepcopy(tr)
        tbl.remove(tr)
        self._rows(table, proto, chunks[0], name, scope, place, rows.index(tr))
        target_slide = slide
        for chunk in chunks[1:]:
            target_slide = self._duplicate(target_slide, after=target_slide)
            new_shape = next(s for s in target_slide.shapes if s.shape_id == shape.shape_id)
            new_table = new_shape.table
            new_tbl = element_of(new_table)
            for old in list(new_tbl.tr_lst)[rows.index(tr):]:
                new_tbl.remove(old)
            self._rows(new_table, proto, chunk, name, scope, place, rows.index(tr))

    def _frames(self, tr, table):
        row = table.rows[list(element_of(table).tr_lst).index(tr)]
        return [cell.text_frame for cell in row.cells]

    def _rows(self, table, proto, items, name, scope, place, position) -> None:
        tbl = element_of(table)
        anchor = list(tbl.tr_lst)[position - 1] if position else None
        for item in items:
            tr = copy.deepcopy(proto)
            if anchor is None:
                tbl.insert(list(tbl).index(tbl.tr_lst[0]) if tbl.tr_lst else len(tbl), tr)
            else:
                anchor.addnext(tr)
            anchor = tr
            for cell_frame in self._frames(tr, table):
                self._fill_frame(cell_frame, {**scope, name: item}, place)

    def _fill_chart(self, shape, place: str) -> None:
        from .render.charts import chart_data

        block = self.charts.get(shape.name)
        if block is None:
            return
        shape.chart.replace_data(chart_data(block))
        from .render.charts import positive_axis_ids

        positive_axis_ids(shape.chart.element)

    # -- slides ---------------------------------------------------------------------------

    def _duplicate(self, slide, after=None):
        """A copy of `slide` (shapes and pictures; not charts) placed right after `after`
        (default: after `slide`)."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        if any(s.has_chart for s in slide.shapes):
            raise TemplateError(f"{self.template}: a slide that is repeated or continued holds "
                                "a chart; put charts on slides of their own")
        new = self.prs.slides.add_slide(slide.slide_layout)
        for shape in list(new.shapes):
            shape.element.getparent().remove(shape.element)
        for element in slide.shapes.element.iterchildren():
            if element.tag.endswith(("}nvGrpSpPr", "}grpSpPr")):
                continue
            new.shapes.element.append(copy.deepcopy(element))
        for rel in slide.part.rels.values():
            if rel.reltype == RT.IMAGE:
                rid = new.part.relate_to(rel.target_part, RT.IMAGE)
                for blip in new.shapes.element.iter(f"{_A}blip"):
                    key = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
                    if blip.get(key) == rel.rId:
                        blip.set(key, rid)
        ids = self.prs.slides.element
        moved = ids[-1]
        ids.remove(moved)
        position = list(self.prs.slides).index(after or slide)
        ids.insert(position + 1, moved)
        return new

    def _remove(self, slide) -> None:
        ids = self.prs.slides.element
        for sld_id in list(ids):
            if self.prs.part.related_part(sld_id.rId) is slide.part:
                self.prs.part.drop_rel(sld_id.rId)
                ids.remove(sld_id)


def fill_pptx(template: Path, context: dict, dest: Path, info, charts: dict | None = None,
              seconds: float | None = None) -> None:
    """Fills a PowerPoint template; raises TemplateError listing every problem found. Runs in
    a child process with a time and memory limit (`template_limits`)."""
    check_template(template, "pptx")
    run_limited(_fill_pptx, template, context, dest, info, charts, template=template,
                seconds=seconds)


def _fill_pptx(template: Path, context: dict, dest: Path, info, charts: dict | None) -> None:
    from .render.office_text import set_core_properties
    from .render.office_zip import save_package

    check_template(template, "pptx")
    filler = _Filler(template, context, charts or {})
    filler.fill()
    if filler.problems:
        raise TemplateError("\n".join(filler.problems))
    drop_external_relationships(filler.prs.part.package)
    language = language_tag(info.language)
    set_core_properties(filler.prs.core_properties, info, language)
    save_package(filler.prs.save, dest, info.created)


def check_pptx_template(template: Path, context: dict, charts: dict | None = None,
                        seconds: float | None = None) -> list[str]:
    """Every problem a fill with `context` runs into, each with slide number and shape name.
    Runs in a child process with a time and memory limit (`template_limits`)."""
    try:
        check_template(template, "pptx")
    except TemplateError as exc:
        return [str(exc)]
    try:
        return run_limited(_check_pptx_template, template, context, charts, template=template,
                           seconds=seconds)
    except TemplateError as exc:
        return [str(exc)]


def _check_pptx_template(template: Path, context: dict, charts: dict | None) -> list[str]:
    filler = _Filler(template, context, charts or {})
    tagged = any("{{" in sh.text_frame.text or "{%" in sh.text_frame.text
                 for slide in filler.prs.slides for sh in slide.shapes if sh.has_text_frame)
    if not tagged:  # no tags: meant as a theme template for the built-in reports
        names = {layout.name for layout in filler.prs.slide_layouts}
        for needed in (("Title Slide",), ("Title Only", "Title and Content")):
            if not names & set(needed):
                filler.problems.append(f"{template}: no slide layout named "
                                       f"{' or '.join(repr(n) for n in needed)} (the built-in "
                                       "reports pick layouts by these names)")
        return filler.problems
    try:
        filler.fill()
    except TemplateError as exc:
        filler.problems.append(str(exc))
    return filler.problems
