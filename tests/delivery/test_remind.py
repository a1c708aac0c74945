"""`remind`: the choice of units from hand-made rounds (pure), then mail with the return
workbook attached, recorded, once per kind and round."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.delivery.remind import choose_reminders, reminder_messages
from generator.importers.round import UnitRound
from generator.loader import load_plan

from ..conftest import ENGLISH, SAMPLE

DUE = dt.date(2021, 7, 10)


def unit(uid: str, state: str, expected: int = 2, returned: int = 0) -> UnitRound:
    return UnitRound(uid, uid.title(), state, expected, returned, f"{state} detail", None)


ROUND = [unit("digital", "returned", 2, 2), unit("customer", "partly", 2, 1),
         unit("it", "refused"), unit("waste", "missing")]


@pytest.mark.parametrize("today, before, expected", [
    (dt.date(2021, 7, 1), 0, []),
    (dt.date(2021, 7, 1), 3, []),
    (dt.date(2021, 7, 7), 3, [("customer", "early", 3), ("it", "early", 3),
                              ("waste", "early", 3)]),
    (DUE, 0, [("customer", "early", 0), ("it", "early", 0), ("waste", "early", 0)]),
    (dt.date(2021, 7, 12), 3, [("customer", "late", 2), ("it", "late", 2),
                               ("waste", "late", 2)]),
], ids=["too-early", "before-window", "in-window", "due-day", "late"])
def test_units_not_returned_are_chosen_by_the_deadline(today, before, expected):
    chosen, notes = choose_reminders(ROUND, today=today, due=DUE, before=before)

    assert [(r.unit.unit_id, r.kind, r.days) for r in chosen] == expected
    assert any(n.startswith("Digital: returned") for n in notes)


def test_without_a_deadline_every_unit_not_returned_is_chased():
    chosen, _ = choose_reminders(ROUND, today=DUE, due=None)

    assert [(r.unit.unit_id, r.kind) for r in chosen] == [
        ("customer", "chase"), ("it", "chase"), ("waste", "chase")]


def test_a_unit_without_an_address_is_named_not_mailed(tmp_path):
    plan = load_plan(ENGLISH).plan
    stranger = unit("nobody", "missing")
    chosen, _ = choose_reminders([stranger, unit("it", "missing")], today=DUE, due=DUE)
    book = tmp_path / "it.xlsx"
    book.write_bytes(b"x")

    outgoing, notes = reminder_messages(chosen, plan, round_date=dt.date(2021, 7, 31), due=DUE,
                                        workbooks={"it": book}, sender_name="Board")

    assert [o.key for o in outgoing] == ["remind/2021-07-31/early/it"]
    assert outgoing[0].files == (book,) and outgoing[0].values["days"] == "0"
    assert "no contact e-mail" in notes[0] and "nobody" in notes[0]


@pytest.fixture
def fake_round(monkeypatch):
    """round_status answering from ROUND (the real one is the inputs branch's)."""
    calls = []

    def round_status(plan_path, date, *, due=None, returns_dir=None):
        calls.append((Path(plan_path).name, date, due, returns_dir))
        return ROUND

    monkeypatch.setattr("generator.importers.round.round_status", round_status)
    return calls


def remind(tmp_path: Path, server: str, *extra: str) -> int:
    plan = tmp_path / ENGLISH.name
    if not plan.exists():
        shutil.copy(ENGLISH, plan)
    return main(["remind", str(plan), "--date", "2021-07-31", "--due", str(DUE),
                 "--today", "2021-07-12", "--returns", str(tmp_path / "returns"),
                 "--smtp", server, "--from", "board@example.org", *extra])


def test_remind_mails_each_late_unit_its_workbook_once(tmp_path, smtp_server, fake_round,
                                                       capsys):
    from openpyxl import load_workbook

    mailbox, server = smtp_server

    first = remind(tmp_path, server)
    second = remind(tmp_path, server)

    assert first == 0 and second == 0
    assert sorted(r for rcpts, _ in mailbox.received for r in rcpts) == [
        "customer@example.org", "it@example.org", "waste@example.org"]
    (message,) = mailbox.to("it@example.org")
    assert message["Subject"].strip() == "Overdue: status return of IT Operations for " \
        "Digital Services Plan 2021"
    assert "was due on 10 Jul 2021: 2 day(s) ago" in message.get_body(("plain",)).get_content()
    (attachment,) = message.iter_attachments()
    saved = tmp_path / "attachment.xlsx"
    saved.write_bytes(attachment.get_content())
    meta = {r[0]: r[1] for r in load_workbook(saved)["meta"].iter_rows(values_only=True)}
    assert meta["unit"] == "it"
    record = json.loads((tmp_path / "returns" / "delivery.json").read_text(encoding="utf-8"))
    assert sorted(record["messages"]) == [f"remind/2021-07-31/late/{u}"
                                          for u in ("customer", "it", "waste")]
    assert fake_round[0][1:3] == (dt.date(2021, 7, 31), DUE)
    assert "0 sent, 3 already sent" in capsys.readouterr().out


@pytest.mark.needs_round
def test_remind_on_the_sample_round(tmp_path, smtp_server):
    from generator.importers.round import round_status

    plan = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, plan)
    date = dt.date(2020, 10, 31)
    try:
        rounds = round_status(plan, date, due=dt.date(2020, 10, 25))
    except NotImplementedError:
        pytest.skip("round_status is still the placeholder (the inputs branch provides it)")
    mailbox, server = smtp_server
    waiting = {r.unit_id for r in rounds if r.state != "returned"}

    code = main(["remind", str(plan), "--date", "2020-10-31", "--due", "2020-10-25",
                 "--today", "2020-10-28", "--returns", str(tmp_path / "returns"),
                 "--smtp", server, "--from", "office@example.org"])

    assert code == 0
    received = {r.split("@")[0] for rcpts, _ in mailbox.received for r in rcpts}
    assert received == waiting
    assert all(len(list(m.iter_attachments())) == 1 for _, m in mailbox.received)
