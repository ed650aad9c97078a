"""The web app: HTML pages for people, the same data as JSON under `/api`, an iCalendar feed.

`create_app(db)` gives an ASGI app (FastAPI) over one store; `congvan serve` runs it with uvicorn.
Safety, since documents are untrusted input and the archive may be confidential:

- read-only: pages read through SQLite connections opened `mode=ro`; the one route that writes
  (an upload, ingested through the CLI's own checks and size limit) exists only with `allow_upload`;
- every piece of document text is HTML-escaped (Jinja2 autoescape; the marked text is built by
  `annotate.marks_html`, which escapes), and a Content-Security-Policy allows scripts from the
  app's own `/static` only;
- no path from a request reaches the file system: a download names a document id, and the app
  serves the file stored for it only while its bytes still have the stored SHA-256, as an attachment;
- requests must name this server (`Host`), so a web page elsewhere cannot read the archive
  through a rebound DNS name;
- every answer, errors included, carries the same security headers, and an error comes in the
  kind of what was asked (JSON under /api, a page otherwise; `guard.Guard`), never a plain-text 500;
- every request is bounded: a search at 500 characters and 32 words (422), any SQLite query by a
  time budget (503, `archive.TooSlow`), a deadline window at five years within 1900-2199 and its
  answer at 10,000 entries (`calendar.check_range`, `calendar.expand`); ids past SQLite's integers
  are 404.

`congvan serve --workers N` runs N processes, each building the app from `$CONGVAN_SERVE`
(`app_from_environment`); within one, each worker thread keeps one read-only connection.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import graph as graphs
from .. import store
from ..calendar import (
    DEFAULT_ALARMS,
    EARLIEST,
    LATEST,
    MAX_ENTRIES,
    CalendarError,
    check_day,
    check_range,
    falls_within,
    first_day_after,
    to_ical,
)
from ..ingest import ingest as ingest_files
from . import archive, models
from .guard import Guard, wants_json
from .tasks import add_task_pages, unit_feed_dues

HERE = Path(__file__).parent
STATIC = HERE / "static"
GRAPH_LIBRARY = STATIC / "vendor" / "cytoscape.min.js"
MB = 1024 * 1024
DEFAULT_MAX_UPLOAD = 20 * MB
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
SEARCH_BUDGET_S = 2.0     # a search still running after this is stopped (503): no one waits longer
# Threads that answer requests in one process. The work is Python holding the GIL: more threads
# add no speed, only switching (starlette's default of 40 served fewer searches per second).
REQUEST_THREADS = 8
FORMATS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "doc": "application/msword"}


def create_app(db: str | os.PathLike, *, today: dt.date | None = None, root: str | os.PathLike | None = None,
               allow_upload: bool = False, upload_dir: str | os.PathLike | None = None,
               max_upload: int = DEFAULT_MAX_UPLOAD, hosts: tuple[str, ...] = LOOPBACK,
               search_budget: float = SEARCH_BUDGET_S) -> FastAPI:
    """The app over the store at `db` (which must exist).

    `today` pins the day that `/`, `/deadlines` and the feed count from (default: the clock; a
    `?today=YYYY-MM-DD` parameter overrides both); `root` is where relative source paths in the
    store start (default: the current folder); `allow_upload` adds `POST /api/documents` and the
    `/upload` page, storing files in `upload_dir` (default: `uploads/` beside the store), at
    most `max_upload` bytes each; `hosts` are the names the server answers to (`*`: any); a search
    still running after `search_budget` seconds is stopped (503).

    >>> app = create_app("build/no-such.db")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    pipeline.store.StoreError: no store at build/no-such.db: ...
    """
    db = Path(db)
    store.connect(db, create=False).close()   # refuses a missing store; brings an old schema up to date
    if today is not None:
        check_day(today, "--today")
    app = FastAPI(title="congvan", version="1", docs_url=None, redoc_url=None, lifespan=_fewer_threads,
                  description="Vietnamese official dispatches: search, documents with their extractions, "
                              "citation lineage, deadlines. Read-only unless started with --allow-upload.")
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["query"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    site = Site(archive.Archive(db, Path(root) if root else Path.cwd()), Jinja2Templates(env=env), today,
                allow_upload, search_budget)
    app.add_middleware(Guard, render_error=site.error, hosts=hosts)   # outermost: its headers reach every answer
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_error_handlers(app, site)
    _add_pages(app, site)
    _add_deadline_pages(app, site)
    add_task_pages(app, site)
    _add_api(app, site)
    if allow_upload:
        uploads = Path(upload_dir) if upload_dir else db.resolve().parent / "uploads"
        _add_upload(app, site.page, site.state, uploads, max_upload, threading.Lock())
    return app


@asynccontextmanager
async def _fewer_threads(app: FastAPI):
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    yield


ENVIRONMENT = "CONGVAN_SERVE"   # create_app's arguments as JSON, for the processes of `serve --workers N`


def app_from_environment() -> FastAPI:
    """`create_app` with the arguments `congvan serve` left in $CONGVAN_SERVE: the factory that each
    of uvicorn's worker processes calls."""
    options = json.loads(os.environ[ENVIRONMENT])
    if options.get("today"):
        options["today"] = dt.date.fromisoformat(options["today"])
    options["hosts"] = tuple(options.get("hosts") or LOOPBACK)
    return create_app(options.pop("db"), **options)


