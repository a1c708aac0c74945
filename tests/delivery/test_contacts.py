"""Contacts in the plan: checked as RFC 5322 addresses with file, line and path; listed by
`validate`; present on every unit of the sample plans."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.errors import PlanError
from generator.loader import load_plan

from ..conftest import ENGLISH, SAMPLE

PLAN = """title: T
organisation: O
period: {start: 2021-01-01, end: 2021-12-31}
as_of: 2021-06-30
next_meeting: {title: M, date: 2021-07-14}
language: en
units:
  - id: a
    name: A
    contacts:
      - {name: Ann, email: ann@example.org, phone: "+44 20 7946 0000"}
      - name: Bob
        email: %s
areas:
  - id: x
    title: X
    tasks: [{id: T1, title: Task, lead: a}]
"""


@pytest.mark.parametrize("plan", [SAMPLE, ENGLISH], ids=["zh", "en"])
def test_every_sample_unit_has_an_example_org_address(plan):
    units = load_plan(plan).plan.units

    assert units and all(u.contacts and u.contacts[0].email.endswith("@example.org")
                         for u in units)


@pytest.mark.parametrize("email", ["bob", "bob@@example.org", "bob@example",
                                   "bob smith@example.org", "'bob@example.org, eve@example.org'",
                                   "鲍勃@example.org"])
def test_a_malformed_address_names_file_line_and_field(tmp_path, email):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN % email, encoding="utf-8")

    with pytest.raises(PlanError) as caught:
        load_plan(path)

    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (str(path), 13,
                                                          "units[0].contacts[1].email")
    assert "e-mail address" in problem.message or "mail domain" in problem.message


def test_validate_lists_the_contacts(tmp_path, capsys):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN % "bob@example.org", encoding="utf-8")

    assert main(["validate", str(path)]) == 0

    out = capsys.readouterr().out
    assert "contacts (1 of 1 units have an address)" in out
    assert "a: Ann <ann@example.org> +44 20 7946 0000; Bob <bob@example.org>" in out
