"""`foi` and `python -m foi`.

`foi build` with nothing to do is answered from the build's stamp (foi.build_stamp) before the
command line, Typer, YAML and SQLite are imported: it is run often (by hand, by scripts, after
every change of a file), and importing them takes far longer than checking the stamp. Every other
command, and any build the stamp cannot vouch for, goes to the command line (foi.cli).
"""
from __future__ import annotations

import sys
import time


def main() -> None:
    if not answered_from_stamp(sys.argv[1:]):
        from .cli import main as cli_main

        cli_main()


# The options of `foi build` that leave its result unchanged or are part of the stamp, as
# foi.cli.build declares them (a test holds the two together); any other word -> the command line.
GLOBAL_VALUE_OPTIONS = {"--workspace", "-w"}
BUILD_VALUE_OPTIONS = {"--jobs", "-j", "--as-of"}
BUILD_FLAGS = {"--json", "--strict"}


def plain_build(args: list[str]) -> tuple[str | None, str, bool] | None:
    """(workspace, day, --json) when `args` are a `foi build` the stamp can answer; else None."""
    values: dict[str, str] = {}
    flags: set[str] = set()
    command_seen = False
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        allowed_values = BUILD_VALUE_OPTIONS if command_seen else GLOBAL_VALUE_OPTIONS
        if name in allowed_values:
            if not equals:
                value = next(words, "")
            if not value or value.startswith("-"):
                return None
            values[name] = value
        elif command_seen and word in BUILD_FLAGS:
            flags.add(word)
        elif not command_seen and word == "build":
            command_seen = True
        else:
            return None
    if not command_seen:
        return None
    jobs = values.get("--jobs", values.get("-j", "1"))
    if not jobs.isdigit() or int(jobs) < 1:
        return None  # the command line says what is wrong with it
    day = values.get("--as-of")
    if day is None:
        day = time.strftime("%Y-%m-%d")  # today here, as date.today() (datetime costs the check a millisecond)
    elif not _looks_like_iso_day(day):
        return None
    return values.get("--workspace", values.get("-w")), day, "--json" in flags


def _looks_like_iso_day(text: str) -> bool:
    """YYYY-MM-DD with a month and a day in range: enough here, as only a stamp whose day is
    this very string can answer, and a stamp's day is one the command line parsed (foi.workspace.parse_date)."""
    year, month, day = text[:4], text[5:7], text[8:]
    return (len(text) == 10 and text[4] == text[7] == "-" and (year + month + day).isascii()
            and (year + month + day).isdigit()
            and 1 <= int(month) <= 12 and 1 <= int(day) <= 31)


def answered_from_stamp(args: list[str]) -> bool:
    """Print the stored report of a build with nothing to do, if `args` ask for one and the
    stamp says nothing has changed; False (nothing printed) otherwise."""
    build = plain_build(args)
    if build is None:
        return False
    from . import build_stamp
    from .errors import FoiError
    from .workspace_root import find_root_path

    workspace, day, json_output = build
    try:
        root = find_root_path(workspace)
    except FoiError:
        return False  # the command line reports it
    report = build_stamp.fresh_report(root, day)
    if report is None:
        return False
    lines = [("out", "", report["json"])] if json_output else report["messages"]
    streams = {"out": sys.stdout, "err": sys.stderr}
    if any(style and streams[stream].isatty() for stream, style, _ in lines):
        return False  # colours on a terminal are rich's to draw
    for stream, _, text in lines:
        streams[stream].write(text + "\n")
    return True


if __name__ == "__main__":
    main()
