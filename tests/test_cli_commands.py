"""The command table (`generator.commands`): every command in the parser, in the table's
order, and each dispatched to its own handler."""

from __future__ import annotations

import dataclasses

import pytest

from generator import cli, commands
from generator.cli import main, make_parser


def test_the_parser_offers_the_table_s_commands_in_its_order():
    parser = make_parser()

    names = list(parser._subparsers._group_actions[0].choices)

    assert names == [command.name for command in commands.COMMANDS]
    assert len(names) == len(set(names)) == 15


@pytest.mark.parametrize("name", [c.name for c in commands.COMMANDS])
def test_each_command_runs_its_own_handler(name, monkeypatch):
    seen = []
    table = tuple(dataclasses.replace(c, run=lambda args, c=c: seen.append((c.name, args)) or 7)
                  for c in commands.COMMANDS)
    monkeypatch.setattr(commands, "COMMANDS", table)
    required = {"validate": ["p.yaml"], "import-text": ["s.txt"], "import-sheet": ["s.csv"],
                "returns": ["p.yaml"], "read-returns": ["p.yaml", "r.xlsx", "--date", "2020-01-01"],
                "round": ["p.yaml", "--date", "2020-01-01"], "fill": ["t.docx", "--out", "o.docx"],
                "convert": ["p.yaml", "--to", "zh-Hant", "--out", "o.yaml"],
                "check-template": ["t.docx"], "send": ["folder", "--from", "a@b.c"],
                "remind": ["p.yaml", "--date", "2020-01-01", "--from", "a@b.c"]}

    code = main([name, *required.get(name, [])])

    assert code == 7
    assert [n for n, _ in seen] == [name] and seen[0][1].command == name


def test_a_handler_s_user_error_is_exit_2_without_a_traceback(capsys):
    code = main(["build", "--scheduler", "tcp://127.0.0.1:1"])

    assert code == cli.EXIT_USER
    assert capsys.readouterr().err == ("error: --scheduler works with --per unit (the meeting "
                                       "bundle)\n")
