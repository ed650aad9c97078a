"""The document's own facts: code grammar, header and signature block, against tables of tricky
layouts, the data tables' own examples, the gold files (through score.py) and the offsets
invariant."""
from __future__ import annotations

import importlib
import importlib.util
import json
import time
from pathlib import Path

import pytest

from pipeline.extract.codes import find_codes, parse_code
from pipeline.extract.header import _body, _compose, extract_header
from pipeline.read.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "corpora" / "seeds" if (ROOT / "corpora" / "seeds" / "gold.jsonl").exists() \
    else SHARED / "corpora" / "seeds"
REAL = SHARED / "corpora" / "real"
SCORE = SHARED / "eval" / "score.py"
DATA = ROOT / "pipeline" / "data"


def header(raw: str, markdown: bool = True) -> dict:
    text, _ = normalize(raw, markdown=markdown)
    return extract_header(text).to_json()


# ---------------------------------------------------------------------------------------------
# Codes

CODES = [
    # (printed, number, year, type code, issuer codes)
    ("2458/UBND-NC", "2458", None, None, ("UBND", "NC")),
    ("19/CT-TTg", "19", None, "CT", ("TTg",)),
    ("34-CT/TW", "34", None, "CT", ("TW",)),
    ("30/2020/NĐ-CP", "30", 2020, "NĐ", ("CP",)),
    ("15/KH-HĐTĐ", "15", None, "KH", ("HĐTĐ",)),
    ("/SNV-VP", None, None, None, ("SNV", "VP")),
    ("/KH-MTTQ-BTT", None, None, "KH", ("MTTQ", "BTT")),
    ("05/CT - TW", "05", None, "CT", ("TW",)),
    ("37- CT/TW", "37", None, "CT", ("TW",)),
    ("l9/CT-TTg", "19", None, "CT", ("TTg",)),
    ("45/25010/NĐ-CP", "45", 2010, "NĐ", ("CP",)),
    ("51/2024/QH15", "51", 2024, None, ("QH15",)),
    ("01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH", "01", 2022, "TTLT",
     ("VKSNDTC", "TANDTC", "BCA", "BQP", "BLĐTBXH")),
    ("215/SNV-CCHC&VTLT", "215", None, None, ("SNV", "CCHC&VTLT")),
    ("205-QĐi/TW", "205", None, "QĐi", ("TW",)),
    ("65/TTr-CAT-PC06", "65", None, "TTr", ("CAT", "PC06")),
    ("57/NQ/TW", "57", None, "NQ", ("TW",)),              # a slash misprinted for the dash (a real report)
    ("180/KH/UBND", "180", None, "KH", ("UBND",)),
]
NOT_CODES = ["Ngày 12", "15/6/1933", "I/2026", "2021-2025", "V/v", "Số 302/Ngày", "100%"]


@pytest.mark.parametrize("printed,number,year,type_code,issuers", CODES)
def test_parse_code(printed, number, year, type_code, issuers):
    code = parse_code(printed)
    assert code is not None
    assert (code.number, code.year, code.type_code, code.issuer_codes) == (number, year, type_code, issuers)
    assert " " not in code.text


@pytest.mark.parametrize("text", NOT_CODES)
def test_not_a_code(text):
    assert parse_code(text) is None


def test_malformed_and_canonical_share_a_key():
    assert parse_code("05/CT - TW").key == parse_code("05-CT/TW").key
    assert parse_code("05/CT - TW").form == "party"
    assert parse_code("30/2020/NĐ-CP").form == "normative"


def test_find_codes_offsets():
    text = "Thực hiện Kế hoạch số 119-KH/TU ngày 18/12/2019 và Chỉ thị số 37- CT/TW; CÔNG BÁO/Số 302/Ngày 02"
    found = find_codes(text)
    assert [c.text for c, _, _ in found] == ["119-KH/TU", "37-CT/TW"]
    for code, start, end in found:
        assert parse_code(text[start:end]) == code


# ---------------------------------------------------------------------------------------------
# Data tables: every example must hold

TYPES = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))
BODIES = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
PROVINCES = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", TYPES["types"], ids=lambda e: f"{e['name']}-{e.get('code')}")
def test_type_table_examples(entry):
    for line in entry["examples"]:
        got = header(f"Hà Nội, ngày 01 tháng 02 năm 2024\n{line.upper()}\nVề việc thử nghiệm\n\nCăn cứ Luật.")
        assert got["type"].lower().startswith(entry["name"].lower()), line
    for printed in entry["codes"]:
        code = parse_code(printed)
        assert code is not None, printed
        if entry.get("code"):
            assert code.type_code == entry["code"], printed


@pytest.mark.parametrize("line", TYPES["not"])
def test_type_table_negatives(line):
    got = header(f"Hà Nội, ngày 01 tháng 02 năm 2024\n{line}\n\nCăn cứ Luật.")
    assert got["type"] is None, line


def test_type_codes_are_documented():
    codes = {t["code"] for t in TYPES["types"] if t.get("code")}
    for code in ("CT", "KH", "QĐ", "TB", "CĐ", "TTr", "BC", "HD", "GM", "NQ", "KL", "QĐi", "NĐ", "TT"):
        assert code in codes


@pytest.mark.parametrize("entry", [h for h in BODIES["heads"] if h.get("examples")], ids=lambda h: h["name"])
def test_body_table_examples(entry):
    for printed, expected in entry["examples"]:
        assert _body(printed, 0, len(printed)).name == expected


