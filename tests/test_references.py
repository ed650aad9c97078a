"""Citations: a table of phrases, the knowledge tables' own examples, offsets, and the scorer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SCORER, score
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.codes import find_codes
from pipeline.extract.header import extract_header
from pipeline.extract.references import extract_references, relation_at, type_before
from pipeline.read.normalize import normalize
from pipeline.read.text import Text

DATA = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "citations.json"


def make_text(s: str) -> Text:
    text, offsets = normalize(s)
    return Text(source="t.txt", format="text", text=text, raw=s, raw_offsets=offsets)


def numbered_relations(s: str) -> dict[str, str]:
    """Each numbered citation of `s` and its relation."""
    return {r.code: r.relation for r in extract_references(make_text(s)) if r.code}


CONTEXT_LANG_SON = {"code": "/PD-SNV", "issuer": "Sở Nội vụ tỉnh Lạng Sơn", "place": "Lạng Sơn"}
CONTEXT_LAM_DONG = {"code": None, "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng", "place": "Lâm Đồng"}
CONTEXT_Y_YEN = {"code": None, "issuer": "Khối thi đua các phòng chuyên môn thuộc Ủy ban nhân dân huyện Ý Yên",
                 "place": "Ý Yên"}

# (sentence, citing document, expected fields of the only or first reference)
CASES = [
    ("Thực hiện Chỉ thị số 19/CT-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ về việc phát động thi đua.", None,
     {"code": "19/CT-TTg", "type": "Chỉ thị", "date": "2021-07-16", "issuer": "Thủ tướng Chính phủ", "relation": "implements"}),
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;", None,
     {"code": "30/2020/NĐ-CP", "type": "Nghị định", "date": "2020-03-05", "issuer": "Chính phủ", "relation": "based_on", "year": 2020}),
    ("các nội dung Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị;", None,
     {"code": "34-CT/TW", "type": "Chỉ thị", "date": "2014-04-07", "issuer": "Bộ Chính trị", "relation": "mentions"}),
    ("theo tinh thần Chỉ thị 05/CT - TW ngày 15/5/2016 của Bộ chính trị.", None,
     {"code": "05/CT-TW", "date": "2016-05-15", "issuer": "Bộ Chính trị", "relation": "mentions"}),
    ("Thực hiện Kế hoạch số 52/KH-UBND ngày 03/3/2023 của Chủ tịch UBND tỉnh về phát động thi đua;", CONTEXT_LANG_SON,
     {"code": "52/KH-UBND", "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn", "relation": "implements"}),
    ("Căn cứ Kế hoạch số 41/KH-UBND ngày 29/2/2024 của UBND huyện về triển khai công tác thi đua;", CONTEXT_Y_YEN,
     {"code": "41/KH-UBND", "issuer": "Ủy ban nhân dân huyện Ý Yên", "date": "2024-02-29", "relation": "based_on"}),
    ("Phúc đáp Văn bản số 1234/UBND-VP ngày 2/1/2024 của UBND tỉnh Long An, Bộ có ý kiến như sau:", None,
     {"code": "1234/UBND-VP", "type": "Công văn", "relation": "implements"}),
    ("Triển khai Công điện số 131/CĐ-TTg của Thủ tướng Chính phủ về đơn giản hóa thủ tục hành chính.", None,
     {"code": "131/CĐ-TTg", "type": "Công điện", "issuer": "Thủ tướng Chính phủ", "relation": "implements"}),
    ("Thực hiện Chỉ thị số l9/CT-TTg của Thủ tướng Chính phủ.", None, {"code": "19/CT-TTg"}),
    ("Luật Thi đua, khen thưởng năm 2022 có hiệu lực từ ngày 01/01/2024.", None,
     {"code": None, "type": "Luật", "title": "Luật Thi đua, khen thưởng năm 2022", "year": 2022, "issuer": "Quốc hội"}),
    ("theo Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.", None,
     {"code": None, "title": "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "issuer": "Đảng Cộng sản Việt Nam"}),
    ("Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng", None,
     {"code": None, "title": "Nghị quyết Trung ương 4 khóa XII", "issuer": "Ban Chấp hành Trung ương Đảng"}),
    # a hard line break inside the issuer's name
    ("Thực hiện Kế hoạch số 52/KH-UBND ngày 10/8/2021 của Ủy ban nhân dân tỉnh\nBạc Liêu về phòng chống dịch,",
     CONTEXT_Y_YEN, {"code": "52/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Bạc Liêu"}),
    # a line end right after the name's head word: the name goes on, whatever the case of the next line
    # (a Lâm Đồng report's footnote, a Bình Thuận report's list of replies)
    ("Thực hiện Văn bản số 59-CV/BCĐ ngày 12/9/2025 của Ban\nChỉ đạo Trung ương về tổng kết Nghị quyết", CONTEXT_LAM_DONG,
     {"code": "59-CV/BCĐ", "issuer": "Ban Chỉ đạo Trung ương"}),
    ("Công văn số 2965/SVHTTDL-VP ngày 28/10/2024 của Sở\nVăn hóa thể thao du lịch; Công văn số 3354/SGTVT-VP",
     CONTEXT_LAM_DONG, {"code": "2965/SVHTTDL-VP", "issuer": "Sở Văn hóa thể thao du lịch tỉnh Lâm Đồng"}),
    # a university's notices, OCR'd: a name never ends at `Đại`, nor a post at its body's bare head
    ("Thực hiện Kế hoạch số 376/KH-ĐHTĐ ngày 14 tháng 4 năm 2025 của Trường Đại\nhọc Tây Đô về việc Xây dựng", None,
     {"code": "376/KH-ĐHTĐ", "issuer": "Trường Đại học Tây Đô"}),
    ("Căn cứ Kế hoạch số 663/KH-ĐHTĐ, ngày 24/7/2024 của Hiệu trưởng Trường\nĐại học Tây Đô về việc tổ chức", None,
     {"code": "663/KH-ĐHTĐ", "issuer": "Hiệu trưởng Trường Đại học Tây Đô"}),
    # a joining word is no part of the name (a customs letter; a BHXH list that doubled its `của`)
    ("Thực hiện theo hướng dẫn tại công văn 6376/TCHQ-GSQL ngày 14/7/2015 của Tổng cục Hải quan và hướng dẫn công chức",
     None, {"code": "6376/TCHQ-GSQL", "issuer": "Tổng cục Hải quan"}),
    ("7. Quyết định 787/QĐ-BHXH ngày 21/5/2010 của của Tổng Giám đốc BHXH Việt Nam về chương trình phần mềm", None,
     {"code": "787/QĐ-BHXH", "issuer": "Tổng Giám đốc Bảo hiểm xã hội Việt Nam"}),
    # a word left out before the summary's cue: no issuer (a Lâm Đồng tờ trình: `của Về` / `việc cho phép ...`)
    ("ban hành Quyết định số 1406/QĐ-UBND của Về\nviệc cho phép hợp nhất Hội công chứng viên", CONTEXT_LAM_DONG,
     {"code": "1406/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng"}),
    # a national body takes no province
    ("theo Nghị quyết số 40/NQ-HĐBCQG ngày 1/7/2025 của Hội đồng bầu cử Quốc gia về việc", CONTEXT_LAM_DONG,
     {"code": "40/NQ-HĐBCQG", "issuer": "Hội đồng bầu cử Quốc gia"}),
    # `Tp.` shortens `thành phố` inside a name; `BHXH`, `HCM` written out (a university's notice on health insurance)
    ("văn bản số 2618/BHXH-QLT ngày 13/11/2019 của BHXH Tp. HCM “Về việc cấp thẻ BHYT”", None,
     {"code": "2618/BHXH-QLT", "issuer": "Bảo hiểm xã hội thành phố Hồ Chí Minh"}),
    # the city named by its level alone, capitalised (congbot_43, a Hồ Chí Minh City decision)
    ("Quyết định số 1200/QĐ-UBND ngày 10/3/2014 của Chủ tịch Ủy ban nhân dân Thành phố về kế hoạch",
     {"code": None, "issuer": "Ủy ban nhân dân thành phố Hồ Chí Minh", "place": "Thành phố Hồ Chí Minh"},
     {"code": "1200/QĐ-UBND", "issuer": "Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh"}),
    # a court's papers, as a precedent cites them (vbplcrawl__TAND014298, b19's tune half): a judgment, a
    # cassation ruling, an expert's findings, each typed by its words before the number
    ("Nguồn án lệ: Quyết định giám đốc thẩm số 27/2010/DS-GĐT ngày 08-7-2010 của Hội đồng Thẩm phán Tòa án nhân dân "
     "tối cao về vụ án", None, {"code": "27/2010/DS-GĐT", "type": "Quyết định"}),
    ("Tại Bản án dân sự phúc thẩm số 85/2016/DSPT ngày 10/5/2016 của Tòa án nhân dân tỉnh Thanh Hóa và hủy Bản án dân "
     "sự sơ thẩm số 04/2016/DSST", None,
     {"code": "85/2016/DSPT", "type": "Bản án", "issuer": "Tòa án nhân dân tỉnh Thanh Hóa"}),
    ("theo Bản kết luận giám định số 2784/C21(P7) ngày 25-10-2005 của Viện Khoa học Hình sự", None,
     {"code": "2784/C21(P7)", "type": "Kết luận"}),
    # a post is no body's head: the code says the ministry
    ("Thông tư số 07/2020/TT-BKHĐT ngày 30 tháng 9 năm 2020 của Bộ\ntrưởng Bộ Kế hoạch và Đầu tư hướng dẫn", None,
     {"code": "07/2020/TT-BKHĐT", "issuer": "Bộ Kế hoạch và Đầu tư"}),
    # the cited plan's title right after the issuer, capitalised
    ("triển khai Kế hoạch số 1663/KH-UBND ngày 04 tháng 6 năm 2021 của UBND tỉnh Kế hoạch đẩy mạnh tuyên truyền",
     {"code": None, "issuer": "Ủy ban nhân dân tỉnh Điện Biên", "place": "Điện Biên"},
     {"code": "1663/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Điện Biên"}),
    ("theo Văn bản số 358/LĐLSVN-BTV ngày 16/7/2025 của Liên đoàn Luật sư Việt Nam về việc sáp nhập", None,
     {"code": "358/LĐLSVN-BTV", "issuer": "Liên đoàn Luật sư Việt Nam"}),
    # a joint circular is issued by every ministry its code names; a department's code is no co-issuer
    ("Căn cứ Thông tư liên tịch số 47/2009/TTLT-BTC-BLĐTBXH ngày 11/3/2009 của liên Bộ Tài chính - Bộ LĐTBXH;", None,
     {"code": "47/2009/TTLT-BTC-BLĐTBXH", "issuer": "Bộ Tài chính, Bộ Lao động - Thương binh và Xã hội"}),
    ("Thực hiện Công văn số 4966/BQP-CT ngày 05/11/2025 của Bộ Quốc phòng;", None,
     {"code": "4966/BQP-CT", "issuer": "Bộ Quốc phòng"}),
    # `QĐ-UB`, the committee's code before 2004, and a department's code in a city
    ("thay thế các Quyết định số 25/2005/QĐ-UB ngày 12/5/2005;", {"code": "16/2010/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Lai Châu"},
     {"code": "25/2005/QĐ-UB", "issuer": "Ủy ban nhân dân tỉnh Lai Châu"}),
    ("Xét đề nghị tại Công văn số 6144/STC-HCSN ngày 10/11/2011;", {"code": "6154/QĐ-UBND", "issuer": "Ủy ban nhân dân thành phố Hà Nội"},
     {"code": "6144/STC-HCSN", "issuer": "Sở Tài chính thành phố Hà Nội"}),
    # `của Bộ` alone: the code says which ministry
    ("theo Thông tư số 23/2020/TT-BLĐTBXH ngày 30/11/2020 của Bộ hướng dẫn", None,
     {"code": "23/2020/TT-BLĐTBXH", "issuer": "Bộ Lao động - Thương binh và Xã hội"}),
    # a district's seat on the date line is no province: `UBND tỉnh` stays without a name
    ("Thực hiện Kế hoạch số 7/KH-UBND ngày 1/2/2022 của UBND tỉnh về phòng chống dịch;",
     {"code": None, "issuer": "Ủy ban nhân dân huyện Mường Ảng", "place": "Mường Ảng"},
     {"code": "7/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh"}),
    # a Lâm Đồng plan's task table (lamdong_f0bcec43, tune): a cell ends the issuer; a title with no
    # `về việc` starts at its verb (`công bố`); a commune's decision: a capitalised `Về việc` ends it
    ("| Quyết định số 1737/QĐ-UBND ngày 10/7/2025 của Chủ tịch Ủy ban nhân dân tỉnh | Văn phòng Ủy ban nhân dân tỉnh |",
     CONTEXT_LAM_DONG, {"code": "1737/QĐ-UBND", "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"}),
    ("theo Quyết định số 1441/QĐ-UBND ngày 01/7/2025 của Chủ tịch Ủy ban nhân dân tỉnh công bố thủ tục hành chính",
     CONTEXT_LAM_DONG, {"code": "1441/QĐ-UBND", "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"}),
    ("thực hiện Kế hoạch số 2245/KH-UBND ngày 19/9/2025 của UBND tỉnh cải thiện và nâng cao Chỉ số đổi mới sáng tạo",
     CONTEXT_LAM_DONG, {"code": "2245/KH-UBND", "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng"}),
    ("Căn cứ Quyết định số 03/QĐ-UBBC ngày 02/01/2026 của Ủy ban bầu cử xã Phố Bảng Về việc thành lập Tiểu ban;", None,
     {"code": "03/QĐ-UBBC", "issuer": "Ủy ban bầu cử xã Phố Bảng"}),
    # a province's CCHC report (lamdong_f5ffb91c, tune): the code names the council or the Party committee
    # of the citing document's own province
    ("Thực hiện Nghị quyết số 03/NQ-HĐND ngày 10/7/2025 về chỉ tiêu phát triển;",
     CONTEXT_LAM_DONG, {"code": "03/NQ-HĐND", "issuer": "Hội đồng nhân dân tỉnh Lâm Đồng"}),
    ("theo Quyết định số 441-QĐ/TU ngày 12/8/2025 về phân công nhiệm vụ;",
     CONTEXT_LAM_DONG, {"code": "441-QĐ/TU", "issuer": "Tỉnh ủy Lâm Đồng"}),
]

# Not citations: campaign names, vague plurals, numbers of forms, the document's own number.
NOT_CITATIONS = [
    ("Hưởng ứng phong trào thi đua “Cả nước chung tay vì người nghèo”.", None),
    ("Thực hiện các Nghị định của Chính phủ và các văn bản hướng dẫn.", None),
    ("Báo cáo theo Mẫu số 01/BCĐBHĐND-MT kèm theo.", None),
    ("Số: 2458/UBND-NC\nV/v triển khai", {"code": "2458/UBND-NC"}),
    ("Thực hiện theo quy định của pháp luật.", None),
    ("Luật sư và luật gia", None),
]


@pytest.mark.parametrize("sentence, document, expected", CASES)
def test_citation_table(sentence, document, expected):
    references = extract_references(make_text(sentence), document)
    assert references, sentence
    got = references[0].to_json()
    for key, value in expected.items():
        assert got[key] == value, (key, got)


@pytest.mark.parametrize("sentence, document", NOT_CITATIONS)
def test_not_citations(sentence, document):
    assert extract_references(make_text(sentence), document) == []


def _table():
    return json.loads(DATA.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sentence, code, relation", _table()["relation_examples"])
def test_relation_examples_of_the_table(sentence, code, relation):
    text = make_text(sentence)
    start = text.text.index(code)
    others = [s for _c, s, _e in find_codes(text.text) if s != start]
    phrase = type_before(text.text, start)
    assert relation_at(text.text, phrase[1] if phrase else start, cited=others) == relation


@pytest.mark.parametrize("sentence, kind, title", _table()["titled"]["examples"])
def test_titled_examples_of_the_table(sentence, kind, title):
    titles = [r.title for r in extract_references(make_text(sentence))]
    assert any(t and t.startswith(title) for t in titles), titles


@pytest.mark.parametrize("sentence", _table()["titled"]["counter_examples"])
def test_titled_counter_examples_of_the_table(sentence):
    assert [r.title for r in extract_references(make_text(sentence)) if r.code is None] == []


def test_second_mentions_join_the_first():
    s = ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; thực hiện Nghị định 30 và "
         "Nghị định số 30/2020/NĐ-CP nêu trên.")
    references = extract_references(make_text(s))
    assert [r.code for r in references] == ["30/2020/NĐ-CP"]
    assert len(references[0].mentions) == 3
    assert references[0].relation == "based_on"


def test_an_undated_first_mention_takes_the_year_of_a_later_one():
    s = ("Thực hiện Kế hoạch số 52/KH-UBND của UBND tỉnh Điện Biên về phòng chống dịch.\n"
         "Triển khai có hiệu quả Kế hoạch số 52/KH-UBND ngày 10/8/2021 của UBND tỉnh Điện Biên.")
    references = extract_references(make_text(s), CONTEXT_Y_YEN)
    assert [(r.code, r.key, len(r.mentions)) for r in references] == [
        ("52/KH-UBND", "52KHUBND@UYBANNHANDANTINHDIENBIEN@2021", 2)]


def test_local_documents_are_keyed_by_issuer_and_year():
    s = "Thực hiện Kế hoạch số 41/KH-UBND ngày 29/2/2024 của UBND huyện."
    key_y_yen = extract_references(make_text(s), CONTEXT_Y_YEN)[0].key
    key_lang_son = extract_references(make_text(s.replace("huyện", "tỉnh")), CONTEXT_LANG_SON)[0].key
    central = extract_references(make_text("Thực hiện Chỉ thị số 19/CT-TTg."))[0].key
    assert key_y_yen != key_lang_son
    assert "2024" in key_y_yen and "@" not in central


def test_mention_offsets_on_the_seeds(gold_sets):
    for _source, found in gold_sets["seeds"][1].items():
        for reference in found.references:
            for mention in reference.mentions:
                assert found.text.text[mention.start:mention.end] == mention.text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([
    "Chỉ thị số ", "19/CT-TTg", " ngày 16/7/2021", " của ", "UBND tỉnh", "Thủ tướng Chính phủ", "Căn cứ ",
    "Luật ", "Đất đai", " năm 2024", "34-CT/TW", "; ", ".\n", "Nghị quyết Đại hội ", "lần thứ XIII", "về việc ",
    "[", "]", "05/CT - TW", "l9/CT-TTg", "Số: ", "Nơi nhận:\n", "\u00d0", "Nghị định 30", "30/2020/NĐ-CP",
]), max_size=30))
def test_mention_offsets_on_hostile_strings(parts):
    text = make_text("".join(parts))
    for reference in extract_references(text, CONTEXT_LANG_SON):
        for mention in reference.mentions:
            assert text.text[mention.start:mention.end] == mention.text


# The issue asks numbered F1 >= 0.95, titled >= 0.70, date and issuer accuracy >= 0.90, relation
# >= 0.80 on both sets; where the dev set is not there yet the floor is what was reached (see the
# issue's closing note), so that a regression fails.
FLOORS = {
    "seeds": {"numbered": 0.95, "titled": 0.70, "date": 0.90, "issuer": 0.90, "relation": 0.80},
    "dev": {"numbered": 0.95, "titled": 0.70, "date": 0.90, "issuer": 0.85, "relation": 0.80},
}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_scorer_figures(gold_sets, name):
    if name not in gold_sets or not SCORER.is_file():
        pytest.skip("../shared is absent")
    from pipeline.record import to_record

    golds, found = gold_sets[name]
    figures = score(golds, [to_record(f) for f in found.values()])
    floors = FLOORS[name]
    print(name, figures["references_numbered"], figures["references_titled"], figures["reference_fields"])
    assert figures["references_numbered"]["f1"] >= floors["numbered"]
    assert figures["references_titled"]["f1"] >= floors["titled"]
    for field in ("date", "issuer", "relation"):
        assert figures["reference_fields"][field]["accuracy"] >= floors[field], field


@pytest.mark.slow
@pytest.mark.parametrize("key", ["docx", "doc", "pdf", "pdf_two_fonts", "scanned_pdf"])
def test_seed_004_gives_the_same_record_from_every_format(seed_files, key):
    from pipeline import read
    from pipeline.record import to_record

    expected = to_record(read(seed_files["txt"]))
    got = to_record(read(seed_files[key]))
    codes = {r["code"] for r in expected["references"] if r["code"]}
    found = {r["code"] for r in got["references"] if r["code"]}
    if key == "scanned_pdf":  # OCR: the issue asks F1 >= 0.9 on the cited codes
        tp = len(codes & found)
        f1 = 2 * tp / (len(codes) + len(found)) if codes or found else 1.0
        assert f1 >= 0.9, (codes, found)
    else:
        assert found == codes
    for field in ("code", "date", "issuer"):
        assert got["document"][field] == expected["document"][field], field


# Where an unlisted law's name ends, and what is no law at all: each sentence is the shape of a real
# document's (tờ trình for draft laws of the Bộ Y tế and Bộ Tư pháp, a Sở's appraisal, a court's
# precedent, a Party cell's rules, ...), and the titles are all the titled references found in it.
LAW_NAME_ENDS = [
    # initials of eight letters, spelt out earlier in the text (lit_raw_20fa15b3c88d, a tờ trình)
    ("Thực hiện Luật Ban hành văn bản quy phạm pháp luật năm 2015. Do đó, theo quy định của Luật "
     "BHVBQPPL không bắt buộc phải có báo cáo đánh giá tác động về giới.",
     ["Luật Ban hành văn bản quy phạm pháp luật năm 2015"]),
    ("Bộ Y tế kính trình Chính phủ dự án Luật Dân số như sau:", ["Luật Dân số"]),
    ("Luật Căn cước, Luật Tạm giữ, tạm giam, pháp luật về giáo dục, giáo dục đại học, đất đai.",
     ["Luật Căn cước", "Luật Tạm giữ, tạm giam"]),
    ("như Bộ luật Lao động, Luật Nhà giáo, Luật Khoa học, công\nnghệ và đổi mới sáng tạo, Luật Dữ liệu",
     ["Bộ luật Lao động", "Luật Nhà giáo", "Luật Khoa học, công nghệ và đổi mới sáng tạo", "Luật Dữ liệu"]),
    ("là phù hợp với quy định tại Luật An toàn thông tin năm 2015 và các\nvăn bản hướng dẫn",
     ["Luật An toàn thông tin năm 2015"]),
    ("theo Luật Ngân sách, UBND cấp xã lập dự toán", ["Luật Ngân sách"]),
    ("Luật Phòng bệnh dự kiến giao Chính phủ quy định chi tiết", ["Luật Phòng bệnh"]),
    ("Luật Kiểm toán độc lập cũng quy định", ["Luật Kiểm toán độc lập"]),
    ("Án lệ này do ThS. Lê Thị Mận - Trường Đại học Luật Thành phố Hồ Chí Minh đề xuất.", []),
    ("- Căn cứ Nghị quyết Đại hội Chi bộ 1 nhiệm kỳ 2024 - 2025,", []),
    # a provincial decision's grounds; a decree's grounds; an election plan's list of laws
    ("Căn cứ Luật tổ chức HĐND và UBND ngày 26/11/2003; Căn cứ Luật Đất đai ngày 26/11/2003;",
     ["Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân", "Luật Đất đai"]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của các Luật về thuế ngày 26 tháng 11 năm 2014;\nCăn cứ",
     ["Luật sửa đổi, bổ sung một số điều của các Luật về thuế"]),
    ("Căn cứ Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch ngày 20 tháng 11 năm 2018;",
     ["Luật sửa đổi, bổ sung một số điều của 37 luật có liên quan đến quy hoạch"]),
    ("Luật Tổ chức Quốc hội; Luật sử đổi, bổ sung một số điều của Luật Tổ chức Chính phủ; Luật Tổ chức chính "
     "quyền địa phương (sửa đổi)", ["Luật Tổ chức Quốc hội", "Luật Tổ chức chính quyền địa phương"]),
    # the Government's tờ trình on the education law (dev lit_raw_f8e6a27f5042): a known law whose name
    # starts another's is another law, not a second mention of it
    ("đồng bộ với Luật Giáo dục nghề nghiệp (sửa đổi), Luật Nhà giáo. Quá trình thực hiện Luật Giáo dục năm "
     "2019 đã phát sinh một số hạn chế.", ["Luật Giáo dục nghề nghiệp", "Luật Nhà giáo", "Luật Giáo dục năm 2019"]),
    # `luật` in lower case before a known name (seed 003's plan; a provincial report on drugs): a
    # law cited; not so `Bộ\nluật` wrapped, `pháp luật`, or an unknown name after a lower-case `luật`
    ("các hình thức khen thưởng theo quy định của luật Thi đua khen thưởng và các văn bản hướng dẫn thi hành.",
     ["Luật Thi đua khen thưởng"]),
    ("quản lý sau cai nghiện ma túy theo quy định của luật Phòng, chống ma túy: 1059 người;",
     ["Luật Phòng, chống ma túy"]),
    ("trả hồ sơ theo quy định tại khoản 3 Điều 205 của Bộ\nluật Tố tụng hình sự;", ["Bộ luật Tố tụng hình sự"]),
    ("theo quy định của pháp luật Việt Nam và luật Tổ chức hành nghề, các đơn vị báo cáo", []),
]


@pytest.mark.parametrize("sentence, titles", LAW_NAME_ENDS)
def test_a_law_name_ends_where_the_sentence_moves_on(sentence, titles):
    found = [r.title for r in extract_references(make_text(sentence)) if r.code is None]
    assert sorted(found) == sorted(titles)


def test_a_law_cited_by_name_and_number_is_one_document():
    """From a tờ trình of the digital gold (tune half): the name before the number, then the name alone."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Thống kê số 89/2015/QH13 ngày 23/11/2015; Luật số 01/2021/QH15 sửa đổi, bổ sung một số "
         "điều của Luật Thống kê.\nCác cơ quan thực hiện đúng quy định của Luật Thống kê; báo cáo kết quả. "
         "Luật Hải quan năm 2014 thay thế Luật Hải quan số 29/2001/QH10.")
    found = extract_references(Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))))
    statistics = [r for r in found if r.code == "89/2015/QH13"]
    assert len(statistics) == 1 and statistics[0].title == "Luật Thống kê"
    assert len(statistics[0].mentions) >= 2                      # the name alone is another mention of it
    assert not any(r.code is None and r.title == "Luật Thống kê" for r in found)
    customs = [r for r in found if r.title == "Luật Hải quan năm 2014" and r.code is None]
    assert customs and customs[0].year == 2014                   # not the Luật Hải quan of 2001


