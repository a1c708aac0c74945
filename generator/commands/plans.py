"""`validate`, `convert`, `schema` and `fonts`: the plan file itself, and the PDF fonts."""

from __future__ import annotations

import argparse
import json
import sys

from ..cli import EXIT_OK, EXIT_USER, output_file, printable


def validate_arguments(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("plans", nargs="+", help="plan files")


def validate(args: argparse.Namespace) -> int:
    from ..checks import status_warnings
    from ..errors import PlanError
    from ..indicators import analyse
    from ..loader import load_plan

    failed = False
    for name in args.plans:
        try:
            loaded = load_plan(name)
        except PlanError as exc:
            failed = True
            print(printable(str(exc)), file=sys.stderr)
            continue
        plan = loaded.plan
        print(f"{name}: ok ({len(plan.areas)} areas, {len(plan.tasks())} tasks, "
              f"{len(plan.units)} units, {len(plan.updates)} updates)")
        for warning in [*loaded.warnings, *status_warnings(analyse(plan))]:
            print(printable(f"warning: {name}: {warning}"), file=sys.stderr)
        for line in _contact_lines(plan):
            print(printable(line))
    return EXIT_USER if failed else EXIT_OK


def _contact_lines(plan) -> list[str]:
    """`validate`'s list of contacts: per unit, who gets its mail; units without an address."""
    units = [u for u in plan.units if u.contacts]
    if not units:
        return []
    lines = [f"  contacts ({sum(1 for u in units if any(c.email for c in u.contacts))} of "
             f"{len(plan.units)} units have an address):"]
    for unit in units:
        people = "; ".join(" ".join(filter(None, (c.name, c.email and f"<{c.email}>", c.phone)))
                           for c in unit.contacts)
        lines.append(f"    {unit.id}: {people}")
    missing = [u.id for u in plan.units if not any(c.email for c in u.contacts)]
    if missing:
        lines.append(f"    no address: {', '.join(missing)}")
    return lines


def convert_arguments(convert: argparse.ArgumentParser) -> None:
    convert.add_argument("plan", help="the plan file")
    convert.add_argument("--to", choices=("zh-Hans", "zh-Hant"), required=True)
    convert.add_argument("--out", required=True, help="the converted plan to write (.yaml)")


def convert(args: argparse.Namespace) -> int:
    import yaml

    from ..cli import checked_plan  # looked up now: tests replace it
    from ..importers.script import convert_data
    from ..loader import load_plan
    from ..output import write_atomic

    out = output_file(args.out, (".yaml", ".yml"), "converted plan")
    plan = load_plan(args.plan).plan
    data = convert_data(plan.model_dump(mode="json", exclude_defaults=True), args.to)
    data["language"] = args.to
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    write_atomic(out, lambda tmp: checked_plan(tmp, text, out))  # checked, then in place
    print(out)
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:  # noqa: ARG001 - no options
    from ..model import Plan

    print(json.dumps(Plan.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def fonts(args: argparse.Namespace) -> int:  # noqa: ARG001 - no options
    from ..fonts import noto_sans_sc
    from ..render.official_fonts import fandol_faces, noto_sans_tc

    files = noto_sans_sc()
    print(files.regular)
    print(files.bold)
    for extra in (noto_sans_tc(), fandol_faces()):  # zh-Hant; the GB/T 9704 theme
        paths = (extra.values() if isinstance(extra, dict) else
                 (extra.regular, extra.bold) if extra else ())
        for path in paths:
            print(path)
    return EXIT_OK
