"""Deadlines to closure (issue 19): tasks, answers and statuses on a small real-looking archive.

UBND tỉnh Lâm Đồng asks three departments for reports by set days (Công văn 1234/UBND-KT), one of
them monthly, and two districts by a group actor (`UBND các huyện, thành phố`). Sở Tài chính
answers on time (and twice more for its monthly report), Sở Nội vụ late, Sở Xây dựng never; of
the districts Đức Trọng answers and Bảo Lộc does not. Every file goes through `congvan ingest`
into a real SQLite store; the statuses are checked at several `--today` values.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import closure, store
from pipeline.cli import main

REQUEST = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG

Số: 1234/UBND-KT

V/v báo cáo tình hình giải ngân vốn đầu tư công năm 2025

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Lâm Đồng, ngày 10 tháng 3 năm 2025

Kính gửi:
- Sở Tài chính;
- Sở Nội vụ;
- Sở Xây dựng;
- UBND huyện Đức Trọng;
- UBND thành phố Bảo Lộc.

Để kịp thời đánh giá tình hình giải ngân vốn đầu tư công năm 2025, Ủy ban nhân dân tỉnh yêu cầu:

1. Giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước khu vực XV tổng hợp tình hình giải ngân, báo cáo UBND tỉnh trước ngày 25/3/2025.

2. Sở Nội vụ rà soát biên chế các ban quản lý dự án, báo cáo UBND tỉnh trước ngày 28/3/2025.

3. Sở Xây dựng báo cáo tiến độ các công trình trọng điểm về UBND tỉnh trước ngày 31/3/2025.

4. Sở Tài chính tổng hợp, báo cáo UBND tỉnh kết quả giải ngân trước ngày 20 hằng tháng.

5. UBND các huyện, thành phố rà soát, báo cáo danh mục dự án chậm giải ngân về Sở Tài chính trước ngày 15/4/2025.

Nơi nhận:
- Như trên;
- CT, các PCT UBND tỉnh;
- Lưu: VT, KT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Sơn
"""

ANSWER = """{header}

Số: {code}

V/v {subject}

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

{place}, ngày {day} tháng {month} năm 2025

Kính gửi: Ủy ban nhân dân tỉnh Lâm Đồng.

Thực hiện Công văn số 1234/UBND-KT ngày 10/3/2025 của UBND tỉnh về việc báo cáo tình hình giải ngân vốn đầu tư công năm 2025, {who} báo cáo như sau:

Đến nay, các nội dung được giao đã cơ bản hoàn thành; khối lượng giải ngân đạt 18% kế hoạch vốn.

Nơi nhận:
- Như trên;
- Lưu: VT.

{sign}

{signer}
"""

DEPARTMENT = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\n{name}"
DISTRICT = "ỦY BAN NHÂN DÂN\n{name}"


def answer(header: str, code: str, who: str, day: int, month: int, place: str = "Lâm Đồng",
           sign: str = "GIÁM ĐỐC", subject: str = "báo cáo tình hình giải ngân vốn đầu tư công") -> str:
    return ANSWER.format(header=header, code=code, who=who, day=f"{day:02d}", month=month, place=place, sign=sign,
                         subject=subject, signer="Trần Thị Hoa")


