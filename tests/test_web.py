"""The web app over HTTP: a real `congvan serve` (uvicorn on a free loopback port) over a real store
ingested from the seeds plus one hostile dispatch, asked with the standard library's HTTP client.

What the issue asks, as tables: search with and without diacritics and by number, filters, the
document page's marks (and the text they mark is exactly the stored text), the lineage of
19/CT-TTg, the calendar and its iCalendar feed, the OpenAPI schema; and what keeps it safe:
loopback, read-only, escaped text, no request path reaching the file system, uploads only when
enabled (size-limited, ingested with the CLI's checks).
"""
from __future__ import annotations

import html
import http.client
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'congvan[web]'")

from pipeline import store  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
TODAY = "2024-12-01"          # the server's pinned day: 2458/UBND-NC's yearly report falls on 5/12
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"""ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN MƯỜNG CHÀ                             Độc lập - Tự do - Hạnh phúc
Số: 77/UBND-VP                          Mường Chà, ngày 02 tháng 12 năm 2024
V/v thử {SCRIPT} an toàn

Kính gửi: Các phòng <img src=x onerror=alert(2)>

Thực hiện Chỉ thị số 19/CT-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ, {SCRIPT} Ủy ban nhân dân huyện đề nghị các phòng báo cáo trước ngày 10/12/2024 về <b>Văn phòng</b>.

Nơi nhận:
- Như trên;
- Lưu: VT.
                                                    TM. ỦY BAN NHÂN DÂN
                                                    CHỦ TỊCH
                                                    Nguyễn Văn A
"""


# ----------------------------------------------------------------------------------------------
# A store and a real server (also used by test_browser.py)


