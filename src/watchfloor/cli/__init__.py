"""The ``watchfloor`` command line. One module per command; each ``<cmd>_cli`` parses and checks
its options, then calls a plain function of the package.

Exit codes: 0 everything worked; 1 the command ran but some inputs failed (they are listed);
2 usage error: a bad option or setting, or a database that cannot be opened.
"""

from __future__ import annotations

import typer

from ..errors import WatchfloorError
from . import output

app = typer.Typer(
    name="watchfloor",
    help="Turn news articles into event data: ingest, process, inspect, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_commands() -> None:
    from . import (
        actors,
        alerts,
        dyad,
        evaluate,
        events,
        export,
        extract,
        ingest,
        mentions,
        process,
        quotes,
        report,
        run,
        show,
        stats,
    )

    for module in (
        ingest,
        process,
        run,
        stats,
        show,
        quotes,
        mentions,
        events,
        dyad,
        alerts,
        report,
        actors,
        extract,
        export,
        evaluate,
    ):
        module.register(app)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run a command and return its exit code."""
    try:
        app(args=argv, prog_name="watchfloor")
    except SystemExit as e:  # click ends every command this way, usage errors with code 2
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except WatchfloorError as e:
        output.error(str(e))
        return 2
    except KeyboardInterrupt:
        output.error("interrupted; finished batches are stored, re-run to continue")
        return 130
    return 0
