"""Docs that cannot drift: the README's first screen, CI, commands and settings."""

from __future__ import annotations

import re

from marsad.cli import app
from marsad.settings import SETTINGS

from ..conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def first_screen_commands() -> list[str]:
    first = "\n".join(README.splitlines()[:25])
    block = re.search(r"```sh\n(.*?)```", first, re.S)
    assert block, "the README's first screen must show a shell block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_first_screen_has_exactly_two_commands() -> None:
    assert first_screen_commands() == ["make demo", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = first_screen_commands()[1]
    assert any(line.strip() == test_cmd for line in ci.splitlines())


def test_every_command_is_documented() -> None:
    import typer.main

    group = typer.main.get_group(app)
    for name in group.commands:
        assert f"marsad {name}" in README, f"README does not mention 'marsad {name}'"


def test_every_setting_is_documented() -> None:
    for s in SETTINGS:
        assert f"`{s.name}`" in README, f"README does not document setting {s.name}"
