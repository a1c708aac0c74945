"""`plan-briefing send` against a real SMTP server on loopback: one message per unit with its
pack, a record, no duplicates (rerun, kill and restart), refusals and bad input."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from generator.cli import main
from generator.loader import load_plan

from ..conftest import ENGLISH, ROOT

ADDRESSES = {u.id: u.contacts[0].email for u in load_plan(ENGLISH).plan.units}
FROM = ["--from", "Digital Board secretariat <board@example.org>"]


def manifest_hashes(bundle: Path) -> dict[str, str]:
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    return {Path(e["path"]).name: e["sha256"] for e in manifest["files"]}


def units_with_packs(bundle: Path) -> set[str]:
    names = {p.stem.split("-", 1)[1] for p in (bundle / "units").iterdir()}
    return {u.id for u in load_plan(ENGLISH).plan.units if u.name in names}


def involved_units() -> set[str]:
    """Every unit that leads or supports a task: each gets a pack."""
    tasks = [t for a in load_plan(ENGLISH).plan.areas for t in a.tasks]
    return {t.lead for t in tasks} | {u for t in tasks for u in t.support}


PACKS = len(involved_units())


def send(bundle: Path, server: str, *extra: str) -> int:
    return main(["send", str(bundle), "--smtp", server, *FROM, *extra])


def test_each_unit_gets_one_message_with_its_pack(bundle, smtp_server, capsys):
    mailbox, server = smtp_server
    expected = units_with_packs(bundle)

    code = send(bundle, server)

    assert code == 0
    assert expected == involved_units() and len(mailbox.received) == PACKS
    hashes = manifest_hashes(bundle)
    for unit in expected:
        (message,) = mailbox.to(ADDRESSES[unit])
        files = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
        assert sorted(Path(n).suffix for n in files) == [".docx", ".pdf"]
        for name, data in files.items():
            assert hashlib.sha256(data).hexdigest() == hashes[name]
        assert message["From"].addresses[0].addr_spec == "board@example.org"
        assert "tasks of" in message["Subject"]
        assert message.get_body(("html",)) is not None
    record = json.loads((bundle / "delivery.json").read_text(encoding="utf-8"))["messages"]
    assert sorted(record) == sorted(f"pack/{u}" for u in expected)
    entry = record["pack/digital"]
    assert entry["status"] == "sent" and entry["reply"].startswith("250")
    assert entry["to"] == ["digital@example.org"] and entry["message_id"].startswith("<")
    assert {f["sha256"] for f in entry["files"]} <= set(hashes.values())
    (message,) = mailbox.to("digital@example.org")
    assert message["Message-ID"] == entry["message_id"]


def test_a_rerun_sends_nothing_and_resend_sends_one(bundle, smtp_server, capsys):
    mailbox, server = smtp_server
    send(bundle, server)

    again = send(bundle, server)
    forced = send(bundle, server, "--resend", "it")

    assert again == 0 and forced == 0
    assert len(mailbox.received) == PACKS + 1
    assert len(mailbox.to("it@example.org")) == 2
    assert f"0 sent, {PACKS} already sent" in capsys.readouterr().out


def test_a_refused_recipient_leaves_the_others_delivered(bundle, smtp_server, capsys):
    mailbox, server = smtp_server
    mailbox.refuse.add("hr@example.org")

    code = send(bundle, server)

    assert code == 3
    assert len(mailbox.received) == PACKS - 1 and not mailbox.to("hr@example.org")
    out = capsys.readouterr()
    assert "REFUSED       Human Resources" in out.out and "550" in out.out
    record = json.loads((bundle / "delivery.json").read_text(encoding="utf-8"))["messages"]
    assert record["pack/hr"]["status"] == "refused"
    assert "550" in record["pack/hr"]["refused"]["hr@example.org"]

    mailbox.refuse.clear()
    assert send(bundle, server) == 0
    assert len(mailbox.received) == PACKS and len(mailbox.to("hr@example.org")) == 1


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_run_killed_midway_resumes_without_duplicates(bundle, smtp_server):
    mailbox, server = smtp_server
    child: list[subprocess.Popen] = []

    def kill_on_third(address: str, count: int) -> None:
        if count == 3:  # the third message is in flight: its record entry says pending
            os.kill(child[0].pid, signal.SIGKILL)
            child[0].wait()

    mailbox.on_rcpt = kill_on_third
    child.append(subprocess.Popen(
        [sys.executable, "-m", "generator", "send", str(bundle), "--smtp", server, *FROM],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    assert child[0].wait(timeout=120) == -signal.SIGKILL
    assert len(mailbox.received) == 2
    record = json.loads((bundle / "delivery.json").read_text(encoding="utf-8"))["messages"]
    assert sorted(e["status"] for e in record.values()) == ["pending", "sent", "sent"]
    pending_id = next(e["message_id"] for e in record.values() if e["status"] == "pending")
    mailbox.on_rcpt = None

    assert send(bundle, server) == 0

    addresses = [rcpt for rcpts, _ in mailbox.received for rcpt in rcpts]
    assert sorted(addresses) == sorted(ADDRESSES[u] for u in units_with_packs(bundle))
    assert pending_id in {m["Message-ID"] for _, m in mailbox.received}


def test_dry_run_writes_eml_files_that_parse(bundle, tmp_path, capsys):
    outbox = tmp_path / "outbox"

    code = main(["send", str(bundle), "--dry-run", "--outbox", str(outbox), *FROM,
                 "--format", "pdf"])

    assert code == 0
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == PACKS
    for file in files:
        message = message_from_bytes(file.read_bytes(), policy=policy.default)
        (attachment,) = message.iter_attachments()
        assert attachment.get_filename().endswith(".pdf")
        assert message["To"].addresses[0].domain == "example.org"
    assert not (bundle / "delivery.json").exists()
    assert "would send" in capsys.readouterr().out


@pytest.mark.parametrize("damage, expected", [
    (lambda b: (b / "manifest.json").unlink(), "no manifest.json"),
    (lambda b: next((b / "units").glob("*.pdf")).write_bytes(b"%PDF-1.4 changed"),
     "changed since the build"),
    (lambda b: next((b / "units").glob("*.docx")).unlink(), "missing"),
], ids=["no-manifest", "changed-file", "missing-file"])
def test_a_bundle_that_does_not_match_is_refused(bundle, smtp_server, capsys, damage, expected):
    mailbox, server = smtp_server
    damage(bundle)

    code = send(bundle, server)

    assert code == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert not mailbox.received and not (bundle / "delivery.json").exists()


def test_an_unreachable_server_is_a_clear_error(bundle, capsys):
    from .conftest import free_port

    code = send(bundle, f"127.0.0.1:{free_port()}")

    assert code == 2
    err = capsys.readouterr().err
    assert "cannot reach the mail server" in err and "connection refused" in err
    record = json.loads((bundle / "delivery.json").read_text(encoding="utf-8")) \
        if (bundle / "delivery.json").exists() else {"messages": {}}
    assert not [e for e in record["messages"].values() if e["status"] == "sent"]


def test_an_authentication_failure_is_a_clear_error(bundle, monkeypatch, capsys):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from .conftest import Mailbox, free_port

    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, auth_require_tls=False,
                            authenticator=lambda *args: AuthResult(success=False,
                                                                     handled=False))
    controller.start()
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    try:
        code = send(bundle, f"127.0.0.1:{port}", "--user", "sec",
                    "--password-env", "TEST_SMTP_PASSWORD")
    finally:
        controller.stop()

    assert code == 2
    assert "refused the user name or password for 'sec'" in capsys.readouterr().err
    assert not mailbox.received


@pytest.mark.parametrize("extra, expected", [
    (["--user", "sec", "--password-env", "NO_SUCH_VARIABLE_X"], "is not set"),
    (["--user", "sec"], "--user needs --password-env"),
    (["--max-mb", "0.01"], "over the limit of --max-mb 0.01 MB"),
    (["--resend", "nobody"], "no such unit id"),
], ids=["password-unset", "no-password-env", "too-large", "unknown-resend"])
def test_bad_options_are_refused_before_anything_is_sent(bundle, smtp_server, capsys, extra,
                                                         expected):
    mailbox, server = smtp_server

    code = send(bundle, server, *extra)

    assert code == 2
    assert expected in capsys.readouterr().err
    assert not mailbox.received


def test_a_malformed_sender_is_refused(bundle, smtp_server, capsys):
    mailbox, server = smtp_server

    code = main(["send", str(bundle), "--smtp", server, "--from", "secretariat at example"])

    assert code == 2
    assert "--from" in capsys.readouterr().err
    assert not mailbox.received


def test_one_of_two_contacts_refused_is_reported_and_the_other_gets_it(bundle, smtp_server,
                                                                       tmp_path, capsys):
    mailbox, server = smtp_server
    mailbox.refuse.add("it-deputy@example.org")
    plan = tmp_path / "two-contacts.yaml"
    plan.write_text(ENGLISH.read_text(encoding="utf-8").replace(
        "contacts: [{name: IT liaison, email: it@example.org}]",
        "contacts: [{name: IT liaison, email: it@example.org},\n"
        "                {name: IT deputy, email: it-deputy@example.org}]"), encoding="utf-8")

    code = send(bundle, server, "--plan", str(plan))

    assert code == 3
    assert len(mailbox.to("it@example.org")) == 1 and len(mailbox.received) == PACKS
    assert "it-deputy@example.org: 550" in capsys.readouterr().out
    record = json.loads((bundle / "delivery.json").read_text(encoding="utf-8"))["messages"]
    assert record["pack/it"]["status"] == "sent"
    assert list(record["pack/it"]["refused"]) == ["it-deputy@example.org"]


def test_starttls_on_a_server_without_it_is_a_clear_error(bundle, smtp_server, capsys):
    mailbox, server = smtp_server

    code = send(bundle, server, "--starttls")

    assert code == 2
    assert "does not support this" in capsys.readouterr().err
    assert not mailbox.received


def test_a_pack_that_changed_since_it_was_sent_goes_again(bundle, smtp_server):
    mailbox, server = smtp_server
    send(bundle, server)
    record_file = bundle / "delivery.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["messages"]["pack/waste"]["files"][0]["sha256"] = "0" * 64  # sent before a rebuild
    record_file.write_text(json.dumps(record), encoding="utf-8")

    assert send(bundle, server) == 0

    assert len(mailbox.received) == PACKS + 1 and len(mailbox.to("waste@example.org")) == 2
