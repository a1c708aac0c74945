"""How chart series look in every format: colours, and the dashes and markers that tell lines
apart when a page is printed in black and white (no Office or reportlab import here)."""

from __future__ import annotations

from dataclasses import dataclass

from ..theme import Theme


def line_palette(theme: Theme) -> list[str]:
    """Colours for line series: the overall line first, then one per area."""
    return [theme.colour("primary"), theme.colour("accent"), theme.colour("good"),
            theme.colour("warn"), theme.colour("done"), theme.colour("secondary"),
            theme.colour("bad"), theme.colour("muted")]


@dataclass(frozen=True)
class LineLook:
    """How one line series stays recognisable without colour: a dash pattern and a marker."""

    dash: tuple[float, ...]
    """The PDF dash array in points (empty: solid)."""
    office_dash: str
    """The same pattern as python-pptx's `MSO_LINE_DASH_STYLE` member name."""
    marker: str
    """The point marker: circle, square, triangle, diamond, x or plus."""


LINE_LOOKS = (
    LineLook((), "SOLID", "circle"),
    LineLook((6, 3), "DASH", "square"),
    LineLook((1.5, 2), "ROUND_DOT", "triangle"),
    LineLook((7, 2.5, 1.5, 2.5), "DASH_DOT", "diamond"),
    LineLook((10, 3), "LONG_DASH", "x"),
    LineLook((10, 3, 1.5, 3, 1.5, 3), "DASH_DOT_DOT", "plus"),
)
"""Series looks in order (the overall line first, solid); after the sixth they repeat, each
then in another colour. The time-elapsed reference keeps its own look (a plain, muted dash,
no markers), which none of these has: its dash is shorter than `LINE_LOOKS[1]`'s."""

REFERENCE_DASH = (4, 3)
"""The dash of the time-elapsed reference line in the PDF."""
REFERENCE_OFFICE_DASH = "SQUARE_DOT"
"""The same in Office charts (short dashes, `sysDash`), unlike every series' look."""


def line_look(index: int) -> LineLook:
    """The look of the `index`-th line series (the reference excluded from the count)."""
    return LINE_LOOKS[index % len(LINE_LOOKS)]