def test_a_law_whose_number_the_line_end_parts_from_its_name_is_one_document():
    """A commune's decision, printed and OCR'd (the digital tune gold, printed): lines end between
    the laws' names and their numbers."""
    s = ("Căn cứ Luật Mặt trận Tổ quốc Việt Nam\nsố 75/2015/QH13 được sửa đổi bổ sung bởi Luật số\n"
         "97/2025/QH15; Luật Khiếu nại số 02/2011/QH13; Luật Tố cáo số\n25/2018/QH14; Căn cứ Hướng dẫn số 19")
    found = extract_references(make_text(s))
    assert sorted((r.code, r.title) for r in found) == [
        ("02/2011/QH13", "Luật Khiếu nại"), ("25/2018/QH14", "Luật Tố cáo"),
        ("75/2015/QH13", "Luật Mặt trận Tổ quốc Việt Nam"), ("97/2025/QH15", None)]


def test_a_tờ_trình_s_legal_basis_section_is_legal_ground_and_its_history_a_mention():
    """ANNOTATION.md as now written: the legal-basis part of a tờ trình is `based_on`; history told
    there (`Ngày ..., Chính phủ ban hành ...`) and the sections after it are not."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("TỜ TRÌNH\nDự án Luật Thống kê (sửa đổi)\n\nI. SỰ CẦN THIẾT XÂY DỰNG LUẬT\n1. Cơ sở chính trị, pháp lý\n"
         "Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị về đổi mới công tác xây dựng pháp luật.\n"
         "Ngày 08/10/2024, Chính phủ ban hành Nghị định số 126/2024/NĐ-CP quy định về hội.\n"
         "2. Cơ sở thực tiễn\nNghị định số 62/2024/NĐ-CP ngày 07/6/2024 được áp dụng rộng rãi.\n")
    found = {r.code: r.relation for r in extract_references(
        Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))), {"type": "Tờ trình"})
        if r.code}
    assert found == {"66-NQ/TW": "based_on", "126/2024/NĐ-CP": "mentions", "62/2024/NĐ-CP": "mentions"}
    # a footnote line of a PDF (`1 Tại Luật ...`, no dot after its number) ends no section
    # (a ministry's tờ trình for a draft law, digital gold b10)
    noted = s.replace("Ngày 08/10/2024", "1 Tại Luật Khoa học, công nghệ năm 2025 đã có quy định.\n"
                                         "Nghị quyết số 31/2021/QH15 ngày 12/11/2021 của Quốc hội về kế hoạch.\nNgày 08/10/2024")
    found = {r.code: r.relation for r in extract_references(
        Text(source="t.txt", format="txt", text=noted, raw=noted, raw_offsets=list(range(len(noted) + 1))),
        {"type": "Tờ trình"}) if r.code}
    assert found["31/2021/QH15"] == "based_on"
    # a Sở's tờ trình parts itself `A. SỰ CẦN THIẾT VÀ CƠ SỞ PHÁP LÝ`, `B. ...` (digital gold b10)
    lettered = s.replace("I. SỰ CẦN THIẾT XÂY DỰNG LUẬT\n1. Cơ sở chính trị, pháp lý", "A. SỰ CẦN THIẾT VÀ CƠ SỞ PHÁP LÝ") \
        .replace("2. Cơ sở thực tiễn", "B. NỘI DUNG ĐỀ XUẤT")
    found = {r.code: r.relation for r in extract_references(
        Text(source="t.txt", format="txt", text=lettered, raw=lettered, raw_offsets=list(range(len(lettered) + 1))),
        {"type": "Tờ trình"}) if r.code}
    assert found == {"66-NQ/TW": "based_on", "126/2024/NĐ-CP": "mentions", "62/2024/NĐ-CP": "mentions"}


def test_an_amending_law_is_one_titled_reference_and_the_laws_it_names_are_not_cited_apart():
    """A tờ trình's legal basis (shape of quangngai_01_TTr, scan gold): the amending law of 2019 is
    cited by its whole title; the two laws inside that title are not cited apart. A draft amending
    law with no date (the one a tờ trình presents) is no reference."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số điều của "
         "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;\n"
         "Dự án Luật sửa đổi, bổ sung một số điều của Luật Đất đai được xây dựng trên cơ sở ...\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    titles = [(r.title, r.date) for r in extract_references(text) if r.title]
    assert ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
            "2019-11-22") in titles
    assert ("Luật Tổ chức Chính phủ", None) not in titles
    assert not any(t.startswith("Luật sửa đổi, bổ sung một số điều của Luật Đất đai") for t, _ in titles)


