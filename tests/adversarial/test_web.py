"""The web app asked what an attacker or a careless script would ask: 8,000-year deadline windows,
impossible days, row ids past SQLite's integers, 8 KB searches, searches built to make a regex
backtrack, a corrupt record. A real `congvan serve` over a real store, as tests/test_web.py runs it.

Every answer must come quickly, with a status that says what was wrong (404, 422, 503, a 500 in
the page's kind), and with the same security headers as a normal page: never a plain-text 500.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'congvan[web]'")

from test_web import get, seeded_store, start_server, stop_server  # noqa: E402 - tests/test_web.py's real server

from pipeline import store  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

TODAY = "2024-12-01"
SECURITY_HEADERS = {"content-security-policy": "script-src 'self'", "x-content-type-options": "nosniff",
                    "x-frame-options": "DENY", "referrer-policy": "no-referrer"}
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu")
WEEKLY_DOCUMENTS = 8   # 8 documents x 5 weekly deadlines x 261 weeks: 10,440 entries in five years
REPEATED_WORD = "và "  # a text of one word again and again: where a backtracking regex explodes


def weekly_dispatch(number: int) -> str:
    """A dispatch asking for five weekly reports (the extractor reads each as FREQ=WEEKLY)."""
    asks = "\n".join(f"{n}. Phòng số {n} báo cáo kết quả thực hiện vào {day} hằng tuần về Văn phòng."
                     for n, day in enumerate(WEEKDAYS, 1))
    return f"""ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN MƯỜNG CHÀ                             Độc lập - Tự do - Hạnh phúc
Số: {100 + number}/UBND-VP                          Mường Chà, ngày 02 tháng 12 năm 2024
V/v báo cáo tuần

Kính gửi: Các phòng, ban

Ủy ban nhân dân huyện đề nghị:
{asks}

Nơi nhận:
- Như trên;
- Lưu: VT.
                                                    TM. ỦY BAN NHÂN DÂN
                                                    CHỦ TỊCH
                                                    Nguyễn Văn A
