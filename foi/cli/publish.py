"""`foi serve` and `foi publish`."""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import typer
from rich.markup import escape

from .common import console, err_console, get_workspace, print_json

app = typer.Typer()

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_cli(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8001, "--port", help="Port to listen on."),
):
    """Serve the workspace's foi.db with Datasette (with its metadata, charts and table pictures)."""
    from .. import publish as publish_mod  # here: the other commands need not load it

    ws = get_workspace(ctx)
    if host not in LOOPBACK:
        err_console.print(
            f"[yellow]Listening on {host}: foi.db holds private notes and email details; "
            "for readers, serve the bundle that `foi publish` writes.[/yellow]",
            highlight=False,
        )
    # serve() checks the database and the port before it prints anything
    base = publish_mod.url(host, port).rstrip("/")

    def ready() -> None:
        pages = "".join(f"  request page:    {base}/request/{slug}\n" for slug in publish_mod.request_slugs(ws))
        console.print(
            f"Serving {ws.db_path} at {base}/ (Ctrl-C to stop)\n"
            + pages +
            f"  compare forces:  {base}/foi/comparison\n"
            f"  charts:          {base}/-/dashboards/compare\n"
            f"  outstanding:     {base}/foi/outstanding",
            highlight=False,
        )

    def drawn(report) -> None:
        for rel, why in report.failed:
            err_console.print(f"[yellow]picture {rel} not drawn: {escape(why)}[/yellow]", highlight=False)

    if err_console.is_terminal:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("drawing the tables' pictures"), BarColumn(), MofNCompleteColumn(),
                      console=err_console, transient=True) as bar:
            task = bar.add_task("", total=None)

            def drawn_here(report) -> None:
                bar.stop()  # the bar ends with the drawing: serving goes on until interrupted
                drawn(report)

            publish_mod.serve(ws, host=host, port=port, ready=ready, drawn=drawn_here,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        publish_mod.serve(ws, host=host, port=port, ready=ready, drawn=drawn)


@app.command("publish")
def publish_cli(
    ctx: typer.Context,
    outdir: Path = typer.Argument(..., help="A new or empty folder, or a previous bundle to replace."),
    json_output: bool = typer.Option(False, "--json", help="Print JSON."),
    no_requester: bool = typer.Option(
        False, "--no-requester",
        help="Publish without foi.local.yml's requester: there is nobody's name or address to take out of the letters.",
    ),
):
    """Write a public bundle: the database without private data, crops, metadata, and how to serve it."""
    from .. import publish as publish_mod  # here: the other commands need not load it

    ws = get_workspace(ctx)
    with err_console.status(f"publishing to {outdir} ...") if err_console.is_terminal and not json_output else nullcontext():
        report = publish_mod.publish(ws, outdir, no_requester=no_requester)
    if json_output:
        print_json({
            "outdir": str(report.outdir), "database": str(report.database), "tables": report.tables,
            "views": report.views, "crops": report.crops, "left_out_of_metadata": report.dropped,
            "warnings": report.warnings, "serve_command": report.serve_command,
        })
        return
    for problem in report.warnings:
        err_console.print(f"[yellow]{problem}[/yellow]", highlight=False)
    tables = ", ".join(f"{name} {count}" for name, count in report.tables.items())
    console.print(f"published {report.outdir}: {tables}; {report.crops} table pictures", highlight=False)
    if report.dropped:
        console.print(f"left out of metadata.yml (not public): {', '.join(report.dropped)}", highlight=False)
    console.print(f"serve it with:\n  cd {report.outdir}\n  {report.serve_command}", highlight=False, soft_wrap=True)