def test_an_amending_title_that_numbers_each_law_it_names_is_one_titled_law_and_those_numbers():
    """Quảng Ngãi's land decisions of 2025 (batches s8 and s9: qn_87_QĐUB, qn_88_QĐ_UB) and lit_raw_6207b2b500bb:
    `Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, ...
    và Luật Các tổ chức tín dụng số 32/2024/QH15 ngày 29/6/2024` is one amending law, cited by its
    whole title and dated; each law it names with its own number is that number, by name; and the
    `Luật Đất đai ngày 18/01/2024` cited just before is the same law as 31/2024/QH15, which takes its
    day. A number after the only law an amending title names stays the amending law's own."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Đất đai ngày 18/01/2024; Luật sửa đổi, bổ sung một số điều\n"
         "của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, Luật Kinh\n"
         "doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức tín dụng số\n"
         "32/2024/QH15 ngày 29/6/2024;\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = extract_references(text)
    assert [(r.title, r.date) for r in found if not r.code] == [(
        "Luật sửa đổi, bổ sung một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15, "
        "Luật Kinh doanh bất động sản số 29/2023/QH15 và Luật Các tổ chức tín dụng số 32/2024/QH15", "2024-06-29")]
    numbered = {r.code: (r.title, r.date) for r in found if r.code}
    assert numbered["31/2024/QH15"] == ("Luật Đất đai", "2024-01-18")
    assert numbered["27/2023/QH15"][0] == "Luật Nhà ở"
    assert numbered["29/2023/QH15"][0] == "Luật Kinh doanh bất động sản"
    one = "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Hải quan số 42/2005/QH11;\n"
    text = Text(source="a.txt", format="txt", text=one, raw=one, raw_offsets=tuple(range(len(one) + 1)))
    assert [(r.code, r.title) for r in extract_references(text)] == [("42/2005/QH11", None)]


def test_an_amending_law_whose_date_ocr_bent_is_still_cited():
    """qn_09_TTR (batch s8, OCR): `Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ
    chức chính quyền địa phương ngày 22 tháng 1] năm 20109`: the date is past reading, but a date there
    is, so the law is no undated draft; a draft's title with no date still cites nothing."""
    s = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; -\nLuật sửa đổi, bổ sung một số điều "
         "của Luật Tổ chức Chính phủ và Luật Tổ chức\nchính quyền địa phương ngày 22 tháng 1] năm 20109;\n"
         "Dự án Luật sửa đổi, bổ sung một số điều của Luật Đất đai được xây dựng trên cơ sở tổng kết.\n")
    titles = [r.title for r in extract_references(make_text(s)) if not r.code]
    assert titles == ["Luật Tổ chức chính quyền địa phương",
                      "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương"]


def test_an_amending_law_whose_words_ocr_bent_is_one_law():
    """s10_09 and s10_05 (scans, tune batch s10), as tesseract reads them: the middle words of the
    amending title bent (`bổ Sung mỘt`, `sửa` / `đi,`) and its last law's name broken (`Luật T: ổ chúc`).
    The amending law is cited, under its words as written, and the laws inside its title are not cited
    apart; congbot_03 (digital) writes `một số Điều` and is read the same."""
    s = ("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi,\nbổ Sung mỘt số điều của Luật "
         "Tổ chức Chính phủ và Luật T: ổ chúc chính quyền\nđịa phương ngày 22 tháng 11 năm 2019;\n"
         "Căn cứ Luật Tổ chức Chính quyền địa phương ngày 19/6/2015; Luật sửa\nđi, bổ sung một số điều của Luật "
         "Tổ chức Chính phủ và Luật Tổ chức Chính\nquyền địa phương ngày 22/11/2019;\n")
    scan = Text(source="s.pdf", format="pdf", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)),
                pages=((0, len(s)),), ocr_pages=(1,))
    amending = "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật "
    found = [(r.title, r.date) for r in extract_references(scan) if not r.code]
    assert found == [("Luật Tổ chức Chính phủ", "2015-06-19"),
                     (amending + "T: ổ chúc chính quyền địa phương", "2019-11-22"),
                     ("Luật Tổ chức Chính quyền địa phương", "2015-06-19"),
                     (amending + "Tổ chức Chính quyền địa phương", "2019-11-22")]
    digital = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật Sửa đổi, bổ sung một số Điều của "
               "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;\n")
    assert [(r.title, r.date) for r in extract_references(make_text(digital))] == [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        ("Luật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương", "2019-11-22")]


