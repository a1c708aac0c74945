"""`context`, `check-template` and `fill`: the user's own Word and PowerPoint templates."""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_OK, EXIT_USER, output_file, printable
from .options import plan_option


def context_arguments(context: argparse.ArgumentParser) -> None:
    plan_option(context, lang=True)


def fill_arguments(fill: argparse.ArgumentParser) -> None:
    fill.add_argument("template", help="the .docx or .pptx template")
    plan_option(fill, lang=True)
    fill.add_argument("--out", required=True, help="the filled .docx or .pptx to write")


def check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("template", help="the .docx or .pptx template")
    plan_option(check, lang=False)


def run(args: argparse.Namespace) -> int:
    """`context`, `check-template` and `fill`: the plan's template context, then the command."""
    from pathlib import Path

    from ..build import SAMPLE_PLAN
    from ..context import chart_blocks, describe, template_context
    from ..i18n import Labels
    from ..indicators import analyse
    from ..loader import load_plan
    from ..reports.common import document_info

    loaded = load_plan(args.plan or SAMPLE_PLAN)
    plan = loaded.plan
    if getattr(args, "lang", None):  # plan text in the script of the label language
        from ..script_convert import to_script
        plan = to_script(plan, args.lang)
    status = analyse(plan)
    labels = Labels(getattr(args, "lang", None) or plan.language)
    context = template_context(status, labels)
    if args.command == "context":
        for path, kind, example in describe(context):
            print(f"{path}\t{kind}\t{example}")
        return EXIT_OK
    from ..fill_pptx import check_pptx_template, fill_pptx
    from ..fill_word import check_word_template, fill_word

    template = Path(args.template)
    charts = chart_blocks(status, labels)
    powerpoint = template.suffix.lower() == ".pptx"
    if args.command == "check-template":
        problems = (check_pptx_template(template, context, charts) if powerpoint else
                    check_word_template(template, context))
        for problem in problems:
            print(printable(str(problem)), file=sys.stderr)
        if not problems:
            print(f"{template}: ok")
        return EXIT_USER if problems else EXIT_OK
    from ..output import write_atomic

    info = document_info(status, labels, template.stem)
    out = output_file(args.out, (template.suffix.lower(),), "filled template")
    if powerpoint:
        write_atomic(out, lambda tmp: fill_pptx(template, context, tmp, info, charts=charts))
    else:
        write_atomic(out, lambda tmp: fill_word(template, context, tmp, info, charts=charts))
    print(out)
    return EXIT_OK