PEOPLE = json.loads((DATA / "people.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", PEOPLE["examples"], ids=lambda e: e["signer"]["name"] or e["signer"]["title"])
def test_signature_examples(example):
    """Closing blocks as OCR reads them under a seal: the table's examples give the signer."""
    text = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/UBND-VX\n\nNội dung công văn.\n\n" + example["text"]
    assert extract_header(text).to_json()["signer"] == example["signer"]


def test_a_name_in_the_list_is_not_the_signer():
    """`PCN Mai Thị Thu Vân,` inside a nơi nhận entry does not stand for the signature."""
    text = ("Số: 12/VPCP-CN\n\nNội dung.\n\nNơi nhận:\n- Như trên;\n- VPCP: BTCN, PCN Mai Thị Thu Vân, Trợ lý TTg,\n"
            "- Lưu: VT, CN (2).\n")
    assert extract_header(text).to_json()["signer"]["name"] is None


def test_an_unread_number_and_a_signing_stamp_do_not_hide_the_issuer():
    """A signed scan (quangngai_01_TTr): the stamp's lines come between the issuer and the motto, the
    handwritten number is unread; the issuer is still the lines above `Số:`."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: O{_ /TTr-UBND\nỦy ban nhân dân Ảnh Quả ng Ngãi\nCơ quan: Tỉ\n"
           "nh Quảng Ngã\nTRUNG TÂM CÔNG Thời gian ký: 00012025 10:09:57\nBÁO VÀ TIN HỌC\nttcbth@)quangngaI.gov.vn\n"
           "07.01.2025 10:44:25\n+07:00\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "Quảng Ngãi, ngày 06 tháng 01 năm 2025\nTỜ TRÌNH\nVề việc miễn nhiệm\n\nKính gửi: Hội đồng nhân dân tỉnh\n")
    got = header(raw, markdown=False)
    assert (got["code"], got["issuer"], got["date"]) == ("/TTr-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", "2025-01-06")
    symbol_only = raw.replace("Số: O{_ /TTr-UBND", "/TTr-UBND")
    assert header(symbol_only, markdown=False)["issuer"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_a_handwritten_number_ocr_bent_leaves_the_symbol_and_takes_no_code_from_the_body():
    """Quảng Ngãi's signed scans (batch s7: qn_280_BC, qn_22_TTR, qn_46_TB): the number written in ink
    after `Số:` comes out of OCR as a few odd signs (`ổ0`, `8#`, `4``). The line is still the document's
    code, its number unread, as a draft's blank one is; not a decision cited in the body (`Số 418/QĐ-UBND`)
    nor the attached draft's `Số: /NQ-HĐND`. A number OCR read whole stays the number."""
    def code(number_line: str) -> str | None:
        raw = ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
               f"{number_line} Quảng Ngãi, ngày ÊÊ_ tháng 11 năm 2024\nBÁO CÁO\n\n"
               "Về việc điều chỉnh dự toán ngân sách của một số đơn vị dự toán năm 2024\nKính gửi: Hội đồng nhân dân tỉnh\n\n"
               "Thực hiện quy định tại khoản 3 Điều 52 Luật Ngân sách nhà nước, UBND tỉnh đã ban hành các Quyết định: "
               "Số 418/QĐ-UBND ngày 30/5/2024 về việc điều chỉnh dự toán.\n\nDỰ THẢO\nSố: /NQ-HĐND\n")
        return header(raw, markdown=False)["code"]
    assert code("Số:ổ0 /BC-UBND") == "/BC-UBND"
    assert code("Số:8# /BC-UBND") == "/BC-UBND"
    assert code("Số:4` /BC-UBND") == "/BC-UBND"
    assert code("Số: 280 /BC-UBND") == "280/BC-UBND"
    assert code("Số: l23 /BC-UBND") == "123/BC-UBND"


def test_a_gazettes_stamp_above_a_provinces_committee_is_no_superior():
    """qn_280_BC (batch s7): the gazette centre's signature stamp stands above the header, and OCR read it
    as lines of its own (`TRUNG TÂM CÔNG` / `BẢO: nga, vn`); a province's people's committee has no body
    above it in its header. A department's superior is still read."""
    raw = ("Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\nTRUNG TÂM CÔNG\n"
           "BẢO: nga, vn\n26.11.2024 13:45:56\n+07:00\n(NV hàn nh Quảng Ngãi\nSa DA Thời gian ký: 26/11/ /024 10:40:48\n"
           "J\n\nỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
           "Số: 280/BC-UBND Quảng Ngãi, ngày 22 tháng 11 năm 2024\nBÁO CÁO\n\n"
           "Về việc điều chỉnh dự toán ngân sách của một số đơn vị dự toán năm 2024\nKính gửi: Hội đồng nhân dân tỉnh\n")
    got = header(raw, markdown=False)
    assert (got["issuer"], got["parent_issuer"]) == ("Ủy ban nhân dân tỉnh Quảng Ngãi", None)
    department = raw.replace("ỦY BAN NHÂN DÂN CỘNG", "UBND TỈNH QUẢNG NGÃI CỘNG").replace("TỈNH QUẢNG NGÃI Độc", "SỞ TÀI CHÍNH Độc")
    assert header(department, markdown=False)["parent_issuer"] == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_marks_ocr_read_as_a_line_before_the_summary_are_no_summary():
    """qn_90_QĐ_CT (batch s9): the seal's and the signature's marks under `QUYẾT ĐỊNH` came out of OCR as a
    line of signs (`.ˆA Ẩ`), a blank line, then the summary: the summary is the lines with words."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 90 /QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 16 tháng 01 năm 2025\nQUYẾT ĐỊNH\n.ˆA Ẩ\n\n"
           "Về việc bổ nhiệm vào ngạch Thanh tra viên và xếp lương\nđối với ông Võ Văn Dương\n\n"
           "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nCăn cứ Luật Thanh tra ngày 14/11/2022;\n")
    assert header(raw, markdown=False)["subject"] == ("Về việc bổ nhiệm vào ngạch Thanh tra viên và xếp lương "
                                                     "đối với ông Võ Văn Dương")
    assert header(raw.replace(".ˆA Ẩ\n\n", ""), markdown=False)["subject"].startswith("Về việc bổ nhiệm")


def test_a_summary_stops_before_the_motto_and_a_signing_stamp_that_ocr_ran_into_it():
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 512/UBND-TH\nV/v đăng ký bổ sung nội dung trình HĐND tỉnh\n"
           "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nCơ quan: Tỉnh Quảng Ngãi\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 04 tháng 02 năm 2025\n\nKính gửi: Hội đồng nhân dân tỉnh\n")
    assert header(raw, markdown=False)["subject"] == "V/v đăng ký bổ sung nội dung trình HĐND tỉnh"
    motto = raw.replace("V/v đăng ký bổ sung nội dung trình HĐND tỉnh\n", "V/v thành lập Hội đồng tư vấn Độc lập Tự do Hạnh phúc\n")
    assert header(motto, markdown=False)["subject"] == "V/v thành lập Hội đồng tư vấn"


def test_a_summary_stops_at_a_signing_stamps_name_in_capitals_that_ocr_read_under_it():
    """qn_299_UB (batch s7, tune): the portal's signing stamp (`TRUNG TÂM CÔNG BÁO VÀ TIN HỌC`), an image
    beside the summary, is read right under it with OCR's specks in it; a summary that wraps onto
    acronyms (`TTHC`, `HĐND TP`) goes on."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 899 /UBND-TTHC\nV/v công bố Danh mục TTHC\n"
           "và xây dựng quy trình nội bộ\ngiải quyết TTHC\nTRUNG TÂM CÔNG Šks& Quảng NGÃ\n"
           "BÁO VÀ TIN HỌC Thời gian ký: 15/01/2025 17:10:17\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 15 tháng 01 năm 2025\n\nKính gửi: Sở Giao thông vận tải\n")
    assert header(raw, markdown=False)["subject"] == ("V/v công bố Danh mục TTHC và xây dựng quy trình nội bộ "
                                                     "giải quyết TTHC")
    wrapped = raw.replace("giải quyết TTHC\n", "giải quyết TTHC theo\nUBND TP HCM hướng dẫn\n")
    assert header(wrapped, markdown=False)["subject"].endswith("theo UBND TP HCM hướng dẫn")


def test_provinces_table():
    assert len(PROVINCES["provinces"]) == 63
    assert len(PROVINCES["provinces_2025"]) == 34
    merged = {p["name"]: p["since_2025_07_01"] for p in PROVINCES["provinces"]}
    assert merged["Bình Thuận"] == "Lâm Đồng" and merged["Kon Tum"] == "Quảng Ngãi"
    assert all(new in {p["name"] for p in PROVINCES["provinces_2025"]} for new in merged.values())
    for p in PROVINCES["provinces"]:
        for printed, kind in p.get("examples", ()):
            got = header(f"{printed}\nSỞ NỘI VỤ\nSố: 1/SNV-VP\n{p['name']}, ngày 01 tháng 02 năm 2024\n")
            assert got["issuer"] == f"Sở Nội vụ {kind} {p['name']}"


# ---------------------------------------------------------------------------------------------
# Tricky headers, as the readers give them

SIGNATURE_TAIL = "\n\nNội dung văn bản.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"

CASES = [
    pytest.param(
        # a PDF whose two columns come out interleaved on one line
        "UBND TỈNH ĐIỆN BIÊN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ Độc lập - Tự do - Hạnh phúc\n"
        "Số: 125/SNV-VP Điện Biên, ngày 12 tháng 3 năm 2024\nV/v góp ý dự thảo Kế hoạch\nnăm 2024\n"
        "Kính gửi: Ủy ban nhân dân tỉnh Điện Biên\nSở Nội vụ có ý kiến như sau." + SIGNATURE_TAIL +
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nLò Văn A",
        {"code": "125/SNV-VP", "type": "Công văn", "issuer": "Sở Nội vụ tỉnh Điện Biên",
         "parent_issuer": "Ủy ban nhân dân tỉnh Điện Biên", "place": "Điện Biên", "date": "2024-03-12",
         "subject": "V/v góp ý dự thảo Kế hoạch năm 2024", "recipients": ["Ủy ban nhân dân tỉnh Điện Biên"],
         "signer": {"authority": "KT.", "title": "Phó Giám đốc", "name": "Lò Văn A"}},
        id="pdf-interleaved-columns",
    ),
    pytest.param(
        # a DOCX header table read column by column; a draft's blank number and day
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố: /UBND-NC\nV/v ý kiến đối với đề nghị công nhận\nchức danh các Hội\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLâm Đồng, ngày tháng 10 năm 2025\n\n"
        "Kính gửi: Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n\nTheo đề nghị của Ban." + SIGNATURE_TAIL +
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐinh Văn Tuấn",
        {"code": "/UBND-NC", "type": "Công văn", "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng", "parent_issuer": None,
         "date": "2025-10", "subject": "V/v ý kiến đối với đề nghị công nhận chức danh các Hội",
         "signer": {"authority": "KT.", "title": "Phó Chủ tịch", "name": "Đinh Văn Tuấn"}},
        id="docx-columns-blank-day",
    ),
    pytest.param(
        # blank draft: no day, no month; a plan with its type line
        "UBND TỈNH ĐIỆN BIÊN\nSỞ NỘI VỤ\nSố: /KH-SNV\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nĐiện Biên, ngày tháng năm 2024\nKẾ HOẠCH\nCông tác thi đua,\n"
        "khen thưởng năm 2024\n\nCăn cứ Luật Thi đua, khen thưởng." + SIGNATURE_TAIL + "GIÁM ĐỐC\n\nTrịnh Hoàng Thắng",
        {"code": "/KH-SNV", "type": "Kế hoạch", "date": "2024", "subject": "Công tác thi đua, khen thưởng năm 2024",
         "signer": {"authority": None, "title": "Giám đốc", "name": "Trịnh Hoàng Thắng"}},
        id="blank-draft-year-only",
    ),
    pytest.param(
        # OCR: broken date line, OCR digit in the number, a summary over three lines
        "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: l2/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nLạng Sơn, ngày 03 tháng 3\nnăm 2023\nKẾ HOẠCH\nPhát động phong trào\n"
        "thi đua đặc biệt lập thành tích\nchào mừng Kỷ niệm 90 năm\nThực hiện Kế hoạch số 52/KH-UBND." +
        SIGNATURE_TAIL + "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn B",
        {"code": "12/KH-UBND", "type": "Kế hoạch", "date": "2023-03-03", "place": "Lạng Sơn",
         "subject": "Phát động phong trào thi đua đặc biệt lập thành tích chào mừng Kỷ niệm 90 năm",
         "signer": {"authority": "KT.", "title": "Phó Chủ tịch", "name": "Nguyễn Văn B"}},
        id="ocr-broken-lines",
    ),
    pytest.param(
        # two prefixes: the authority is the one right above the post
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: /TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày tháng 11 năm 2025\n\nTHÔNG BÁO\nKết luận của Phó Chủ tịch\n\n"
        "Ngày 18/7/2025, đồng chí chủ trì." + SIGNATURE_TAIL +
        "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nThạch Cảnh Minh Vũ",
        {"type": "Thông báo", "subject": "Kết luận của Phó Chủ tịch", "date": "2025-11",
         "signer": {"authority": "KT.", "title": "Phó Chánh Văn phòng", "name": "Thạch Cảnh Minh Vũ"}},
        id="two-prefixes",
    ),
    pytest.param(
        # an unsigned copy: the post and no name; the office of the UBND as issuer
        "UBND TỈNH LÂM ĐỒNG\nVĂN PHÒNG\nSố: /VPUBND-NC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày tháng 12 năm 2025\nV/v xin ý kiến thành viên\nUBND tỉnh\n\n"
        "Kính gửi: Các đồng chí Thành viên UBND tỉnh\n\nVăn phòng nhận được Tờ trình." + SIGNATURE_TAIL +
        "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n",
        {"issuer": "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng", "parent_issuer": "Ủy ban nhân dân tỉnh Lâm Đồng",
         "subject": "V/v xin ý kiến thành viên UBND tỉnh", "type": "Công văn",
         "signer": {"authority": "KT.", "title": "Phó Chánh Văn phòng", "name": None}},
        id="unsigned-office-of-ubnd",
    ),
    pytest.param(
        # a Party document: no Quốc hiệu, `Số` without colon, T/M prefix
        "TỈNH ỦY LÂM ĐỒNG\n*\nSố 123-CV/TU\nV/v lãnh đạo công tác bầu cử\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "Lâm Đồng, ngày 05 tháng 9 năm 2025\n\nKính gửi:\n- Các huyện ủy, thành ủy;\n- Các đảng ủy trực thuộc Tỉnh ủy.\n\n"
        "Thực hiện Chỉ thị số 46-CT/TW của Bộ Chính trị." + SIGNATURE_TAIL +
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\nNguyễn Văn C",
        {"code": "123-CV/TU", "type": "Công văn", "issuer": "Tỉnh ủy Lâm Đồng", "date": "2025-09-05",
         "recipients": ["Các huyện ủy, thành ủy", "Các đảng ủy trực thuộc Tỉnh ủy"],
         "signer": {"authority": "TM.", "title": "Phó Bí thư Thường trực", "name": "Nguyễn Văn C"}},
        id="party-document",
    ),
    pytest.param(
        # a Party directive with its committee department
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nBAN TUYÊN GIÁO TỈNH ỦY\n*\nSố 34-HD/BTGTU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Lâm Đồng, ngày 7 tháng 4 năm 2024\n\nHƯỚNG DẪN\ntuyên truyền kỷ niệm 50 năm\n\nCăn cứ Kế hoạch số 12-KH/TU."
        + SIGNATURE_TAIL + "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nTrần Thị D",
        {"code": "34-HD/BTGTU", "type": "Hướng dẫn", "date": "2024-04-07",
         "subject": "tuyên truyền kỷ niệm 50 năm", "parent_issuer": "Đảng bộ tỉnh Lâm Đồng",
         "signer": {"authority": "KT.", "title": "Phó Trưởng ban", "name": "Trần Thị D"}},
        id="party-department",
    ),
    pytest.param(
        # a markdown copy from a legal database: site text, the header table on one line
        "*Source: https://thuvienphapluat.vn/cong-van/Cong-van-1414-TCT-CS.aspx*\n\n"
        "# V/v hỗ trợ người có công với cách mạng cải thiện nhà ở\n\n"
        "| BỘ TÀI CHÍNH TỔNG CỤC THUẾ ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
        " --------------- |\n|---|---|\n| Số: 1414/TCT-CS V/v hỗ trợ người có công với cách mạng cải thiện nhà ở."
        " | Hà Nội, ngày 04 tháng 05 năm 2013 |\n\nKính gửi: Cục Thuế tỉnh Hà Tĩnh.\n\n"
        "Trả lời Công văn số 577/CT-THNVDT ngày 23/4/2013 [4530/NHCS-TDNN] của Cục Thuế tỉnh Hà Tĩnh.\n\n"
        "| Nơi nhận: - Như trên; - UBND tỉnh Hà Tĩnh; - Lưu: VT, CS (2b). | TL. TỔNG CỤC TRƯỞNG KT. VỤ TRƯỞNG "
        "VỤ CHÍNH SÁCH PHÓ VỤ TRƯỞNG Ngô Văn Độ |\n|---|---|",
        {"code": "1414/TCT-CS", "type": "Công văn", "issuer": "Tổng cục Thuế", "parent_issuer": "Bộ Tài chính",
         "place": "Hà Nội", "date": "2013-05-04",
         "subject": "V/v hỗ trợ người có công với cách mạng cải thiện nhà ở",
         "recipients": ["Cục Thuế tỉnh Hà Tĩnh"],
         "signer": {"authority": "KT.", "title": "Phó Vụ trưởng", "name": "Ngô Văn Độ"}},
        id="markdown-legal-db",
    ),
    pytest.param(
        # a one-line text copy: type, summary and the authority line run together
        "Quyết định 435/QĐ-UBND năm 2020\nỦY BAN NHÂN DÂN TỈNH KON TUM -------\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
        "Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG "
        "TRIỂN KHAI KẾ HOẠCH SỐ 119-KH/TU ỦY BAN NHÂN DÂN TỈNH KON TUM\nCăn cứ Luật tổ chức chính quyền địa phương;\n"
        "Nơi nhận:\n- Như điều 2;\n- Lưu VT, KGVX2.\n"
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp CHƯƠNG TRÌNH HÀNH ĐỘNG",
        {"code": "435/QĐ-UBND", "type": "Quyết định", "place": "Kon Tum", "date": "2020-05-04",
         "issuer": "Ủy ban nhân dân tỉnh Kon Tum",
         "subject": "V/v ban hành chương trình hành động triển khai kế hoạch số 119-KH/TU",
         "signer": {"authority": "KT.", "title": "Phó Chủ tịch", "name": "Nguyễn Hữu Tháp"}},
        id="one-line-text-copy",
    ),
    pytest.param(
        # the incoming stamp before the header, the issuer inferred from the body
        "VĂN BẢN ĐẾN ĐIỆN TỬ\n\nSố 6473 Ngày 06/08/2021\n\nSố: /KH-SNV\n\nTây Ninh, ngày tháng 01 năm 2023\n\n"
        "KẾ HOẠCH\nCông tác thi đua, khen thưởng năm 2023\n\nThực hiện Chỉ thị số 01/CT-UBND.\n\n"
        "Sở Nội vụ xây dựng Kế hoạch tổ chức thực hiện công tác thi đua.\n\nNơi nhận:\n- UBND tỉnh;\n- Lưu VT, VP.\n\n"
        "KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        {"received": {"number": "6473", "date": "2021-08-06"}, "issuer": "Sở Nội vụ tỉnh Tây Ninh",
         "date": "2023-01", "type": "Kế hoạch",
         "signer": {"authority": "KT.", "title": "Phó Giám đốc", "name": None}},
        id="stamp-and-inferred-issuer",
    ),
    pytest.param(
        # the Government's telegram: addressees after `... điện:`, a stamped number split from its symbol
        "VĂN PHÒNG CHÍNH PHỦ\n_\nSố: 2003\n/CĐ-VPCP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 07 tháng 10 năm 2025\nCÔNG ĐIỆN\nmời dự Hội nghị triển khai Chương trình\n\n"
        "VĂN PHÒNG CHÍNH PHỦ điện:\n- Các Bộ: Công an, Quốc phòng,\nTài chính;\n- Tòa án nhân dân tối cao.\n"
        "Thực hiện ý kiến chỉ đạo của Thủ tướng." + SIGNATURE_TAIL + "KT. BỘ TRƯỞNG, CHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nĐỗ Ngọc Huỳnh",
        {"code": "2003/CĐ-VPCP", "type": "Công điện", "issuer": "Văn phòng Chính phủ", "date": "2025-10-07",
         "recipients": ["Các Bộ: Công an, Quốc phòng, Tài chính", "Tòa án nhân dân tối cao"],
         "signer": {"authority": "KT.", "title": "Phó Chủ nhiệm", "name": "Đỗ Ngọc Huỳnh"}},
        id="cong-dien",
    ),
    pytest.param(
        # a delegated signature: the post carries the ministry's name
        "CHÍNH PHỦ\n\nSố: 642/TTr-CP\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Hà Nội, ngày 21 tháng 7 năm 2025\n\nTỜ TRÌNH\nDự án Luật sửa đổi Luật Giáo dục\n\nKính gửi: Quốc hội\n\n"
        "Thực hiện quy định." + SIGNATURE_TAIL + "TM. CHÍNH PHỦ\nTUQ. THỦ TƯỚNG\nBỘ TRƯỞNG BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\n\n"
        "(đã ký)\n\nNguyễn Kim Sơn",
        {"type": "Tờ trình", "issuer": "Chính phủ", "recipients": ["Quốc hội"],
         "signer": {"authority": "TUQ.", "title": "Bộ trưởng Bộ Giáo dục và Đào tạo", "name": "Nguyễn Kim Sơn"}},
        id="tuq-with-ministry",
    ),
    pytest.param(
        # a summary that opens with a body cue, wrapped over two lines; the body then opens the same way
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 10 tháng 8 năm 2025\nKẾ HOẠCH\n"
        "Triển khai thực hiện Chương trình mục tiêu quốc gia\nphòng, chống ma túy đến năm 2030\n"
        "Thực hiện Quyết định số 2332/QĐ-TTg của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:\n"
        "I. MỤC ĐÍCH",
        {"type": "Kế hoạch", "code": "12/KH-UBND",
         "subject": "Triển khai thực hiện Chương trình mục tiêu quốc gia phòng, chống ma túy đến năm 2030"},
        id="summary-opens-with-a-cue",
    ),
    pytest.param(
        # no summary: the line under the type name is the body's opening sentence, not the summary;
        # an invitation's subject is the meeting that sentence names
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Lâm Đồng, ngày 12 tháng 01 năm 2026\nGIẤY MỜI\n"
        "Thực hiện Chương trình công tác tháng 01/2026, Ủy ban nhân dân tỉnh tổ chức Họp đánh giá\n"
        "công tác cải cách hành chính năm 2025.\n",
        {"type": "Giấy mời", "subject": "Họp đánh giá công tác cải cách hành chính năm 2025"},
        id="body-under-the-type-name",
    ),
    pytest.param(
        # the Party's central header: the Politburo issues, named under the type and in the signature
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 34-CT/TW\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 07 tháng 4 năm 2014\n"
        "CHỈ THỊ\nCỦA BỘ CHÍNH TRỊ\nvề tiếp tục đổi mới công tác thi đua, khen thưởng\nCăn cứ Điều lệ Đảng.\n"
        "T/M BỘ CHÍNH TRỊ\nTỔNG BÍ THƯ\nNguyễn Phú Trọng",
        {"code": "34-CT/TW", "type": "Chỉ thị", "issuer": "Bộ Chính trị",
         "subject": "về tiếp tục đổi mới công tác thi đua, khen thưởng",
         "signer": {"authority": "TM.", "title": "Tổng Bí thư", "name": "Nguyễn Phú Trọng"}},
        id="politburo",
    ),
    pytest.param(
        # ... and the Secretariat, named in the signature only
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 15-QĐ/TW\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 10 tháng 8 năm 2021\n"
        "QUY ĐỊNH\nvề công tác kiểm tra\nCăn cứ Điều lệ Đảng.\nT/M BAN BÍ THƯ\nTrần Cẩm Tú",
        {"type": "Quy định", "issuer": "Ban Bí thư", "subject": "về công tác kiểm tra"},
        id="secretariat",
    ),
    pytest.param(
        # a place name that OCR-correction must not take for a place kind, a province with a hyphen
        "ỦY BAN NHÂN DÂN\nXÃ TỊNH THUẬN\nSố: 15/KH-UBND\nTịnh Thuận, ngày 10 tháng 8 năm 2021\nKẾ HOẠCH\nPhòng chống dịch\n"
        "Căn cứ Luật.",
        {"issuer": "Ủy ban nhân dân xã Tịnh Thuận", "place": "Tịnh Thuận"},
        id="tinh-is-a-name",
    ),
    pytest.param(
        "UBND TỈNH BÀ RỊA - VŨNG TÀU\nSỞ NỘI VỤ\nSố: 15/KH-SNV\nBà Rịa - Vũng Tàu, ngày 10 tháng 8 năm 2021\n"
        "KẾ HOẠCH\nPhòng chống dịch\nCăn cứ Luật.",
        {"issuer": "Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu", "parent_issuer": "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"},
        id="hyphenated-province",
    ),
]