"""


def hostile_store(folder: Path) -> tuple[Path, dict[str, int]]:
    """The seeds of tests/test_web.py, the weekly dispatches, and one text of a repeated word."""
    db, ids = seeded_store(folder)
    extra = folder / "extra"
    extra.mkdir()
    for number in range(WEEKLY_DOCUMENTS):
        (extra / f"weekly{number}.txt").write_text(weekly_dispatch(number), encoding="utf-8")
    (extra / "repeated.txt").write_text(REPEATED_WORD * 20_000 + "x\n", encoding="utf-8")
    conn = store.connect(db)
    try:
        summary = ingest(conn, [extra])
        assert summary.added == WEEKLY_DOCUMENTS + 1 and not summary.failed, summary.line()
        ids.update({row["name"]: row["id"] for row in conn.execute("SELECT id, name FROM documents")})
    finally:
        conn.close()
    return db, ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("adversarial-web")
    db, ids = hostile_store(folder)
    process, base, log = start_server(db, "--today", TODAY)
    yield {"base": base, "db": db, "ids": ids, "log": log, "folder": folder}
    stop_server(process)


def timed_get(site: dict, path: str, within: float = 2.0) -> tuple[int, dict, bytes]:
    began = time.monotonic()
    status, headers, body = get(site, path)
    elapsed = time.monotonic() - began
    assert elapsed < within, f"{path[:80]} took {elapsed:.1f} s"
    return status, headers, body


def assert_secured(headers: dict, path: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert value in headers.get(name, ""), (path[:80], name, headers)
    assert not headers.get("content-type", "").startswith("text/plain"), (path[:80], headers)


def detail(body: bytes) -> str:
    return json.dumps(json.loads(body)["detail"], ensure_ascii=False)


# ----------------------------------------------------------------------------------------------
# Deadline windows and days


WINDOWS = [  # (path, what the answer must say)
    ("/api/deadlines?from=0001-01-01&to=9999-12-31", "outside the years"),
    ("/api/deadlines?from=2024-01-01&to=2029-06-30", "over 5 years"),
    ("/api/deadlines?from=2025-01-01&to=2024-01-01", "is after"),
    ("/deadlines.ics?from=2000-01-01&to=2099-12-31", "over 5 years"),
    ("/deadlines.ics?from=0001-01-01&to=9999-12-31&all=true", "outside the years"),
    ("/api/deadlines?today=9999-12-31", "outside the years"),
    ("/api/overview?today=9999-12-31", "outside the years"),
    ("/api/overview?today=0001-01-01", "outside the years"),
    ("/deadlines.ics?today=9999-12-31", "outside the years"),
    ("/deadlines?month=0000-01", "YYYY-MM"),
    ("/deadlines?month=2024-13", "YYYY-MM"),
    ("/deadlines?month=9999-12", "YYYY-MM"),
    ("/deadlines?today=9999-12-31", "outside the years"),
    ("/?today=9999-12-31", "outside the years"),
]


@pytest.mark.parametrize(("path", "says"), WINDOWS)
def test_windows_and_days_out_of_bounds_are_422(site, path, says):
    status, headers, body = timed_get(site, path)
    assert status == 422, body[:300]
    assert_secured(headers, path)
    shown = detail(body) if headers["content-type"].startswith("application/json") else body.decode()
    assert says in shown, shown[:300]
    if path.startswith("/api/") or ".ics" in path:
        assert headers["content-type"].startswith("application/json")
    else:
        assert headers["content-type"].startswith("text/html")


def test_an_answer_is_capped_at_10000_entries_with_a_flag(site):
    status, headers, body = timed_get(site, "/api/deadlines?from=2025-01-01&to=2029-12-31", within=10)
    assert status == 200, body[:300]
    data = json.loads(body)
    assert data["truncated"] is True and len(data["entries"]) == 10_000
    days = [entry["day"] for entry in data["entries"]]
    assert days == sorted(days) and days[0] == "2025-01-01"   # the earliest ones are kept
    assert days[-1] < "2029-12-31"
    narrow = json.loads(timed_get(site, "/api/deadlines?from=2025-01-01&to=2025-01-31")[2])
    assert narrow["truncated"] is False and 100 < len(narrow["entries"]) < 10_000


def test_the_calendar_page_and_the_feed_answer_a_full_window(site):
    status, headers, body = timed_get(site, "/deadlines?month=2199-12&today=2199-12-31", within=10)
    assert status == 200 and headers["content-type"].startswith("text/html")
    status, _headers, feed = timed_get(site, "/deadlines.ics?from=2025-01-01&to=2029-12-31", within=10)
    assert status == 200 and feed.count(b"BEGIN:VEVENT") >= WEEKLY_DOCUMENTS * len(WEEKDAYS)


# ----------------------------------------------------------------------------------------------
# Ids and parameters past what SQLite can hold


BAD_IDS = [
    (f"/api/documents/{2 ** 66}", 404), (f"/documents/{2 ** 66}", 404), (f"/documents/{2 ** 66}/file", 404),
    (f"/api/documents/{2 ** 63}", 404), ("/api/documents/0", 404), (f"/api/lineage?ref={2 ** 66}", 404),
    (f"/lineage?ref={2 ** 66}", 404), ("/api/lineage?ref=" + quote("²³"), 404),
    (f"/api/search?year={10 ** 20}", 422), ("/api/search?limit=0", 422), ("/api/lineage?ref=" + "9" * 600, 422),
    ("/api/no-such-thing", 404), ("/no-such-page", 404), ("/api/deadlines?from=yesterday", 422),
]


@pytest.mark.parametrize(("path", "expected"), BAD_IDS)
def test_bad_ids_and_parameters_answer_404_or_422_with_the_headers(site, path, expected):
    status, headers, body = timed_get(site, path)
    assert status == expected, body[:300]
    assert_secured(headers, path)


def test_the_html_search_ignores_an_impossible_year(site):
    status, headers, _body = timed_get(site, "/search?" + urlencode({"q": "thi dua", "year": str(10 ** 20)}))
    assert status == 200
    assert_secured(headers, "/search")


def test_a_foreign_host_and_a_wrong_method_carry_the_headers(site):
    status, headers, _body = get(site, "/", {"Host": "attacker.example"})
    assert status == 400
    assert_secured(headers, "/ (foreign host)")


# ----------------------------------------------------------------------------------------------
# Search


def test_an_8kb_search_is_refused_quickly(site):
    query = "chi thi " * 1024   # 8 KB, 2,048 words
    for path in ("/api/search?" + urlencode({"q": query}), "/search?" + urlencode({"q": query})):
        status, headers, body = timed_get(site, path)
        assert status == 422, body[:300]
        assert_secured(headers, path)
        assert "at most 500" in body.decode()


def test_a_search_of_33_short_words_is_refused(site):
    status, _headers, body = timed_get(site, "/api/search?" + urlencode({"q": " ".join(["a"] * 33)}))
    assert status == 422 and "at most 32" in detail(body)


@pytest.mark.parametrize("query", [
    " ".join(["va"] * 31 + ["x"]),       # 32 words without marks: NEAR over a text of that word
    " ".join(["và"] * 31 + ["x"]),       # the same typed with marks: every candidate checked as typed
    " ".join(["và"] * 32),
    " ".join(["thiduakhenthuong"] * 29),   # 493 characters: about the longest query allowed
    ("Chỉ thị số 19/CT-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ về phát động thi đua thực hiện"
     " thắng lợi nhiệm vụ phát triển kinh tế"),   # 32 words as an analyst types them
])
def test_the_largest_searches_allowed_answer_within_2_s(site, query):
    status, headers, body = timed_get(site, "/api/search?" + urlencode({"q": query}))
    assert status in (200, 503), body[:300]   # 503: stopped at the time budget, said so
    assert_secured(headers, query)


def test_a_repeated_word_document_gets_its_snippet(site):
    found = json.loads(timed_get(site, "/api/search?" + urlencode({"q": " ".join(["va"] * 31 + ["x"])}))[2])
    hit = next(h for h in found["hits"] if h["name"] == "repeated.txt")
    assert hit["snippet"]["hit"].endswith("x")


# ----------------------------------------------------------------------------------------------
# A query past its time budget, and an internal error


def test_a_search_past_its_time_budget_is_503_in_json(tmp_path):
    """50,000 more rows in the full-text index, and a budget of a millisecond: SQLite is stopped."""
    from fastapi.testclient import TestClient

    from pipeline.web.app import create_app

    db, _ids = seeded_store(tmp_path)
    with sqlite3.connect(db) as conn:
        conn.executemany("INSERT INTO documents_fts (rowid, subject, body) VALUES (?, 'chi thi 19', 'chi thi so 19')",
                         ((rowid,) for rowid in range(1_000, 51_000)))
    client = TestClient(create_app(db, search_budget=0.001), base_url="http://127.0.0.1")
    response = client.get("/api/search", params={"q": "chi thi 19"})
    assert response.status_code == 503, response.text
    assert "stopped after" in response.json()["detail"] and response.headers["retry-after"]
    assert_secured({k.lower(): v for k, v in response.headers.items()}, "/api/search")
    page = client.get("/search", params={"q": "chi thi 19"})
    assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")


def test_the_progress_handler_stops_a_runaway_query(tmp_path):
    from pipeline.web.archive import Archive, TooSlow

    db, _ids = seeded_store(tmp_path)
    began = time.monotonic()
    with pytest.raises(TooSlow), Archive(db).reading(budget=0.2) as conn:
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
                     " WHERE i < 10000000000").fetchone()
    assert time.monotonic() - began < 2
    with Archive(db).reading() as conn:   # the connection is reusable, its budget reset
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 6


def test_an_internal_error_is_a_500_in_the_page_kind_with_the_headers(tmp_path):
    """A stored record that is not JSON (a store damaged by hand): the document's page fails."""
    db, ids = seeded_store(tmp_path)
    broken = tmp_path / "broken.db"
    shutil.copy(db, broken)
    document_id = ids["2458/UBND-NC"]
    with sqlite3.connect(broken) as conn:
        conn.execute("UPDATE documents SET record = '{not json' WHERE id = ?", (document_id,))
    process, base, _log = start_server(broken, "--today", TODAY)
    try:
        served = {"base": base}
        status, headers, body = get(served, f"/api/documents/{document_id}")
        assert status == 500 and headers["content-type"].startswith("application/json")
        assert "internal error" in json.loads(body)["detail"]
        assert_secured(headers, "/api/documents")
        status, headers, body = get(served, f"/documents/{document_id}")
        assert status == 500 and headers["content-type"].startswith("text/html")
        assert_secured(headers, "/documents")
        assert b"Traceback" not in body
        assert get(served, "/api/facets")[0] == 200   # the server goes on
    finally:
        stop_server(process)


def test_two_worker_processes_answer_as_one(site):
    """`serve --workers 2`: each process builds the same app from the environment (`--today` included)."""
    process, base, _log = start_server(site["db"], "--today", TODAY, "--workers", "2")
    try:
        served = {"base": base}
        for _ in range(100):   # the socket is bound before the workers listen on it
            try:
                if get(served, "/api/facets")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        for _ in range(4):
            status, headers, body = get(served, "/api/search?q=chi+thi+19")
            assert status == 200 and json.loads(body)["total"] >= 2
            assert_secured(headers, "/api/search")
        assert json.loads(get(served, "/api/overview")[2])["today"] == TODAY
        status, headers, _body = get(served, "/api/deadlines?from=0001-01-01&to=9999-12-31")
        assert status == 422
        assert_secured(headers, "/api/deadlines")
    finally:
        stop_server(process)
