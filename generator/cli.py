"""Command line: `plan-briefing COMMAND …` (see `generator/commands/`), exit codes, errors."""

from __future__ import annotations

import argparse
import errno
import gc
import os
import sys
from collections.abc import Sequence

from . import __version__
from .errors import GeneratorError

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


def make_parser() -> argparse.ArgumentParser:
    """The argument parser, its subcommands from the command table (exposed for the docs
    test)."""
    from .commands import add_commands

    parser = argparse.ArgumentParser(
        prog="plan-briefing",
        description="Turn a work plan (YAML/JSON) into meeting briefings and status reports "
                    "in DOCX, PPTX and PDF.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    add_commands(parser)
    return parser


def run() -> None:
    """The console entry point: `main`, then an exit that skips tearing the interpreter's
    objects down one by one (≈ 0.1-0.2 s after a large build). Nothing is pending by then:
    every output was written, synced and renamed before `main` returned, and the worker pool
    is closed; only the standard streams are flushed here."""
    try:
        code = main()
    except KeyboardInterrupt:  # between `main`'s own handlers (start-up, its last line)
        print(INTERRUPTED, file=sys.stderr)
        code = 130
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader went away: nothing more to say to it
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line; returns the exit code (0 ok, 2 user error, 1 internal error)."""
    # A build allocates millions of short-lived objects and few cycles: collecting the
    # youngest generation every 700 allocations (the default) costs ≈ 10-15% of a run.
    gc.set_threshold(50_000, 20, 100)
    args = None
    try:
        args = make_parser().parse_args(argv)
        return _run(args)
    except GeneratorError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    except OSError as exc:
        message = output_problem(exc)
        if message is None:
            return _internal(exc, args)
        print(f"error: {printable(message)}", file=sys.stderr)
        return EXIT_USER
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        return _internal(exc, args)


INTERRUPTED = ("interrupted: no file was left half-written; a file finished before the "
               "interruption may have replaced its previous version, the others are unchanged "
               "(a meeting bundle is replaced only once it is complete)")
"""What Ctrl-C prints: every file is renamed into place whole, one at a time."""

_OUTPUT_ERRNOS = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EACCES: "no permission (read-only, or another user's); fix the permissions or "
                  "choose another --out",
    errno.EPERM: "not permitted (another user's?); fix the permissions or choose another --out",
    errno.EROFS: "the file system is read-only; choose another --out",
    errno.ENOTDIR: "a file is in the way where a folder is needed; move it or choose another "
                   "--out",
    errno.EEXIST: "a file is in the way where a folder is needed; move it or choose another "
                  "--out",
    errno.EISDIR: "a folder has the name of a file to write; move it away or choose another "
                  "--out",
    errno.ENOTEMPTY: "a folder has the name of a file to write; move it away or choose "
                     "another --out",
    errno.ENAMETOOLONG: "the path is too long for this system; choose a shorter --out",
}


def output_problem(exc: OSError) -> str | None:
    """A user's message for a file-system error a user can fix (full disk, permissions, a
    file or folder in the way), naming the path; None for anything else."""
    reason = _OUTPUT_ERRNOS.get(exc.errno)
    if reason is None:
        return None
    where = next((name for name in (exc.filename2, exc.filename) if name is not None),
                 "the output")
    return f"{where}: {reason}"


def printable(text: str) -> str:
    """`text` with control characters other than line breaks and tabs shown as escapes, so
    that terminal escape sequences in data (a YAML key, a file name) never reach a terminal."""
    return "".join(c if c in "\n\t" or (c.isprintable() and c not in "\x1b\x9b")
                   else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in text)


def _internal(exc: BaseException, args) -> int:
    if args is not None and args.debug:
        raise exc
    print(f"internal error: {type(exc).__name__}: {printable(str(exc))}\n(run again with "
          "--debug for the details, and report it)", file=sys.stderr)
    return EXIT_INTERNAL


def output_file(name: str, suffixes: tuple[str, ...], what: str):
    """The `--out` file of a command that writes one file: refused before anything is read
    or written when it is a folder or does not end in one of `suffixes`."""
    from pathlib import Path

    from .errors import OutputError

    out = Path(name)
    if out.is_dir():
        raise OutputError(f"{out}: is a folder; --out names the {what} to write, e.g. "
                          f"{out / ('result' + suffixes[0])}")
    if out.suffix.lower() not in suffixes:
        raise OutputError(f"{out}: --out must end in {' or '.join(suffixes)} (the {what} to "
                          "write)")
    return out


def checked_plan(tmp, text: str, out) -> None:
    """Writes `text` to `tmp` and validates it as a plan (problems named by `out`), so that a
    plan that would be refused never replaces the file at `out`."""
    import dataclasses

    from .errors import PlanError
    from .loader import load_plan

    tmp.write_text(text, encoding="utf-8")
    try:
        load_plan(tmp)
    except PlanError as exc:
        raise PlanError([dataclasses.replace(p, file=str(out)) for p in exc.problems]) from None


def _run(args: argparse.Namespace) -> int:
    from .commands import COMMANDS

    for command in COMMANDS:
        if command.name == args.command:
            return command.run(args)
    raise AssertionError(args.command)
