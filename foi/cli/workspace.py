"""`foi init` and `foi request new`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .. import workspace as ws_mod
from .common import console, get_workspace

app = typer.Typer()
request_app = typer.Typer(no_args_is_help=True)


@app.command("init")
def init_cli(directory: Path = typer.Argument(Path("."), help="Where to create the workspace.")):
    """Create a workspace: requests/, responses/, metadata.yml and a .gitignore."""
    ws, created = ws_mod.init_workspace(directory)
    for path in created:
        console.print(f"created {path}")
    console.print(f"Workspace ready at {ws.root}. Next: `foi request new SLUG`.")


@request_app.command("new")
def request_new_cli(
    ctx: typer.Context,
    slug: str = typer.Argument(..., help="Short name for the request, e.g. obscene-images."),
    title: Optional[str] = typer.Option(None, help="The request's title."),
    to: Optional[list[str]] = typer.Option(None, "--to", help="Force ids or groups (repeatable); default england-wales."),
):
    """Scaffold requests/SLUG.yml to edit."""
    path = ws_mod.new_request(get_workspace(ctx), slug, title=title, to=to)
    console.print(f"created {path}: edit its body, recipients and measures, then `foi send {slug}`.")