def _fold(value):
    if isinstance(value, str):
        return " ".join(value.casefold().split())
    if isinstance(value, dict):
        return {k: _fold(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fold(v) for v in value]
    return value


@pytest.mark.parametrize("raw,expected", CASES)
def test_tricky_headers(raw, expected):
    got = header(raw)
    for key, value in expected.items():
        assert _fold(got[key]) == _fold(value), f"{key}: {got[key]!r}"


@pytest.mark.parametrize("raw,expected", CASES)
def test_offsets_on_tricky_headers(raw, expected):
    text, _ = normalize(raw, markdown=True)
    for fact in extract_header(text).facts():
        assert text[fact.start:fact.end] == fact.text


def test_compose_rules():
    ubnd = _body("UBND TỈNH LÂM ĐỒNG", 0, 18)
    assert _compose(_body("VĂN PHÒNG", 0, 9), ubnd, None) == "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng"
    assert _compose(_body("SỞ TƯ PHÁP", 0, 10), ubnd, None) == "Sở Tư pháp tỉnh Lâm Đồng"
    assert _compose(_body("TỔNG CỤC THUẾ", 0, 13), _body("BỘ TÀI CHÍNH", 0, 12), None) == "Tổng cục Thuế"


# ---------------------------------------------------------------------------------------------
# Gold files, scored by the project's scorer

def _read(path: Path):
    try:
        from pipeline.read import read
    except ImportError:  # the readers are not there yet: plain text only
        from pipeline.read.text import Text

        raw = path.read_text(encoding="utf-8-sig")
        text, offsets = normalize(raw, markdown=True)
        return Text(source=str(path), format="txt", text=text, raw=raw, raw_offsets=offsets)
    return read(path)


def _scorer():
    spec = importlib.util.spec_from_file_location("congvan_score", SCORE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(gold_path: Path):
    score = _scorer()
    gold = score.load(gold_path)
    scorer = score.Scorer()
    for name, record in sorted(gold.items()):
        path = gold_path.parent / name
        pred = {"source": name, "document": extract_header(_read(path)).to_json()}
        scorer.score_document(name, {"document": record["document"]}, pred)
    return scorer.summary(), scorer.errors


def _assert_thresholds(summary, errors, overall):
    assert summary["header_accuracy"] >= overall, errors
    for field, figures in summary["fields"].items():
        assert figures["accuracy"] >= 0.85, (field, errors)


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py is not here")
def test_seeds_score():
    summary, errors = _score(SEEDS / "gold.jsonl")
    _assert_thresholds(summary, errors, 0.95)


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.skipif(not (REAL / "gold-dev.jsonl").exists() or not SCORE.exists(),
                    reason="../shared/corpora/real is not here")
def test_dev_gold_score():
    read_module = importlib.import_module("pipeline.read")
    if not hasattr(read_module, "read"):
        pytest.skip("pipeline.read.read is not there yet")
    summary, errors = _score(REAL / "gold-dev.jsonl")
    _assert_thresholds(summary, errors, 0.92)


# ---------------------------------------------------------------------------------------------
# Invariants and speed on the seeds

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_offsets_invariant_on_seeds(path):
    text = _read(path)
    facts = list(extract_header(text).facts())
    assert facts
    for fact in facts:
        assert text.text[fact.start:fact.end] == fact.text, fact
        assert fact.text.strip() == fact.text


def test_header_is_fast():
    texts = [_read(p) for p in SEED_FILES]
    extract_header(texts[0])  # compiles the patterns once
    start = time.perf_counter()
    for _ in range(3):
        for t in texts:
            extract_header(t)
    per_doc = (time.perf_counter() - start) / (3 * len(texts))
    assert per_doc < 0.05, f"{per_doc * 1000:.1f} ms per document"


def test_a_summary_whose_v_v_ocr_dropped_is_still_the_summary():
    # the OCR'd left column of a VPCP công văn (real scan's shape): `V/v` too small to read
    s = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 9768/VPCP-CN\nxử lý tình trạng xói lở trên\ntuyến đường bộ cao tốc\n"
         "Vĩnh Hảo Phan Thiết\n“SÔ THÀNG TỪ CHÍNH PHÙ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập Tự do Hạnh phúc\nHà Nội, ngày 10 tháng 10 năm 2025\n\nKính gửi: Bộ trưởng Bộ Xây dựng.\n\n"
         "Xét báo cáo của Bộ Xây dựng, Phó Thủ tướng Chính phủ có ý kiến như sau:\n")
    header = extract_header(s)
    assert header.subject.value == "V/v xử lý tình trạng xói lở trên tuyến đường bộ cao tốc Vĩnh Hảo Phan Thiết"
    assert header.type.value == "Công văn"
    assert s[header.subject.start:header.subject.end] == header.subject.text


def test_a_summary_ocr_put_under_the_date_or_split_by_a_blank_line_is_whole():
    # a VPCP công văn whose right column OCR read first, V/v unread (real scan's shape)
    s = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 9757/VPCP-CN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập Tự do Hạnh phúc\n"
         "Hà Nội, ngày 10 tháng 10 năm 2025\n\nđẩy nhanh tiến độ triển khai Dự án\nthành phần đoạn Quảng Ngãi Hoài\n"
         "Nhơn thuộc Dự án xây dựng công trình\n\nKính gửi:\nBộ trưởng Bộ Xây dựng;\n\nXét báo cáo của Bộ Xây dựng.\n")
    assert extract_header(s).subject.value == ("V/v đẩy nhanh tiến độ triển khai Dự án thành phần đoạn Quảng Ngãi "
                                              "Hoài Nhơn thuộc Dự án xây dựng công trình")
    # a công điện's summary whose second line OCR set apart by a blank line
    s = ("THỦ TƯỚNG CHÍNH PHỦ\nSố: 194 /CĐ-TTg\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập Tự do Hạnh phúc\n"
         "Hà Nội, ngày 10 tháng 10 năm 2025\nCÔNG ĐIỆN\n\nVề việc khẩn trương rà soát, báo cáo kết quả hoạt động đầu tư\n\n"
         "của 9 tháng đầu năm 2025\n\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\nBộ trưởng, Thủ trưởng cơ quan ngang bộ;\n")
    assert extract_header(s).subject.value == ("Về việc khẩn trương rà soát, báo cáo kết quả hoạt động đầu tư "
                                              "của 9 tháng đầu năm 2025")