# ----------------------------------------------------------------------------------------------
# what every route shares


@dataclass
class Site:
    """The archive, the templates, the pinned day, and the data that pages and API share."""

    state: archive.Archive
    templates: Jinja2Templates
    pinned: dt.date | None
    upload: bool
    search_budget: float = SEARCH_BUDGET_S

    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, {"upload": self.upload, **context}, status_code=status)

    def error(self, request: Request, status: int, detail, headers: Mapping[str, str] | None = None) -> Response:
        """An error in the kind of the page asked for: JSON under /api, the error page otherwise."""
        if wants_json(request.url.path):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        return self.page(request, "error.html", status, code=status, detail=detail)

    def day(self, value: dt.date | None) -> dt.date:
        """The day a page counts from: `?today=`, else `--today`, else the clock."""
        return check_day(value or self.pinned or dt.date.today(), "today")

    def overview(self, today: dt.date) -> dict:
        with self.state.reading() as conn:
            return archive.overview(conn, self.state.dues(conn), today)

    def search(self, q, type, issuer, province, year, limit=50) -> dict:
        with self.state.reading(self.search_budget) as conn:
            return archive.search(conn, q or "", type=type, issuer=issuer, province=province, year=year, limit=limit)

    def facets(self) -> dict:
        with self.state.reading() as conn:
            return self.state.facets(conn)

    def document(self, document_id: int) -> dict:
        with self.state.reading() as conn:
            found = archive.document_page(conn, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id} in the archive")
        return found

    def lineage(self, ref: str, direction: str, depth: int, coverage_depth: int) -> dict:
        with self.state.reading() as conn:
            try:
                root_key = archive.find(conn, ref)
            except graphs.NotFound as error:
                graph = getattr(error, "graph", None)
                raise HTTPException(404, {"message": str(error), "candidates": [
                    {"key": c, "label": graphs.describe(graph, c) if graph is not None and c in graph else c,
                     "lineage": "/lineage?" + urlencode({"ref": c})} for c in error.candidates]}) from error
            return archive.lineage(conn, root_key, direction, depth or None, coverage_depth)

    def deadlines(self, today: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
        """Each day a deadline falls on from `start` (default `today`) to `end` (default a year
        later); `CalendarError` (422) for a window the calendar refuses."""
        first = check_day(start, "from") if start else today
        last = check_day(end, "to") if end else min(first + dt.timedelta(days=366), LATEST)
        check_range(first, last)
        with self.state.reading() as conn:
            entries, truncated = archive.deadlines(self.state.dues(conn), first, last)
        return {"today": today.isoformat(), "start": first.isoformat(), "end": last.isoformat(), "entries": entries,
                "truncated": truncated,
                "ics": "/deadlines.ics?" + urlencode({"from": first.isoformat(), "to": last.isoformat()})}


def _add_error_handlers(app: FastAPI, site: Site) -> None:
    """Errors as JSON for /api, as a page for people; a bad parameter is 422 saying which and why."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        return site.error(request, error.status_code, error.detail, error.headers)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError):
        if wants_json(request.url.path):
            return JSONResponse({"detail": jsonable_encoder(error.errors())}, status_code=422)
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}"
                             for e in error.errors())
        return site.error(request, 422, problems)

    @app.exception_handler(CalendarError)
    async def bad_day(request: Request, error: CalendarError):
        return site.error(request, 422, str(error))

    @app.exception_handler(archive.BadQuery)
    async def bad_query(request: Request, error: archive.BadQuery):
        return site.error(request, 422, str(error))

    @app.exception_handler(archive.TooSlow)
    async def too_slow(request: Request, error: archive.TooSlow):
        return site.error(request, 503, str(error), {"Retry-After": "5"})


# ----------------------------------------------------------------------------------------------
# pages


def _add_pages(app: FastAPI, site: Site) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, today: dt.date | None = None):
        return site.page(request, "index.html", data=site.overview(site.day(today)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", type: str | None = None, issuer: str | None = None,
                    province: str | None = None, year: str | None = None):
        year_number = int(year) if year and re.fullmatch(r"[0-9]{1,4}", year) else None
        result = site.search(q, type or None, issuer or None, province or None, year_number)
        return site.page(request, "search.html", data=result, facets=site.facets(),
                         form={"q": q, "type": type or "", "issuer": issuer or "", "province": province or "",
                               "year": year_number or ""})

    @app.get("/documents/{document_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def document_html(request: Request, document_id: int):
        return site.page(request, "document.html", data=site.document(document_id))

    @app.get("/documents/{document_id:int}/file", tags=["documents"],
             responses={200: {"content": {"application/octet-stream": {}}, "description": "The original file"}})
    def download(document_id: int):
        """The file the document was read from, as an attachment; 404 when the file at the stored
        path is gone or no longer has the stored bytes."""
        with site.state.reading() as conn:
            found = site.state.source_file(conn, document_id)
        if found is None:
            raise HTTPException(404, f"no stored file for document {document_id} (unknown, moved or changed)")
        path, name, fmt = found
        return FileResponse(path, filename=name, media_type=FORMATS.get(fmt or "", "application/octet-stream"),
                            content_disposition_type="attachment")

    @app.get("/lineage", response_class=HTMLResponse, include_in_schema=False)
    def lineage_page(request: Request, ref: str = "", direction: Literal["both", "up", "down"] = "both",
                     depth: Annotated[int, Query(ge=0, le=20)] = 2,
                     coverage_depth: Annotated[int, Query(ge=1, le=5)] = 1):
        form = {"ref": ref, "direction": direction, "depth": depth, "coverage_depth": coverage_depth}
        drawn: dict[str, Any] = {"form": form, "graph_library": GRAPH_LIBRARY.is_file()}
        if not ref.strip():
            with site.state.reading() as conn:
                cited = archive.most_cited(conn)
            return site.page(request, "lineage.html", data=None, cited=cited, error=None, **drawn)
        try:
            data = site.lineage(ref, direction, depth, coverage_depth)
        except HTTPException as error:
            return site.page(request, "lineage.html", 404, data=None, cited=[], error=error.detail, **drawn)
        return site.page(request, "lineage.html", data=data, cited=[], error=None,
                         api="/api/lineage?" + urlencode(form | {"ref": ref}), **drawn)


def _month(value: str | None, today: dt.date) -> dt.date:
    """The first day of `?month=YYYY-MM` (default: today's month); `CalendarError` (422) otherwise."""
    if not value:
        return today.replace(day=1)
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
    if not match or not 1 <= int(match[2]) <= 12 or not EARLIEST.year <= int(match[1]) <= LATEST.year:
        raise CalendarError(f"month {value[:20]!r}: write it as YYYY-MM, from {EARLIEST:%Y-%m} to {LATEST:%Y-%m}")
    return dt.date(int(match[1]), int(match[2]), 1)


def _add_deadline_pages(app: FastAPI, site: Site) -> None:
    @app.get("/deadlines", response_class=HTMLResponse, include_in_schema=False)
    def deadlines_page(request: Request, month: str | None = None, today: dt.date | None = None):
        now = site.day(today)
        first = _month(month, now)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        data = site.deadlines(now, first, following - dt.timedelta(days=1))
        with site.state.reading() as conn:
            dues = site.state.dues(conn)
        upcoming = []
        for due, document_id in dues[:MAX_ENTRIES]:
            next_day = first_day_after(due, now)
            upcoming.append({**archive.due_json(due, document_id, next_day or due.date or now),
                             "next": next_day.isoformat() if next_day else None})
        upcoming.sort(key=lambda d: (d["next"] is None, d["next"] or "", d["title"]))
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        pinned_today = {"today": today.isoformat()} if today else {}
        return site.page(request, "deadlines.html", data=data, weeks=archive.month_grid(first, data["entries"]),
                         month=first, all=upcoming, today=now.isoformat(),
                         previous="/deadlines?" + urlencode({"month": f"{previous:%Y-%m}", **pinned_today}),
                         following="/deadlines?" + urlencode({"month": f"{following:%Y-%m}", **pinned_today}),
                         ics="/deadlines.ics" + ("?" + urlencode(pinned_today) if pinned_today else ""))

    @app.api_route("/deadlines.ics", methods=["GET", "HEAD"], tags=["deadlines"], response_class=Response,
                   responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 feed"}})
    def deadlines_feed(today: dt.date | None = None, start: Annotated[dt.date | None, Query(alias="from")] = None,
                       end: Annotated[dt.date | None, Query(alias="to")] = None,
                       everything: Annotated[bool, Query(alias="all")] = False,
                       unit: Annotated[str | None, Query(max_length=200)] = None):
        """The deadlines as an iCalendar feed to subscribe to (`congvan deadlines --format ics`):
        from `from` (default: today) to `to` (default: a year later, at most five years), or `all`;
        at most 10,000 events, and `X-CONGVAN-TRUNCATED:TRUE` when more were cut. With `unit`:
        that unit's tasks in the window, each titled with its status (`congvan tasks --format ics`)."""
        now = site.day(today)
        first = check_day(start, "from") if start else now
        last = check_day(end, "to") if end else min(first + dt.timedelta(days=366), LATEST)
        check_range(first, last)
        with site.state.reading() as conn:
            dues = unit_feed_dues(conn, now, unit) if unit else [due for due, _ in site.state.dues(conn)]
        if not everything:
            dues = [due for due in dues if falls_within(due, first, last)]
        feed = to_ical(dues, alarms=DEFAULT_ALARMS, now=dt.datetime.combine(now, dt.time(), tzinfo=dt.UTC),
                       start=first)
        return Response(feed, media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="congvan.ics"'})


# ----------------------------------------------------------------------------------------------
# JSON


def _add_api(app: FastAPI, site: Site) -> None:
    @app.get("/api/overview", response_model=models.Overview, tags=["archive"])
    def api_overview(today: dt.date | None = None):
        """Counts, the latest documents, and the deadlines of the next 14 days."""
        return site.overview(site.day(today))

    @app.get("/api/search", response_model=models.SearchResult, tags=["archive"])
    def api_search(q: str = "", type: str | None = None, issuer: str | None = None, province: str | None = None,
                   year: Annotated[int | None, Query(ge=1, le=9999)] = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50):
        """Full text (without diacritics it ignores them), a document number (`19/CT-TTg`: the
        document and those citing it), filters by type, issuer (any part), province, year. At most
        500 characters and 32 words (422 beyond); 503 when it takes longer than 2 s."""
        return site.search(q, type, issuer, province, year, limit)

    @app.get("/api/facets", response_model=models.Facets, tags=["archive"])
    def api_facets():
        """The types, issuers, provinces and years in the archive."""
        return site.facets()

    @app.get("/api/documents/{document_id:int}", response_model=models.DocumentPage, tags=["documents"])
    def api_document(document_id: int):
        """A document: header, references (each with its URL), deadlines, targets, marks, marked HTML."""
        return site.document(document_id)

    @app.get("/api/lineage", response_model=models.Lineage, tags=["lineage"])
    def api_lineage(ref: Annotated[str, Query(max_length=500)], direction: Literal["both", "up", "down"] = "both",
                    depth: Annotated[int, Query(ge=0, le=20)] = 2, coverage_depth: Annotated[int, Query(ge=1, le=5)] = 1):
        """The citation graph around REF (a number, a document id or a node key): up (what it
        cites), down (who cites it), `depth` citations far (0: all); and its coverage by province."""
        return site.lineage(ref, direction, depth, coverage_depth)

    @app.get("/api/deadlines", response_model=models.Deadlines, tags=["deadlines"])
    def api_deadlines(today: dt.date | None = None, start: Annotated[dt.date | None, Query(alias="from")] = None,
                      end: Annotated[dt.date | None, Query(alias="to")] = None):
        """Each day a deadline falls on, from `from` (default today) to `to` (default a year later):
        at most five years (422 beyond) and 10,000 entries (`truncated` when more were cut)."""
        return site.deadlines(site.day(today), start, end)


# ----------------------------------------------------------------------------------------------
# upload (only with --allow-upload)


def safe_name(name: str) -> str:
    """A file name that is only a name: no folder, no leading dot, letters, digits, `._-` kept.

    >>> safe_name("../../etc/passwd"), safe_name("Công văn 19.pdf"), safe_name("..")
    ('passwd', 'Công_văn_19.pdf', 'upload')
    """
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^\w.-]+", "_", base).strip("._")[:100]
    return cleaned or "upload"


def _add_upload(app: FastAPI, page, state: archive.Archive, uploads: Path, max_upload: int,
                lock: threading.Lock) -> None:
    from ..read import Limits

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_page(request: Request):
        return page(request, "upload.html", max_mb=round(max_upload / MB, 1))

    def ingest(path: Path) -> dict:
        with lock:
            conn = store.connect(state.db)
            try:
                outcomes: list[tuple[str, str | None]] = []
                ingest_files(conn, [path], Limits(max_bytes=max_upload), on_file=lambda _p, o, r: outcomes.append((o, r)))
                outcome, reason = outcomes[0] if outcomes else ("failed", "not read")
                found = store.document_by_file(conn, path) if outcome in ("added", "partial", "unchanged", "skipped") else None
            finally:
                conn.close()
        if found is None:
            path.unlink(missing_ok=True)
            return {"outcome": "failed", "reason": reason or "not a dispatch congvan can read"}
        if outcome == "skipped":
            path.unlink(missing_ok=True)   # these bytes are stored from another file already
        return {"outcome": outcome, "reason": reason, "document_id": found["id"], "url": archive.document_url(found["id"])}

    @app.post("/api/documents", response_model=models.Upload, status_code=201, tags=["documents"],
              openapi_extra={"requestBody": {"required": True,
                                             "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                                 "format": "binary"}}}}})
    async def upload(request: Request, name: Annotated[str, Query(max_length=255)]):
        """Add one file (the request body, `Content-Type: application/octet-stream`), read and
        checked as `congvan ingest` does; at most the server's `--max-upload` MB."""
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/octet-stream":
            raise HTTPException(415, "send the file's bytes as application/octet-stream")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_upload:
            raise HTTPException(413, f"larger than the {max_upload / MB:g} MB this server accepts")
        uploads.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        handle = tempfile.NamedTemporaryFile(dir=uploads, prefix=".upload-", delete=False)  # noqa: SIM115
        try:
            with handle:
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > max_upload:
                        raise HTTPException(413, f"larger than the {max_upload / MB:g} MB this server accepts")
                    digest.update(chunk)
                    handle.write(chunk)
            if size == 0:
                raise HTTPException(400, "empty upload")
            final = uploads / f"{digest.hexdigest()[:16]}-{safe_name(name)}"
            os.replace(handle.name, final)
        finally:
            Path(handle.name).unlink(missing_ok=True)
        result = await run_in_threadpool(ingest, final)
        if result["outcome"] == "failed":
            return JSONResponse(result, status_code=422)
        return result
