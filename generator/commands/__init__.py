"""The command table: each command's name, help, arguments and handler, in the order of
`plan-briefing --help`. A handler imports what it needs when it runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from . import build, drafts, mail, plans, returns, templates


def _none(parser: argparse.ArgumentParser) -> None:  # noqa: ARG001 - a command without options
    return None


@dataclass(frozen=True)
class Command:
    """One subcommand: `arguments(parser)` sets up its parser, `run(args)` returns the exit
    code."""

    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: tuple[Command, ...] = (
    Command("build", "write reports for a plan (default: the sample plan)",
            "Write the briefing and status report for a plan.", build.arguments, build.run),
    Command("validate", "check plan files and list every problem",
            "Check plan files; exit 2 if any has problems.",
            plans.validate_arguments, plans.validate),
    Command("import-text", "draft a plan file from a plan's own text",
            "Draft a plan (YAML) from the text of a notice or meeting report: areas, tasks, "
            "units; review it before use.", drafts.text_arguments, drafts.import_text),
    Command("import-sheet", "a plan file from a task breakdown table",
            "Make a plan (YAML) from a task breakdown table (任务分工表) in .xlsx, .xls or "
            ".csv; review it before use.", drafts.sheet_arguments, drafts.import_sheet),
    Command("returns", "write a status-return workbook per lead unit",
            "Write one .xlsx per lead unit: its tasks, current status, and columns to fill in.",
            returns.returns_arguments, returns.returns),
    Command("read-returns", "read filled-in returns as a status update",
            "Read filled-in return workbooks as one dated status update, saved beside the plan "
            "in PLAN.updates/DATE.yaml.", returns.read_arguments, returns.read_returns),
    Command("round", "which units returned, partly, refused, missing",
            "Show the return round of DATE: one line per lead unit with its state, the "
            "deadline and what is missing or why its return was refused.",
            returns.round_arguments, returns.round_),
    Command("convert", "a plan's text in Simplified or Traditional Chinese",
            "Write a copy of a plan with all its text converted between Simplified and "
            "Traditional Chinese (OpenCC: the script changes, the wording stays).",
            plans.convert_arguments, plans.convert),
    Command("context", "list the variables fill-in templates can use",
            "List every template variable with its type and its value for the plan (default: "
            "the sample plan).", templates.context_arguments, templates.run),
    Command("fill", "fill your own Word or PowerPoint template",
            "Fill a Word (.docx) or PowerPoint (.pptx) template with tags with the plan's data; "
            "see README 'Use your own template'.", templates.fill_arguments, templates.run),
    Command("check-template", "check a template before a meeting",
            "Report every problem of a Word or PowerPoint template (syntax, unknown variables, "
            "a trial fill) with its place (paragraph; slide and shape).",
            templates.check_arguments, templates.run),
    Command("send", "mail each unit its pack from a meeting bundle",
            "Mail each unit with a contact address its pack from a meeting bundle (checked "
            "against manifest.json first); every message is kept in delivery.json, nothing is "
            "sent twice. Exit 3 when some recipients were refused and the others got theirs.",
            mail.send_arguments, mail.send),
    Command("remind", "chase (催办) units that have not returned",
            "Mail a reminder with its return workbook to each unit whose return for the round "
            "is not in; recorded in delivery.json like `send`, each kind once per round.",
            mail.remind_arguments, mail.remind),
    Command("schema", "print the plan format as JSON Schema",
            "Print a JSON Schema of the plan format for editors.", _none, plans.schema),
    Command("fonts", "prepare the PDF fonts once (a first build does it too)",
            "Prepares the fonts PDFs embed: Noto Sans SC, Noto Sans TC (zh-Hant) and, where TeX "
            "Live's Fandol faces are installed, the GB/T 9704 theme's.", _none, plans.fonts),
)


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Every command of the table as a subcommand of `parser` (its handler in `run`)."""
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help,
                                    description=command.description)
        command.arguments(sub)
        sub.set_defaults(run=command.run)


__all__ = ["COMMANDS", "Command", "add_commands"]