# Scan batch d3. A Phú Thọ plan's summary names two tasks with a comma (`Triển khai cài đặt, đào tạo hướng dẫn
# ...`): a verb after a comma opens the body only with its subject there (a body's name) or none. A Cần Thơ
# plan's summary that OCR set one blank line under the type line is the summary too; a body's own `Thực hiện
# ...` sentence, ending `như sau:`, still is not.
CUE_SUMMARIES = [
    ("Phú Thọ", "/KH-STTTT", "KẾ HOẠCH\nTriển khai cài đặt, đào tạo hướng dẫn sử dụng phần mềm Quản lý văn bản và điều hành\n\n"
     "I. MỤC ĐÍCH, YÊU CẦU\n", "Triển khai cài đặt, đào tạo hướng dẫn sử dụng phần mềm Quản lý văn bản và điều hành"),
    ("Cần Thơ", "70 /KH-UBND", "KẾ HOẠCH\n\nThực hiện công tác dân vận và dân chủ ở cơ sở trên địa bàn\nthành phố Cần Thơ "
     "từ nay đến cuối năm 2025\n\nThực hiện Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;\n",
     "Thực hiện công tác dân vận và dân chủ ở cơ sở trên địa bàn thành phố Cần Thơ từ nay đến cuối năm 2025"),
    ("Đức Trọng", "12/KH-UBND", "KẾ HOẠCH\n\nThực hiện Kế hoạch số 10/KH-UBND ngày 02/8/2025 của UBND tỉnh, Ủy ban nhân dân "
     "huyện ban hành Kế hoạch thực hiện như sau:\n\nI. MỤC ĐÍCH\n", None),
]


