"""The README documents every command and every setting."""

import click

from negosim.cli import main
from negosim.config import PROJECT_DIR, defaults

README = (PROJECT_DIR / "README.md").read_text("utf-8")


def commands(group: click.Group, prefix: str = "negosim"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def test_every_command_is_in_the_readme():
    missing = [c for c in commands(main) if f"`{c}" not in README]
    assert missing == []


def test_every_setting_is_in_the_readme():
    missing = [k for k in defaults("/tmp") if f"`NEGOSIM_{k}`" not in README]
    assert missing == []


def test_the_readme_gives_the_two_commands_and_the_gunicorn_line():
    assert "make run" in README and "make test" in README
    assert "gunicorn -w 1 --threads" in README and "--no-control-socket" in README