FILES = {
    "1234_ubnd_lam_dong.txt": REQUEST,
    # Sở Tài chính: on time for the one-off report (25/3), and two more for the monthly one
    "456_stc.txt": answer(DEPARTMENT.format(name="SỞ TÀI CHÍNH"), "456/STC-ĐT", "Sở Tài chính", 24, 3),
    "501_stc.txt": answer(DEPARTMENT.format(name="SỞ TÀI CHÍNH"), "501/STC-ĐT", "Sở Tài chính", 18, 4),
    "530_stc.txt": answer(DEPARTMENT.format(name="SỞ TÀI CHÍNH"), "530/STC-ĐT", "Sở Tài chính", 23, 4),
    # Sở Nội vụ: late (due 28/3)
    "88_snv.txt": answer(DEPARTMENT.format(name="SỞ NỘI VỤ"), "88/SNV-TCBC", "Sở Nội vụ", 2, 4,
                         subject="báo cáo kết quả rà soát biên chế các ban quản lý dự án"),
    # Sở Xây dựng: nothing. Of the districts: Đức Trọng on time (15/4), Bảo Lộc nothing
    "301_duc_trong.txt": answer(DISTRICT.format(name="HUYỆN ĐỨC TRỌNG"), "301/UBND-TCKH", "UBND huyện Đức Trọng",
                                10, 4, place="Đức Trọng", sign="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("closure")
    archive = folder / "archive"
    archive.mkdir()
    for name, text in FILES.items():
        (archive / name).write_text(text, encoding="utf-8")
    path = folder / "closure.db"
    result = CliRunner().invoke(main, ["ingest", str(archive), "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return path


def statuses(db: Path, today: str, unit: str | None = None) -> dict[tuple[str, str], str]:
    """{(unit's key, due day): status} as `congvan tasks --format json` gives them."""
    args = ["tasks", "--db", str(db), "--today", today, "--format", "json"] + (["--unit", unit] if unit else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return {(closure.body_key(t["actor"]), t["due"]): t["status"] for t in json.loads(result.output)}


STC, SNV, SXD = "so tai chinh", "so noi vu", "so xay dung"
DUC_TRONG, BAO_LOC = "uy ban nhan dan huyen duc trong", "uy ban nhan dan thanh pho bao loc"
GROUP = "uy ban nhan dan cac huyen thanh pho"

ONE_OFF = [
    # today, Sở Tài chính (due 25/3), Sở Nội vụ (due 28/3), Sở Xây dựng (due 31/3)
    ("2025-03-20", "open", "open", "open"),
    ("2025-03-26", "met", "open", "open"),
    ("2025-03-30", "met", "overdue", "open"),
    ("2025-04-05", "met", "late", "overdue"),
]


@pytest.mark.parametrize("today, finance, interior, construction", ONE_OFF)
def test_one_off_deadlines_of_three_departments(db, today, finance, interior, construction):
    found = statuses(db, today)
    assert found[(STC, "2025-03-25")] == finance
    assert found[(SNV, "2025-03-28")] == interior
    assert found[(SXD, "2025-03-31")] == construction


MONTHLY = [
    # today: {due: status} of Sở Tài chính's monthly report (20th), answers on 24/3, 18/4, 23/4
    ("2025-03-22", {"2025-03-20": "overdue", "2025-04-20": "open"}),
    # 24/3 and 18/4 both fall in April's period: March takes the first, late; April the second
    ("2025-04-19", {"2025-03-20": "late", "2025-04-20": "met"}),
    ("2025-06-25", {"2025-03-20": "late", "2025-04-20": "met", "2025-05-20": "met", "2025-06-20": "overdue",
                    "2025-07-20": "open"}),
]


@pytest.mark.parametrize("today, expected", MONTHLY)
def test_monthly_deadline_one_task_per_occurrence(db, today, expected):
    found = statuses(db, today, unit="Sở Tài chính")
    monthly = {due: status for (key, due), status in found.items() if key == STC and due != "2025-03-25"}
    assert monthly == expected


GROUP_CASES = [
    # today, Đức Trọng, Bảo Lộc, the group itself (due 15/4)
    ("2025-04-05", "open", "open", "open"),
    ("2025-04-12", "met", "open", "met"),
    ("2025-04-20", "met", "overdue", "met"),
]


@pytest.mark.parametrize("today, duc_trong, bao_loc, group", GROUP_CASES)
def test_group_actor_is_a_task_per_member_and_one_for_the_group(db, today, duc_trong, bao_loc, group):
    found = statuses(db, today)
    assert found[(DUC_TRONG, "2025-04-15")] == duc_trong
    assert found[(BAO_LOC, "2025-04-15")] == bao_loc
    assert found[(GROUP, "2025-04-15")] == group
    members = {key for key, due in found if due == "2025-04-15"}
    assert members == {DUC_TRONG, BAO_LOC, GROUP}   # no department is taken for a district


def test_json_fields_evidence_and_filters(db):
    result = CliRunner().invoke(main, ["tasks", "--db", str(db), "--today", "2025-04-05", "--unit", "so noi vu",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    (task,) = json.loads(result.output)
    assert task["request"] == "1234/UBND-KT" and task["actor"] == "Sở Nội vụ" and task["due"] == "2025-03-28"
    assert task["status"] == "late" and task["answered_by"] == "88/SNV-TCBC" and task["answered_on"] == "2025-04-02"
    assert task["evidence"].startswith("Thực hiện Công văn số 1234/UBND-KT")
    assert task["action"].startswith("Sở Nội vụ rà soát biên chế")
    assert {"support", "group", "due_from", "unit"} <= set(task)
    overdue = CliRunner().invoke(main, ["tasks", "--db", str(db), "--today", "2025-04-20", "--status", "overdue",
                                        "--format", "json"])
    assert {(t["actor"], t["due"]) for t in json.loads(overdue.output)} == {
        ("Sở Xây dựng", "2025-03-31"), ("UBND thành phố Bảo Lộc", "2025-04-15")}


def test_text_board_and_ics_carry_status(db, tmp_path):
    text = CliRunner().invoke(main, ["tasks", "--db", str(db), "--today", "2025-04-05"])
    assert text.exit_code == 0, text.output
    assert "Sở Xây dựng (Lâm Đồng): 1 overdue" in text.output
    assert "<- 88/SNV-TCBC (2025-04-02)" in text.output
    feed = tmp_path / "stc.ics"
    result = CliRunner().invoke(main, ["tasks", "--db", str(db), "--today", "2025-04-05", "--unit", "Sở Nội vụ",
                                       "--format", "ics", "-o", str(feed)])
    assert result.exit_code == 0, result.output
    ics = feed.read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == 1 and "SUMMARY:[late] Sở Nội vụ rà soát" in ics


def test_remind_digests_only_open_and_overdue_by_unit(db):
    result = CliRunner().invoke(main, ["remind", "--tasks", "--db", str(db), "--today", "2025-04-05"])
    assert result.exit_code == 0, result.output
    digest = result.output
    assert digest.startswith("Việc chưa trả lời tính đến 05/04/2025: 2 quá hạn, 3 đang mở.")
    assert "Sở Xây dựng (Lâm Đồng)\n  - 31/03/2025 (quá hạn 5 ngày)" in digest
    assert "Sở Nội vụ" not in digest.split("\n\n", 1)[1]            # answered (late): nothing to remind
    refused = CliRunner().invoke(main, ["remind", "--unit", "Sở Nội vụ", "--db", str(db)])
    assert refused.exit_code == 2 and "--unit and --unit-to need --tasks" in refused.output


def test_remind_mails_each_unit_its_own(db, smtp_server):
    controller, received = smtp_server
    result = CliRunner().invoke(main, ["remind", "--tasks", "--db", str(db), "--today", "2025-04-05",
                                       "--smtp", f"127.0.0.1:{controller.port}",
                                       "--unit-to", "Sở Xây dựng=sxd@example.gov.vn",
                                       "--unit-to", "Sở Tài chính=stc@example.gov.vn"])
    assert result.exit_code == 0, result.output
    by_address = {message["To"]: message for message in received}
    assert set(by_address) == {"sxd@example.gov.vn", "stc@example.gov.vn"}
    body = by_address["sxd@example.gov.vn"].get_payload(decode=True).decode("utf-8")
    assert "Sở Xây dựng (Lâm Đồng)" in body and "Sở Tài chính" not in body.split("\n\n", 1)[1]


UNITS = ["Sở Tài chính", "tai chinh", "Sở Nội vụ", "Sở Xây dựng", "UBND huyện Đức Trọng", "UBND thành phố Bảo Lộc",
         "UBND các huyện, thành phố", "Sở Y tế"]


@pytest.mark.parametrize("today", ["2025-03-26", "2025-04-12", "2025-06-25"])
def test_one_units_tasks_read_through_the_owner_index_are_its_share_of_all(db, today):
    """`--unit` reads only the deadlines its owner index points at (named owners, groups the unit
    may belong to): the same tasks as every task of the archive kept for that unit."""
    conn = store.connect(db)
    day = dt.date.fromisoformat(today)
    every = closure.tasks(conn, day)
    for unit in UNITS:
        own = closure.tasks(conn, day, unit=unit)
        assert own == [t for t in every if closure.unit_matches(unit, t.unit_key)], unit
        assert own or unit == "Sở Y tế"
    assert closure.tasks(conn, day, unit="Sở Tài chính tỉnh Bình Thuận") == []   # another province's unit
    assert list(closure._owners(conn)) == sorted({tuple(row) for row in conn.execute(
        "SELECT owner_key, owner FROM deadlines WHERE owner_key IS NOT NULL")})
    conn.close()


def test_one_units_tasks_on_a_synthetic_archive_with_national_groups():
    """Ministries' requests to `các Sở ... các tỉnh` (no province): a department of one province
    reads only those that name it or that it answered (`_naming`), and finds the same tasks."""
    from pipeline.synth import records_for_store

    conn = store.connect(":memory:")
    store.write_batch(conn, list(records_for_store(1500, seed=7, answers=True)), "2026-01-01T00:00:00+00:00")
    day = dt.date(2024, 3, 31)
    every = closure.tasks(conn, day)
    provinces = [row[0] for row in conn.execute("SELECT province FROM documents WHERE province IS NOT NULL"
                                                " GROUP BY province ORDER BY count(*) DESC, province LIMIT 6")]
    units = [f"{body} tỉnh {province}" for province in provinces for body in ("Sở Y tế", "Sở Nội vụ", "Sở Tài chính")]
    found = 0
    for unit in ["Sở Y tế", "Sở Nội vụ", *units]:
        province = store.place_of(unit)[0]
        expected = [t for t in every if closure.unit_matches(unit, t.unit_key)
                    and closure.same_province(unit, conn.execute("SELECT province FROM documents WHERE id = ?",
                                                                 (t.request_id,)).fetchone()[0])]
        assert closure.tasks(conn, day, unit=unit) == expected, unit
        assert expected or province
        found += len(expected) if province else 0
    assert found >= 5   # the national groups give one province's departments a few
    conn.close()


def test_deadlines_show_actor_and_support(db):
    result = CliRunner().invoke(main, ["deadlines", "--db", str(db), "--from", "2025-03-01", "--to", "2025-03-31",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    finance = next(d for d in json.loads(result.output)["deadlines"] if d["date"] == "2025-03-25")
    assert finance["actor"] == "Sở Tài chính" and finance["support"]
    assert finance["support"][0].startswith("Kho bạc Nhà nước")
    text = CliRunner().invoke(main, ["deadlines", "--db", str(db), "--from", "2025-03-01", "--to", "2025-03-31"])
    assert "Sở Tài chính (phối hợp: Kho bạc Nhà nước" in text.output


def test_relative_deadline_counts_working_days_from_the_ingest_day(tmp_path):
    """No received stamp: the request's ingest day is the last resort, flagged `due_from: ingest`."""
    archive = tmp_path / "archive"
    archive.mkdir()
    text = REQUEST.replace("báo cáo UBND tỉnh trước ngày 28/3/2025", "báo cáo UBND tỉnh trong thời hạn 05 ngày làm "
                           "việc kể từ ngày nhận được văn bản")
    (archive / "request.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "relative.db"
    assert CliRunner().invoke(main, ["ingest", str(archive), "--db", str(db), "--workers", "1"]).exit_code == 0
    conn = store.connect(db)
    ingested = dt.date.fromisoformat(conn.execute("SELECT ingested_at FROM files").fetchone()[0][:10])
    found = [t for t in closure.tasks(conn, ingested) if t.actor == "Sở Nội vụ"]
    conn.close()
    assert [(t.due, t.due_from) for t in found] == [(closure.HolidayCalendar.default().add_working_days(ingested, 5),
                                                     "ingest")]


NAMES = [
    ("UBND huyện Đức Trọng, tỉnh Lâm Đồng", "uy ban nhan dan huyen duc trong"),
    ("Sở Tài chính tỉnh Lâm Đồng", "so tai chinh"),
    ("Giám đốc Sở Tài chính", "so tai chinh"),
    ("Ủy ban nhân dân tỉnh Lâm Đồng", "uy ban nhan dan"),
    ("Ủy ban nhân dân thành phố Đà Lạt", "uy ban nhan dan thanh pho da lat"),
]


@pytest.mark.parametrize("name, key", NAMES)
def test_body_key(name, key):
    assert closure.body_key(name) == key


def test_groups_and_members():
    (group,) = closure.groups_in("Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện, thị xã, thành phố")
    assert group.kinds == ("huyen", "thi xa", "thanh pho")
    assert group.has_member(closure.body_key("UBND huyện Đức Trọng"))
    assert not group.has_member(closure.body_key("Sở Nội vụ"))
    assert closure.groups_in("các Sở, ban, ngành tỉnh")[0].has_member("so noi vu")
    assert closure.groups_in("Sở Nội vụ") == ()


def test_unknown_status_is_refused(db):
    conn = store.connect(db)
    with pytest.raises(ValueError, match="unknown status 'done'"):
        closure.tasks(conn, dt.date(2025, 4, 1), statuses=["done"])
    conn.close()
    result = CliRunner().invoke(main, ["tasks", "--db", str(db), "--status", "done"])
    assert result.exit_code == 2 and result.output.startswith("congvan: ")


@pytest.fixture
def smtp_server():
    from test_calendar import smtp_server as make

    yield from make.__wrapped__()
