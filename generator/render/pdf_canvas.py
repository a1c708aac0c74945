"""The PDF canvas: running header and footer ("page x of y"), bookmarks, the contents page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..document import Report
from ..theme import Theme, fill_running_text
from .library_hooks import page_size, start_page
from .pdf_styles import Styles


def turned_margins(margins: dict[str, float]) -> dict[str, float]:
    """A portrait page's margins for the same type area on a landscape page."""
    return {"left": margins["top"], "right": margins["bottom"], "top": margins["left"],
            "bottom": margins["right"]}


def canvas_maker(report: Report, theme: Theme, styles: Styles, pages: list[int] | None = None):
    """A canvas that draws header and footer once the page count is known ("page x of y");
    `pages`, when given, receives the page each section starts on."""
    info = report.info
    created = info.created
    muted = colors.HexColor("#" + theme.colour("muted"))
    accent = colors.HexColor("#" + theme.colour("accent"))
    rule = colors.HexColor("#" + theme.colour("rule"))
    margins = {k: v * mm for k, v in theme.pdf_margins_mm.items()}

    class _NumberedCanvas(Canvas):
        layout_only = pages is not None
        """Set when only the pages sections start on are wanted: flowables skip drawing."""

        # Pages are kept until the end so that the footer can say how many there are; outline
        # entries are replayed with their page, since a bookmark refers to the page being drawn.
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = kwargs.get("initialFontName") or styles.regular
            super().__init__(*args, **kwargs)
            self.kept_pages: list[dict] = []
            self.page_bookmarks: list[tuple[str, int]] = []
            self.setDateFormatter(_pdf_date(created))

        def note_bookmark(self, title: str, level: int) -> None:
            self.page_bookmarks.append((title, level))

        def mark_contents_page(self) -> None:
            self.contents_here = True

        def showPage(self):  # noqa: N802 - reportlab's name
            self.kept_pages.append(dict(self.__dict__))
            self.page_bookmarks = []
            self.contents_here = False
            start_page(self)

        def save(self):
            total = len(self.kept_pages)
            # Every outline entry with its page, known now that the layout is done: the
            # table of contents page (reserved during layout) is drawn from these.
            entries = []
            for number, state in enumerate(self.kept_pages, start=1):
                for title, level in state["page_bookmarks"]:
                    entries.append((f"b{len(entries)}", title, level, number))
            if pages is not None:
                pages.extend(e[3] for e in entries if e[2] == 0)
                return  # only the layout was asked for: nothing is drawn or written
            count = 0
            for number, state in enumerate(self.kept_pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                if state.get("contents_here"):
                    self._draw_contents([e for e in entries if e[2] == 0])
                for title, level in state["page_bookmarks"]:
                    key = entries[count][0]
                    count += 1
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level=level, closed=False)
                super().showPage()
            super().save()

        def _draw_contents(self, entries) -> None:
            """Section titles with dotted leaders and page numbers, each a link; in as many
            columns as the page needs."""
            width, height = page_size(self)
            left, right = margins["left"], width - margins["right"]
            top = height - margins["top"] - 2 * styles.h1.leading
            bottom = margins["bottom"]
            size = styles.body.fontSize * 1.1
            step = size * 2.0
            per_column = max(1, int((top - bottom) // step))
            columns = max(1, -(-len(entries) // per_column))
            gap = 10 * mm
            column_width = (right - left - gap * (columns - 1)) / columns
            self.saveState()
            self.setFillColor(colors.HexColor("#" + theme.colour("primary")))
            self.setFont(styles.bold, styles.h1.fontSize)
            self.drawString(left, height - margins["top"] - styles.h1.fontSize,
                            report.contents.title if report.contents else "")
            self.setFillColor(styles.body.textColor)
            for index, (key, title, _, page) in enumerate(entries):
                column, row = divmod(index, per_column)
                x0 = left + column * (column_width + gap)
                x1 = x0 + column_width
                y = top - row * step
                number = str(page)
                room = column_width - stringWidth(number, styles.regular, size) - 8 * mm
                shown = title
                while shown and stringWidth(shown, styles.regular, size) > room:
                    shown = shown[:-2] + "…"
                self.setFont(styles.regular, size)
                self.drawString(x0, y, shown)
                self.drawRightString(x1, y, number)
                start = x0 + stringWidth(shown, styles.regular, size) + 2 * mm
                end = x1 - stringWidth(number, styles.regular, size) - 2 * mm
                self.setStrokeColor(rule)
                self.setDash(1, 2)
                if end > start:
                    self.line(start, y + 1, end, y + 1)
                self.setDash()
                self.linkRect("", key, (x0, y - 3, x1, y + size), relative=0, thickness=0)
            self.restoreState()

        def _decorate(self, number: int, total: int) -> None:
            width, height = page_size(self)
            page_margins = margins
            if theme.orientation == "portrait" and width > height:  # a turned page
                page_margins = turned_margins(margins)
            left, right = page_margins["left"], width - page_margins["right"]
            size = theme.pdf_sizes["note"]
            values = {"title": info.title, "organisation": info.author,
                      "meeting": info.meeting, "as_of": info.as_of_text,
                      "marking": info.marking or "", "page": str(number), "pages": str(total)}
            top = height - page_margins["top"] + 8 * mm
            self.saveState()
            if number == 1 and (theme.pdf_letterhead_text or theme.pdf_letterhead_logo):
                self._letterhead(left, right, top)
            elif theme.pdf_header == "":
                pass  # no running header (GB/T 9704)
            elif number > 1 or not report.cover.full_page:
                if info.marking:
                    self.setFont(styles.bold, size)
                    self.setFillColor(accent)
                    self.drawString(left, top, info.marking)
                self.setFont(styles.regular, size)
                self.setFillColor(muted)
                header = (fill_running_text(theme.pdf_header, values) if theme.pdf_header else
                          info.header.replace(info.marking or "\0", "", 1).strip())
                self.drawRightString(right, top, header)
                self.setStrokeColor(rule)
                self.setLineWidth(0.5)
                self.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
            footer = (fill_running_text(theme.pdf_footer, values) if theme.pdf_footer else
                      info.page_label.format(page=number, pages=total))
            if theme.pdf_footer_align == "outer":
                # GB/T 9704: 4号 numbers 7 mm under the type area, one character in from the
                # outer edge (odd pages right, even pages left), none on the cover.
                if number > 1 or not report.cover.full_page:
                    foot = styles.footer_size
                    self.setFont(styles.regular, foot)
                    self.setFillColor(styles.body.textColor)
                    y = page_margins["bottom"] - 7 * mm - foot * 0.8
                    if number % 2:
                        self.drawRightString(right - foot, y, footer)
                    else:
                        self.drawString(left + foot, y, footer)
            elif theme.pdf_footer != "":
                self.setFont(styles.regular, size)
                self.setFillColor(muted)
                self.drawCentredString(width / 2, page_margins["bottom"] - 10 * mm, footer)
            self.restoreState()

        def _letterhead(self, left: float, right: float, top: float) -> None:
            """The organisation's letterhead on the first page: logo, name, a red rule."""
            x = left
            if theme.pdf_letterhead_logo:
                logo_h = 12 * mm
                self.drawImage(str(theme.pdf_letterhead_logo), left, top - 4 * mm,
                               height=logo_h, width=logo_h * 3, preserveAspectRatio=True,
                               anchor="w", mask="auto")
                x = left + logo_h * 3 + 3 * mm
            if theme.pdf_letterhead_text:
                self.setFont(styles.bold, theme.pdf_sizes["subtitle"])
                self.setFillColor(accent)
                self.drawString(x, top, theme.pdf_letterhead_text)
            if info.marking:  # the marking stays on every page
                self.setFont(styles.bold, theme.pdf_sizes["note"])
                self.drawRightString(right, top, info.marking)
            self.setStrokeColor(accent)
            self.setLineWidth(1.2)
            self.line(left, top - 5 * mm, right, top - 5 * mm)

    return _NumberedCanvas


def _pdf_date(date: dt.date):
    stamp = f"D:{date.year:04d}{date.month:02d}{date.day:02d}000000+00'00'"
    return lambda *_parts: stamp
