"""`patching.patched`: a hook for the length of a block, and afterwards what was there."""

from __future__ import annotations

import types

import pytest

from generator.patching import patched


class Base:
    def hello(self):
        return "base"


class Child(Base):
    def own(self):
        return "own"


def test_an_own_attribute_is_the_same_object_again():
    original = vars(Child)["own"]
    with patched(Child, "own", lambda self: "hooked"):
        assert Child().own() == "hooked"
    assert vars(Child)["own"] is original


def test_an_inherited_attribute_is_inherited_again_even_after_an_error():
    with pytest.raises(KeyError), patched(Child, "hello", lambda self: "hooked"):
        assert Child().hello() == "hooked"
        raise KeyError("inside")
    assert "hello" not in vars(Child) and Child().hello() == "base"


def test_module_attributes():
    module = types.ModuleType("m")
    module.value = 1
    with patched(module, "value", 2):
        assert module.value == 2
    assert module.value == 1
