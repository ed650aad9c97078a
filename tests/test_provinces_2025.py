"""The 2025 map (Nghị quyết 202/2025/QH15): every document keeps its province as issued and gains
the province it is part of now (from `vietnamadminunits`); coverage groups by the current province
and shows the former ones; `--as-issued` groups as before; identity keys do not change."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_status import CT30, DISPATCH

from pipeline import graph as graphs
from pipeline import store
from pipeline.cli import main
from pipeline.extract.references import document_key
from pipeline.store import schema

PROVINCES = json.loads((Path(__file__).resolve().parents[1] / "pipeline" / "data" / "provinces.json").read_text(encoding="utf-8"))
# the directive and the plans are dispatches of the shape test_status.py builds
DIRECTIVE = CT30
PLAN = DISPATCH.format(
    issuer="ỦY BAN NHÂN DÂN\nTỈNH {upper}", code="{number}/KH-UBND", place="{place}", day="{day}", kind="KẾ HOẠCH",
    subject="Triển khai thực hiện Chỉ thị số 30/CT-TTg của Thủ tướng Chính phủ",
    body="Thực hiện Chỉ thị số 30/CT-TTg ngày 29/8/2024 của Thủ tướng Chính phủ về đổi mới công tác thi đua, khen "
         "thưởng, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau.",
    signer="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A")
BINH_THUAN_2024 = PLAN.format(upper="BÌNH THUẬN", place="Bình Thuận", number=45, day="15 tháng 10 năm 2024")
LAM_DONG_2026 = PLAN.format(upper="LÂM ĐỒNG", place="Lâm Đồng", number=12, day="20 tháng 01 năm 2026")
SON_LA_2024 = """ỦY BAN NHÂN DÂN
TỈNH SƠN LA
-------
Số: 7/KH-UBND
Sơn La, ngày 02 tháng 3 năm 2024

KẾ HOẠCH
Công tác cải cách hành chính năm 2024
"""


@pytest.mark.parametrize("entry", PROVINCES["provinces"], ids=lambda e: e["name"])
def test_each_former_province_converts_as_the_resolution_says(entry):
    assert store.current_province(entry["name"]) == entry["since_2025_07_01"]


def test_the_34_provinces_stay_themselves():
    from vietnam_provinces import Province

    assert len(list(Province.iter_all())) == 34
    for entry in PROVINCES["provinces_2025"]:
        assert store.current_province(entry["name"]) == entry["name"]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in (("ct30.txt", DIRECTIVE), ("bt45.txt", BINH_THUAN_2024), ("ld12.txt", LAM_DONG_2026),
                       ("sl7.txt", SON_LA_2024)):
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "congvan.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return db


def coverage_json(db: Path, *extra: str) -> dict:
    result = CliRunner().invoke(main, ["coverage", "30/CT-TTg", "--db", str(db), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_coverage_counts_a_former_province_for_the_one_it_is_now_part_of(archive):
    report = coverage_json(archive)
    named = [p for p in report["provinces"] if p["province"]]
    assert [(p["province"], p["former"], p["label"]) for p in named] == [
        ("Lâm Đồng", ["Bình Thuận"], "Lâm Đồng (gồm Bình Thuận cũ)")]
    assert report["provinces_in_archive"] == ["Lâm Đồng", "Sơn La"]
    assert report["silent_provinces"] == ["Sơn La"]
    text = CliRunner().invoke(main, ["coverage", "30/CT-TTg", "--db", str(archive)]).output
    assert "Lâm Đồng (gồm Bình Thuận cũ)" in text and "from 1 province" in text


def test_as_issued_groups_as_before(archive):
    report = coverage_json(archive, "--as-issued")
    assert sorted(p["province"] for p in report["provinces"] if p["province"]) == ["Bình Thuận", "Lâm Đồng"]
    assert all(not p["former"] for p in report["provinces"])
    assert report["silent_provinces"] == ["Sơn La"]


def test_identity_keys_of_local_documents_do_not_change(archive):
    conn = store.connect(archive)
    rows = {row["name"]: row for row in conn.execute("SELECT * FROM documents")}
    assert rows["bt45.txt"]["key"] == document_key({"code": "45/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Bình Thuận",
                                                    "date": "2024-10-15"})
    assert rows["bt45.txt"]["key"] != rows["ld12.txt"]["key"]
    assert (rows["bt45.txt"]["province"], rows["bt45.txt"]["current_province"]) == ("Bình Thuận", "Lâm Đồng")
    assert (rows["ld12.txt"]["province"], rows["ld12.txt"]["current_province"]) == ("Lâm Đồng", "Lâm Đồng")


def test_a_store_of_schema_3_gains_current_provinces_when_opened(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in schema._statements("".join(store.MIGRATIONS[:3])):
        conn.execute(statement)
    conn.execute("INSERT INTO files (hash, path, size, status, ingested_at) VALUES ('h', 'p', 1, 'ok', 'now')")
    conn.execute("INSERT INTO documents (file_hash, key, province, source, name, record, text)"
                 " VALUES ('h', 'k', 'Bình Thuận', 'p', 'p', '{}', '')")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    upgraded = store.connect(db)
    assert upgraded.execute("SELECT province, current_province FROM documents").fetchone()[:] == ("Bình Thuận", "Lâm Đồng")
    assert store.stats(upgraded)["schema_version"] == store.SCHEMA_VERSION
    assert graphs.provinces_in_archive(upgraded, "current_province") == ["Lâm Đồng"]
