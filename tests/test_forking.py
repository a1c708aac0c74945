"""Work in a forked child: its value, or its failure raised in the parent as what it was."""

from __future__ import annotations

import os

import pytest

from generator.errors import PlanError, Problem, TemplateError
from generator.forking import fork_call, run_beside


def test_the_child_computes_while_the_parent_works():
    parent = os.getpid()
    done = []

    result = run_beside(lambda: (os.getpid(), [1, 2, 3]), lambda: done.append(os.getpid()))

    child, value = result
    assert child != parent and value == [1, 2, 3] and done == [parent]


def test_a_plan_error_in_the_child_arrives_whole():
    problem = Problem("plan.yaml", 4, "areas[0].title", "must not be empty")

    def fail():
        raise PlanError([problem])

    with pytest.raises(PlanError) as caught:
        run_beside(fail, lambda: None)

    assert caught.value.problems == [problem]
    assert "plan.yaml:4: areas[0].title: must not be empty" in str(caught.value)


def test_other_user_errors_keep_their_class_and_message():
    def fail():
        raise TemplateError("theme.yaml: no colour 'accent'")

    with pytest.raises(TemplateError, match="no colour 'accent'"):
        fork_call(fail).result()


def test_an_internal_error_is_named_and_a_dead_child_reported():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        fork_call(lambda: 1 / 0).result()
    with pytest.raises(RuntimeError, match="ended abnormally"):
        fork_call(lambda: os._exit(3)).result()


def test_the_child_is_waited_for_when_the_parent_fails():
    def parent_work():
        raise KeyError("parent")

    with pytest.raises(KeyError):
        run_beside(lambda: 42, parent_work)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_children_that_answered_are_reaped_without_being_waited_for():
    import time

    from generator.forking import fork_call

    children = [fork_call(lambda i=i: i * 2) for i in range(3)]
    assert [child.result() for child in children] == [0, 2, 4]

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # reaped at once or by the helper threads
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        time.sleep(0.01)
    else:
        pytest.fail("a child was left unreaped")