@pytest.mark.parametrize(("place", "code", "below", "summary"), CUE_SUMMARIES)
def test_a_summary_opening_with_a_body_cue_is_the_summary_when_no_body_sentence_reads_in_it(place, code, below, summary):
    s = (f"ỦY BAN NHÂN DÂN\nSố: {code}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
         f"{place}, ngày 15 tháng 9 năm 2025\n{below}")
    found = extract_header(s).subject
    assert (found.value if found else None) == summary


def test_a_capitals_line_after_a_blank_line_does_not_continue_the_summary():
    s = ("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nSố: 494/NQ-UBTVQH13\nHà Nội, ngày 18 tháng 05 năm 2012\nNGHỊ QUYẾT\n"
         "VỀ KẾT QUẢ GIÁM SÁT VIỆC THỰC HIỆN CHÍNH SÁCH\n\nỦY BAN THƯỜNG VỤ QUỐC HỘI\n\nCăn cứ Hiến pháp;\n")
    assert extract_header(s).subject.value == "Về kết quả giám sát việc thực hiện chính sách"


@pytest.mark.parametrize("example", PEOPLE["office_examples"], ids=lambda e: e["signer"]["name"] or "after the table")
def test_office_holder_examples(example):
    """A công điện's closing block under a seal (`TƯỚNG` / `Minh Chính`): the post, the issuer and the
    day leave one person; the table says nothing past the days it was checked for."""
    assert extract_header(example["text"]).to_json()["signer"] == example["signer"]


