"""`congvan serve`: the analysts' web app over the store (pipeline/web).

Binds loopback by default and is read-only unless `--allow-upload`. Needs the `web` extra
(FastAPI, uvicorn, Jinja2): `pip install 'congvan[web]'`. Added to the main group by
`register(main)`.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys

import click

from .. import store
from .options import EXIT_USAGE, MB, db_option

WILDCARDS = ("0.0.0.0", "::", "")


def _date(value: str | None) -> dt.date | None:
    from ..calendar import CalendarError, check_day

    if value is None:
        return None
    try:
        return check_day(dt.date.fromisoformat(value), "--today")
    except CalendarError as error:
        raise click.BadParameter(str(error), param_hint="--today") from error
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint="--today") from error


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; loopback by default. 0.0.0.0 opens the archive to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--today", help="The day that the overview, the calendar and the feed count from, YYYY-MM-DD "
                              "(default: the clock).")
@click.option("--root", type=click.Path(file_okay=False, exists=True),
              help="Folder that relative source paths in the store start from (default: the current folder).")
@click.option("--allow-upload", is_flag=True, help="Let users add files (ingested with the same checks as `ingest`).")
@click.option("--upload-dir", type=click.Path(file_okay=False),
              help="Where uploaded files are kept (default: uploads/ beside the store).")
@click.option("--max-upload", type=click.FloatRange(min=0.001), default=20, show_default=True,
              help="Largest upload, in MB.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes: one per core serves more searches at once.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]), default="info",
              show_default=True)
def serve(db, host, port, today, root, allow_upload, upload_dir, max_upload, workers, log_level):
    """Serve the web app: search, documents with their extractions marked, lineage graph, deadlines.

    \b
    congvan serve --db archive.db                 # http://127.0.0.1:8000/
    congvan serve --db archive.db --allow-upload  # adds /upload
    JSON under /api/..., its OpenAPI schema at /openapi.json, the feed at /deadlines.ics.
    """
    try:
        import uvicorn

        from ..web.app import ENVIRONMENT, LOOPBACK, create_app
    except ImportError as error:
        click.echo(f"congvan: serve needs the web extra ({error.name} is missing): pip install 'congvan[web]'", err=True)
        sys.exit(EXIT_USAGE)
    hosts = ("*",) if host in WILDCARDS else tuple(dict.fromkeys((*LOOPBACK, host)))
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"congvan: warning: listening on {host}: the archive is readable from the network", err=True)
    options = {"today": _date(today), "root": root, "allow_upload": allow_upload, "upload_dir": upload_dir,
               "max_upload": int(max_upload * MB), "hosts": hosts}
    try:
        app = create_app(db, **options)   # with --workers too: a missing store is refused here, once
    except store.StoreError as error:
        click.echo(f"congvan: {error}", err=True)
        sys.exit(EXIT_USAGE)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
        return
    # each worker process builds its own app (uvicorn imports it by name): the options go by the environment
    os.environ[ENVIRONMENT] = json.dumps({**options, "db": str(db), "today": today and options["today"].isoformat(),
                                          "hosts": list(hosts)})
    uvicorn.run("pipeline.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level=log_level, server_header=False)


def register(main: click.Group) -> None:
    """Add `serve` to the `congvan` group."""
    if "serve" not in main.commands:
        main.add_command(serve)
