"""`foi forces`."""
from __future__ import annotations

import typer

from .common import console, print_json

app = typer.Typer()


@app.command("forces")
def forces_cli(json_output: bool = typer.Option(False, "--json", help="Print JSON.")):
    """The built-in list of forces, with nation, law and FOI address, and the group names."""
    from rich.table import Table

    from ..forces import GROUPS, all_forces, group_members

    forces = all_forces().values()
    if json_output:
        print_json(
            [
                {"id": f.id, "name": f.name, "nation": f.nation, "law": f.law or None, "foi_email": f.foi_email or None}
                for f in forces
            ]
        )
        return
    table = Table("id", "name", "nation", "law", "FOI address")
    for f in forces:
        table.add_row(f.id, f.name, f.nation, f.law or "not subject to FOI", f.foi_email or "(unknown)")
    console.print(table)
    console.print("Groups: " + "; ".join(f"{g} ({len(group_members(g))})" for g in GROUPS))