def seeded_store(folder: Path) -> tuple[Path, dict[str, int]]:
    """The five seeds and `hostile.txt` copied under `folder/archive`, ingested into
    `folder/web.db`; returns the store and {code or file name: document id}."""
    archive = folder / "archive"
    archive.mkdir(parents=True)
    for seed in SEEDS:
        shutil.copy(seed, archive / seed.name)
    (archive / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "web.db"
    conn = store.connect(db)
    summary = ingest(conn, [archive])
    assert summary.added == 6 and not summary.failed, summary.line()
    ids = {row["code"] or row["name"]: row["id"] for row in conn.execute("SELECT id, code, name FROM documents")}
    conn.close()
    return db, ids


def start_server(db: Path, *args: str) -> tuple[subprocess.Popen, str, list[str]]:
    """`congvan serve --db DB --port 0 ARGS` in a child process; (process, base URL, its log lines)."""
    command = [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", "0", *args]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    found = threading.Event()

    def drain() -> None:   # read the log to the end, so the pipe never fills
        for line in process.stderr:
            lines.append(line)
            if "running on" in line:
                found.set()

    threading.Thread(target=drain, daemon=True).start()
    if not found.wait(30):
        process.kill()
        raise RuntimeError("congvan serve did not start:\n" + "".join(lines))
    match = re.search(r"running on http://([\d.]+):(\d+)", "".join(lines))
    return process, f"http://{match[1]}:{match[2]}", lines


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("web")
    db, ids = seeded_store(folder)
    process, base, log = start_server(db, "--today", TODAY)
    yield {"base": base, "db": db, "ids": ids, "log": log, "archive": folder / "archive", "folder": folder}
    stop_server(process)


def get(site: dict, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = Request(site["base"] + path, headers=headers or {})
    try:
        with urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def get_json(site: dict, path: str) -> dict:
    status, headers, body = get(site, path)
    assert status == 200, body
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def page(site: dict, path: str) -> str:
    status, headers, body = get(site, path)
    assert status == 200, body[:500]
    assert headers["content-type"].startswith("text/html")
    return body.decode("utf-8")


def raw_get(site: dict, path: str) -> int:
    """A request line sent as written (urllib would normalise `..`)."""
    host, port = site["base"].removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


class Marked(HTMLParser):
    """The text of `<pre class="congvan-text">` unescaped, and its marks with their offsets and links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside, self.text, self.marks, self.link, self.open = False, [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "pre" and "congvan-text" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "a":
            self.link = attrs.get("href")
        elif self.inside and tag == "mark":
            self.open = {**attrs, "start": len("".join(self.text)), "href": self.link}
        elif self.inside:
            raise AssertionError(f"an element <{tag}> inside the document's text")

    def handle_endtag(self, tag):
        if tag == "pre":
            self.inside = False
        elif tag == "a":
            self.link = None
        elif tag == "mark" and self.open is not None:
            self.open["end"] = len("".join(self.text))
            self.marks.append(self.open)
            self.open = None

    def handle_data(self, data):
        if self.inside:
            self.text.append(data)


def marked(html_page: str) -> Marked:
    parser = Marked()
    parser.feed(html_page)
    parser.close()
    return parser


def stored_text(site: dict, document_id: int) -> str:
    conn = sqlite3.connect(site["db"])
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]
    conn.close()
    return text


# ----------------------------------------------------------------------------------------------
# Search

SEARCHES = [  # (query, code that must be found, how it matched)
    ("chi thi 19", "2458/UBND-NC", "text"),
    ("Chỉ thị 19", "2458/UBND-NC", "text"),
    ("CHI THI SO 19", "2458/UBND-NC", "text"),
    ("19/CT-TTg", "2458/UBND-NC", "cites"),
    ("19/ct-ttg", "2458/UBND-NC", "cites"),
    ("2458/UBND-NC", "2458/UBND-NC", "number"),
    ("dien bien", "2458/UBND-NC", "text"),
    ("34-CT/TW", "2458/UBND-NC", "cites"),
    ("khen thuong", "/KH-SNV", "text"),
]


@pytest.mark.parametrize(("query", "code", "how"), SEARCHES)
def test_search_finds(site, query, code, how):
    found = get_json(site, "/api/search?" + urlencode({"q": query}))
    hit = next((h for h in found["hits"] if h["code"] == code), None)
    assert hit is not None, [h["code"] for h in found["hits"]]
    assert hit["match"] == how
    assert hit["url"] == f"/documents/{hit['id']}"
    html_page = page(site, "/search?" + urlencode({"q": query}))
    assert f'href="/documents/{hit["id"]}"' in html_page


def test_a_number_finds_its_document_first_then_those_citing_it(site):
    found = get_json(site, "/api/search?q=" + quote("19/CT-TTg"))
    assert found["code_key"] == "19CTTTG"
    cites = {h["code"] for h in found["hits"] if h["match"] == "cites"}
    assert {"2458/UBND-NC", "77/UBND-VP"} <= cites


def test_snippet_marks_the_words_in_the_original_text(site):
    hit = next(h for h in get_json(site, "/api/search?q=chi+thi+19")["hits"] if h["code"] == "2458/UBND-NC")
    assert hit["snippet"]["hit"].startswith("Chỉ thị số 19")
    html_page = page(site, "/search?q=chi+thi+19")
    assert "<mark>Chỉ thị số 19" in html_page


def test_diacritics_typed_must_match_as_typed(site):
    assert get_json(site, "/api/search?q=" + quote("Chí thị 19"))["total"] == 0   # chí is not chỉ
    assert get_json(site, "/api/search?q=" + quote("chi thi 19"))["total"] >= 2


FILTERS = [  # (parameters, what every hit must have)
    ({"q": "thi dua", "province": "Tây Ninh"}, {"province": "Tây Ninh"}),
    ({"q": "thi dua", "year": 2021}, {"year": 2021}),
    ({"q": "thi dua", "type": "Kế hoạch"}, {"type": "Kế hoạch"}),
    ({"province": "Điện Biên"}, {"province": "Điện Biên"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_filters(site, params, expected):
    found = get_json(site, "/api/search?" + urlencode(params))
    assert found["hits"]
    for hit in found["hits"]:
        assert {k: hit[k] for k in expected} == expected


def test_issuer_filter_ignores_diacritics(site):
    found = get_json(site, "/api/search?" + urlencode({"q": "thi dua", "issuer": "so noi vu"}))
    assert found["hits"] and all(h["issuer"].startswith("Sở Nội vụ") for h in found["hits"])


def test_facets(site):
    facets = get_json(site, "/api/facets")
    assert {"Điện Biên", "Tây Ninh", "Lạng Sơn"} <= set(facets["provinces"])
    assert "Công văn" in facets["types"] and 2021 in facets["years"]


# ----------------------------------------------------------------------------------------------
# A document


def test_document_page_marks_every_extraction_over_the_exact_stored_text(site):
    document_id = site["ids"]["2458/UBND-NC"]
    html_page = page(site, f"/documents/{document_id}")
    parsed = marked(html_page)
    text = stored_text(site, document_id)
    assert "".join(parsed.text) == text           # every character shown, none added
    api = get_json(site, f"/api/documents/{document_id}")
    assert len(parsed.marks) == len(api["marks"]) > 30
    for shown, mark in zip(parsed.marks, api["marks"], strict=True):
        assert (shown["start"], shown["end"]) == (mark["start"], mark["end"])
        assert text[mark["start"]:mark["end"]] == mark["text"]
        assert shown["data-kind"] == mark["kind"] and shown["data-key"] == mark["key"]
        assert shown["title"] == f"{mark['kind']}: {mark['key']}"     # the tooltip
    kinds = {m["data-kind"].split(".")[0] for m in parsed.marks}
    assert kinds == {"header", "reference", "deadline"}
    code = next(m for m in parsed.marks if m["data-kind"] == "header.code")
    assert text[code["start"]:code["end"]] == "2458/UBND-NC"


def test_citations_link_to_the_cited_document_or_its_placeholder(site):
    document_id = site["ids"]["2458/UBND-NC"]
    parsed = marked(page(site, f"/documents/{document_id}"))
    directive = [m for m in parsed.marks if m["data-key"] == "19CTTTG"]
    assert directive and all(m["href"] == "/lineage?ref=19CTTTG" for m in directive)   # not in the archive
    assert all(m["href"] is None for m in parsed.marks if not m["data-kind"].startswith("reference."))
    api = get_json(site, f"/api/documents/{document_id}")
    reference = next(r for r in api["references"] if r["code"] == "19/CT-TTg")
    assert reference["in_archive"] is False and reference["url"] == "/lineage?ref=19CTTTG"
    assert reference["label"] == "Chỉ thị 19/CT-TTg"


def test_document_header_fields(site):
    document_id = site["ids"]["2458/UBND-NC"]
    api = get_json(site, f"/api/documents/{document_id}")
    assert api["document"]["issuer"] == "Ủy ban nhân dân tỉnh Điện Biên"
    assert api["document"]["date"] == "2021-08-05"
    assert api["header"]["signer"]["name"] == "Lê Thành Đô"
    html_page = page(site, f"/documents/{document_id}")
    assert 'data-field="code">2458/UBND-NC<' in html_page
    assert f'href="/documents/{document_id}/file"' in html_page


def test_download_serves_the_stored_file_as_an_attachment(site):
    document_id = site["ids"]["2458/UBND-NC"]
    status, headers, body = get(site, f"/documents/{document_id}/file")
    assert status == 200
    assert body == (site["archive"] / "004_1f0ab3f4da2a20c2.txt").read_bytes()
    assert headers["content-disposition"].startswith("attachment")
    assert headers["x-content-type-options"] == "nosniff"


def test_download_refuses_a_file_whose_bytes_changed(site):
    path = site["archive"] / "hostile.txt"
    document_id = site["ids"]["77/UBND-VP"]
    before = path.read_bytes()
    try:
        path.write_bytes(b"something else")
        assert get(site, f"/documents/{document_id}/file")[0] == 404
    finally:
        path.write_bytes(before)
    assert get(site, f"/documents/{document_id}/file")[0] == 200


@pytest.mark.parametrize("path", [
    "/documents/999999", "/documents/999999/file", "/api/documents/999999", "/documents/abc",
    "/documents/1/../../../../etc/passwd", "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/documents/%2e%2e/%2e%2e/etc/passwd", "/docs",
])
def test_unknown_and_traversal_paths_are_404(site, path):
    assert raw_get(site, path) == 404


# ----------------------------------------------------------------------------------------------
# Untrusted text


def test_hostile_text_is_escaped_everywhere(site):
    document_id = site["ids"]["77/UBND-VP"]
    pages = [page(site, f"/documents/{document_id}"), page(site, "/search?q=alert"),
             page(site, "/search?q=" + quote("thử")), page(site, "/deadlines?month=2024-12"),
             page(site, f"/?today={TODAY}"), page(site, "/lineage?ref=19/CT-TTg")]
    for html_page in pages:
        assert "<script>alert" not in html_page and "<img src=x" not in html_page and "<b>Văn" not in html_page
    document_page = pages[0]
    assert html.escape(SCRIPT) in document_page
    assert "".join(marked(document_page).text) == stored_text(site, document_id)
    assert html.escape("<script>") in pages[1]       # the snippet shows it as text
    assert html.escape(SCRIPT, quote=False) in pages[3]   # the deadline's action, on the calendar


def test_pages_load_scripts_only_from_the_app(site):
    for path in ("/", "/search?q=x", f"/documents/{site['ids']['2458/UBND-NC']}", "/lineage?ref=19/CT-TTg",
                 "/deadlines"):
        status, headers, body = get(site, path)
        assert "script-src 'self'" in headers["content-security-policy"]
        sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', body.decode())
        assert all(s.startswith("/static/") or s.startswith("data:") for s in sources), sources


# ----------------------------------------------------------------------------------------------
# Lineage


def test_lineage_of_19_ct_ttg_lists_2458(site):
    document_id = site["ids"]["2458/UBND-NC"]
    html_page = page(site, "/lineage?ref=" + quote("19/CT-TTg"))
    assert f'href="/documents/{document_id}"' in html_page and "2458/UBND-NC" in html_page
    assert 'id="graph"' in html_page and "/static/vendor/cytoscape.min.js" in html_page
    data = get_json(site, "/api/lineage?ref=" + quote("19/CT-TTg"))
    assert data["root"] == "19CTTTG"
    nodes = {n["key"]: n for n in data["nodes"]}
    assert nodes["19CTTTG"]["placeholder"] and nodes["19CTTTG"]["level"] == 0
    below = {n["code"]: n for n in data["nodes"] if n["level"] == 1}
    assert below["2458/UBND-NC"]["url"] == f"/documents/{document_id}"
    assert {"citing": below["2458/UBND-NC"]["key"], "cited": "19CTTTG"}.items() <= next(
        e for e in data["edges"] if e["citing"] == below["2458/UBND-NC"]["key"]).items()
    assert [p["province"] for p in data["coverage"]["provinces"] if p["province"]] == ["Điện Biên"]
    assert "Điện Biên" in html_page and 'id="coverage"' in html_page


LINEAGES = [  # (ref, direction, depth, levels present)
    ("19/CT-TTg", "both", 2, {0, 1}),
    ("2458/UBND-NC", "up", 1, {-1, 0}),
    ("2458/UBND-NC", "down", 2, {0}),
    ("34-CT/TW", "down", 0, {0, 1}),
]


@pytest.mark.parametrize(("ref", "direction", "depth", "levels"), LINEAGES)
def test_lineage_directions_and_depth(site, ref, direction, depth, levels):
    data = get_json(site, "/api/lineage?" + urlencode({"ref": ref, "direction": direction, "depth": depth}))
    assert {n["level"] for n in data["nodes"]} == levels


def test_lineage_by_document_id_and_unknown_refs(site):
    document_id = site["ids"]["2458/UBND-NC"]
    data = get_json(site, f"/api/lineage?ref={document_id}")
    assert data["nodes"][0]["document_id"] == document_id or any(n["document_id"] == document_id for n in data["nodes"])
    for ref in ("/etc/passwd", "99999/XX-YY", str(site["db"])):
        status, _headers, body = get(site, "/api/lineage?" + urlencode({"ref": ref}))
        assert status == 404, body
        assert get(site, "/lineage?" + urlencode({"ref": ref}))[0] == 404


def test_lineage_without_ref_suggests_the_most_cited(site):
    html_page = page(site, "/lineage")
    assert "/lineage?ref=34CTTW" in html_page


# ----------------------------------------------------------------------------------------------
# Deadlines


def test_overview_counts_and_deadlines_of_the_next_14_days(site):
    data = get_json(site, "/api/overview")
    assert data["today"] == TODAY and data["stats"]["documents"] == 6
    due = {(d["day"], d["document"]) for d in data["due"]}
    assert due == {("2024-12-05", "2458/UBND-NC"), ("2024-12-10", "77/UBND-VP")}
    later = get_json(site, "/api/overview?today=2024-12-20")
    assert {(d["day"], d["document"]) for d in later["due"]} == {("2024-12-30", "003_40b9f9a95807d3aa.txt")}
    html_page = page(site, "/")
    assert f'href="/documents/{site["ids"]["2458/UBND-NC"]}"' in html_page and "2024-12-05" in html_page


def test_calendar_page_puts_each_deadline_on_its_day(site):
    html_page = page(site, "/deadlines?month=2024-12")
    cell = re.search(r'data-day="2024-12-05">(.*?)</td>', html_page, re.S)[1]
    assert f'href="/documents/{site["ids"]["2458/UBND-NC"]}"' in cell
    assert 'href="/deadlines.ics' in html_page
    assert "2025-12-05" in page(site, "/deadlines?today=2025-01-01")   # the yearly one, next time


def test_ics_feed_is_text_calendar_and_pinned(site):
    status, headers, body = get(site, "/deadlines.ics")
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    feed = body.decode("utf-8")
    assert feed.startswith("BEGIN:VCALENDAR") and feed.rstrip().endswith("END:VCALENDAR")
    assert "RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5" in feed
    assert "DTSTAMP:20241201T000000Z" in feed                 # counts from the server's --today
    assert feed.count("BEGIN:VEVENT") == 3                   # 5/12 yearly, 10/12, 30/12: within a year of today
    assert get(site, "/deadlines.ics")[2] == body           # the same bytes twice
    assert get(site, "/deadlines.ics?all=true")[2].count(b"BEGIN:VEVENT") == 4
    api = get_json(site, "/api/deadlines?from=2024-12-01&to=2024-12-31")
    assert [e["day"] for e in api["entries"]] == ["2024-12-05", "2024-12-10", "2024-12-30"]


# ----------------------------------------------------------------------------------------------
# The API's schema, and safety


def test_openapi_schema_lists_the_api(site):
    schema = get_json(site, "/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert {"/api/overview", "/api/search", "/api/facets", "/api/documents/{document_id}", "/api/lineage",
            "/api/deadlines", "/deadlines.ics", "/documents/{document_id}/file"} <= set(schema["paths"])
    assert "/api/documents" not in schema["paths"]          # no upload unless --allow-upload


def test_binds_loopback_by_default(site):
    from pipeline.cli.serve import serve

    assert next(p for p in serve.params if p.name == "host").default == "127.0.0.1"
    assert site["base"].startswith("http://127.0.0.1:")
    assert any("running on http://127.0.0.1:" in line for line in site["log"])


def test_answers_only_to_its_own_host_names(site):
    assert get(site, "/", {"Host": "attacker.example"})[0] == 400
    assert get(site, "/", {"Host": "localhost"})[0] == 200


def test_read_only_without_upload(site):
    request = Request(site["base"] + "/api/documents?name=x.txt", data=b"hello", method="POST",
                      headers={"Content-Type": "application/octet-stream"})
    with pytest.raises(HTTPError) as error:
        urlopen(request, timeout=30)
    assert error.value.code in (404, 405)
    assert get(site, "/upload")[0] == 404
    from pipeline.web.archive import Archive

    with Archive(site["db"]).reading() as conn, pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM documents")


def test_serve_refuses_a_missing_store(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no store" in result.output


# ----------------------------------------------------------------------------------------------
# Upload, when enabled


@pytest.fixture(scope="module")
def upload_site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("upload")
    db = folder / "up.db"
    store.connect(db).close()
    uploads = folder / "uploads"
    process, base, _log = start_server(db, "--allow-upload", "--upload-dir", str(uploads), "--max-upload", "0.05")
    yield {"base": base, "db": db, "uploads": uploads, "folder": folder}
    stop_server(process)


def post(site: dict, name: str, body: bytes, content_type: str = "application/octet-stream") -> tuple[int, dict]:
    request = Request(site["base"] + "/api/documents?" + urlencode({"name": name}), data=body, method="POST",
                      headers={"Content-Type": content_type})
    try:
        with urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read())


def test_upload_ingests_with_the_cli_checks(upload_site):
    seed = SEEDS[4].read_bytes()
    status, result = post(upload_site, "../../../../tmp/evil name.txt", seed)
    assert status == 201 and result["outcome"] == "added", result
    assert get(upload_site, result["url"])[0] == 200
    stored = sorted(p.name for p in upload_site["uploads"].iterdir())
    assert len(stored) == 1 and re.fullmatch(r"[0-9a-f]{16}-evil_name\.txt", stored[0])
    again = post(upload_site, "copy.txt", seed)     # the same bytes: the same document, no second copy
    assert again[0] == 201 and again[1]["outcome"] == "skipped" and again[1]["document_id"] == result["document_id"]
    assert sorted(p.name for p in upload_site["uploads"].iterdir()) == stored
    assert page(upload_site, "/upload")


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"x" * 60_000, "application/octet-stream", 413),          # over --max-upload 0.05 MB
    (b"hello", "text/plain", 415),                              # what a cross-site form could send
    (b"", "application/octet-stream", 400),
    (bytes(range(256)) * 8, "application/octet-stream", 422),   # random bytes: refused as `ingest` refuses them
])
def test_upload_refusals(upload_site, body, content_type, status):
    code, result = post(upload_site, "bad.bin", body, content_type)
    assert code == status, result
    leftovers = [p for p in upload_site["uploads"].glob("*") if p.name.startswith(".upload-") or "bad" in p.name]
    assert leftovers == []


def test_upload_is_in_the_schema_when_enabled(upload_site):
    schema = json.loads(get(upload_site, "/openapi.json")[2])
    assert "post" in schema["paths"]["/api/documents"]


def test_docstring_examples(monkeypatch):
    import doctest

    from pipeline import annotate
    from pipeline.web import app, archive

    monkeypatch.chdir(ROOT)
    for module in (annotate, archive, app):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__
