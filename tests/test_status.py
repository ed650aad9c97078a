"""Status: whether a document still stands, from what the archive's documents say they do to it.
Archives are built with `congvan ingest` into a temporary SQLite store; `congvan status` answers."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_graph import HEADER as DISPATCH  # a dispatch's layout: header, body, nơi nhận, signature

from pipeline import graph as graphs
from pipeline import store
from pipeline.cli import main

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real"
DIRECTIVE = DISPATCH.replace("{issuer}", "THỦ TƯỚNG CHÍNH PHỦ").replace("{place}", "Hà Nội").replace("{kind}", "CHỈ THỊ").replace("{signer}", "THỦ TƯỚNG\n{signer}")
# The closing sentence is the genre's own (`Chỉ thị này có hiệu lực ... và thay thế Chỉ thị số ...`,
# as in the corpus's Thông tư 16/2023/TT-BKHĐT and Quyết định 12/2024/QĐ-TTg).
CT29 = DIRECTIVE.format(code="29/CT-TTg", day="05 tháng 12 năm 2012", subject="Về việc tiếp tục đẩy mạnh phong trào thi đua",
                        body="Thủ tướng Chính phủ yêu cầu các Bộ, ngành, địa phương thực hiện tốt các nội dung sau.",
                        signer="Nguyễn Tấn Dũng")
CT30 = DIRECTIVE.format(
    code="30/CT-TTg", day="29 tháng 8 năm 2024", subject="Về việc đổi mới công tác thi đua, khen thưởng",
    body="Căn cứ Luật Thi đua, khen thưởng năm 2022, Thủ tướng Chính phủ yêu cầu các Bộ, ngành, địa phương thực hiện "
         "tốt các nội dung sau.\nChỉ thị này có hiệu lực kể từ ngày 15 tháng 9 năm 2024 và thay thế Chỉ thị số "
         "29/CT-TTg ngày 05 tháng 12 năm 2012 của Thủ tướng Chính phủ.",
    signer="Phạm Minh Chính")


def ingest(tmp_path: Path, files: dict[str, str | Path]) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, content in files.items():
        target = folder / name
        if isinstance(content, Path):
            target.write_bytes(content.read_bytes())
        else:
            target.write_text(content, encoding="utf-8")
    db = tmp_path / "congvan.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def status_json(db: Path, ref: str) -> dict:
    result = CliRunner().invoke(main, ["status", ref, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_replaced_directive_says_by_whom_from_when_with_the_sentence(tmp_path):
    db = ingest(tmp_path, {"ct29.txt": CT29, "ct30.txt": CT30})
    report = status_json(db, "29/CT-TTg")
    assert report["status"] == "replaced" and report["in_force"] is False
    assert report["since"] == "2024-09-15"
    (by,) = report["replaced_by"]
    assert by["code"] == "30/CT-TTg" and by["effective"] == "2024-09-15"
    assert "thay thế Chỉ thị số 29/CT-TTg" in by["evidence"]
    assert report["document"]["successors"] == ["30CTTTG"]
    assert status_json(db, "30/CT-TTg")["status"] == "in force"


def test_lineage_and_coverage_show_the_status(tmp_path):
    db = ingest(tmp_path, {"ct29.txt": CT29, "ct30.txt": CT30})
    runner = CliRunner()
    lineage = runner.invoke(main, ["lineage", "30/CT-TTg", "--up", "--db", str(db)])
    assert "✗ replaced by Chỉ thị 30/CT-TTg" in lineage.output
    coverage = runner.invoke(main, ["coverage", "29/CT-TTg", "--db", str(db)])
    assert "congvan coverage 30CTTTG" in coverage.output
    text = runner.invoke(main, ["status", "29/CT-TTg", "--db", str(db)]).output
    assert "status: replaced (since 2024-09-15)" in text and "«Chỉ thị này" in text


def test_the_status_is_the_same_from_the_whole_graph(tmp_path):
    db = ingest(tmp_path, {"ct29.txt": CT29, "ct30.txt": CT30})
    whole = graphs.build(store.connect(db))
    assert graphs.status(whole, "29CTTTG")["status"] == "replaced"
    assert whole.nodes["30CTTTG"]["status"]["status"] == "in force"


@pytest.mark.parametrize(("effects", "expected"), [
    ([], "in force"),
    ([{"effect": "amends", "by": "a", "scope": "Điều 5", "effective": "2024-01-01"}], "amended"),
    ([{"effect": "repeals", "by": "a", "scope": "khoản 2 Điều 3", "effective": None}], "amended"),
    ([{"effect": "repeals", "by": "a", "scope": None, "effective": "2024-01-01"}], "repealed"),
    # a decision publishing procedures replaces two of those an earlier one published (batch d2): the rest stands
    ([{"effect": "replaces", "by": "a", "scope": "thủ tục hành chính số thứ tự 09, 10 Phụ lục", "effective": None}], "amended"),
    ([{"effect": "amends", "by": "a", "scope": None, "effective": "2020-01-01"},
      {"effect": "replaces", "by": "b", "scope": None, "effective": "2024-01-01"}], "replaced"),
])
def test_status_of(effects, expected):
    assert graphs.status_of(effects)["status"] == expected


REPLACING = REAL / "lamdong_ed5fbe85_110925_QĐ__Quyết_định_kiện_toàn_Đội_UCSC_hao_fix.docx"
QD607 = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 607/QĐ-UBND
Lâm Đồng, ngày 04 tháng 4 năm 2024

QUYẾT ĐỊNH
Về việc kiện toàn Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Lâm Đồng

Điều 1. Kiện toàn Đội ứng cứu sự cố an toàn thông tin mạng tỉnh Lâm Đồng.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn Hiệp
"""


@pytest.mark.real
@pytest.mark.skipif(not REPLACING.is_file(), reason="../shared/corpora/real is absent")
def test_a_real_decision_replaces_a_stored_one(tmp_path):
    """Lâm Đồng's 2025 decision on its cyber-incident team (real text) replaces Quyết định 607/QĐ-UBND of 2024."""
    db = ingest(tmp_path, {"qd607.txt": QD607, REPLACING.name: REPLACING})
    report = status_json(db, "607/QĐ-UBND")
    assert report["status"] == "replaced"
    assert "thay thế Quyết định số 607/QĐ-UBND" in report["replaced_by"][0]["evidence"]


def test_the_web_app_strikes_a_replaced_directive_and_links_its_successor(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from pipeline.web.app import create_app

    db = ingest(tmp_path, {"ct29.txt": CT29, "ct30.txt": CT30})
    client = TestClient(create_app(db), base_url="http://127.0.0.1")
    successor_id = store.connect(db).execute("SELECT id FROM documents WHERE code = '30/CT-TTg'").fetchone()[0]
    for page in (client.get("/lineage", params={"ref": "29/CT-TTg"}), client.get("/search", params={"q": "thi dua"}),
                 client.get("/documents/1")):
        assert page.status_code == 200
        assert "line-through" in page.text and "đã bị thay thế bởi" in page.text
        assert f'href="/documents/{successor_id}"' in page.text
