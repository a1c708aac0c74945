"""Simplified ↔ Traditional Chinese for plan text, with OpenCC (wording kept, only the script)."""

from __future__ import annotations

from functools import lru_cache

# s2tw: Traditional characters in the forms Taiwan and the labels use (為, 啟, 考核), wording
# kept; plain s2t gives OpenCC's own forms (爲, 啓, 考覈), which mixed with the labels' forms.
_CONFIGS = {"zh-Hans": "t2s", "zh-Hant": "s2tw"}


@lru_cache(maxsize=2)
def _converter(target: str):
    import opencc

    return opencc.OpenCC(_CONFIGS[target])


def convert_text(text: str, target: str) -> str:
    """`text` written in the script of `target` (zh-Hans or zh-Hant)."""
    return _converter(target).convert(text)


def convert_data(value, target: str):
    """Every string in a plan's plain data converted; ids and dates are left alone."""
    if isinstance(value, dict):
        return {k: (v if k in {"id", "lead", "date", "due", "start", "end", "as_of", "language"}
                    or k == "support" else convert_data(v, target)) for k, v in value.items()}
    if isinstance(value, list):
        return [convert_data(v, target) for v in value]
    if isinstance(value, str):
        return convert_text(value, target)
    return value


def detect_script(text: str) -> str:
    """zh-Hant when converting to Simplified would change the text noticeably, else zh-Hans."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return "en"
    sample = "".join(han[:2000])
    changed = sum(a != b for a, b in zip(sample, convert_text(sample, "zh-Hans"), strict=False))
    return "zh-Hant" if changed > len(sample) * 0.02 else "zh-Hans"
