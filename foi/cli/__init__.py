"""The `foi` command line: one Typer sub-app per module, each a thin shell over the library."""
from __future__ import annotations

import sqlite3
from typing import Optional

import click
import typer
from typer.core import TyperGroup

from ..errors import FoiError


class FoiGroup(TyperGroup):
    """Shows a user's mistake as one line on standard error, without a traceback."""

    # Typer hands every command its own Context; its base class names the click it bundles, which it keeps private
    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except FoiError as e:  # DocumentError too: it is a FoiError
            where = getattr(e, "path", None)
            click.echo(f"Error: {where}: {e}" if where else f"Error: {e}", err=True)
            raise typer.Exit(1) from None
        except sqlite3.DatabaseError as e:  # foi.db damaged or replaced: `foi build` sets it aside
            click.echo(f"Error: foi.db cannot be read ({e}); it is a build product: `foi build` sets a broken one "
                       "aside and builds it again", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=FoiGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Send FOI requests to UK police forces, track the statutory deadlines, and compare the answers.",
)


@app.callback()
def main_options(
    ctx: typer.Context,
    workspace: Optional[str] = typer.Option(
        None, "--workspace", "-w", envvar="FOI_WORKSPACE", help="The workspace folder (default: found from here upwards)."
    ),
):
    ctx.obj = {"workspace": workspace}


from . import build, cases, documents, figures, forces, workspace  # noqa: E402  (sub-apps register on import)
from . import publish  # noqa: E402
from . import mail  # noqa: E402

app.add_typer(workspace.app)
app.add_typer(workspace.request_app, name="request", help="Write request files.")
app.add_typer(forces.app)
app.add_typer(cases.app)
app.add_typer(build.app)
app.add_typer(mail.app)
app.add_typer(mail.inbox_app, name="inbox", help="Import replies from email: .eml files, mbox files, Maildir folders.")
app.add_typer(documents.app)
app.add_typer(documents.response_app, name="response", help="Store the documents forces send back.")
app.add_typer(figures.app)
app.add_typer(publish.app)
from . import categories; app.add_typer(categories.app)  # noqa: E402,E702


def main() -> None:
    app()