def test_an_amending_titles_list_of_laws_goes_on_across_a_line_end():
    """A line may end right after a law's type word inside an amending title, the name opening the next
    line in capitals: congbao_nghi-dinh-so-111-2022 (digital, `và Luật` / `Viên chức`) and d3_06 (scans
    d3 tune, OCR: `, Luật` / `Công đoàn`). The list goes on there; d1_17's PDF prints `một số điệu`."""
    decree = ("Căn cứ Luật Viên chức ngày 15 tháng 11 năm 2010;\nCăn cứ Luật sửa đổi, bổ sung một số điều của "
              "Luật Cán bộ, công chức và Luật\nViên chức ngày 25 tháng 11 năm 2019;\nTheo đề nghị của Bộ trưởng Bộ Nội vụ;\n")
    assert [(r.title, r.date) for r in extract_references(make_text(decree))] == [
        ("Luật Viên chức", "2010-11-15"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức", "2019-11-25")]
    plan = ("Thực hiện Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;\nLuật sửa đổi, bổ sung một số "
            "điều của Luật Mặt trận Tổ quốc Việt Nam, Luật\nCông đoàn, Luật Thanh niên và Luật Thực hiện dân chủ ở "
            "cơ sở ngày 27 tháng 6\nnăm 2025 và Chỉ thị số 33/CT-TTg ngày 26 tháng 11 năm 2021 của Thủ tướng\n")
    titled = [(r.title, r.date) for r in extract_references(make_text(plan)) if not r.code]
    assert titled == [("Luật Thực hiện dân chủ ở cơ sở", "2022-11-10"),
                      ("Luật sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, "
                       "Luật Thanh niên và Luật Thực hiện dân chủ ở cơ sở", "2025-06-27")]
    printed = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi,\nbổ sung một số điệu của "
               "Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền\nđịa phương ngày 22/11/2019;\n")
    assert [(r.title, r.date) for r in extract_references(make_text(printed))] == [
        ("Luật Tổ chức chính quyền địa phương", "2015-06-19"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
         "2019-11-22")]
    # a line that opens with a law's name in capitals after `Luật` outside such a title starts a new line
    heading = "Căn cứ Luật\nCông đoàn ngày 20 tháng 6 năm 2012;\n"
    assert [r.title for r in extract_references(make_text(heading))] == []


def test_laws_named_only_in_a_numbered_citations_title_are_no_entries():
    """ANNOTATION.md: a document named only inside another citation's title is no entry. s10_04 (scans
    s10, a table's `Căn cứ pháp lý` cell) names two laws in a decree's title, the second after an
    article (`và Điều 77 Luật ...`); lamdong_b2c15154 (a report) two after a comma. A law the text
    also cites on its own stays an entry."""
    cell = ("01 | 1.013277 | Chấp thuận đấu nối | UBND tỉnh | Nghị định số 165/2024/NĐ-CP ngày 26/12/2024 của Chính "
            "phủ quy định chỉ tiết, hướng dẫn thi hành một số điều của Luật Đường bộ và Điều 77 Luật Trật tự, an "
            "toàn giao thông đường bộ.\n")
    assert [(r.code, r.title) for r in extract_references(make_text(cell))] == [("165/2024/NĐ-CP", None)]
    report = ("- Nghị định số 116/2021/NĐ-CP ngày 21/12/2021 của Chính phủ quy định chi tiết một số điều của Luật "
              "Phòng, chống ma túy, Luật Xử lý vi phạm hành chính về cai nghiện ma túy.\n")
    assert [r.title for r in extract_references(make_text(report)) if not r.code] == []
    cited_too = cell + "Căn cứ Luật Đường bộ ngày 27 tháng 6 năm 2024;\n"
    assert [(r.title, r.date) for r in extract_references(make_text(cited_too)) if not r.code] == \
        [("Luật Đường bộ", "2024-06-27")]
    # the decree formula `quy định chi tiết một số điều và biện pháp thi hành Luật X` (congbao, congbot)
    formula = ("Căn cứ Nghị định số 08/2025/NĐ-CP ngày 09 tháng 01 năm 2025 của Chính phủ quy định chi tiết một số "
               "điều và biện pháp thi hành Luật Công chứng;\n")
    assert [r.title for r in extract_references(make_text(formula)) if not r.code] == []
    # a law after a decree's title has ended (`;`) is cited in its own right
    listed = "Căn cứ Nghị định số 165/2024/NĐ-CP ngày 26/12/2024 của Chính phủ; Luật Đường bộ năm 2024;\n"
    assert [r.title for r in extract_references(make_text(listed)) if not r.code] == ["Luật Đường bộ năm 2024"]


def test_a_name_cut_at_chap_or_uy_goes_on_past_the_line_end():
    """qn_16CT (scans s7, a Quảng Ngãi chỉ thị as OCR reads it): `của Ban Chấp` / `hàng Trung ương Đảng`
    (OCR's `hàng` for `hành`): no name ends at `Chấp`, so the next line is the name's, not the province's."""
    s = "Quy định số 37-QĐ/TW ngày 25/10/2021 của Ban Chấp\nhàng Trung ương Đảng khóa XII về những điều"
    text, offsets = normalize(s)
    ocr = Text(source="t.pdf", format="pdf", text=text, raw=s, raw_offsets=offsets, ocr_pages=(1,))
    [cited] = extract_references(ocr, CONTEXT_LAM_DONG)
    assert cited.issuer == "Ban Chấp hàng Trung ương Đảng"
    # a Lâm Đồng report's PDF lines: `của Ủy` / `ban nhân dân tỉnh`, the one word alone before the line end
    s = "Triển khai thực hiện Kế hoạch số 438/KH-UBND ngày 22/7/2025 của Ủy\nban nhân dân tỉnh về tuyên truyền CCHC năm 2025"
    text, offsets = normalize(s)
    wrapped = Text(source="t.pdf", format="pdf", text=text, raw=s, raw_offsets=offsets, ocr_pages=(1,))
    [cited] = extract_references(wrapped, CONTEXT_LAM_DONG)
    assert cited.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_an_ocr_texts_legal_basis_governs_its_wrapped_lines():
    """qn_H14.1999 (scans s9, a 1999 decision of Cao Bằng as OCR reads it): its `- Căn cứ` items wrap
    over printed lines, among few enough wraps that the text as a whole reads as lines. OCR keeps a
    scan's lines, so its line ends are judged one by one: `Căn cứ` governs the codes on the lines it
    runs on to (from a text file, each line is a sentence of its own)."""
    s = ("- Căn cứ Luật đất đai của Chủ tịch nước công bố ngày 24 /7/ 1993 và các\n"
         "Nghị định dưới luật của Hội đồng Chính phủ số : 88/CP. ngày 17/8/1994, số\n"
         "60/CP. ngày 05/7/1994 về quyền sở hữu nhà ở và quyền sử dụng đất ở tại đô\nthi.\n\n"
         "- Căn cứ vào quy hoạch tổng thể và quy hoạch chi tiết xây dựng Thị xã\n"
         "Cao Bằng đã được UBND tỉnh phê duyệt số 204/UB-QĐ-NĐ, ngày 09/6/1992.\n\n"
         "Sau khi xem xét cụ thể.\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Giao đất.\n\nĐiều 2. Thi hành.\n\n"
         "Nơi nhận:\n- Như Điều 2;\n- Lưu VT.\n")
    scan = Text(source="s.pdf", format="pdf", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)),
                pages=((0, len(s)),), ocr_pages=(1,))
    relations = {r.code: r.relation for r in extract_references(scan) if r.code}
    assert (relations["88/CP"], relations["60/CP"]) == ("based_on", "based_on")
    assert numbered_relations(s)["88/CP"] == "mentions"