def test_a_bodys_name_broken_over_two_lines_is_one_issuer():
    """luongminh_101_2025_UBTVQH15: `ỦY BAN THƯỜNG VỤ` / `QUỐC HỘI` is the Standing Committee, not the
    Assembly under a superior; `UBND TỈNH` / `SỞ NỘI VỤ` stays a body under its superior."""
    standing = ("ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\n-------\nNghị quyết số: 101/2025/UBTVQH15\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 26 tháng 9 năm 2025\n\nNGHỊ QUYẾT\nQUY ĐỊNH CHI TIẾT VIỆC TỔ CHỨC "
                "HỘI NGHỊ CỬ TRI\nỦY BAN THƯỜNG VỤ QUỐC HỘI\nCăn cứ Hiến pháp;\n")
    got = header(standing)
    assert (got["issuer"], got["parent_issuer"]) == ("Ủy ban Thường vụ Quốc hội", None)
    department = "UBND TỈNH LÂM ĐỒNG\nSỞ NỘI VỤ\nSố: 12/SNV-VP\nLâm Đồng, ngày 26 tháng 9 năm 2025\n"
    assert header(department)["parent_issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_an_issuer_cut_short_by_its_cell_is_completed_by_the_authority_line():
    """congbot_15_494-NQ-UBTVQH13: a web copy's header cell keeps `ỦY BAN THƯỜNG VỤ` of a two-line
    name; the authority line under the summary (`ỦY BAN THƯỜNG VỤ QUỐC HỘI`) completes it. A line
    that only repeats the issuer, or names someone else, changes nothing."""
    def cut(authority: str) -> str:
        return ("| ỦY BAN THƯỜNG VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc |\n|---|---|\n"
                "| Số: 494/NQ-UBTVQH13 | Hà Nội, ngày 18 tháng 05 năm 2012 |\n\nNGHỊ QUYẾT\n\n"
                f"VỀ KẾT QUẢ GIÁM SÁT VIỆC THỰC HIỆN CHÍNH SÁCH\n\n{authority}\n\nCăn cứ Hiến pháp;\n")
    assert header(cut("ỦY BAN THƯỜNG VỤ QUỐC HỘI"))["issuer"] == "Ủy ban Thường vụ Quốc hội"
    assert header(cut("QUỐC HỘI"))["issuer"] == "Ủy ban Thường Vụ"
    whole = ("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/QĐ-UBND\nKon Tum, ngày 2 tháng 3 năm 2020\n\nQUYẾT ĐỊNH\n"
             "Về việc giao chỉ tiêu\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KON TUM\n\nCăn cứ Luật;\n")
    assert header(whole)["issuer"] == "Ủy ban nhân dân tỉnh Kon Tum"


def test_a_directive_that_opens_in_prose_still_has_its_signature_read():
    """lit_30-ttg (a signed scan, OCR): a chỉ thị opens in plain prose, with no `Căn cứ` and no
    `Kính gửi`; its body is still taken to begin near the header, so the signature under the nơi
    nhận (`KT. THỦ TƯỚNG` / `PHÓ THỦ TƯỚNG` read into the list's column, the name at the end) is read."""
    prose = "Với tinh thần nghiêm túc và quyết liệt trong triển khai các nhiệm vụ được Chính phủ giao.\n" * 60
    raw = ("THỦ TƯỚNG CHÍNH PHỦ\nSố:30 /CT-TTg\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập Tự do Hạnh phúc\n"
           "Hà Nội, ngày 06 tháng 10 năm 2025\nCHỈ THỊ\n\nVề việc tiếp tục tăng cường công tác quản lý nhà nước\n\n"
           + prose + "\nNơi nhận:\nBan Bí thư Trung ương Đảng;\nCác bộ, cơ quan ngang bộ, cơ quan thuộc Chính\n"
           "KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\nVăn phòng Quốc hội;\n\nLưu: VT, CN\n\nBùi Thanh Sơn\n")
    signer = header(raw)["signer"]
    assert (signer["authority"], signer["title"], signer["name"]) == ("KT.", "Phó Thủ tướng", "Bùi Thanh Sơn")


def test_an_unread_handwritten_month_is_the_first_signature_stamps():
    """lit_30-ttg: OCR read the month written in ink as `40`; the portal's stamp (`Thời gian ký:
    07.10.2025`) puts the 6th in October. A day after the stamp's day falls in the month before
    (the year before, from a January stamp); a month of another year than the printed one tells nothing."""
    def dated(line: str, stamp: str) -> str | None:
        raw = (f"Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ\nThời gian ký: {stamp} 16:15:28 +07:00\n"
               f"THỦ TƯỚNG CHÍNH PHỦ\nSố: 30/CT-TTg\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{line}\nCHỈ THỊ\n")
        return header(raw)["date"]
    assert dated("Hà Nội, ngày 06 tháng 40 năm 2025", "07.10.2025") == "2025-10-06"
    assert dated("Hà Nội, ngày 28 tháng 40 năm 2025", "03.10.2025") == "2025-09-28"
    assert dated("Hà Nội, ngày 28 tháng 40 năm 2025", "03.01.2026") == "2025-12-28"
    assert dated("Hà Nội, ngày 06 tháng 40 năm 2025", "15.03.2026") == "2025"
    assert dated("Hà Nội, ngày 06 tháng 10 năm 2025", "09.12.2025") == "2025-10-06"


def test_a_resolution_without_a_date_line_is_dated_by_its_adoption():
    """congbao_nghi-quyet-so-17-2022-ubtvqh15 (tune half): the gazette prints a Standing Committee's
    resolution with no place-and-date line; its date is the day the closing formula says it was
    adopted. A date line, where there is one, still wins."""
    raw = ("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 17/2022/UBTVQH15\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nNGHỊ QUYẾT\nVề số giờ làm thêm trong 01 năm\nỦY BAN THƯỜNG VỤ QUỐC HỘI\n"
           "Căn cứ Hiến pháp;\nQUYẾT NGHỊ:\nĐiều 1. Nghị quyết này có hiệu lực từ ngày 01 tháng 4 năm 2022.\n"
           "Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa\nViệt Nam khóa XV, "
           "phiên họp thứ 9 thông qua ngày 23 tháng 3 năm 2022./.\nTM. ỦY BAN THƯỜNG VỤ QUỐC HỘI\nCHỦ TỊCH\n")
    assert header(raw)["date"] == "2022-03-23"
    dated = raw.replace("Độc lập - Tự do - Hạnh phúc\n", "Độc lập - Tự do - Hạnh phúc\nHà Nội, ngày 25 tháng 3 năm 2022\n")
    assert header(dated)["date"] == "2022-03-25"


def test_a_precedent_is_numbered_and_dated_by_its_head():
    """vbplcrawl__TAND014298 (02/2016/AL, tune half) and the court's other precedents: no issuer's
    column, no date line, no signature; the number opens the text and the next sentence says who
    adopted it and when. A PDF glues a footnote mark to the number (`40/2021/AL1`); a session of
    several days adopts it on the last; the summary is on the number's line or the next."""
    docx = ("Án lệ số 02/2016/AL\nĐược Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua ngày 06 tháng 4 năm 2016 "
            "và được công bố theo Quyết định số 220/QĐ-CA ngày 06 tháng 4 năm 2016 của Chánh án Tòa án nhân dân tối cao.\n"
            "Nguồn án lệ:\nQuyết định giám đốc thẩm số 27/2010/DS-GĐT ngày 08-7-2010 của Hội đồng Thẩm phán\n")
    h = header(docx)
    assert (h["code"], h["type"], h["issuer"], h["date"], h["subject"]) == (
        "02/2016/AL", "Án lệ", "Hội đồng Thẩm phán Tòa án nhân dân tối cao", "2016-04-06", None)
    pdf = ("ÁN LỆ SỐ 61/2023/AL1\nVề chấm dứt việc nuôi con nuôi khi con nuôi chưa thành niên\n"
           "Được Hội đồng Thẩm phán Tòa án nhân dân tối cao thông qua vào các ngày\n01, 02, 03 tháng 02 năm 2023 "
           "và được công bố theo Quyết định số 39/QĐ-CA\nngày 24 tháng 02 năm 2023 của Chánh án Tòa án nhân dân tối cao.\n")
    h = header(pdf)
    assert (h["code"], h["date"], h["subject"]) == (
        "61/2023/AL", "2023-02-03", "Về chấm dứt việc nuôi con nuôi khi con nuôi chưa thành niên")
    # a precedent cited inside a dispatch is no head of the dispatch
    cited = "UBND TỈNH LÂM ĐỒNG\nSố: 12/UBND-NC\nV/v áp dụng án lệ\n\n" + docx
    assert header(cited)["code"] == "12/UBND-NC"


def test_a_conference_paper_is_issued_by_the_body_under_its_title():
    """lamdong_8786f9f3 (tune half), one paper of a conference's series: `THAM LUẬN`, its title, then
    the presenting body on a line of its own, then the speech. The body is the issuer and no part of
    the title; a paper with no such line has none (no body of the speech is taken for it)."""
    paper = ("THAM LUẬN\nGiải pháp phát huy hiệu quả các nguồn lực nhằm xây dựng xã, phường,\n"
             "đặc khu không ma túy, tiến tới thành phố Hải Phòng không ma túy\nUBND Thành phố Hải Phòng\n\n"
             "Kính thưa đồng chí Phạm Minh Chính - Ủy viên Bộ Chính trị, Thủ tướng Chính phủ.\n"
             "Thành phố Hải Phòng đã triển khai quyết liệt.\n")
    h = header(paper)
    assert h["issuer"] == "Ủy ban nhân dân Thành phố Hải Phòng"
    assert h["subject"].endswith("tiến tới thành phố Hải Phòng không ma túy")
    assert header(paper.replace("UBND Thành phố Hải Phòng\n", ""))["issuer"] is None


def test_a_signing_time_is_no_issuer():
    """A signed scan read without OCR (lamdong_10e86571) has only its signing stamp: the time
    `: 2025-06-04T15:55:36+07:00` is upper-case text but names no body."""
    stamp = "SAO Y; CÔNG AN TỈNH LÂM ĐỒNG; Thời\ng\nian k\ný\n: 2025-06-04T15:55:36+07:00\n"
    assert header(stamp)["issuer"] is None


def test_the_place_is_the_date_lines_own_not_the_summarys_last_words():
    """lamdong_02b8999b: the summary ends `DDCI tỉnh Lâm Đồng` on the line above `Lâm Đồng, ngày ...`."""
    raw = ("UBND TỈNH LÂM ĐỒNG\nTRUNG TÂM XÚC TIẾN ĐẦU TƯ\nTHƯƠNG MẠI VÀ DU LỊCH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nSố: 644 /TTXT-ĐTDN\nV/v báo cáo tình hình cải thiện môi\ntrường đầu tư, nâng cao "
           "chỉ số PCI và\nDDCI tỉnh Lâm Đồng\nLâm Đồng, ngày 06 tháng 11 năm 2025\nKính gửi:\n- Ủy ban nhân dân tỉnh;\n")
    assert header(raw)["place"] == "Lâm Đồng"
    wrapped = "SỞ NỘI VỤ\nSố: 12/SNV\nThành phố Hồ Chí\nMinh, ngày 06 tháng 11 năm 2025\n"
    assert header(wrapped)["place"] == "Thành phố Hồ Chí Minh"


def test_an_association_under_the_peoples_committee():
    """lamdong_1310741a (a Hiệp hội's report, two columns): `HIỆP HỘI DOANH NGHIỆP` under `UBND TỈNH
    BÌNH THUẬN` is the association of that province, the committee its superior."""
    raw = ("UBND TỈNH BÌNH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHIỆP HỘI DOANH NGHIỆP Độc lập - Tự do - Hạnh phúc\n"
           "Số:……../BC-K4 Bình Thuận, ngày tháng 6 năm 2025\nDự thảo\nBÁO CÁO\n")
    got = header(raw)
    assert (got["issuer"], got["parent_issuer"]) == ("Hiệp hội Doanh nghiệp tỉnh Bình Thuận", "Ủy ban nhân dân tỉnh Bình Thuận")


def test_an_invitation_without_a_summary_line_is_about_the_meeting_it_invites_to():
    """lamdong_29ef91d0 (a Giấy mời of the Lâm Đồng committee): no summary line; its first sentence
    names the meeting, up to the bracket that says who chairs it."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nSố: 45/GM-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 12 tháng 01 năm 2026\n\nGIẤY MỜI\n\n"
           "Thực hiện Công điện số 63/CĐ-VPCP ngày 11/01/2026 của Văn phòng Chính phủ mời dự Phiên họp lần thứ nhất "
           "Ban Chỉ đạo quốc gia về dữ liệu (chủ trì tại điểm cầu Trung ương: Thủ tướng Chính phủ - Phạm Minh Chính), "
           "Ủy ban nhân dân tỉnh mời họp với thành phần, nội dung, thời gian và địa điểm như sau:\nI. Thành phần dự họp:\n")
    got = header(raw)
    assert (got["type"], got["subject"]) == ("Giấy mời", "Phiên họp lần thứ nhất Ban Chỉ đạo quốc gia về dữ liệu")


def test_a_name_in_capitals_is_found_under_any_marks_with_its_offsets():
    """The type line and a seal's bent post are matched in the text with its capitals' marks taken
    off, letter for letter (a class of every marked capital per letter cost 0.1 s of each start)."""
    import re

    from pipeline.extract.header_patterns import _accent_blind, fold_capitals

    text = "Độc lập\nNGHỊ QUYÉT\nnghị quyết\nNGHỈ QUYỂT"
    folded = fold_capitals(text)
    assert len(folded) == len(text) and folded.startswith("Dộc lập\nNGHI QUYET\nnghị quyết")
    pattern = re.compile(_accent_blind("Nghị quyết"))
    assert [(m.start(), text[m.start():m.end()]) for m in pattern.finditer(folded)] == [
        (8, "NGHỊ QUYÉT"), (30, "NGHỈ QUYỂT")]   # not the line in lower case
    every_capital = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
    assert len(fold_capitals(every_capital)) == len(every_capital)


def test_a_word_alternation_finds_what_a_look_behind_before_it_found():
    """The posts and heads are searched with the look-behind after each form's first letter: the
    same matches as `(?<![\\w])(?:...)`, at a text's start, after a word and inside one."""
    import re

    from pipeline.extract.header_patterns import _alternation, _table, _word_alternation

    posts = _table("bodies.json")["posts"]
    old = re.compile(rf"(?<![\w])(?:{_alternation(posts)})(?![\w])")
    new = re.compile(rf"(?:{_word_alternation(posts)})(?![\w])")
    s = ("PHÓ GIÁM ĐỐC\nKT. GIÁM ĐỐC\nXGIÁM ĐỐC PHÓ  CHỦ TỊCH THƯỜNG TRỰC; CHỦ TỊCHX CHỦ TỊCH\n"
         "(GIÁM ĐỐC) ĐGIÁM ĐỐC GIÁM ĐỐC SỞ")
    assert [m.span() for m in new.finditer(s)] == [m.span() for m in old.finditer(s)]
    assert [m.group() for m in new.finditer(s)][:3] == ["PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", "PHÓ  CHỦ TỊCH THƯỜNG TRỰC"]


def test_a_name_ocr_put_above_the_post_is_the_signers():
    """qn_01CT (batch s7): the seal and the signature shuffled the block's lines, and OCR read the name
    above the post (`Đặng Văn Minh` / `CHỦ TỊCH`, nothing below)."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 01/CT-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "Quảng Ngãi, ngày 04 tháng 01 năm 2021\nCHỈ THỊ\nVề việc triển khai sử dụng hóa đơn điện tử\n\n"
           "Yêu cầu Thủ trưởng các Sở, ban, ngành tỉnh khẩn trương triển khai thực hiện Chỉ thị này./.\n\n"
           "Nơi nhận:\nThường trực Tỉnh ủy (b/cáo);\n- CT, PCT UBND tỉnh;\nLưu: VT, KTbngoc602\n=-xK\nĐặng Văn Minh\nCHỦ TỊCH\n")
    assert header(raw, markdown=False)["signer"] == {"authority": None, "title": "Chủ tịch", "name": "Đặng Văn Minh"}


def test_a_label_ocr_cut_the_head_off_is_no_tail_of_the_summary():
    """qn_660TBUB (batch s7): below the summary and a blank line OCR read `quan, đơn vị: Văn phòng UBND
    tỉnh, ...` (the head of `Thành phần: các cơ quan, đơn vị:` lost); it opens in lower case, but it is a
    label, not the summary wrapped."""
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 660/TB-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
           "Quảng Ngãi, ngày 31 tháng 12 năm 2024\nTHÔNG BÁO\n\nKết luận của Chủ tịch UBND tỉnh tại buổi làm việc\n"
           "với Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn\n\nquan, đơn vị: Văn phòng UBND tỉnh, Sở Lao động - Thương binh và Xã hội,\n\n"
           "Thời gian qua, Ban Chỉ đạo huyện đã triển khai.\n")
    assert header(raw, markdown=False)["subject"] == \
        "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn"


def test_the_date_line_keeps_its_year_after_a_speck_read_as_a_colon():
    """qn_H14.1999 (scans s9, a 1999 decision of Cao Bằng): `Cao Bằng, ngày 22 tháng 2 năm: 1999,`."""
    found = header("ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 157/QĐ-NĐ-UB\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                   "Độc lập - Tự do - Hạnh phúc\nNET MA)\nCao Bằng, ngày 22 tháng 2 năm: 1999,\n\nQUYẾT ĐỊNH\n"
                   "Về việc : Giao quyền sử dụng đất ở dân cư\n")
    assert (found["place"], found["date"]) == ("Cao Bằng", "1999-02-22")


def test_a_code_alone_reads_as_the_plain_pattern_reads_it():
    """`parse_code` matches with the pattern that finds codes in running text (compiled once at start-up):
    its guards hold at a string's start, so every string reads as the plain pattern reads it."""
    import random
    import re

    from pipeline.extract import codes

    plain = re.compile(codes.CODE_PATTERN.replace("{types}", codes._type_alternation()), re.VERBOSE)
    examples = ["2458/UBND-NC", "/SNV-VP", " /KH-UBND", "30/2020/NĐ-CP", "57/NQ/TW", "34-CT/TW/nb", "l2/2O21/QĐ-UBND",
                "03/BCĐX-CAT(PC04)", "36a/NQ-CP", "16/CGC.BT", "Ngày 12", "QĐ-UBND", "12/2020/", "1744/QĐ-\n\nBGTVT"]
    alphabet = "0123456789lIO/ -.QĐUBNDCPTTgKHabcđ&()\n"
    generated = random.Random(7)
    examples += ["".join(generated.choice(alphabet) for _ in range(generated.randint(1, 14))) for _ in range(20_000)]
    for s in examples:
        ours, theirs = codes.CODE_RE.fullmatch(s), plain.fullmatch(s)
        assert (ours and ours.groupdict()) == (theirs and theirs.groupdict()), s
