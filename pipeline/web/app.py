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
  through a rebound DNS name.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import graph as graphs
from .. import store
from ..calendar import DEFAULT_ALARMS, occurrences, to_ical
from . import archive, models

HERE = Path(__file__).parent
STATIC = HERE / "static"
GRAPH_LIBRARY = STATIC / "vendor" / "cytoscape.min.js"
MB = 1024 * 1024
DEFAULT_MAX_UPLOAD = 20 * MB
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
FORMATS = {"pdf": "application/pdf", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "doc": "application/msword"}


def create_app(db: str | os.PathLike, *, today: dt.date | None = None, root: str | os.PathLike | None = None,
               allow_upload: bool = False, upload_dir: str | os.PathLike | None = None,
               max_upload: int = DEFAULT_MAX_UPLOAD, hosts: tuple[str, ...] = LOOPBACK) -> FastAPI:
    """The app over the store at `db` (which must exist).

    `today` pins the day that `/`, `/deadlines` and the feed count from (default: the clock; a
    `?today=YYYY-MM-DD` parameter overrides both); `root` is where relative source paths in the
    store start (default: the current folder); `allow_upload` adds `POST /api/documents` and the
    `/upload` page, storing files in `upload_dir` (default: `uploads/` beside the store), at
    most `max_upload` bytes each; `hosts` are the names the server answers to (`*`: any).

    >>> app = create_app("build/no-such.db")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    pipeline.store.StoreError: no store at build/no-such.db: ...
    """
    db = Path(db)
    store.connect(db, create=False).close()   # refuses a missing store; brings an old schema up to date
    state = archive.Archive(db, Path(root) if root else Path.cwd())
    pinned = today
    uploads = Path(upload_dir) if upload_dir else db.resolve().parent / "uploads"
    write_lock = threading.Lock()

    app = FastAPI(title="congvan", version="1", docs_url=None, redoc_url=None,
                  description="Vietnamese official dispatches: search, documents with their extractions, "
                              "citation lineage, deadlines. Read-only unless started with --allow-upload.")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["query"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    templates = Jinja2Templates(env=env)

    def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"upload": allow_upload, **context}, status_code=status)

    def day(value: dt.date | None) -> dt.date:
        return value or pinned or dt.date.today()

    # ------------------------------------------------------------------------------------------
    # errors: a page for people, JSON for /api

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path.endswith((".ics", "/file")):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        return page(request, "error.html", error.status_code, code=error.status_code, detail=error.detail)

    # ------------------------------------------------------------------------------------------
    # the data, shared by pages and API

    def overview(today: dt.date) -> dict:
        with state.reading() as conn:
            return archive.overview(conn, state.dues(conn), today)

    def search(q, type, issuer, province, year, limit=50) -> tuple[dict, dict]:
        with state.reading() as conn:
            return archive.search(conn, q or "", type=type, issuer=issuer, province=province, year=year,
                                  limit=limit), archive.facets(conn)

    def document(document_id: int) -> dict:
        with state.reading() as conn:
            found = archive.document_page(conn, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id} in the archive")
        return found

    def lineage(ref: str, direction: str, depth: int, coverage_depth: int) -> dict:
        with state.reading() as conn:
            try:
                root_key = archive.find(conn, ref)
            except graphs.NotFound as error:
                graph = getattr(error, "graph", None)
                raise HTTPException(404, {"message": str(error), "candidates": [
                    {"key": c, "label": graphs.describe(graph, c) if graph is not None and c in graph else c,
                     "lineage": "/lineage?" + urlencode({"ref": c})} for c in error.candidates]}) from error
            return archive.lineage(conn, root_key, direction, depth or None, coverage_depth)

    def deadlines(today: dt.date, start: dt.date | None, end: dt.date | None) -> dict:
        first = start or today
        last = end or first + dt.timedelta(days=366)
        with state.reading() as conn:
            entries = archive.deadlines(state.dues(conn), first, last)
        return {"today": today.isoformat(), "start": first.isoformat(), "end": last.isoformat(), "entries": entries,
                "ics": "/deadlines.ics?" + urlencode({"from": first.isoformat(), "to": last.isoformat()})}

    # ------------------------------------------------------------------------------------------
    # pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, today: dt.date | None = None):
        return page(request, "index.html", data=overview(day(today)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", type: str | None = None, issuer: str | None = None,
                    province: str | None = None, year: str | None = None):
        year_number = int(year) if year and year.isdigit() else None
        result, facets = search(q, type or None, issuer or None, province or None, year_number)
        return page(request, "search.html", data=result, facets=facets,
                    form={"q": q, "type": type or "", "issuer": issuer or "", "province": province or "",
                          "year": year_number or ""})

    @app.get("/documents/{document_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def document_html(request: Request, document_id: int):
        return page(request, "document.html", data=document(document_id))

    @app.get("/documents/{document_id:int}/file", tags=["documents"],
             responses={200: {"content": {"application/octet-stream": {}}, "description": "The original file"}})
    def download(document_id: int):
        """The file the document was read from, as an attachment; 404 when the file at the stored
        path is gone or no longer has the stored bytes."""
        with state.reading() as conn:
            found = state.source_file(conn, document_id)
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
        if not ref.strip():
            with state.reading() as conn:
                cited = archive.most_cited(conn)
            return page(request, "lineage.html", data=None, form=form, cited=cited, error=None,
                        graph_library=GRAPH_LIBRARY.is_file())
        try:
            data = lineage(ref, direction, depth, coverage_depth)
        except HTTPException as error:
            return page(request, "lineage.html", 404, data=None, form=form, cited=[], error=error.detail,
                        graph_library=GRAPH_LIBRARY.is_file())
        return page(request, "lineage.html", data=data, form=form, cited=[], error=None,
                    graph_library=GRAPH_LIBRARY.is_file(), api="/api/lineage?" + urlencode(form | {"ref": ref}))

    @app.get("/deadlines", response_class=HTMLResponse, include_in_schema=False)
    def deadlines_page(request: Request, month: str | None = None, today: dt.date | None = None):
        now = day(today)
        match = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
        first = dt.date(int(match[1]), int(match[2]), 1) if match and 1 <= int(match[2]) <= 12 else now.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        data = deadlines(now, first, following - dt.timedelta(days=1))
        with state.reading() as conn:
            dues = state.dues(conn)
        upcoming = []
        for due, document_id in dues:
            days = occurrences(due, now, now + dt.timedelta(days=800))
            upcoming.append({**archive.due_json(due, document_id, days[0] if days else due.date or now),
                             "next": days[0].isoformat() if days else None})
        upcoming.sort(key=lambda d: (d["next"] is None, d["next"] or "", d["title"]))
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        pinned_today = {"today": today.isoformat()} if today else {}
        return page(request, "deadlines.html", data=data, weeks=archive.month_grid(first, data["entries"]),
                    month=first, all=upcoming, today=now.isoformat(),
                    previous="/deadlines?" + urlencode({"month": f"{previous:%Y-%m}", **pinned_today}),
                    following="/deadlines?" + urlencode({"month": f"{following:%Y-%m}", **pinned_today}),
                    ics="/deadlines.ics" + ("?" + urlencode(pinned_today) if pinned_today else ""))

    @app.api_route("/deadlines.ics", methods=["GET", "HEAD"], tags=["deadlines"], response_class=Response,
             responses={200: {"content": {"text/calendar": {}}, "description": "RFC 5545 feed"}})
    def deadlines_feed(today: dt.date | None = None, start: Annotated[dt.date | None, Query(alias="from")] = None,
                       end: Annotated[dt.date | None, Query(alias="to")] = None,
                       everything: Annotated[bool, Query(alias="all")] = False):
        """The deadlines as an iCalendar feed to subscribe to (`congvan deadlines --format ics`):
        from `from` (default: today) to `to` (default: a year later), or `all`."""
        now = day(today)
        first = start or now
        last = end or first + dt.timedelta(days=366)
        with state.reading() as conn:
            dues = [due for due, _ in state.dues(conn)]
        if not everything:
            dues = [due for due in dues if occurrences(due, first, last)]
        feed = to_ical(dues, alarms=DEFAULT_ALARMS, now=dt.datetime.combine(now, dt.time(), tzinfo=dt.timezone.utc),
                       start=first)
        return Response(feed, media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="congvan.ics"'})

    # ------------------------------------------------------------------------------------------
    # JSON

    @app.get("/api/overview", response_model=models.Overview, tags=["archive"])
    def api_overview(today: dt.date | None = None):
        """Counts, the latest documents, and the deadlines of the next 14 days."""
        return overview(day(today))

    @app.get("/api/search", response_model=models.SearchResult, tags=["archive"])
    def api_search(q: str = "", type: str | None = None, issuer: str | None = None, province: str | None = None,
                   year: int | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50):
        """Full text (without diacritics it ignores them), a document number (`19/CT-TTg`: the
        document and those citing it), filters by type, issuer (any part), province, year."""
        return search(q, type, issuer, province, year, limit)[0]

    @app.get("/api/facets", response_model=models.Facets, tags=["archive"])
    def api_facets():
        """The types, issuers, provinces and years in the archive."""
        with state.reading() as conn:
            return archive.facets(conn)

    @app.get("/api/documents/{document_id:int}", response_model=models.DocumentPage, tags=["documents"])
    def api_document(document_id: int):
        """A document: header, references (each with its URL), deadlines, targets, marks, marked HTML."""
        return document(document_id)

    @app.get("/api/lineage", response_model=models.Lineage, tags=["lineage"])
    def api_lineage(ref: str, direction: Literal["both", "up", "down"] = "both",
                    depth: Annotated[int, Query(ge=0, le=20)] = 2, coverage_depth: Annotated[int, Query(ge=1, le=5)] = 1):
        """The citation graph around REF (a number, a document id or a node key): up (what it
        cites), down (who cites it), `depth` citations far (0: all); and its coverage by province."""
        return lineage(ref, direction, depth, coverage_depth)

    @app.get("/api/deadlines", response_model=models.Deadlines, tags=["deadlines"])
    def api_deadlines(today: dt.date | None = None, start: Annotated[dt.date | None, Query(alias="from")] = None,
                      end: Annotated[dt.date | None, Query(alias="to")] = None):
        """Each day a deadline falls on, from `from` (default today) to `to` (default a year later)."""
        return deadlines(day(today), start, end)

    if allow_upload:
        _add_upload(app, page, state, uploads, max_upload, write_lock)
    return app


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
                store.ingest(conn, [path], Limits(max_bytes=max_upload), on_file=lambda _p, o, r: outcomes.append((o, r)))
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