def test_laws_named_in_a_numbered_amending_laws_title_are_not_cited_apart():
    """An election plan (shape of the luongminh plans, tune half): `Luật số 97/2025/QH15 sửa đổi, bổ
    sung một số điều của Luật Công đoàn, Luật Thanh niên và Luật MTTQ Việt Nam` cites one law."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật số 97/2025/QH15 sửa đổi, bổ sung một số điều của Luật Công đoàn, Luật Thanh niên và "
         "Luật Mặt trận Tổ quốc Việt Nam;\nCăn cứ Luật Thanh niên năm 2020;\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = extract_references(text)
    assert [r.code for r in found if r.code] == ["97/2025/QH15"]
    assert [(r.title, r.year) for r in found if r.title] == [("Luật Thanh niên năm 2020", 2020)]


def test_the_law_an_amending_law_enacts_changes_to_is_cited_by_name_and_number():
    """luongminh_83_2025_QH15 (tune half): in the enacting words `Quốc hội ban hành Luật sửa đổi, bổ sung
    một số điều của Luật Bầu cử ... số 85/2015/QH13` the number is the amended law's (the amending law's
    own is its header's): the name joins it, and so does the name alone in Điều 1. A number after an amending title cited elsewhere is the amending law's own
    (jp_Công_văn_19046: `Luật sửa đổi, bổ sung một số điều của Luật Hải quan số 42/2005/QH11`)."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    name = "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"
    s = (f"Quốc hội ban hành Luật sửa đổi, bổ sung một số điều của {name} số 85/2015/QH13.\n"
         f"Điều 1. Sửa đổi, bổ sung một số điều của {name}\n1. Sửa đổi khoản 2 Điều 8.\n"
         "Luật này thay thế Luật sửa đổi, bổ sung một số điều của Luật Hải quan số 42/2005/QH11.\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = extract_references(text)
    election = [r for r in found if r.code == "85/2015/QH13"]
    assert len(election) == 1 and election[0].title == name and len(election[0].mentions) == 2
    assert not any(r.code is None and r.title == name for r in found)
    customs = [r for r in found if r.code == "42/2005/QH11"]
    assert customs and customs[0].title is None


def test_a_law_cited_twice_by_name_and_number_still_takes_its_name_alone():
    """jp_Thông_tư_12_2015_TT-BTC: `Luật Hải quan số 54/2014/QH13` in the legal basis and again in the
    body, then `Luật Hải quan` alone: one number under two citations is one law, and the name alone is
    another mention of it (before, a name two citations bore was taken for two laws and dropped)."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Hải quan số 54/2014/QH13 ngày 23 tháng 6 năm 2014;\n"
         "Điều 1. Thủ tục theo Luật Hải quan số 54/2014/QH13 được thực hiện như sau.\n"
         "Điều 2. Người khai hải quan thực hiện theo quy định của Luật Hải quan.\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = extract_references(text)
    assert [(r.code, len(r.mentions)) for r in found] == [("54/2014/QH13", 3)]


def test_the_party_centres_documents_named_short_are_cited():
    """lamdong_02b8999b (tune half): `đưa các nội dung của Nghị quyết 57 và Nghị quyết 68 của Bộ Chính
    trị vào ...`: a number alone names one of the Politburo's documents when the body follows, and the
    body is each one's. Without it a bare number is no citation (`Nghị quyết 24 của HĐND tỉnh`)."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("UBND tỉnh đưa các nội dung của Nghị quyết 57 và Nghị quyết 68 của Bộ Chính trị vào các chỉ số thành "
         "phần; thực hiện Nghị quyết 24 của HĐND tỉnh.\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = [(r.code, r.issuer) for r in extract_references(text)]
    assert found == [("57-NQ/TW", "Bộ Chính trị"), ("68-NQ/TW", "Bộ Chính trị")]


def test_a_law_whose_name_ends_in_phap_luat_joins_its_number():
    """congbao_nghi-quyet-so-25-2022 (tune half): in `Luật Ban hành văn bản quy phạm pháp luật số
    80/2015/QH13` the `luật` of `pháp luật` is the name's last word, not a type word before the number:
    the name joins the number, and is no titled citation of its own."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 đã được sửa đổi, bổ sung "
         "một số điều theo Luật số 63/2020/QH14;\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = [(r.code, r.title) for r in extract_references(text)]
    assert found == [("80/2015/QH13", "Luật Ban hành văn bản quy phạm pháp luật"), ("63/2020/QH14", None)]


def test_history_told_with_thuc_hien_is_a_mention():
    """A report (ANNOTATION: history and another body's act are mentions): `Thực hiện Kế hoạch số
    190/KH-UBND ..., UBND tỉnh đã ban hành ...` tells what was done; a letter that opens `Thực hiện
    Công văn số ..., Sở Nội vụ báo cáo như sau` carries the request out."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Thực hiện Kế hoạch số 190/KH-UBND ngày 10/01/2025 của UBND tỉnh, UBND tỉnh đã ban hành nhiều văn bản chỉ đạo.\n"
         "Năm 2025, UBND tỉnh đã triển khai thực hiện Kế hoạch số 10084/KH-UBND ngày 02/3/2025.\n"
         "Thực hiện Công văn số 2701/SNV-CCHC ngày 05/3/2025 của Sở Nội vụ, Sở Tư pháp báo cáo như sau:\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    relations = {r.code: r.relation for r in extract_references(text)}
    assert relations == {"190/KH-UBND": "mentions", "10084/KH-UBND": "mentions", "2701/SNV-CCHC": "implements"}


def test_a_law_written_short_is_the_law_and_its_name_ends_with_the_abbreviation():
    """A tờ trình and a ministry's letter (laws.json `abbreviations`): `Luật NSNN` is the Luật Ngân sách
    nhà nước cited in full above it; `Luật GDNN vẫn giữ ...` names the law, not the sentence; `Luật Bầu
    cử` after the law cited in full with its number is that law again."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Căn cứ Luật Ngân sách nhà nước năm 2015; dự toán theo Luật NSNN và Luật Bầu cử đại biểu Quốc hội và "
         "đại biểu Hội đồng nhân dân số 85/2015/QH13; theo Luật Bầu cử, ...\nLuật GDNN vẫn giữ nguyên giá trị.\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    found = {(r.code, r.title): len(r.mentions) for r in extract_references(text)}
    assert found == {(None, "Luật Ngân sách nhà nước năm 2015"): 2,
                     ("85/2015/QH13", "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân"): 2,
                     (None, "Luật Giáo dục nghề nghiệp"): 1}


def test_an_ordinance_cited_by_name_and_number_is_one_document():
    """A law's closing article (shape of a VBHN of the Luật Thủy lợi in the corpus): `Pháp lệnh ... số
    32/2001/PL-UBTVQH10` is one reference, numbered, with the name as its title."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("2. Pháp lệnh Khai thác và bảo vệ công trình thủy lợi số 32/2001/PL-UBTVQH10 hết hiệu lực kể từ ngày "
         "Luật này có hiệu lực thi hành.\n")
    text = Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)))
    assert [(r.code, r.title) for r in extract_references(text)] == [
        ("32/2001/PL-UBTVQH10", "Pháp lệnh Khai thác và bảo vệ công trình thủy lợi")]


def _found(s: str):
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    return extract_references(Text(source="a.txt", format="txt", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1))))


def test_party_congress_resolutions_by_congress_are_each_one_document():
    """An explanatory report listing the congresses (shape of lit_raw_2d823b7334a6, check half):
    `lần IX` without `thứ`, `lần X` and `lần XI` apart (a key that is another's prefix is not the same
    document), `của Đảng Cộng sản Việt Nam` kept in the title as written; `Đảng lần thứ XIII` too."""
    s = ("Nghị quyết Đại hội đại biểu toàn quốc lần IX của Đảng Cộng sản Việt Nam: ...\n"
         "Nghị quyết Đại hội đại biểu toàn quốc lần X của Đảng Cộng sản Việt Nam: ...\n"
         "Nghị quyết Đại hội đại biểu toàn quốc lần XI của Đảng Cộng sản Việt Nam: ...\n"
         "Nghị quyết Đại hội Đảng lần thứ XIII về bảo hiểm đa tầng.\n")
    assert [r.title for r in _found(s)] == [
        "Nghị quyết Đại hội đại biểu toàn quốc lần IX của Đảng Cộng sản Việt Nam",
        "Nghị quyết Đại hội đại biểu toàn quốc lần X của Đảng Cộng sản Việt Nam",
        "Nghị quyết Đại hội đại biểu toàn quốc lần XI của Đảng Cộng sản Việt Nam",
        "Nghị quyết Đại hội Đảng lần thứ XIII"]


def test_a_laws_initials_name_the_law_the_text_spells_out_else_a_known_one_else_none():
    """`Luật HQ năm 2014` after `Luật Hải quan năm 2014` (jp_Công_văn_778, a customs letter) is that law;
    `Luật KDBH` is the known Luật Kinh doanh bảo hiểm; initials no law has are no reference."""
    s = ("Căn cứ Luật Hải quan năm 2014; theo Điều 41 Luật HQ năm 2014 và Luật KDBH; mẫu theo Luật XYZQ.\n")
    titles = sorted(r.title for r in _found(s))
    assert titles == ["Luật Hải quan năm 2014", "Luật Kinh doanh bảo hiểm"]


def test_the_constitution_in_general_is_no_citation():
    """`không trái với ... Hiến pháp và hệ thống pháp luật` (a tờ trình's checklist) cites no text;
    `Hiến pháp năm 2013` and the constitution by its whole name do."""
    assert _found("Không trái với quyền của công dân trong Hiến pháp và hệ thống pháp luật hiện hành.") == []
    [cited] = _found("Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013;")
    assert (cited.title, cited.year) == ("Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013", 2013)


def test_a_law_in_a_decrees_title_takes_no_relation_from_it():
    """`Nghị định số 101/2010/NĐ-CP quy định chi tiết thi hành một số điều của Luật PCBTN`: `thi hành`
    is what the decree does (a report on a draft law, effects tune half)."""
    s = ("Luật Phòng, chống bệnh truyền nhiễm số 03/2007/QH12 đã bộc lộ bất cập.\n"
         "Nghị định số 101/2010/NĐ-CP ngày 30/9/2010 quy định chi tiết thi hành một số điều của Luật Phòng, chống "
         "bệnh truyền nhiễm về cách ly y tế.\n")
    relations = {r.code: r.relation for r in _found(s)}
    assert relations["03/2007/QH12"] == "mentions"


def test_a_document_a_body_issued_is_history_and_the_opening_cue_still_governs_the_rest():
    """A provincial report (shape of lamdong_1c7a53f4 and lamdong_f5ffb91c, tune half): what a body
    `ban hành`/`có`/`đã ban hành` is its act, a mention (ANNOTATION.md: history); a list that such an
    act introduces too. A plan's own `Thực hiện ...` opening still implements."""
    s = ("Thực hiện Nghị định số 361/2025/NĐ-CP ngày 31/12/2025 của Chính phủ; Ủy ban nhân dân tỉnh đã ban hành "
         "Công văn số 627/UBND-NC ngày 14/01/2026 về triển khai xây dựng vị trí việc làm.\n"
         "Tỉnh đã ban hành nhiều văn bản chỉ đạo thực hiện các nhiệm vụ chuyển đổi số, cụ thể: Quyết định số "
         "2942/QĐ-UBND ngày 31/12/2025 của UBND tỉnh ban hành Khung kiến trúc.\n"
         "Sở Tài chính có Công văn số 4455/STC-GCS ngày 29/10/2025 yêu cầu các sở rà soát.\n")
    relations = {r.code: r.relation for r in _found(s)}
    assert relations == {"361/2025/NĐ-CP": "implements", "627/UBND-NC": "mentions", "2942/QĐ-UBND": "mentions",
                         "4455/STC-GCS": "mentions"}
    opening = "Thực hiện Kế hoạch số 190/KH-UBND ngày 07/01/2026 của UBND tỉnh, Sở Nội vụ ban hành Kế hoạch như sau:\n"
    assert [r.relation for r in _found(opening)] == ["implements"]


def test_numbers_shown_as_examples_in_a_drafting_guide_cite_nothing():
    """A Party guide to drafting (lamdong_28a7f673, check half): `Ví dụ 1: ...\\nSố 16-BC/ĐH`."""
    s = ("Thực hiện Quy định số 66-QĐ/TW ngày 06/02/2017 của Ban Chấp hành Trung ương.\n"
         "Ví dụ 1: Báo cáo của đại hội\nSố 16-BC/ĐH\nVí dụ 2: Hướng dẫn của tỉnh ủy: Số 15-HD/TU\n")
    assert [r.code for r in _found(s)] == ["66-QĐ/TW"]


def test_a_party_committees_congress_with_or_without_delegates_is_one_resolution():
    """Seed 004 names the provincial congress both ways: `Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Điện
    Biên lần thứ XIV` and `Nghị quyết Đại hội Đảng bộ tỉnh Điện Biên lần thứ XIV`."""
    s = ("theo Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Điện Biên lần thứ XIV đã đề ra.\n"
         "thực hiện Nghị quyết Đại hội Đảng bộ tỉnh Điện Biên lần thứ XIV, nhiệm kỳ 2020 - 2025.\n")
    assert [len(r.mentions) for r in _found(s)] == [2]


# ANNOTATION.md: a document named only inside another citation's title is no entry of its own
# (shapes of a Hà Nội quyết định's preamble and a Sở Công Thương procedure table); the amending law
# after `được sửa đổi, bổ sung ... tại` is cited in its own right.
@pytest.mark.parametrize(("sentence", "codes"), [
    ("Căn cứ Thông tư liên tịch số 25/2010/TTLT-BLĐTBXH-BTC-BYT ngày 11/9/2010 của Liên Bộ: Lao động "
     "Thương binh và Xã hội, Tài chính, Y tế về việc sửa đổi, bổ sung Thông tư liên tịch số: "
     "17/2006/TTLT-BLĐTBXH-BTC-BYT ngày 21/11/2006 và thay thế Thông tư liên tịch số "
     "06/2007/TTLT-BLĐTBXH-BTC-BYT ngày 12/4/2007;", ["25/2010/TTLT-BLĐTBXH-BTC-BYT"]),
    ("| 1 | Cấp Giấy xác nhận | Nghị định số 95/2021/NĐ-CP ngày 01 tháng 11 năm 2021 của Chính phủ sửa đổi, "
     "bổ sung một số điều của Nghị định số 83/2014/NĐ-CP ngày 03 tháng 9 năm 2014 của Chính phủ. |",
     ["95/2021/NĐ-CP"]),
    ("Thực hiện Nghị định số 83/2014/NĐ-CP ngày 03/9/2014 của Chính phủ; Nghị định số 95/2021/NĐ-CP ngày "
     "01/11/2021 sửa đổi, bổ sung một số điều của Nghị định số 83/2014/NĐ-CP.", ["83/2014/NĐ-CP", "95/2021/NĐ-CP"]),
    ("Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13 được sửa đổi, bổ sung "
     "một số điều tại Luật số 83/2025/QH15 ngày 24/6/2025;", ["85/2015/QH13", "83/2025/QH15"]),
    # (batch d1: Ninh Bình and Lạng Sơn decisions that publish procedures) after the title's `về việc`,
    # `được sửa đổi, bổ sung tại` is the title's: the circular is named in the decision's title
    ("Thực hiện Quyết định số 443/QĐ-BYT ngày 07/02/2025 của Bộ trưởng Bộ Y tế về việc công bố thủ tục hành "
     "chính được sửa đổi, bổ sung tại Thông tư số 57/2024/TT-BYT ngày 31/12/2024 của Bộ Y tế quy định việc "
     "phân cấp, giải quyết thủ tục hành chính;", ["443/QĐ-BYT"]),
    ("Luật Hàng không dân dụng Việt Nam số 66/2006/QH11 được thông qua tại kỳ họp thứ 8, được Quốc hội khóa "
     "XIII, sửa đổi, bổ sung một số điều tại Luật số 61/2014/QH13 tại kỳ họp thứ 8.", ["66/2006/QH11", "61/2014/QH13"]),
])
def test_a_document_named_in_a_title_is_no_entry(sentence, codes):
    assert [r.code for r in extract_references(make_text(sentence)) if r.code] == codes


def test_a_name_the_table_knows_is_whole_for_an_ordinance_and_its_amending_title_is_one_entry():
    s = ("Căn cứ Pháp lệnh ưu đãi người có công với cách mạng ngày 29 tháng 6 năm 2005 và Pháp lệnh sửa đổi, bổ sung "
         "một số điều của Pháp lệnh ưu đãi người có công với cách mạng ngày 16 tháng 7 năm 2012;")
    assert [r.title for r in extract_references(make_text(s))] == [
        "Pháp lệnh ưu đãi người có công với cách mạng",
        "Pháp lệnh sửa đổi, bổ sung một số điều của Pháp lệnh ưu đãi người có công với cách mạng"]


@pytest.mark.parametrize(("sentence", "code"), [
    ("đã có Công văn số 574/UBND-\nNCKSTTHC, theo đó thống nhất", "574/UBND-NCKSTTHC"),   # a dash that ends a line
    ("Xét Tờ trình số 409/TTr-CAT(PC04) ngày 12/12/2025 của Công an tỉnh;", "409/TTr-CAT(PC04)"),   # the unit in brackets
    # a number given between two others (lit_raw_20fa15b3c88d, jp_Quyết_định_173_QĐ-BTP)
    ("Nghị quyết số 36a/NQ ngày 14/10/2015 của Chính phủ về Chính phủ điện tử", "36a/NQ"),
    ("Chương trình phối hợp số 1249a/CTPH-UBDT-BTP ngày 13/11/2014", "1249a/CTPH-UBDT-BTP"),
    ("năng suất đạt 5 ha/năm; Công văn số 12/UBND-VX", "12/UBND-VX"),
])
def test_a_code_broken_at_a_line_end_with_its_unit_in_brackets_or_a_letter_is_whole(sentence, code):
    assert [r.code for r in extract_references(make_text(sentence))] == [code]


def test_a_known_bodys_place_ends_at_its_capitalised_words():
    """`của Sở Nội\nvụ tỉnh Lâm Đồng về việc cử ...` (a Sở Y tế letter, digital gold b10): the body
    is `Sở Nội vụ tỉnh Lâm Đồng`, not the subject that follows it."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Phúc đáp văn bản số 1189/SNV- LĐVL&TN ngày 29/8/2025 của Sở Nội\nvụ tỉnh Lâm Đồng về việc cử đại diện "
         "lãnh đạo tham gia Ban Vì sự tiến bộ của\nphụ nữ và tổ thư ký, giúp việc.\n")
    (found,) = extract_references(Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))))
    assert found.issuer == "Sở Nội vụ tỉnh Lâm Đồng"


def test_a_law_only_proposed_is_no_reference():
    """ANNOTATION.md: `đề nghị xây dựng ...` proposes a document that does not exist yet (a Bộ Công
    an tờ trình, digital gold); a law cited with its year is one."""
    from pipeline.extract.references import extract_references
    from pipeline.read.text import Text

    s = ("Ngày / /2025, Bộ Tư pháp đã tổ chức Hội đồng thẩm định đối với hồ sơ đề nghị xây dựng Luật Bảo vệ "
         "dữ liệu cá nhân. Căn cứ Luật An ninh mạng năm 2018.\n")
    found = extract_references(Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))),
                               {"type": "Tờ trình"})
    assert [r.title for r in found] == ["Luật An ninh mạng năm 2018"]


def test_a_cue_governs_the_lines_a_pdf_wrapped_its_sentence_over():
    """A VPCP thông báo read by OCR (lit_536-tb, scan tune half): `theo chỉ đạo` / `của Thủ tướng
    Chính phủ tại Công điện số 172/CĐ-TTg` is one sentence over a line end, so the cue governs the
    citation (implements). A `Căn cứ` line after a title with no full stop still opens its sentence
    (a Thông tư of the Công báo: based_on)."""
    s = ("kịp thời phổ biến đến các địa phương, Bộ, ngành, cơ quan liên quan.\n\n"
         "II. Để tổ chức chất lượng, thành công Hội chợ Mùa Thu 2025 theo chỉ đạo\n"
         "của Thủ tướng Chính phủ tại Công điện số 172/CĐ-TTg ngày 25 tháng 9 năm\n"
         "2025 về tổ chức Hội chợ Mùa Thu năm 2025, Ban Chỉ đạo đề nghị các đồng chí\n"
         "Bộ trưởng, Thủ trưởng cơ quan, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố\n"
         "quan tâm chỉ đạo các cơ quan, đơn vị liên quan thực hiện tốt các nhiệm vụ\n"
         "được giao, tập trung vào các nội dung chủ yếu sau đây.\n")
    assert {r.code: r.relation for r in _found(s)} == {"172/CĐ-TTg": "implements"}
    basis = ("Quy định về Hệ thống cơ sở dữ liệu về người lao động Việt Nam\n"
             "đi làm việc ở nước ngoài theo hợp đồng\n"
             "Căn cứ Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp\n"
             "đồng số 69/2020/QH14 ngày 13 tháng 11 năm 2020;\n"
             "Căn cứ Nghị định số 14/2017/NĐ-CP ngày 17 tháng 02 năm 2017 của Chính\n"
             "phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Bộ Lao\n"
             "động - Thương binh và Xã hội;\n")
    assert {r.code: r.relation for r in _found(basis) if r.code} == {"69/2020/QH14": "based_on", "14/2017/NĐ-CP": "based_on"}


def test_the_body_whose_proposal_a_citation_holds_sent_it():
    """lamdong_dd842706: `Xét đề nghị của Hiệp hội Doanh nghiệp tỉnh tại Công văn số 282/HHDN-K4 ngày
    09/01/2025`: no `của` after the citation and a code no table knows; the body before `tại` sent it.
    A bare head (`của Trung tâm tại Báo cáo số ...`) says no more than the code."""
    sentence = ("Xét đề nghị của Hiệp hội Doanh nghiệp tỉnh tại Công văn số 282/HHDN-K4 ngày 09/01/2025 về việc "
                "gia hạn thời gian tổ chức đại hội.")
    [reference] = extract_references(make_text(sentence))
    assert reference.issuer.startswith("Hiệp hội Doanh nghiệp tỉnh")
    bare = "Theo đề xuất của Trung tâm tại Báo cáo số 78/BC-TTXT ngày 09/01/2025."
    assert [r.issuer for r in extract_references(make_text(bare))] == [None]


def test_a_committee_named_before_its_paper_is_no_province_the_code_guesses():
    """qn_88_QĐ_UB (batch s8) and jp_Văn_bản_Quy (Tây Ninh): `đề nghị của UBND thị trấn Mộ Đức tại Tờ
    trình số 304/TTr-UBND`: a `UBND` code is any level's, and the context's province is a guess the
    text corrects. A body's own code (`TTr-SNV`) still names it, whatever precedes."""
    context = {"code": "/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "place": "Quảng Ngãi"}
    s = ("Xét đề nghị của UBND thị trấn Mộ Đức tại Tờ trình số 304/TTr-UBND ngày 16/12/2024; của UBND huyện "
         "Mộ Đức tại Tờ trình số 131/TTr-UBND ngày 18/12/2024; Ủy ban nhân dân tỉnh có Công văn số 12/UBND-KT "
         "ngày 02/01/2025; theo đề nghị của Hội Nông dân tại Tờ trình số 573/TTr-SNV ngày 10/01/2025.")
    issuers = {r.code: r.issuer for r in extract_references(make_text(s), context)}
    assert issuers == {"304/TTr-UBND": "Ủy ban nhân dân thị trấn Mộ Đức", "131/TTr-UBND": "Ủy ban nhân dân huyện Mộ Đức",
                       "12/UBND-KT": "Ủy ban nhân dân tỉnh Quảng Ngãi", "573/TTr-SNV": "Sở Nội vụ tỉnh Quảng Ngãi"}


def test_an_amending_laws_title_wrapped_after_luat_is_one_citation():
    """qn_88_QĐ_UB, qn_47_QĐ_UB (batch s8) and congbao 169/QĐ-BLĐTBXH: `Luật` / `sửa đổi, bổ sung một số
    điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương`: the line breaks after the
    type word; the laws its title names are no citations of their own."""
    s = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật\n"
         "sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức\n"
         "chính quyền địa phương ngày 22 tháng 11 năm 2019;\n")
    titled = [(r.title, r.date) for r in _found(s)]
    assert titled == [("Luật Tổ chức chính quyền địa phương", "2015-06-19"),
                      ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
                       "2019-11-22")]
    # a paragraph that ends on `Luật` before a capital is not run on into the next (a DOCX's heading)
    assert [r.title for r in _found("dự án Luật\nViệc hợp nhất các cơ quan")] == []


def test_a_committees_level_on_the_next_line_is_its_name():
    """qn_53_TB (batch s7): `Quyết định số 7770/QĐ-UBND ngày 13/12/2023 của UBND` / `thị xã Đức Phổ về
    việc ...`: the level and place went to the next line; without them the context's province was
    guessed. A line that opens with no level (`Căn cứ`) leaves the guess."""
    s = ("khiếu nại lần hai đối với Quyết định số 7770/QĐ-UBND ngày 13/12/2023 của UBND\nthị xã Đức Phổ về việc "
         "bồi thường;\nQuyết định số 12/QĐ-UBND ngày 01/01/2024 của UBND\nCăn cứ Luật Đất đai;")
    context = {"code": "/TB-UBND", "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "place": "Quảng Ngãi"}
    assert {r.code: r.issuer for r in extract_references(make_text(s), context) if r.code} == {
        "7770/QĐ-UBND": "Ủy ban nhân dân thị xã Đức Phổ", "12/QĐ-UBND": "Ủy ban nhân dân tỉnh Quảng Ngãi"}


def test_an_amending_title_that_opens_with_a_capital_names_no_laws_of_its_own():
    """qn_22_TTR (batch s7): a draft's preamble where OCR read `Luật` as `lật` and left `Sửa đổi, bổ
    sung một số điều của Luật Tổ chức Chính phủ và Luật ...`: the laws the title names are no citations."""
    s = "Căn cứ lật Sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;"
    assert [r.title for r in _found(s)] == []


def test_a_ministers_post_before_a_line_end_is_the_ministry_the_code_names():
    """qn_86_QĐ_CT (batch s8): `Thông tư số 02/2007/TT-BNV ... của Bộ trưởng Bộ` / `Nội vụ hướng dẫn`:
    the post and a bare head are no issuer; the code names the ministry."""
    s = "Căn cứ Thông tư số 02/2007/TT-BNV ngày 25/5/2007 của Bộ trưởng Bộ\nNội vụ hướng dẫn xếp lương khi nâng ngạch;"
    assert [r.issuer for r in _found(s)] == ["Bộ Nội vụ"]


def test_a_paper_under_the_citing_documents_own_issuer_code_is_its_own():
    """lamdong_02b8999b (`Số: 644 /TTXT-ĐTDN` of the investment promotion centre) cites its own
    `Báo cáo số 78/BC-TTXT`: same issuer code, same issuer; a committee's shared `UBND` says nothing."""
    document = {"code": "644/TTXT-ĐTDN", "issuer": "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Lâm Đồng"}
    sentence = "Trên cơ sở Báo cáo số 78/BC-TTXT ngày 11/3/2025 và Quyết định số 12/QĐ-UBND ngày 01/3/2025."
    issuers = {r.code: r.issuer for r in extract_references(make_text(sentence), document)}
    assert issuers["78/BC-TTXT"] == document["issuer"] and issuers["12/QĐ-UBND"] != document["issuer"]


def test_a_standards_number_and_year_is_no_documents_code():
    """lit_raw_673868a78d8b (b19's tune half): `QCVN 09:2024/BGTVT` is a technical regulation's number
    and year; its `2024/BGTVT` is no document numbered 2024. The circular beside it is one."""
    s = "đã ban hành Thông tư số 53/2024/TT-BGTVT và Quy chuẩn kỹ thuật quốc gia QCVN 09:2024/BGTVT; TCVN 5574:2018/BXD."
    assert [c.text for c, _s, _e in find_codes(s)] == ["53/2024/TT-BGTVT"]


def test_one_paper_printed_twice_differently_is_one_citation():
    """lamdong_f4e60cd3 (tune half) cites `Hướng dẫn số 37/HD-BCA` and then `37/HD-BCA-C04`, both of
    24/9/2025 by the Bộ Công an: one paper, one entry with both mentions. Two kinds of one day and body
    stay two papers, as do two bodies' papers of one number and day."""
    s = ("Căn cứ Hướng dẫn số 37/HD-BCA ngày 24 tháng 9 năm 2025 của Bộ Công an hướng dẫn trình tự;\n"
         "Theo Hướng dẫn số 37/HD-BCA-C04 ngày 24 tháng 9 năm 2025 của Bộ Công an, xét duyệt.\n"
         "Quyết định số 12/QĐ-UBND ngày 01/3/2025 và Kế hoạch số 12/KH-UBND ngày 01/3/2025 của UBND tỉnh.\n"
         "Công văn số 6705/UBND-NC ngày 05/10/2023 của UBND thành phố Đà Lạt và Công văn số 6705/UBND-ĐC "
         "ngày 05/10/2023 của UBND tỉnh Lâm Đồng.")
    found = extract_references(make_text(s), {"code": None, "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng", "place": "Lâm Đồng"})
    assert found[0].code in ("37/HD-BCA", "37/HD-BCA-C04") and len(found[0].mentions) == 2
    assert [(r.code, len(r.mentions)) for r in found[1:]] == [
        ("12/QĐ-UBND", 1), ("12/KH-UBND", 1), ("6705/UBND-NC", 1), ("6705/UBND-ĐC", 1)]


def test_a_party_number_misprinted_with_dashes_only_is_a_party_code():
    """lamdong_1e01a97e (tune half): `Đề án số 08-ĐA-TU` is 08-ĐA/TU of the provincial Party committee;
    the Party's kind before a committee's code leaves no doubt. A code of other parts is no such one."""
    s = "- Đề án số 08-ĐA-TU ngày 02/7/2025 của Ban Thường vụ Tỉnh ủy; Nghị quyết số 19-NQ-TW; mã 12-KH-TUX."
    assert [(c.text, c.form) for c, _s, _e in find_codes(s)] == [("08-ĐA/TU", "party"), ("19-NQ/TW", "party")]


def test_the_own_number_with_a_footnote_mark_glued_to_it_is_no_citation():
    """vbplcrawl__TAND165077 (a precedent as a PDF): `ÁN LỆ SỐ 40/2021/AL1` is 40/2021/AL with its note
    1; the note's number after a letter is no part of the code. Another document's code is untouched."""
    document = {"code": "40/2021/AL", "issuer": "Hội đồng Thẩm phán Tòa án nhân dân tối cao"}
    s = ("ÁN LỆ SỐ 40/2021/AL1\nĐược Hội đồng Thẩm phán thông qua và được công bố theo Quyết định số 42/QĐ-CA "
         "ngày 12 tháng 3 năm 2021 của Chánh án Tòa án nhân dân tối cao.\nÁn lệ số 41/2021/AL.")
    assert [r.code for r in extract_references(make_text(s), document)] == ["42/QĐ-CA", "41/2021/AL"]


def test_a_law_whose_name_holds_a_kinds_word_in_lower_case_keeps_its_whole_name():
    """`pháp`, `luật` in lower case end a law's name (`Luật Dự trữ quốc gia chưa đảm bảo cơ sở pháp
    lý`), so a name holding one is in laws.json: the fee circular draft (lamdong_35cdbfb4) cites `Luật
    Lý lịch tư pháp`, the bar association's tờ trình (lamdong_11c7fd3e) `Luật Luật sư`."""
    titles = [r.title for r in _found("Căn cứ Luật Lý lịch tư pháp ngày 17 tháng 6 năm 2009;\n"
                                      "Căn cứ Luật Luật sư số 65/2006/QH11;\n"
                                      "Căn cứ Luật Tư pháp người chưa thành niên;\n") if r.title]
    assert titles == ["Luật Lý lịch tư pháp", "Luật Luật sư", "Luật Tư pháp người chưa thành niên"]


def test_a_body_named_before_the_bracket_of_its_paper_issued_it():
    """A thông tư's preamble lists who was consulted, each body before the bracket of its letter
    (congbot_42, 04/2001/TT-BXD): `TC-CSTC` names no body the code table knows, the text does."""
    s = ("Sau khi thống nhất ý kiến với Ban tổ chức Trung ương Đảng (Văn bản số 152/CV-TCTW ngày 6/6/2001), "
         "Bộ Tài chính (Văn bản số 4773/TC-CSTC ngày 25/5/2001), Bộ Xây dựng hướng dẫn như sau:")
    issuers = {r.code: r.issuer for r in extract_references(make_text(s))}
    assert issuers["4773/TC-CSTC"] == "Bộ Tài chính"
    # a bracket after a word that is no body's head names no issuer
    lone = extract_references(make_text("Theo kế hoạch (Văn bản số 4773/TC-CSTC ngày 25/5/2001), đã xong."))
    assert [r.issuer for r in lone] == [None]


@pytest.mark.parametrize(("sentence", "kind"), [
    # congbot_15: a report named by what it reports on; `BC` is a Báo cáo, the first of the types sharing it
    ("Trên cơ sở xem xét Báo cáo kết quả giám sát số 120/BC-ĐGS ngày 12 tháng 4 năm 2012 của Đoàn giám sát", "Báo cáo"),
    ("theo hướng dẫn tại 254/TT-LB ngày 10 tháng 11 năm 1967 của liên Bộ Nội vụ", "Thông tư"),   # no Party number
    ("thực hiện 05-TT/TW ngày 10 tháng 11 năm 2021 của Ban Bí thư", "Thông tri"),   # a Party number
    ("tại 325/KL-STP ngày 10/11/2025 của Sở Tư pháp", "Kết luận"),   # a type only the Party's list has
])
def test_a_type_code_several_types_share_is_read_by_the_numbers_kind(sentence, kind):
    assert [r.type for r in extract_references(make_text(sentence))] == [kind]


def test_a_number_quoted_without_its_year_after_the_full_one_is_the_same_document():
    """Lâm Đồng tờ trình quote a ministry's letter that drops the decree's year (lamdong_270a9ce0 and
    ten like it; congbot_16 `Quyết định số 62/QĐ-TTg` after `62/2011/QĐ-TTg`)."""
    s = ("Căn cứ Nghị định số 126/2024/NĐ-CP ngày 08/10/2024 của Chính phủ quy định về tổ chức, hoạt động và "
         "quản lý hội; theo Công văn số 1911/BNV-TCPCP: “thực hiện theo Nghị định số 126/NĐ-CP ngày 08/10/2024”.")
    found = extract_references(make_text(s))
    assert [(r.code, len(r.mentions)) for r in found if "126" in r.code] == [("126/2024/NĐ-CP", 2)]
    # another number (`12/NĐ-CP`) or another symbol (`126/QĐ-TTg`) stays a document of its own
    other = extract_references(make_text(s.replace("126/NĐ-CP", "12/NĐ-CP")))
    assert sorted(r.code for r in other) == ["12/NĐ-CP", "126/2024/NĐ-CP", "1911/BNV-TCPCP"]


def test_the_governments_numbers_of_before_2000_have_no_slash():
    """A 1980 chỉ thị (jp_Chỉ_thị_299_TTg, tune half) cites the Hội đồng Chính phủ's `Quyết định 201-CP`
    and `Nghị định 404-CP`; a 1994 nghị định is numbered `61-CP` (its own number is no citation)."""
    s = ("Thực hiện Quyết định 201-CP ngày 01 tháng 7 năm 1980 của Hội đồng Chính phủ, và theo tinh thần "
         "Nghị định 404-CP ngày 09/11/1979 của Hội đồng Chính phủ; Nghị định số 64-HĐBT, mã số A1-CP, 12-CPX.")
    found = [(r.code, r.type, r.date, r.issuer) for r in extract_references(make_text(s))]
    assert found == [("201-CP", "Quyết định", "1980-07-01", "Hội đồng Chính phủ"),
                     ("404-CP", "Nghị định", "1979-11-09", "Hội đồng Chính phủ"),
                     ("64-HĐBT", "Nghị định", None, "Hội đồng Bộ trưởng")]
    header = extract_header("CHÍNH PHỦ\nSố:\n61-CP Hà Nội, ngày 05 tháng 7 năm 1994\nNGHỊ ĐỊNH\nVề mua bán nhà ở\n")
    assert header.to_json()["code"] == "61-CP"


# Batch s7 (Quảng Ngãi's signed scans, stop 40): what OCR's text of a scan does to the citations

S7_TTR = ("Kính gửi : Hội đồng nhân dân tỉnh\n\n"
          "Căn cứ Luật Tô chức chính quyên địa phương ngày 19/6/2015; Luật sửa\nđổi, bố sung một số điều của Luật Tô chức Chính phủ và Luật Tổ chức chính\nquyền địa phương ngày 22/11/2019;\n\n"
          "Căn cứ Luật Ngân sách nhà nước ngày 25/6/2015; trên cơ sở Nghị quyết số\n58/NQ-HĐND ngày 10/12/2024 của HDND tỉnh về dự toán và phân bổ ngân\n"
          "sách địa phương năm 2025, Nghị quyết số 76/NQ-HĐND ngày 27/12/2024 của\nHĐND tỉnh, Quyết định số 789/QĐ-UBND ngày 12/12/2024 của UBND tỉnh về\n"
          "việc giao dự toán thu ngân sách nhà nước trên địa bàn và chi ngân sách địa\nphương năm 2025 và đề xuất của Giám đốc Sở Tài chính tại Công văn số\n"
          "286/STC-HCSN ngày 04/02/2025, để kịp thời thực hiện các nhiệm vụ chi\nthường xuyên của cơ quan, UBND tỉnh kính trình HĐND tỉnh xem xét, giao dự\n\n"
          "toán cho Sở Dân tộc - Tôn giáo tỉnh năm 2025 là 10.506 triệu đồng, như sau:\n\n"
          "1. Chi phí quản lý hành chính: 9.894 triệu đồng.\n\n2. Chi sự nghiệp giáo dục: 612 triệu đồng.\n\n\n\n"
          + "".join(f"- Nơi nhận {i};\n\n" for i in range(12)))   # the nơi nhận and signature, blank lines between


def test_a_scans_wrapped_lines_go_on_with_their_sentence_though_ocr_left_blank_lines_between_blocks():
    """qn_22_TTR (batch s7): OCR gives a scan's lines as printed, wrapped in mid-sentence, with blank
    lines between its blocks. The blank lines are no lines a sentence wraps over: counted among the
    lines they hid that the text wraps its sentences, and the `Căn cứ` of the paragraph lost its hold
    on the citations two and three lines below it."""
    references = {r.code: r.relation for r in extract_references(make_text(S7_TTR))}
    assert [references[c] for c in ("58/NQ-HĐND", "76/NQ-HĐND", "789/QĐ-UBND", "286/STC-HCSN")] == ["based_on"] * 4


def test_a_code_ocr_broke_over_a_blank_line_after_its_dash_is_one_code():
    """qn_299_UB (batch s7): `các Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-` / blank / `BGTVT ngày 31/12/2024`."""
    s = "các Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-\n\nBGTVT ngày 31/12/2024 của Bộ trưởng Bộ Giao thông vận tải"
    assert [c.text for c, _, _ in find_codes(s)] == ["1743/QĐ-BGTVT", "1744/QĐ-BGTVT"]
    assert [c.text for c, _, _ in find_codes("Công văn số 12/UBND-\n\nV/v góp ý")] == ["12/UBND"]


def test_a_body_named_by_its_level_ends_there_before_what_it_did():
    """qn_23BC and qn_280_BC (batch s7), lamdong_a64c5c82: `của UBND tỉnh tổng hợp kết quả`, `của HĐND
    tỉnh kinh phí còn lại`, `của UBND tỉnh ủy quyền Giám đốc Sở ...`: the issuer is the province's body;
    `Bảo hiểm xã hội` and `Ban Thường vụ tỉnh ủy` are names of their own."""
    s = ("Báo cáo số 316/BC-UBND ngày 25/12/2024 của UBND tỉnh tổng hợp kết quả rà soát; "
         "Quyết định số 1755/QĐ-UBND ngày 21/10/2025 của UBND tỉnh ủy quyền Giám đốc Sở Văn hóa; "
         "Quyết định số 1456/QĐ-BHXH ngày 01/12/2015 của Tổng giám đốc Bảo hiểm xã hội Việt Nam.")
    context = {"code": None, "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "place": "Quảng Ngãi"}
    issuers = {r.code: r.issuer for r in extract_references(make_text(s), context)}
    assert issuers == {"316/BC-UBND": "Ủy ban nhân dân tỉnh Quảng Ngãi", "1755/QĐ-UBND": "Ủy ban nhân dân tỉnh Quảng Ngãi",
                       "1456/QĐ-BHXH": "Tổng giám đốc Bảo hiểm xã hội Việt Nam"}


def test_a_posts_body_cut_by_a_line_end_inside_its_head_words_is_read_whole():
    """qn_51_QĐ_UB (batch s9, OCR) and lamdong_1cee2ffb (a PDF): `của Chủ tịch Ủy` / `ban nhân dân tỉnh về
    việc ...` and `của Chủ tịch Ủy ban` / `nhân dân tỉnh`: a body's name never ends in its head words."""
    context = {"code": None, "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "place": "Quảng Ngãi"}
    s = ("Căn cứ Quyết định số 761/QĐ-UBND ngày 16/6/2022 của Chủ tịch Ủy\nban nhân dân tỉnh về việc kiện toàn Ban Chỉ huy;\n\n"
         "Căn cứ Quyết định số 820/QĐ-UBND ngày 27/8/2025 của Chủ tịch Ủy ban\nnhân dân tỉnh ban hành Bộ tiêu chí;\n")
    issuers = {r.code: r.issuer for r in extract_references(make_text(s), context)}
    assert issuers == {"761/QĐ-UBND": "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi",
                       "820/QĐ-UBND": "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"}


def test_a_ground_cited_by_its_article_is_a_ground():
    """Quảng Ngãi's land decisions (batches s8 and s9: qn_87_QĐUB, qn_88_QĐ_UB) and the precedents' `Căn cứ
    vào khoản 2 Điều 337, khoản 3 Điều 343, Điều 345 Bộ luật Tố tụng dân sự`: the parts of a document
    before it (`khoản 6 Điều 16`, `Điều 44`, OCR's `Điểu`) do not keep `Căn cứ` from its documents."""
    for article in ("Điều 44", "Điễu 44", "điểm a khoản 2 Điều 44"):
        s = (f"Căn cứ khoản 6 Điều 16 Luật Đất đai năm 2024; {article} Nghị định số 102/2024/NĐ-CP ngày 30/7/2024 "
             "của Chính phủ;\nCăn cứ quy định nêu trên, các đơn vị rà soát, tổng hợp và gửi báo cáo về Sở theo hướng "
             "dẫn tại Công văn số 15/STNMT ngày 02/01/2025.\n")
        assert numbered_relations(s) == {"102/2024/NĐ-CP": "based_on", "15/STNMT": "mentions"}, article


def test_a_blank_line_ocr_left_inside_a_sentence_does_not_end_it():
    """qn_88_QĐ_UB and qn_87_QĐUB (batches s8 and s9, OCR): tesseract cut the preamble's last sentence
    into two blocks, a blank line between (`... ngày 30/12/2024 và` / `` / `Báo cáo số 13/BC-STNMT ...`;
    `trật` / `` / `tự, an toàn`): the sentence goes on, and `Xét đề nghị` governs the report too.
    A blank line after a sentence's end, or before a capital with no joining word, still ends it."""
    s = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật\nsửa đổi, bổ sung một số điều của Luật Tổ chức "
         "Chính phủ và Luật Tổ chức\nchính quyền địa phương ngày 22/11/2019;\n\n"
         "Xét đề nghị của Giám đốc Sở Tài nguyên và Môi trường tại Tờ trình số 6389/TTr-STNMT ngày 30/12/2024 và\n\n"
         "Báo cáo số 13/BC-STNMT ngày 20/01/2025; ý kiến thống nhất của Thành\nviên UBND tỉnh.\n\n"
         "QUYẾT ĐỊNH:\n\nĐiều 1. Chuyển mục đích sử dụng đất đã được UBND huyện thu hồi\n\n"
         "Báo cáo số 20/BC-UBND ngày 02/01/2025 của UBND huyện nêu rõ diện\ntích đất.\n")
    assert numbered_relations(s) == {"6389/TTr-STNMT": "implements", "13/BC-STNMT": "implements", "20/BC-UBND": "mentions"}


def test_a_request_run_on_after_the_grounds_is_answered_not_a_ground():
    """qn_239_TTr (batch s8): a tờ trình's preamble runs its request on after the grounds with `;` in lower
    case (`... của Chính phủ; xét đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch tại Tờ trình số
    3298/TTr-SVHTTDL`): the paper the request is in is answered (implements), the grounds stay grounds,
    and what that paper's title names (`bãi bỏ Nghị quyết số 24/2013/NQ-HĐND`) is no paper answered."""
    s = ("Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22/6/2015; Nghị định số 154/2020/NĐ-CP ngày "
         "31/12/2020 của Chính phủ; xét đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch tại Tờ trình số "
         "3298/TTr-SVHTTDL ngày 17/12/2024 về việc xin chủ trương xây dựng Nghị quyết HĐND bãi bỏ Nghị quyết "
         "số 24/2013/NQ-HĐND ngày 10/12/2013 của HĐND tỉnh, UBND tỉnh kính trình.\n"
         "Nghị quyết số 24/2013/NQ-HĐND đã hết hiệu lực một phần.\n")
    assert numbered_relations(s) == {"154/2020/NĐ-CP": "based_on", "3298/TTr-SVHTTDL": "implements", "24/2013/NQ-HĐND": "mentions"}


def test_a_request_opening_the_sentence_answers_its_papers_not_what_their_titles_name():
    """lamdong_8f71f3c2 (dev gold): `Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 3367/TTr-SNV ... về
    việc báo cáo, đề xuất phương án ... theo Công văn số 2769/UBND-NCKSTTHC`: the tờ trình is answered, the
    công văn its title names is a mention. A second paper of the request, introduced by `tại` after the
    first one's title (`... và ý kiến của Sở Nội vụ tại Tờ trình số 1223/TTr-SNV`, a Bình Thuận letter of
    the digital tune gold), is answered too."""
    s = ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 3367/TTr-SNV ngày 28 tháng 11 năm 2024 về việc "
         "báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh theo Công văn số 2769/UBND-NCKSTTHC ngày "
         "24 tháng 7 năm 2024 của Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh thông báo:\n")
    assert numbered_relations(s) == {"3367/TTr-SNV": "implements", "2769/UBND-NCKSTTHC": "mentions"}
    s = ("Xét đề nghị của Hiệp hội Doanh nghiệp tỉnh Bình Thuận tại Công văn số 310/HHDN-K4 ngày 14/5/2025 về việc "
         "xin phép tổ chức đại hội lần thứ V, nhiệm kỳ (2025 - 2030) và ý kiến của Sở Nội vụ tại Tờ trình số "
         "1223/TTr-SNV ngày 20/5/2025 về việc tổ chức đại hội, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n")
    assert numbered_relations(s) == {"310/HHDN-K4": "implements", "1223/TTr-SNV": "implements"}


def test_a_request_joined_on_by_va_answers_its_paper():
    """lamdong_74159eb5 (dev gold): `Để thực hiện hiệu quả Kế hoạch 02-KH/BCĐTW ... và xét đề nghị của Công an tỉnh
    tại Tờ trình số 65/TTr-CAT-PC06`: the request joined on by `và` opens a clause of its own, as after `;`."""
    s = ("Để thực hiện hiệu quả Kế hoạch 02-KH/BCĐTW về thúc đẩy chuyển đổi số liên thông, đồng bộ, "
         "nhanh, hiệu quả đáp ứng yêu cầu sắp xếp tổ chức bộ máy của hệ thống chính trị và xét đề nghị của Công an "
         "tỉnh tại Tờ trình số 65/TTr-CAT-PC06 ngày 01/8/2025 đề nghị ban hành văn bản về đẩy mạnh triển khai thực "
         "hiện các nhiệm vụ, UBND tỉnh yêu cầu:\n")
    assert numbered_relations(s)["65/TTr-CAT-PC06"] == "implements"


def test_a_post_is_no_issuer_alone_when_its_body_is_on_the_next_line():
    """qn_04_QĐ_138 (batch s7): OCR gives a scan's lines as printed, and the issuer after `của` is cut by
    a line end after the post (`của Chủ tịch` / `UBND tỉnh về việc ...`, `của Trưởng Ban` / `Chỉ đạo 138
    tỉnh ...`). A post ending the paragraph stays the post."""
    context = {"code": None, "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi", "place": "Quảng Ngãi"}
    s = ("Căn cứ Quyết định số 1667/QĐ-UBND ngày 08/11/2023 của Chủ tịch\nUBND tỉnh về việc kiện toàn Ban Chỉ đạo;\n\n"
         "Căn cứ Quyết định số 02/QĐ-BCĐ ngày 22/01/2024 của Trưởng Ban\nChỉ đạo 138 tỉnh về việc thực hiện chuyển hóa;\n\n"
         "Căn cứ Quyết định số 77/QĐ-UBND ngày 08/11/2023 của Chủ tịch\n\nCăn cứ tình hình thực tế.\n")
    issuers = {r.code: r.issuer for r in extract_references(make_text(s), context)}
    assert issuers == {"1667/QĐ-UBND": "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi",
                       "02/QĐ-BCĐ": "Trưởng Ban Chỉ đạo 138 tỉnh Quảng Ngãi", "77/QĐ-UBND": "Chủ tịch"}


def test_a_line_that_opens_with_a_document_goes_on_the_grounds_list_above_it():
    """congbao TTLT 01/2022 (a PDF): `Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6
    năm 2015;` / `Luật sửa đổi, bổ sung một số điều của Luật Ban hành ... ngày 18 tháng 6 năm 2020;`:
    the second line lists a second ground under the same `Căn cứ`; a line that opens otherwise does not."""
    listed = ("Căn cứ Nghị định số 123/2013/NĐ-CP ngày 14 tháng 10 năm 2013 của Chính phủ;\n"
              "Nghị định số 137/2018/NĐ-CP ngày 08 tháng 10 năm 2018 của Chính phủ;\n"
              "Nghị định số 55/2011/NĐ-CP ngày 04 tháng 7 năm 2011 của Chính phủ;\n")
    assert numbered_relations(listed) == {"123/2013/NĐ-CP": "based_on", "137/2018/NĐ-CP": "based_on",
                                          "55/2011/NĐ-CP": "based_on"}
    told = ("Căn cứ Nghị định số 123/2013/NĐ-CP ngày 14 tháng 10 năm 2013 của Chính phủ;\n"
            "Sở Tư pháp đã có Công văn số 2345/STP-VP ngày 08 tháng 10 năm 2025.\n")
    assert numbered_relations(told)["2345/STP-VP"] == "mentions"


def test_a_paper_called_van_ban_is_of_the_kind_its_symbol_names():
    """s10_03 (a Thủ tướng công văn): `các Báo cáo của Bộ Tư pháp tại văn bản số 279/BC-BTP`; congbot_29:
    `văn bản số 349/TB-VPCP`. `văn bản` is a word for any paper: the symbol says it is a Báo cáo, a
    Thông báo. A symbol that may name a body instead (`4773/TC-CSTC`, TC the Bộ Tài chính of 2001's
    codes) leaves it a Công văn, as does a symbol with no kind (`5166/BTC-PC`)."""
    s = ("Trên cơ sở các Báo cáo của Bộ Tư pháp tại văn bản số 279/BC-BTP ngày 28 tháng 4 năm 2026, Bộ Tài chính "
         "tại các văn bản số 5166/BTC-PC ngày 23 tháng 4 năm 2026; Kết luận của Thường trực Chính phủ tại văn bản "
         "số 349/TB-VPCP ngày 14 tháng 4 năm 2026; Bộ Tài chính tại văn bản số 4773/TC-CSTC ngày 10/5/2001.")
    types = {r.code: r.type for r in extract_references(make_text(s)) if r.code}
    assert types == {"279/BC-BTP": "Báo cáo", "5166/BTC-PC": "Công văn", "349/TB-VPCP": "Thông báo",
                     "4773/TC-CSTC": "Công văn"}


@pytest.mark.parametrize("sentence, code, issuer", [
    # a chỉ thị's grounds (scan batch s9, tune): the second possessor after `và ... của` is no part of the name
    ("Thực hiện Chỉ thị số 02/CT-BTC ngày 12/3/2021 của Bộ trưởng Bộ Tài chính và chỉ đạo của Ủy ban nhân dân "
     "tỉnh, Sở Tài chính đề nghị", "02/CT-BTC", "Bộ trưởng Bộ Tài chính"),
    ("Căn cứ Báo cáo thẩm tra số 292/BC-HĐND ngày 08 tháng 12 năm 2025 của Ban Kinh tế - Ngân sách Hội đồng nhân "
     "dân tỉnh và ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.", "292/BC-HĐND",
     "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh"),
    # a body whose own name joins words in lower case by `và` keeps them (a Lâm Đồng report)
    ("theo Văn bản số 27/TTXT-ĐTDN ngày 05/3/2024 của Trung tâm xúc tiến đầu tư thương mại và du lịch tỉnh Lâm Đồng "
     "về việc chấm điểm", "27/TTXT-ĐTDN", "Trung tâm xúc tiến đầu tư thương mại và du lịch tỉnh Lâm Đồng"),
])
def test_an_issuer_ends_before_a_second_possessor(sentence, code, issuer):
    found = {r.code: r for r in extract_references(make_text(sentence))}
    assert found[code].issuer == issuer
    assert found[code].mentions[0].text.endswith(issuer)
