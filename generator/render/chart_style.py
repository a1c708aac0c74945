"""How chart series look in every format: colours, and the dashes and markers that tell lines
apart when a page is printed in black and white (no Office or reportlab import here)."""

from __future__ import annotations

from ..theme import Theme


def line_palette(theme: Theme) -> list[str]:
    """Colours for line series: the overall line first, then one per area."""
    return [theme.colour("primary"), theme.colour("accent"), theme.colour("good"),
            theme.colour("warn"), theme.colour("done"), theme.colour("secondary"),
            theme.colour("bad"), theme.colour("muted")]
