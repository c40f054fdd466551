"""The README documents every command and every option (a habit borrowed from sqlite-utils)."""
import re
from pathlib import Path

import typer.main

from foi.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def walk(command, path: list[str]):
    # Typer vendors its own click: look at what a command has, not at its class.
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from walk(sub, path + [name])
    else:
        yield path, command


def commands():
    return list(walk(typer.main.get_command(app), ["foi"]))


def test_every_command_is_in_the_readme():
    missing = [" ".join(path) for path, _ in commands()
               if not re.search("`" + re.escape(" ".join(path)) + r"[ `]", README)]
    assert missing == []


def test_every_option_is_in_the_readme():
    missing = []
    for path, command in commands():
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                names = [o for o in param.opts if o.startswith("--") and o != "--help"]
                if names and not any(re.search(re.escape(name) + r"\b(?!-)", README) for name in names):
                    missing.append(f"{' '.join(path)} {names[0]}")
    assert missing == []
