"""Deadlines: cue tables with their examples, the seeds, relative deadlines, offsets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.deadlines import CUES, cues, extract_deadlines
from pipeline.extract.lines import soft_newlines
from pipeline.read.text import Text
from pipeline.record import working_days

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "seeds"
HEAD = "Lâm Đồng, ngày 05 tháng 01 năm 2015\n"   # a document date before every example


def text(body: str) -> Text:
    s = HEAD + body
    return Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1)))


TABLE = json.loads(CUES.read_text(encoding="utf-8"))

CASES = [
    # phrase, date, recurrence, kind, time
    ("Các đơn vị gửi báo cáo về Khối trưởng trước ngày 30/12/2024.", "2024-12-30", None, "due", None),
    ("thi đua từ nay đến hết ngày 31/5/2023 với chủ đề", "2023-05-31", None, "until", None),
    ("gửi về Văn phòng UBND tỉnh chậm nhất ngày 05/01/2026 để tổng hợp", "2026-01-05", None, "due", None),
    ("Hội nghị được tổ chức vào lúc 14 giờ 00, ngày 22/01/2026 tại hội trường.", "2026-01-22", None, "event", "14:00"),
    ("Thời gian: 14h30 ngày 22/01/2026 (Chiều thứ Năm). Địa điểm: phòng họp số 1.", "2026-01-22", None, "event", "14:30"),
    ("xác nhận đại biểu tham dự Hội nghị trước 14 giờ, ngày 08 tháng 10 năm 2025", "2025-10-08", None, "due", "14:00"),
    ("Định kỳ trước ngày 05 tháng 12 hàng năm báo cáo về UBND tỉnh",
     None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5", "due", None),
    ("báo cáo kết quả hằng quý trước ngày 15 của tháng cuối quý", None, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
     "due", None),
    ("báo cáo Thủ tướng Chính phủ vào thứ Sáu hàng tuần", None, "FREQ=WEEKLY;BYDAY=FR", "due", None),
    ("Định kỳ hằng tháng báo cáo kết quả", None, "FREQ=MONTHLY", "due", None),
    ("Định kỳ 6 tháng báo cáo kết quả thực hiện", None, "FREQ=MONTHLY;INTERVAL=6", "due", None),
    ("Hoàn thành trong quý III/2020.", "2020-09-30", None, "due", None),
    ("Thời gian hoàn thành: Trong tháng 8/2025", "2025-08-31", None, "due", None),
    ("Các xã báo cáo kết quả về UBND huyện hằng\nnăm trước ngày 15 tháng 12.",   # a hard line break
     None, "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", "due", None),
    ("Định kỳ hằng tháng, trước ngày 25, các đơn vị báo cáo kết quả về Sở Nội vụ.",   # the rule before the day
     None, "FREQ=MONTHLY;BYMONTHDAY=25", "due", None),
    ("Hằng tháng tổng hợp, báo cáo UBND tỉnh trước ngày 20/12/2025.", "2025-12-20", None, "due", None),
]

NOT_DEADLINES = [
    "Thực hiện Chỉ thị số 19/CT-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ.",   # a cited document
    "Ngày 30/8/2024, Sở Nội vụ có Công văn số 2328/SNV-TCCC.",                          # a past event
    "Người hoạt động cách mạng trước ngày 01 tháng 01 năm 1945;",
    "Thực hiện thường xuyên hằng năm.",
    "Lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng.",
]


@pytest.mark.parametrize("phrase, date, rule, kind, time", CASES)
def test_phrase(phrase, date, rule, kind, time):
    found = extract_deadlines(text(phrase))
    assert len(found) == 1, found
    deadline = found[0]
    assert (deadline.date, deadline.recurrence, deadline.kind, deadline.time) == (date, rule, kind, time)


@pytest.mark.parametrize("phrase", NOT_DEADLINES)
def test_not_a_deadline(phrase):
    assert [d for d in extract_deadlines(text(phrase)) if d.date or d.recurrence] == []


@pytest.mark.parametrize("cue", TABLE["before"], ids=lambda c: c["name"])
def test_cue_examples(cue):
    for example in cue["examples"]:
        found = [d for d in extract_deadlines(text(example)) if d.date or d.recurrence]
        assert found and found[0].kind == cue["kind"], example
    for example in cue["not"]:
        found = [d for d in extract_deadlines(text(example)) if (d.date or d.recurrence) and d.cue == cue["name"]]
        assert found == [], example


@pytest.mark.parametrize("cue", cues().before, ids=lambda c: c[0])
def test_every_match_of_a_cue_holds_one_of_its_words(cue):
    """A date with none of a cue's `words` before it is not searched with its pattern: so every match
    of the pattern, at every end in every phrase of the table, must hold one of them."""
    name, _, pattern, _, words = cue
    phrases = [p for c in TABLE["before"] for p in c["examples"] + c["not"]] + NOT_DEADLINES
    matched = 0
    for phrase in phrases:
        for end in range(len(phrase) + 1):
            match = pattern.search(phrase[:end])
            if match and match.group():
                matched += 1
                assert any(word in match.group().lower() for word in words), (name, match.group())
    assert matched, name   # the table's own examples match every cue


@pytest.mark.parametrize("phrase, rule", TABLE["recurring"]["examples"].items())
def test_recurring_examples(phrase, rule):
    assert [d.recurrence for d in extract_deadlines(text(phrase))] == [rule]


@pytest.mark.parametrize("phrase", TABLE["recurring"]["not"])
def test_recurring_counter_examples(phrase):
    assert [d.recurrence for d in extract_deadlines(text(phrase)) if d.recurrence] == []


def test_relative_resolved_against_arrival():
    phrase = "Đề nghị các sở gửi ý kiến trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này."
    kept = extract_deadlines(text(phrase))
    assert [(d.date, d.relative["amount"], d.relative["unit"], d.relative["from"]) for d in kept] == [
        (None, 5, "working_day", "receipt")]
    # received Tuesday 2024-02-06: Wed 7/2 counts, Tết Giáp Thìn (8-14/2) does not, then 15, 16, 19, 20/2
    resolved = extract_deadlines(text(phrase), received="2024-02-06", workdays=working_days)
    assert resolved[0].date is None                      # the record keeps what the text prints
    assert resolved[0].to_json()["relative"]["date"] == "2024-02-20"
    assert resolved[0].to_json()["relative"]["resolved_from"] == "2024-02-06"


def test_relative_examples_of_the_table():
    for example in TABLE["relative"]["examples"]:
        assert [d for d in extract_deadlines(text(example)) if d.relative], example


def test_task_assignment_keeps_lead_and_support():
    phrase = ("Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính và các cơ quan liên quan tổ chức kiểm tra, "
              "báo cáo UBND tỉnh trước ngày 15/3/2025.")
    deadline = extract_deadlines(text(phrase))[0]
    assert deadline.lead == "Sở Nội vụ"
    assert deadline.support == ("Sở Tài chính", "các cơ quan liên quan")
    assert deadline.to_json()["lead"] == "Sở Nội vụ"


def test_actor_and_action_of_seed_004():
    if not SEEDS.is_dir():
        pytest.skip("../shared is absent")
    from pipeline import read

    found = extract_deadlines(read(SEEDS / "004_1f0ab3f4da2a20c2.txt"))
    assert len(found) == 1
    assert found[0].recurrence == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5"
    assert found[0].actor == "Thủ trưởng các cơ quan, đơn vị, Chủ tịch UBND các huyện, thị xã, thành phố"
    assert found[0].action.startswith("báo cáo về UBND tỉnh")


def test_offsets_and_json_shape():
    phrase = " ".join(c[0] for c in CASES)
    t = text(phrase)
    for deadline in extract_deadlines(t):
        assert t.text[deadline.start:deadline.end] == deadline.text
        out = deadline.to_json()
        assert {"date", "recurrence", "kind", "text", "actor", "action"} <= set(out)


REAL_PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real" / \
    "lamdong_f0bcec43_Kế_hoạch_CCHC_2026_của_tỉnh_Lâm_Đồng.docx"


@pytest.mark.real
@pytest.mark.skipif(not REAL_PLAN.is_file(), reason="../shared/corpora/real is absent")
def test_a_task_tables_leading_column_is_the_actor_and_its_cooperating_column_the_support():
    """A real plan's appendix (tune half of corpora/gold/digital-*): `... | Thời gian hoàn thành |
    Chủ trì thực hiện | Phối hợp thực hiện | Theo dõi, kiểm tra, đôn đốc`, the last column is neither."""
    from pipeline.read import read

    found = {d.text: d for d in extract_deadlines(read(REAL_PLAN))}
    monthly = [d for text, d in found.items() if "Trước ngày 05" in text]
    assert monthly and all(d.actor == "Sở Nội vụ" for d in monthly)
    assert all(d.to_json()["support"] is not None for d in found.values())


def test_an_actor_keeps_the_bracket_it_opened():
    """A Sở Tư pháp letter (lamdong, unannotated): the actor's own bracket (`(Bình Thuận, Lâm Đồng, Đắk Nông
    cũ)`) is part of its name, not a stray mark to trim."""
    text = ("Sở Tư pháp đề nghị Ban Chủ nhiệm Đoàn Luật sư của 03 tỉnh (Bình Thuận, Lâm Đồng, Đắk Nông cũ) phối hợp để "
            "xây dựng Đề án hợp nhất. Đề án hợp nhất gửi về Sở Tư pháp trước ngày 15/8/2025 để Sở Tư pháp trình.")
    [found] = extract_deadlines(text)
    assert found.actor == "Ban Chủ nhiệm Đoàn Luật sư của 03 tỉnh (Bình Thuận, Lâm Đồng, Đắk Nông cũ)"


def test_an_empty_cell_keeps_the_rows_columns_under_their_titles():
    """A Lâm Đồng plan's task table (tune half): a row that leaves its product cell empty is written
    `Báo cáo | | chậm nhất trong tháng 8/2026 | Sở Y tế`, the empty cell's two spaces made one by the
    normaliser; the row still has its time under `Thời gian hoàn thành` and its lead under `Cơ quan chủ trì`."""
    text = ("TT | Nội dung | Sản phẩm | Thời gian hoàn thành | Cơ quan chủ trì | Cơ quan phối hợp | Cơ quan theo dõi\n"
            "12 | Tham mưu báo cáo kết quả kiểm tra | | chậm nhất trong tháng 8/2026 | Sở Y tế | | Sở Nội vụ\n"
            "13 | Báo cáo | Báo cáo | 15/3/2026 | Sở Tài chính | Sở Tư pháp | Sở Nội vụ\n")
    assert [(d.date, d.actor, d.support) for d in extract_deadlines(text)] == [
        ("2026-08-31", "Sở Y tế", ()), ("2026-03-15", "Sở Tài chính", ("Sở Tư pháp",))]


def test_a_list_heading_that_assigns_names_the_actor_and_an_org_named_like_a_verb_is_whole():
    """A kết luận's `1. Giao UBND các xã: A, B:` heads the items below it; `Sở Xây dựng` is one name
    (`Xây dựng` is no verb when capitalised)."""
    text = ("II. Nhiệm vụ cụ thể:\n1. Giao UBND các xã: Đức Trọng, Hiệp Thạnh, Đinh Văn Lâm Hà:\n"
            "- Tập trung hoàn thành hồ sơ Nhiệm vụ quy hoạch chung xã gửi Sở Xây dựng trước ngày 24/4/2026 để tổng hợp.\n"
            "2. Sở Xây dựng chủ động theo dõi và định kỳ trước ngày 15 hàng tháng có báo cáo về UBND tỉnh.\n")
    first, monthly = extract_deadlines(text)
    assert first.actor == "UBND các xã: Đức Trọng, Hiệp Thạnh, Đinh Văn Lâm Hà"
    assert monthly.actor == "Sở Xây dựng"


def test_a_heading_listing_bodies_by_semicolons_leads_its_items_and_a_sentence_does_not():
    """A kế hoạch tuyên truyền's `8. Các sở, ban, ngành; UBND các xã, ...` heads the items below
    it, though item 7 above names `Sở Tài chính:`; a sentence line with semicolons heads nothing."""
    text = ("7. Sở Tài chính: Trên cơ sở đề xuất của Báo, thẩm định và tham mưu bố trí kinh phí theo đúng quy định.\n"
            "8. Các sở, ban, ngành; UBND các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan\n"
            "a) Nghiên cứu, xây dựng, ban hành kế hoạch cụ thể. Thời gian hoàn thành ban hành kế hoạch "
            "chậm nhất là ngày 30/01/2026.\n")
    (deadline,) = extract_deadlines(text)
    assert deadline.actor == "Các sở, ban, ngành; UBND các xã, phường, đặc khu; các cơ quan, đơn vị có liên quan"
    sentence = ("1. Bộ Nội vụ hướng dẫn việc tổ chức ở thôn, tổ dân phố theo quy định; hướng dẫn việc rà soát\n"
                "2. Ủy ban nhân dân cấp xã, ở thôn, tổ dân phố theo quy định của Chính phủ; hướng dẫn việc rà soát\n"
                "- Báo cáo kết quả trước ngày 06/7/2026.\n")
    (deadline,) = extract_deadlines(sentence)
    assert "hướng dẫn" not in (deadline.actor or "")


def test_regarding_a_body_names_the_actor_when_a_task_follows_and_not_when_a_rule_does():
    """A kết luận's `e) Đối với Nhà đầu tư Dự án X: Khẩn trương nộp ...` names who acts (digital
    gold b10); a decree's `b) Đối với công ty ...: Phòng Đăng ký kinh doanh ... ra thông báo` says
    whom a rule is for, and the body after the colon acts."""
    text = ("1. Nhà đầu tư của 02 dự án đường bộ cao tốc Tân Phú - Bảo Lộc và Bảo Lộc - Liên Khương:\n"
            "a) Khẩn trương tập kết máy móc.\n"
            "e) Đối với Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc: Khẩn trương nộp hồ sơ về sở ngành chuyên môn "
            "trước ngày 28/4/2026; khẩn trương lập báo cáo trước ngày 05/5/2026.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc"] * 2
    rule = ("b) Đối với công ty cổ phần và công ty hợp danh: Phòng Đăng ký kinh doanh gửi thông báo "
            "trước ngày 15/3/2026.\n")
    (deadline,) = extract_deadlines(rule)
    assert deadline.actor == "Phòng Đăng ký kinh doanh"


def test_the_body_asked_on_a_wrapped_first_line_acts_not_the_one_reported_to():
    """A signed Quảng Ngãi letter (digital gold b12, tune half): the PDF wraps the one sentence
    over four lines; `Bộ ..., UBND tỉnh` are who the report goes to, and the body the Chủ tịch
    `giao` on the first line acts. A decision's `Thủ trưởng các đơn vị ... theo chức năng, nhiệm vụ
    được giao` (jp QĐ 59/QĐ-BTNMT) is named without what follows the body."""
    letter = ("Chủ\ntịch UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các cơ\n"
              "quan, đơn vị, địa phương liên quan tham gia góp ý dự thảo văn bản nêu trên; tổng\n"
              "hợp, báo cáo Bộ Thông tin và Truyền thông, UBND tỉnh theo quy định (trước\n"
              "ngày 10/02/2025)./.\n")
    assert [d.actor for d in extract_deadlines(letter)] == ["Sở Thông tin và Truyền thông"]
    duty = ("2. Thủ trưởng các đơn vị trực thuộc Bộ theo chức năng, nhiệm vụ được giao chịu trách nhiệm thực "
            "hiện các nhiệm vụ sau:\n2.1. Xây dựng Chương trình công tác năm 2024 của đơn vị, ban hành trước "
            "ngày 25 tháng 01 năm 2024 và gửi về Bộ qua Văn phòng Bộ, Vụ Kế hoạch - Tài chính để theo dõi.\n")
    assert [d.actor for d in extract_deadlines(duty)] == ["Thủ trưởng các đơn vị trực thuộc Bộ"]


def test_a_name_a_pdf_wrapped_over_two_lines_is_one_actor():
    """A provincial report's PDF text layer (digital gold b12, tune half) wraps most sentences; the
    body `giao` names runs over a line end (`... thương mại và du` / `lịch tỉnh`). Who acts is read
    with such line ends as spaces; the header's lines in capitals stay lines."""
    from pipeline.extract.lines import flowing

    wrapped = ("Ngày 20/11/2025, tỉnh đã tổ chức 02 cuộc đối thoại với doanh nghiệp trên địa bàn tỉnh nhằm\n"
               "nắm bắt những khó khăn, vướng mắc của doanh nghiệp, đến nay, tỉnh chưa tổ chức đủ số cuộc\n"
               "đối thoại theo tiêu chí đánh giá của Bộ Nội vụ.\n"
               "Giải pháp khắc phục: Giao Trung tâm Xúc tiến đầu tư, thương mại và du\n"
               "lịch tỉnh khẩn trương tham mưu UBND tỉnh tổ chức 01 cuộc đối thoại, hoàn\n"
               "thành trong tháng 12/2025; đồng thời theo dõi các cơ quan giải quyết các\n"
               "kiến nghị qua các cuộc đối thoại.\n") * 2
    actors = [d.actor for d in extract_deadlines(wrapped) if d.date == "2025-12-31"]
    assert actors and set(actors) == {"Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh"}
    header = "BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc.\nGiao Sở A và du\nlịch tỉnh:\n- Sở B"
    joined = flowing(header)
    assert len(joined) == len(header) and joined.split("\n") == [
        "BỘ NỘI VỤ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc.", "Giao Sở A và du lịch tỉnh:",
        "- Sở B"]


def test_a_bodys_name_ends_before_what_it_does():
    """A signed Quảng Ngãi thông báo (quangngai_05) and a provincial report (lamdong_21fd56fc): the
    verbs of a task (`tiếp thu`, `phân tích`) end the name of the body that does it."""
    text = ("Giao Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi tiếp thu các ý kiến tại "
            "cuộc họp, hoàn chỉnh Đề án; báo cáo UBND tỉnh trước ngày 20/02/2025.\n"
            "Sở Khoa học và Công nghệ phân tích cụ thể nguyên nhân, báo cáo trước ngày 11/11/2025.\n")
    assert [d.actor for d in extract_deadlines(text)] == [
        "Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi", "Sở Khoa học và Công nghệ"]


def test_a_meetings_actor_is_who_is_invited():
    """A giấy mời (shape of lamdong_07dd3468, tune half): the invitees of `I. Thành phần dự họp:`,
    grouped under `1. Tại điểm cầu ...`, the one who chairs left out."""
    text = ("GIẤY MỜI\nI. Thành phần dự họp:\n1. Tại điểm cầu của tỉnh:\n- Đồng chí Nguyễn Minh - Phó Chủ tịch UBND tỉnh: "
            "Chủ trì.\n- Đại diện Thường trực HĐND tỉnh;\n- Giám đốc Công an tỉnh.\n2. Tại điểm cầu cấp xã:\n"
            "- Chủ tịch UBND cấp xã.\nII. Nội dung\nHội nghị triển khai Chương trình.\nIII. Thời gian, địa điểm\n"
            "1. Thời gian: bắt đầu lúc 08 giờ 00, ngày 09 tháng 10 năm 2025 (thứ Năm).\n")
    meetings = [d for d in extract_deadlines(text) if d.kind == "event"]
    assert meetings and meetings[0].actor == "Đại diện Thường trực HĐND tỉnh; Giám đốc Công an tỉnh; Chủ tịch UBND cấp xã"


def test_a_body_named_in_a_plans_heading_ends_at_its_place():
    """An election plan of a commune's Front (shape of the luongminh plans, tune half): the heading's
    subject is the body, not the sentence it opens; `Tổ chức hội nghị` is a task, not a body."""
    text = ("KẾ HOẠCH\nBan Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh xây dựng kế hoạch kiểm tra như sau:\n"
            "1. Kiểm tra việc lập danh sách cử tri, hoàn thành trước ngày 20/02/2026.\n"
            "2. Ban Thường trực Ủy ban MTTQ phường giám sát việc niêm yết danh sách trước ngày 08/02/2026.\n"
            "3. Tổ chức hội nghị lấy ý kiến của cử tri trước ngày 01/02/2026.\n")
    by_day = {d.date: d.actor for d in extract_deadlines(text)}
    assert by_day["2026-02-20"] == "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh"
    assert by_day["2026-02-08"] == "Ban Thường trực Ủy ban MTTQ phường"
    assert not (by_day["2026-02-01"] or "").startswith("Tổ chức")


def test_a_schedule_tables_rows_are_events_of_the_headers_year():
    """A communication plan's broadcast schedule (shape of lamdong_208460a7, tune half): each row's
    time and day under `Thời gian (Năm 2026)` is an event of 2026, for the body responsible."""
    text = ("KẾ HOẠCH\nLâm Đồng, ngày 30 tháng 12 năm 2025\n"
            "TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026)\n"
            "1 | Giải đáp vướng mắc về CCHC | Lãnh đạo Sở Công Thương | Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1\n"
            "2 | Giải đáp vướng mắc về CCHC | Lãnh đạo Sở Y tế | Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 08 tháng 5\n\n"
            "Ngày 12 tháng 5, đoàn công tác đã làm việc tại xã.\n")
    events = [(d.date, d.kind, d.actor) for d in extract_deadlines(text)]
    assert events == [("2026-01-23", "event", "Lãnh đạo Sở Công Thương"), ("2026-05-08", "event", "Lãnh đạo Sở Y tế")]


def test_each_row_of_a_task_table_with_a_day_is_a_deadline_on_its_last_day():
    """A university's exam plan (shape of d3_19, tune half of corpora/gold/work/scans-d3): a
    `Thời gian (hạn cuối)` column of bare days, a unit per row under `Đơn vị/người thực hiện`,
    rows whose number cell OCR left empty, a span of days, and two days in one cell."""
    text = ("6. Kế hoạch thực hiện:\n"
            "Stt | Nội dung | Đơn vị/người thực hiện | Thời gian (hạn cuối)\n"
            "| Lên kế hoạch làm đề | Ban đề thi (theo QĐ) | 15/06/2015\n"
            "| Phản hồi thông tin | Khoa, sinh viên | 17/06/2015 19/06/2015\n"
            "9 | Tổ chức thi | Ban coi thi | 22-27/06/2015\n"
            "11 | Triển khai chấm thi | Ban chấm thi, Ban thư ký | 06/07/2015- 11/07/2015\n\n"
            "Các khoa đã họp ngày 10/06/2015.\n")
    rows = [(d.date, d.kind, d.actor, d.action) for d in extract_deadlines(text)]
    assert rows == [("2015-06-15", "due", "Ban đề thi", "Lên kế hoạch làm đề"),
                    ("2015-06-19", "due", "Khoa, sinh viên", "Phản hồi thông tin"),
                    ("2015-06-27", "due", "Ban coi thi", "Tổ chức thi"),
                    ("2015-07-11", "due", "Ban chấm thi, Ban thư ký", "Triển khai chấm thi")]


def test_a_schools_students_are_the_actor_of_a_duty_given_to_them():
    """A university's exam notice (d3_19, tune half of corpora/gold/work/scans-d3): the students
    look up their exam rooms by a day; `xem` (look up) ends their name as a verb does."""
    text = ("Lưu ý: Sinh viên - Học sinh xem lịch thi, danh sách dự thi và phòng thi cụ thể tại các khoa "
            "đào tạo hoặc trên trang web trước ngày 20/06/2015.\n"
            "Học viên nộp hồ sơ về Phòng Đào tạo trước ngày 25/06/2015.\n")
    assert [(d.date, d.actor) for d in extract_deadlines(text)] == [("2015-06-20", "Sinh viên - Học sinh"),
                                                                     ("2015-06-25", "Học viên")]


def test_a_scanned_line_that_goes_on_with_the_sentence_above_takes_its_subject():
    """OCR keeps a scan's lines (d3_19 again, as tesseract reads it): the deadline's line opens in lower
    case under a line with no stop, so it goes on with that sentence and its subject acts, though
    the text as a whole is no PDF's wrapped prose (its lists and table rows keep their lines)."""
    text = ("4. Thời gian thi:\n\n"
            "- Môn Thực hành: Từ ngày 22/06/2015 đến ngày 27/06/2015\n\n"
            "Lưu ý: Sinh viên - Học sinh xem lịch thi, danh sách dự thi và phòng thi cụ thể\n"
            "vào trước ngày 20/06/2015 tại các khoa đào tạo hoặc trên trang web:\n"
            "5. Đóng tiền thi tốt nghiệp:\n\n"
            "- Đối với học sinh sinh viên thi tốt nghiệp lần đầu: 300.000 đồng/1 SV\n"
            "+ Môn lý thuyết: 100.000 đồng/ 1 SV\n\n"
            "+ Môn chính trị: 100.000 đồng/ 1 SV\n\n"
            "+ Môn thực hành nghề: 200.000 đồng/ 1 SV.\n")
    assert not soft_newlines(text)   # read line by line, as the whole scan is
    assert [(d.date, d.actor) for d in extract_deadlines(text) if d.date == "2015-06-20"] == \
        [("2015-06-20", "Sinh viên - Học sinh")]
    # a line of its own that opens in capitals is a sentence of its own: no subject from above
    own = text.replace("cụ thể\nvào trước", "cụ thể.\nVào trước")
    assert [d.actor for d in extract_deadlines(own) if d.date == "2015-06-20"] == [None]


def test_an_ocr_text_reads_its_line_ends_one_by_one():
    """OCR keeps a scan's printed lines, here among a schedule's and a list's rows, so few that the
    text as a whole reads as lines, not wrapped prose (d3_26, a giấy mời of Bắc Giang, scans d3 tune).
    An OCR'd text's line ends are judged one by one all the same: the units asked run on to the next
    line (`UBND các huyện,` / `thành phô`)."""
    s = ("11h15 11h30 | Kết thúc hội nghị | Sở Nội vụ\n\n"
         "Đề nghị các sở, cơ quan, đơn vị thuộc UBND tỉnh và UBND các huyện,\n"
         "thành phô lập danh sách các thành phân dự Hội nghị theo mẫu dưới, gửi về Sở\n"
         "Nội vụ và Văn phòng UBND tỉnh qua đường thư điện tử theo địa chỉ sau:\n\n"
         "- Sở Nội vụ: đatnt_snv()bacgiang.gov.vn\n- Văn phòng UBND tỉnh: kiemsoat_ tthc@bacgiang.gov.vn\n\n"
         "| Họ và tên | Chức vụ | Đơn vị công tác | Ghi chú\n| Nguyễn Văn A | Chủ tịch | UBND huyện a |\n"
         "| Nguyễn Văn B | | |\n| Trần Văn C | Giám đốc | SỞởX |\n| Lê Văn K | | |\n\n"
         "Chủ ý: - Lập và gửi danh sách trước ngày 09/11/2012.\n- Bản danh sách không cần ký tên, đóng dấu.\n")
    assert not soft_newlines(s)
    scan = Text(source="s.pdf", format="pdf", text=s, raw=s, raw_offsets=tuple(range(len(s) + 1)),
                pages=((0, len(s)),), ocr_pages=(1,))
    assert [(d.date, d.actor) for d in extract_deadlines(scan)] == \
        [("2012-11-09", "các sở, cơ quan, đơn vị thuộc UBND tỉnh và UBND các huyện, thành phô")]
    # the same lines from a text file are lines
    assert [d.actor for d in extract_deadlines(s)] == ["các sở, cơ quan, đơn vị thuộc UBND tỉnh và UBND các huyện"]


def test_a_table_of_people_with_days_and_no_leading_column_gives_no_deadline():
    """A day in a table whose header names no unit that acts (a list of members) is no duty."""
    text = ("Stt | Họ và tên | Ngày sinh | Thời gian công tác\n"
            "1 | Phạm Đức Lộc | 12/03/1980 | 15/06/2015\n")
    assert extract_deadlines(text) == []


def test_a_subject_in_the_middle_of_a_line_acts_on_its_recurring_deadline():
    """A CCHC plan (shape of lamdong_5a984d5c, tune half): the subject opens the second sentence of
    a list item, and its verb is the recurring deadline's own `định kỳ`."""
    text = ("- Có giải pháp giảm tỷ lệ trễ hẹn; nghiêm túc xin lỗi người dân khi để xảy ra trễ hẹn. "
            "Thủ trưởng các cơ quan, đơn vị, địa phương định kỳ hằng tuần tổ chức rà soát, theo dõi.\n"
            "- Ban hành và tổ chức thực hiện Kế hoạch rà soát; Sở Tư pháp định kỳ hằng tháng báo cáo kết quả.\n")
    weekly, monthly = extract_deadlines(text)
    assert (weekly.recurrence, weekly.actor) == ("FREQ=WEEKLY", "Thủ trưởng các cơ quan, đơn vị, địa phương")
    assert monthly.actor == "Sở Tư pháp"     # `Ban hành` (issue) is a verb, not a body


def test_the_lead_its_helpers_and_a_subject_after_the_deadline():
    """`Giao X chủ trì, phối hợp với Y báo cáo ...`: X leads, Y alone helps (the verb ends the list);
    `Định kỳ hằng tháng, trước ngày 20, Sở Tài chính báo cáo`: the subject after the deadline acts."""
    led, = extract_deadlines("2. Giao Sở Tài chính chủ trì, phối hợp với Kho bạc Nhà nước tỉnh báo cáo UBND tỉnh "
                             "trước ngày 25/3/2025.")
    assert (led.actor, led.support) == ("Sở Tài chính", ("Kho bạc Nhà nước tỉnh",))
    monthly, = extract_deadlines("Định kỳ hằng tháng, trước ngày 20, Sở Tài chính báo cáo UBND tỉnh kết quả thực hiện.")
    assert (monthly.recurrence, monthly.actor) == ("FREQ=MONTHLY;BYMONTHDAY=20", "Sở Tài chính")


def test_a_plans_task_that_names_no_body_is_its_issuers_own():
    """An election plan of a commune's Front (shape of the luongminh plans, tune half): a task with no
    body is the plan's issuer's; one that names a body keeps it. Only a plan or a guide does this
    (record.SELF_EXECUTING): a công văn's unassigned date goes to its addressees (the next test)."""
    from pipeline.record import SELF_EXECUTING, deadlines

    s = ("1. Tổ chức hội nghị hiệp thương lần thứ hai trước ngày 14/3/2026.\n"
         "2. Ủy ban nhân dân xã niêm yết danh sách cử tri trước ngày 20/3/2026.\n")
    own = [d.actor for d in deadlines(s, ner=None, own_actor="Ban Thường trực Ủy ban MTTQ Việt Nam xã")]
    assert own == ["Ban Thường trực Ủy ban MTTQ Việt Nam xã", "Ủy ban nhân dân xã"]
    assert [d.actor for d in deadlines(s, ner=None)] == [None, "Ủy ban nhân dân xã"]
    assert "Kế hoạch" in SELF_EXECUTING and "Công văn" not in SELF_EXECUTING


def test_a_letters_ask_that_names_no_one_acting_is_its_addressees():
    """A công văn asks its addressees (`Kính gửi: ...`) for a report `gửi về` its issuer by a day,
    naming no subject (d3 tune, a Sở's letter to the province's sở and districts): the ORG fallback
    took the address the report goes to (`theo địa chỉ: Phòng Tổng hợp - Quy hoạch, Sở ...`), a
    reminder to the wrong unit. The addressees act; a name the text says acts (a verb of its own)
    still does, and a meeting's actor stays who is invited."""
    from pipeline.record import ASKING, deadlines

    addressees = "Giám đốc các sở, cơ quan trực thuộc UBND tỉnh, Chủ tịch UBND các huyện, thành phố"
    s = ("Báo cáo của các sở, cơ quan, UBND các huyện, thành phố đề nghị gửi về Sở Kế hoạch và Đầu tư theo\n"
         "địa chỉ: Phòng Tổng hợp - Quy hoạch, Sở Kế hoạch và Đầu tư, đường Nguyễn Gia Thiểu. Thời gian trước\n"
         "ngày 15 tháng 02 năm 2012 để tổng hợp báo cáo Chủ tịch UBND tỉnh.\n")
    assert [d.actor for d in deadlines(s, addressees=addressees)] == [addressees]
    named = ("Trong thời gian chờ sửa đổi các quy định, Cục Hải quan TP. Hồ Chí Minh hướng dẫn Chi cục Hải quan cửa khẩu "
             "triển khai song song 2 quy trình đến hết ngày 26/3/2017.")
    assert [d.actor for d in deadlines(named, addressees="Cục Hải quan các tỉnh, thành phố")] == ["Cục Hải quan TP. Hồ Chí Minh"]
    assert "Công văn" in ASKING and "Tờ trình" not in ASKING   # a tờ trình's addressee approves, a report's reads


NOTICE = (   # the shape of a university's notice to its students (d3 tune): no `Kính gửi`, a `Đối tượng:` item
    "BỘ CÔNG THƯƠNG\n"
    "TRƯỜNG ĐẠI HỌC CÔNG NGHIỆP THỰC PHẨM TP. HỒ CHÍ MINH\n"
    "Số: 195/TB-DCT\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Tp. Hồ Chí Minh, ngày 04 tháng 5 năm 2020\n"
    "\n"
    "THÔNG BÁO\n"
    "V/v tham gia BHYT năm 2020 (Đợt 2)\n"
    "\n"
    "Thực hiện Nghị định số 146/2018/NĐ-CP ngày 17/10/2018 của Chính phủ quy định chi tiết và hướng dẫn biện pháp thi hành một số điều của Luật Bảo hiểm y tế, Nhà trường thông báo như sau:\n"
    "\n"
    "1. Đối tượng: Toàn thể SV các khóa 07DH, 08DH, 09DH; 17CD, 18CD và\n"
    "học sinh THPT đang học tại trường.\n"
    "\n"
    "2. Các bước thực hiện:\n"
    "- Bước 1: SV đến phòng Kế hoạch Tài chính nộp tiền theo định mức.\n"
    "- Bước 2: SV khai báo, kiểm tra thông tin mua BHYT.\n"
    "\n"
    "Thời gian và địa điểm nộp tiền, kê khai; kiểm tra thông tin:\n"
    "- Thời gian: Từ 04/5/2020 đến hết 15/5/2020.\n"
    "- Địa điểm: Nộp tiền BHYT tại phòng Kế hoạch tài chính.\n"
    "\n"
    "HIỆU TRƯỞNG\n"
)


def test_a_notices_ask_that_names_no_one_is_for_whom_it_concerns(tmp_path):
    """A school's thông báo goes to no one by name: its `1. Đối tượng:` item says whom it concerns,
    and they owe what it asks by its days (the gold's actor, here and in two more notices of d3)."""
    from pipeline.read import read
    from pipeline.record import to_record

    path = tmp_path / "thong-bao.txt"
    path.write_text(NOTICE, encoding="utf-8")
    record = to_record(read(path))
    assert record["document"]["type"] == "Thông báo"
    assert [(d["date"], d["actor"]) for d in record["deadlines"]] == [
        ("2020-05-15", "Toàn thể SV các khóa 07DH, 08DH, 09DH; 17CD, 18CD và học sinh THPT đang học tại trường")]


REAL_LETTER = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real" / \
    "lamdong_7f45f6a8_CV_gui_cac_bo_tinh_ve_viec_bo_sung_so_lieu_1_.pdf"


@pytest.mark.skipif(not REAL_LETTER.is_file(), reason="../shared/corpora/real is absent")
def test_a_ministrys_letter_asks_the_ministries_and_provinces_it_is_sent_to():
    """Bộ Nội vụ asks for figures: `Số liệu của các bộ, ngành, địa phương đề nghị gửi về Bộ Nội vụ
    trước ngày 10 tháng 8 năm 2025`: those it is sent to owe them, not Bộ Nội vụ."""
    from pipeline.read import read
    from pipeline.read.limits import Limits
    from pipeline.record import to_record

    record = to_record(read(REAL_LETTER, Limits(ocr=False)))
    deadline = record["deadlines"][0]
    assert deadline["date"] == "2025-08-10"
    assert deadline["actor"] == ", ".join(record["document"]["recipients"])
    assert deadline["actor"].startswith("Các bộ, cơ quan ngang bộ")


def test_who_is_asked_acts_not_who_asks():
    """A provincial `giao` letter (shape of lamdong_7ed3a8b5): `Chủ tịch UBND tỉnh giao Sở Nội vụ ...`."""
    text = ("Chủ tịch Ủy ban nhân dân tỉnh giao Sở Nội vụ nghiên cứu, tham gia góp ý, tổng hợp số liệu; gửi văn bản "
            "góp ý về Bộ Nội vụ trước ngày 30/9/2025 và gửi Ủy ban nhân dân tỉnh theo dõi./.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Sở Nội vụ"]


def test_a_lists_lead_in_assigns_its_items():
    """`..., Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với ... triển khai các nội dung sau:` heads
    numbered items without a subject of their own (shape of lamdong_519c6304)."""
    text = ("Kính gửi:\n- Sở Nội vụ;\n- Sở Tài chính.\n"
            "Nhằm chuẩn bị nội dung cuộc họp; Chủ tịch Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tài "
            "chính và các cơ quan, đơn vị liên quan triển khai các nội dung sau:\n"
            "1. Xây dựng báo cáo tóm tắt tình hình thực hiện các chỉ số.\n"
            "2. Hoàn thành dự thảo báo cáo, gửi Văn phòng Ủy ban nhân dân tỉnh trước 11g00 ngày 06/11/2025 để tổng hợp.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Sở Nội vụ"]


def test_a_names_list_tail_is_no_subject_and_the_heading_above_leads():
    """`hướng dẫn các cơ quan, đơn vị, địa phương thực hiện`: `đơn vị, địa phương` continues a list; the
    item's heading names who acts (shape of lamdong_f07fa5f7)."""
    text = ("2. Văn phòng UBND tỉnh\n"
            "a) Khẩn trương cấu hình biểu mẫu điện tử và hướng dẫn các cơ quan, đơn vị, địa phương thực hiện. "
            "Thời gian hoàn thành trước ngày 30/11/2025.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Văn phòng UBND tỉnh"]


def test_a_supporting_unit_does_not_lead():
    """`X chủ trì, phối hợp với Sở A, Sở B và các đơn vị liên quan, khẩn trương ...`: X leads, the others
    support, even after a `;` (shape of lamdong_faeb920a)."""
    text = ("5. Về chính sách hỗ trợ\nSở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ, Sở Tài chính và các đơn vị "
            "liên quan, khẩn trương thẩm định, tổng hợp danh sách; trình UBND tỉnh xem xét trước ngày 10/5/2026.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Sở Khoa học và Công nghệ"]


def test_a_lead_label_below_the_time_in_the_same_item():
    """An election plan's item (shape of the luongminh plans): `- Thời gian: ...` first, `- Đơn vị chủ
    trì: ...` after it; a later item without a label keeps the nearest label above."""
    text = ("2.1. Nội dung: Hiệp thương lập danh sách sơ bộ.\n"
            "- Thời gian: Dự kiến ngày 30/01/2026 (Chậm nhất ngày 03/02/2026 - 40 ngày trước bầu cử).\n"
            "- Thành phần: Ban Thường trực Ủy ban MTTQ xã; đại diện các tổ chức thành viên.\n"
            "- Đơn vị chủ trì: Ban Thường trực Ủy ban MTTQ Việt Nam xã.\n"
            "1.2. Báo cáo kết quả Hội nghị\n"
            "- Gửi biên bản Hội nghị đến Ban Thường trực Ủy ban MTTQ xã trước ngày 05/02/2026.\n")
    actors = [d.actor for d in extract_deadlines(text) if d.date in ("2026-02-03", "2026-02-05")]
    assert actors == ["Ban Thường trực Ủy ban MTTQ Việt Nam xã"] * 2


def test_a_docx_task_tables_header_with_line_breaks_in_its_cells(tmp_path):
    """`Thời gian<w:br/>hoàn thành | Chủ trì<w:br/>thực hiện`: a header cell broken over lines (the plan
    lamdong_64f5463d) still names its columns: the reader writes each row on one line."""
    from docx import Document

    from pipeline.read import read

    doc = Document()
    doc.add_paragraph("PHỤ LỤC NHIỆM VỤ")
    table = doc.add_table(rows=2, cols=5)
    for cell, title in zip(table.rows[0].cells, ("STT", "Nhiệm vụ", "Thời gian|hoàn thành", "Chủ trì|thực hiện",
                                                 "Phối hợp|thực hiện"), strict=True):
        run = cell.paragraphs[0].add_run(title.split("|")[0])
        for rest in title.split("|")[1:]:
            run.add_break()
            run.add_text(rest)
    for cell, value in zip(table.rows[1].cells, ("1", "Công bố chỉ số cải cách hành chính", "Trước ngày 05/02/2026",
                                                 "Sở Nội vụ", "Văn phòng UBND tỉnh; Sở Tư pháp"), strict=True):
        cell.text = value
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    text = read(path)
    assert "Thời gian hoàn thành | Chủ trì thực hiện" in text.text
    [deadline] = extract_deadlines(text)
    assert (deadline.actor, deadline.support) == ("Sở Nội vụ", ("Văn phòng UBND tỉnh", "Sở Tư pháp"))


def test_a_meeting_invited_in_a_sentence():
    """A VPCP giấy mời (lamdong_8c89f362, dev gold): `Văn phòng Chính phủ trân trọng kính mời Lãnh đạo các Bộ,
    cơ quan, địa phương tham dự Hội nghị ...`: those invited attend."""
    text = ("Văn phòng Chính phủ trân trọng kính mời Lãnh đạo các Bộ, cơ quan, địa phương\ntham dự Hội nghị triển khai "
            "Chương trình.\nI. Thời gian: 08 giờ, ngày 09 tháng 10 năm 2025 (Thứ Năm).\n")
    meetings = [d for d in extract_deadlines(text) if d.kind == "event"]
    assert [d.actor for d in meetings] == ["Lãnh đạo các Bộ, cơ quan, địa phương"]


def test_the_members_asked_to_answer_act():
    """`kính đề nghị các đồng chí Thành viên Ủy ban nhân dân tỉnh gửi về Văn phòng ...` (lamdong_f6b98759, dev)."""
    text = ("Văn bản góp ý, kính đề nghị các đồng chí Thành viên Ủy ban nhân dân tỉnh gửi về Văn phòng Ủy ban nhân "
            "dân tỉnh chậm nhất ngày 05/01/2026 để tổng hợp.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["các đồng chí Thành viên Ủy ban nhân dân tỉnh"]


def test_a_numbered_item_whose_subject_line_holds_a_semicolon():
    """`3. Các Bộ, cơ quan, địa phương dự Hội nghị đúng thành phần; cử ...` wrapped in a PDF: the item's subject."""
    text = ("2. Bộ Y tế: Mời đại diện lãnh đạo một số đơn vị thuộc Bộ Y tế\n"
            "3. Các Bộ, cơ quan, địa phương dự Hội nghị đúng thành phần được mời; cử\n"
            "01 cán bộ đi cùng; xác nhận đại biểu tham dự qua hộp thư điện tử trước 14 giờ, ngày 08 tháng 10 năm 2025\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Các Bộ, cơ quan, địa phương"]


def test_a_name_wrapped_after_a_verb_is_its_object_and_a_sibling_item_is_another_task():
    """A chỉ thị in a PDF (congbao chỉ thị 21, dev): `báo cáo\\nBan Bí thư ...` is whom to report to; a
    `3. X có trách nhiệm ...` item beside `5. Định kỳ hàng năm ...` (congbot 31-CT-TTg, dev) is not its actor."""
    wrapped = ("4. Ủy ban nhân dân các tỉnh, thành phố:\nd) Định kỳ báo cáo Thủ tướng Chính phủ để tổng hợp báo cáo\n"
               "Ban Bí thư Trung ương Đảng theo yêu cầu về tiến độ, kết quả thực hiện vào thứ Sáu hàng tuần.\n")
    assert [d.actor for d in extract_deadlines(wrapped)] == ["Ủy ban nhân dân các tỉnh, thành phố"]
    siblings = ("II. Ủy ban nhân dân các tỉnh, thành phố:\n"
                "3. Cơ quan Lao động - Thương binh và Xã hội ở địa phương có trách nhiệm thống kê, rà soát.\n"
                "4. Xây dựng kế hoạch phối hợp với các Bộ, ngành.\n"
                "5. Định kỳ hàng năm gửi báo cáo về Bộ Lao động - Thương binh và Xã hội.\n")
    assert [d.actor for d in extract_deadlines(siblings)] == ["Ủy ban nhân dân các tỉnh, thành phố"]


# A Sở Nội vụ letter's request (shape of a real one): the list of bodies asked is whole (a place's
# capitalised words end at a comma, `tỉnh, Sở Tư pháp`), and `quan tâm, có văn bản` begins the act.
def test_the_bodies_asked_are_whole_through_a_place_and_a_comma():
    s = ("Đề nghị Văn phòng UBND tỉnh, Sở Tư pháp, Sở Tài chính, Sở Khoa học và Công nghệ quan tâm, có văn bản "
         "góp ý dự thảo và cử người gửi về Sở Nội vụ chậm nhất ngày 27/8/2025 để tổng hợp./.")
    [deadline] = extract_deadlines(s)
    assert deadline.actor == "Văn phòng UBND tỉnh, Sở Tư pháp, Sở Tài chính, Sở Khoa học và Công nghệ"


ACTOR_OF_A_DAY = [
    # A VPCP thông báo kết luận's tasks (shape of a real one): the item's heading leads (`chủ trì` ends
    # its name), `dự án` is part of a body's name, not the verb `dự`.
    pytest.param(
        "3. Để hoàn thành 02 công trình dự án đúng tiến độ và đưa vào sử dụng trước ngày 30 tháng 11 năm 2025, "
        "Bộ Y tế, Ban Quản lý dự án (Chủ đầu tư), các nhà thầu và các bộ, cơ quan liên quan phải thực sự quyết tâm.\n"
        "a) Bộ Y tế chủ trì, phối hợp chặt chẽ với các bộ, cơ quan liên quan:\n"
        "Chỉ đạo các đơn vị liên quan khẩn trương phê duyệt dự toán; hoàn thành trước ngày 10 tháng 10 năm 2025.\n",
        "2025-10-10", "Bộ Y tế", id="a-heading-that-leads-and-a-project-board"),
    # A VPCP thông báo (lit_541, a scan): the Group is named by its initials after its name, in brackets;
    # a clause it opens by those initials has it for actor, not a heading far above.
    pytest.param(
        "Giao Tập đoàn Điện lực Việt Nam (EVN), Công nghiệp Năng lượng Quốc gia Việt Nam (PVN) theo dõi.\n\n"
        "2. UBND các tỉnh/thành phố:\n"
        "Dự án hạ nguồn: Về Dự án NMĐĐ Ô Môn III: PVN khẩn trương hoàn thiện các thủ tục để trình Bộ Tài chính "
        "phê duyệt FS của dự án để Hội đồng thành viên PVN quyết định đầu tư; hoàn thành trước ngày 15 tháng 10 năm 2025.\n",
        "2025-10-15", "PVN", id="initials-the-document-defined"),
    # A Sở Tư pháp letter whose PDF flattens the header's two columns (lamdong_247d81b2): the walk up
    # stops at `Kính gửi` and the motto (it read `SỞ TƯ PHÁP Độc` as a heading), and the paper owed
    # (`Công văn phúc đáp của Sở Nội vụ gửi về Sở Tư pháp chậm nhất ...`) names who owes it.
    pytest.param(
        "UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc\n"
        "Số: 1813 /STP-BTTP\nLâm Đồng, ngày 10 tháng 12 năm 2025\nKính gửi: Sở Nội vụ tỉnh Lâm Đồng\n"
        "Sở Tư pháp đề nghị Sở Nội vụ cho ý kiến đối với Đề án.\n"
        "Công văn phúc đáp của Sở Nội vụ gửi về Sở Tư pháp chậm nhất trong ngày 12/12/2025 để Sở Tư pháp "
        "hoàn thiện hồ sơ.\n", "2025-12-12", "Sở Nội vụ", id="the-paper-owed-and-no-header-heading"),
    pytest.param("SỞ TƯ PHÁP Độc lập - Tự do - Hạnh phúc\nKính gửi: Sở Nội vụ\nHoàn thành trước ngày 12/12/2025.\n",
                 "2025-12-12", None, id="the-header-leads-nothing"),
    # A draft law's legal basis (lit_raw_6207b2b500bb) quotes a resolution: the quotation after its colon
    # opens a sentence, whose subject acts; a quoted name that is no sentence (`“Tổ quốc ghi công”`) does not.
    pytest.param("- Nghị quyết số 190/2025/QH15 ngày 19/02/2025 của Quốc hội quy định: “Cơ quan, người có thẩm quyền "
                 "phải ban hành văn bản quy phạm pháp luật theo thẩm quyền, bảo đảm hoàn thành trước ngày 01/3/2027”.\n",
                 "2027-03-01", "Cơ quan, người có thẩm quyền", id="the-subject-of-a-quoted-rule"),
    pytest.param("Sở Nội vụ tổ chức trao bằng “Tổ quốc ghi công” và chuyển hồ sơ trong thời hạn 20 ngày kể từ ngày "
                 "nhận đủ giấy tờ; hoàn thành trước ngày 01/3/2027.\n",
                 "2027-03-01", "Sở Nội vụ", id="a-quoted-name-is-no-subject"),
    # A commune Front's guide (luongminh, giới thiệu người ứng cử): `tổ chức` between commas is a noun
    # (organisations), not the verb, so the list of bodies is whole; `giới thiệu` is the verb.
    pytest.param("Các cơ quan, tổ chức, đơn vị giới thiệu người ứng cử đại biểu Hội đồng nhân dân xã; thời gian thực "
                 "hiện từ ngày 17/12/2025 đến ngày 25/01/2026.\n", "2026-01-25", "Các cơ quan, tổ chức, đơn vị",
                 id="bodies-and-organisations"),
    # The joint resolution on the elections (luongminh_102): `quy định tại` (a rule's place) ends a name.
    pytest.param("Đơn vị trực thuộc hoặc đơn vị cấp dưới trực tiếp của cơ quan, tổ chức, đơn vị quy định tại khoản 1 "
                 "Điều này tổ chức hội nghị cử tri chậm nhất là ngày 01 tháng 02 năm 2026.\n", "2026-02-01",
                 "Đơn vị trực thuộc hoặc đơn vị cấp dưới trực tiếp của cơ quan, tổ chức, đơn vị", id="a-rules-place-ends-a-name"),
    # A Quảng Ngãi thông báo kết luận (quangngai_05, dev): item 2 opens on the report it builds on and
    # assigns the Sở Tài chính; the signing stamp that the PDF put inside the item does not end it.
    pytest.param("1. Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi tiếp thu các ý kiến, báo cáo "
                 "toàn bộ quá trình cổ phần hóa. Hoàn thành và báo cáo UBND tỉnh trước ngày 08/02/2025.\n"
                 "2. Trên cơ sở báo cáo của Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi, giao Sở "
                 "Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư rà soát, nghiên cứu, tham mưu, đề xuất UBND tỉnh "
                 "hướng giải quyết cho phù hợp, đảm bảo việc\nTRUNG TÂM CÔNG BÁO\nVÀ TIN HỌC\n09.01.2025 10:21:11 +07:00\n\n"
                 "thực hiện theo đúng quy định. Hoàn thành và báo cáo UBND tỉnh trước ngày 20/02/2025.\n",
                 "2025-02-20", "Sở Tài chính", id="the-body-an-item-assigns"),
    # Item 3 of the same: the bodies after `phối hợp với các Sở:` help, who is assigned leads.
    pytest.param("3. Giao Sở Nội vụ tiếp thu các ý kiến, chủ trì, phối hợp với các Sở: Tài chính, Kế hoạch và Đầu tư, "
                 "Công ty TNHH MTV Đầu tư, Xây dựng và Kinh doanh dịch vụ Quảng Ngãi và các cơ quan, đơn vị liên quan "
                 "khẩn trương rà soát thành viên Ban Chỉ đạo. Hoàn thành và báo cáo UBND tỉnh trước ngày 20/02/2025.\n",
                 "2025-02-20", "Sở Nội vụ", id="a-list-of-helpers-after-a-colon"),
    # A provincial programme's closing section (jp QĐ 435/2020, dev): the deadline's line goes on with
    # the sentence above (it opens in lower case after `;`), whose bodies, parted by a semicolon, act;
    # the Sở it reports to does not, nor a task of the section before.
    pytest.param("- Cơ quan thực hiện: Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với Liên đoàn Lao động tỉnh.\n"
                 "III. TỔ CHỨC THỰC HIỆN 1.\nCác sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố và các cơ quan, tổ "
                 "chức có liên quan căn cứ chức năng, nhiệm vụ được giao chủ động xây dựng Kế hoạch triển khai thực hiện;\n"
                 "định kỳ hàng năm (trước ngày 15/11 và đột xuất (khi có yêu cầu) báo cáo kết quả thực hiện về Sở Lao "
                 "động - Thương binh và Xã hội để tổng hợp báo cáo chung.\n", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15",
                 "Các sở, ban, ngành; Ủy ban nhân dân các huyện, thành phố và các cơ quan, tổ chức có liên quan",
                 id="the-sentence-above-goes-on"),
    # A Prime Minister's chỉ thị (21/CT-TTg, dev): the bodies a report goes through, in brackets after
    # `qua`, do not act; the heading of the item's section does.
    pytest.param("4. Ủy ban nhân dân các tỉnh, thành phố\na) Khẩn trương tổ chức rà soát toàn bộ thôn, tổ dân phố.\n"
                 "d) Định kỳ báo cáo Thủ tướng Chính phủ về tiến độ, kết quả thực hiện (qua Bộ Nội vụ, Văn phòng Chính "
                 "phủ) vào thứ Sáu hàng tuần; báo cáo tổng thể kết quả thực hiện trước ngày 05 tháng 7 năm 2026.\n",
                 "2026-07-05", "Ủy ban nhân dân các tỉnh, thành phố", id="the-way-a-report-goes"),
    # Another chỉ thị (31/CT-TTg, dev): the lead-in names whom its list asks right before its colon.
    pytest.param("Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:\n\n"
                 "1. Rà soát, thống kê số con liệt sĩ có nhu cầu đào tạo nghề.\n\n"
                 "5. Định kỳ hàng năm gửi báo cáo về Bộ Lao động - Thương binh và Xã hội về việc đào tạo nghề.\n",
                 "FREQ=YEARLY", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
                 id="whom-a-lead-in-asks"),
    # A VPCP letter to a province (lit_9757, a scan): the party secretary leads, as a post like Chủ tịch.
    pytest.param("1. Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi nghiên cứu kiến nghị của Bộ Xây dựng,\n"
                 "tập trung giải quyết những nội dung thuộc thẩm quyền, trong đó lưu ý:\n\n"
                 "Quyết liệt chỉ đạo hoàn thành thảm bê tông nhựa tuyến chính trước ngày 15 tháng 10 năm 2025.\n",
                 "2025-10-15", "Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi", id="a-party-secretary"),
    # A province's letter on an association's congress (lamdong_dd842706, tune): the committee agrees
    # to put it off; the association must hold it by that day.
    pytest.param("Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n1. Thống nhất gia hạn thời gian tổ chức đại hội "
                 "Hiệp hội Doanh nghiệp tỉnh nhiệm kỳ V chậm nhất đến ngày 30/9/2025. Quá thời gian trên, Hiệp hội "
                 "không tổ chức đại hội, Chủ tịch Ủy ban nhân dân tỉnh sẽ xem xét xử lý.\n",
                 "2025-09-30", "Hiệp hội Doanh nghiệp tỉnh", id="a-congress-put-off"),
    # ... the same printed and scanned: a line ends inside the name, so the clause's own `chậm nhất` cue
    # reads the day, and the congress put off is before it in the clause
    pytest.param("Xét đề nghị của Hiệp hội Doanh nghiệp tỉnh tại Công văn\nsố 282/HHDN-K4 ngày 09/01/2025 về việc gia "
                 "hạn thời gian tổ\nchức đại hội nhiệm kỳ V (2024 - 2029) và ý kiến của Sở Nội vụ\ntại Tờ trình số "
                 "253/TTr-SNV ngày 22/01/2025 về việc đề xuất\ngia hạn thời gian tổ chức đại hội, Chủ tịch Ủy ban nhân "
                 "dân\ntỉnh có ý kiến như sau:\n\n1. Thống nhất gia hạn thời gian tổ chức đại hội Hiệp hội\nDoanh "
                 "nghiệp tỉnh nhiệm kỳ V chậm nhất đến ngày 30/9/2025.\nQuá thời gian trên, Hiệp hội Doanh nghiệp tỉnh "
                 "không tổ chức\nđại hội, Chủ tịch Ủy ban nhân dân tỉnh sẽ xem xét xử lý.\n",
                 "2025-09-30", "Hiệp hội Doanh nghiệp tỉnh", id="a-congress-put-off-over-a-line-end"),
    # A province agrees to an association's congress on a day (lamdong_4530b0a8, tune): the association holds it
    pytest.param("Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau:\n\n1. Thống nhất để Hiệp hội Doanh nghiệp tỉnh Bình "
                 "Thuận tổ chức đại hội lần thứ V, nhiệm kỳ 2025 - 2030 vào ngày 27/6/2025. Hiệp hội Doanh nghiệp tỉnh "
                 "Bình Thuận chuẩn bị các công việc để đại hội tiến hành đúng quy định.\n",
                 "2025-06-27", "Hiệp hội Doanh nghiệp tỉnh Bình Thuận", id="a-congress-agreed-on-a-day"),
    # A fee's draft thông tư (lamdong_35cdbfb4, b14's tune half): the day first, then after its comma the
    # body that must act, in lower case; a lower-case verb there (`tổ chức hội nghị`) names no one
    pytest.param("Điều 3. Nộp phí\n1. Chậm nhất là ngày 05 hàng tháng, tổ chức thu phí phải gửi số tiền phí đã thu "
                 "của tháng trước vào tài khoản phí chờ nộp ngân sách.\n",
                 "FREQ=MONTHLY;BYMONTHDAY=5", "tổ chức thu phí", id="the-day-first-then-who-must"),
    pytest.param("2. Trong năm 2026, chậm nhất ngày 15/12/2026, cơ quan, tổ chức, đơn vị phải chuyển sang ký hợp đồng "
                 "lao động.\n", "2026-12-15", "cơ quan, tổ chức, đơn vị", id="a-lower-case-list-that-must"),
    pytest.param("Trước ngày 15/12/2025, tổ chức hội nghị tổng kết.\n", "2025-12-15", None, id="a-verb-names-no-one"),
    # `xã hội` (society) is no commune, but ends a name as one does (jp_Quyết_định_435_QĐ-UBND_năm_2020:
    # `Sở Lao động - Thương binh và xã hội` was cut to `... và xã`; a decree's `Bảo hiểm xã hội Việt Nam`)
    pytest.param(
        "4. Bảo hiểm xã hội Việt Nam báo cáo Bộ Lao động - Thương binh và Xã hội trước ngày 25 tháng 01 năm 2026.\n",
        "2026-01-25", "Bảo hiểm xã hội Việt Nam", id="xa-hoi-is-society-not-a-commune"),
]


@pytest.mark.parametrize("s,day,actor", ACTOR_OF_A_DAY)
def test_the_actor_of_a_day(s, day, actor):
    assert actor_by_day(s)[day] == actor


def test_initials_no_bracket_defined_name_no_actor():
    s = ACTOR_OF_A_DAY[1].values[0]
    assert actor_by_day(s.replace("(PVN)", ""))["2025-10-15"] != "PVN"


# A Lâm Đồng thông báo kết luận (lamdong_be778c51): the item's dash lines have no subject, so the
# heading above leads; the bodies after `phối hợp chặt chẽ với` help, a board's `đầu tư xây dựng`
# is part of its name and does not end that list.
def test_bodies_after_a_close_cooperation_help_and_the_heading_leads():
    s = ("4. Đối với công tác giải phóng mặt bằng\na) Trung tâm Phát triển quỹ đất tỉnh\n"
         "- Đẩy nhanh việc chi trả tiền bồi thường cho người dân.\n"
         "- Chủ trì, phối hợp chặt chẽ với Ban Quản lý dự án đầu tư xây dựng số 1, Nhà đầu tư và địa phương trong "
         "việc tập trung giải phóng mặt bằng các đoạn tuyến mà dự kiến khởi công trước ngày 30/4/2026, trong đó:\n")
    [deadline] = extract_deadlines(s)
    assert deadline.actor == "Trung tâm Phát triển quỹ đất tỉnh"


def actor_by_day(s: str) -> dict:
    return {d.to_json()["date"] or d.to_json()["recurrence"]: d.to_json()["actor"] for d in extract_deadlines(s)}


def test_ocr_noise_names_no_body():
    s = "VĂN PHÒNG CHÍNH PHỦ S)Ä|\nQuyết liệt chỉ đạo hoàn thành trước ngày 15 tháng 10 năm 2025.\n"
    assert [d.actor for d in extract_deadlines(s)] != ["VĂN PHÒNG CHÍNH PHỦ S)Ä|"]


@pytest.mark.parametrize("module", ["pipeline.extract.lines", "pipeline.extract.deadlines_actors", "pipeline.extract.deadlines_patterns",
                                    "pipeline.extract.effects_patterns",
                                    "pipeline.extract.targets", "pipeline.extract.anchored",
                                    "pipeline.extract.numbers", "pipeline.extract.codes"])
def test_the_examples_in_the_extractors_docstrings_hold(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and result.failed == 0


def test_a_section_numbered_without_a_final_dot_heads_its_items_in_a_wrapped_pdf():
    """A VPCP thông báo (lit_541, a scan) wraps its lines inside sentences; `2.1 Bộ Công Thương` is a
    heading on its own line, not words of the line above, so its items' deadlines are the Ministry's.
    A line that starts with a figure (`1.500 hộ`) still continues the sentence."""
    from pipeline.extract.lines import flowing

    s = ("2. Nhiệm vụ cụ thể\n2.1 Bộ Công Thương\n\na) Chỉ đạo các địa phương, chủ động đôn đốc thực hiện các nhiệm vụ\n"
         "cụ thể đối với các nhóm dự án.\n\nb) Khẩn trương hoàn thiện, trình Thủ tướng Chính phủ kiện toàn Ban Chỉ\n"
         "đạo Nhà nước các dự án trọng điểm ngành năng lượng: hoàn thành trong tháng 10 năm 2025, không được chậm trễ.\n")
    assert actor_by_day(s)["2025-10-31"] == "Bộ Công Thương"
    assert flowing("hỗ trợ cho\n1.500 hộ dân") == "hỗ trợ cho 1.500 hộ dân"


def test_an_item_of_an_earlier_section_heads_no_later_one():
    """A commune front's guide (luongminh, tune half): `5. Thời gian thực hiện: ... đến ngày 25/01/2026`
    sits under no `4.4. UBND cấp xã: ...`, an item of section 4; nor does `4.8.` take the body of its
    sibling `4.7.`. The walk up passes items as deep as the deadline's own or deeper."""
    s = ("II. CÁC CƠ QUAN, TỔ CHỨC, ĐƠN VỊ\n4. Xác định Ban lãnh đạo như sau:\n"
         "4.3. HĐND cấp xã: Thành phần dự hội nghị gồm Thường trực HĐND.\n"
         "4.4. UBND cấp xã: Thành phần dự hội nghị gồm Ban lãnh đạo UBND và đại diện lãnh đạo các đơn vị.\n"
         "5. Thời gian thực hiện: Từ ngày 17/12/2025 đến ngày 25/01/2026.\n")
    assert actor_by_day(s)["2026-01-25"] != "UBND cấp xã"


def test_a_time_given_as_a_paragraph_under_its_task_is_led_by_that_tasks_subject():
    """A Hồ Chí Minh City housing-aid plan (congbot_43, QĐ 3210/2014) gives each step's time as a
    paragraph of its own, `Thời gian hoàn tất: ...`, under the step: the step's last subject leads it,
    past an opening clause that names another body (`Trên cơ sở đề nghị của ...,`) and a body the
    lead works with (`phối hợp với ..., Sở Tài chính lập ...`). The plan is dated 28/6/2014 and its first
    step is due the day before: a day that close before a plan's own date is still owed."""
    text = ("2.1. Bước 1: Hướng dẫn và tiếp nhận hồ sơ.\n\n"
            "Trưởng thôn ấp, Tổ Trưởng các Tổ dân phố, hướng dẫn các đối tượng làm đơn; Trưởng thôn ấp, Tổ Trưởng "
            "các Tổ dân phố, tập hợp đơn và danh sách gửi Ủy ban nhân dân xã, phường, thị trấn nơi có nhà ở.\n\n"
            "Thời gian hoàn tất: trước ngày 27 tháng 6 năm 2014.\n\n"
            "2.2. Bước 2: Kiểm tra hiện trạng nhà ở.\n\n"
            "Ban Chỉ đạo thực hiện hỗ trợ nhà ở tổ chức kiểm tra hiện trạng nhà ở của từng đối tượng. Sau khi "
            "kiểm tra, Ủy ban nhân dân xã, phường, thị trấn lập danh sách đối tượng gửi Ủy ban nhân dân quận, huyện.\n\n"
            "Thời gian hoàn tất: trước ngày 25 tháng 7 năm 2014.\n\n"
            "2.3. Bước 3: Tổng hợp và phê duyệt danh sách.\n\n"
            "Ủy ban nhân dân quận, huyện chỉ đạo Phòng Lao động - Thương binh và Xã hội rà soát, tổng hợp danh sách.\n\n"
            "Thời gian hoàn tất: trước ngày 18 tháng 8 năm 2014.\n\n"
            "2.4. Bước 4: Lập Đề án.\n\n"
            "Trên cơ sở đề nghị của Ủy ban nhân dân quận, huyện, Sở Xây dựng chủ trì, phối hợp với Sở Lao động - "
            "Thương binh và Xã hội, Sở Tài chính lập Đề án hỗ trợ người có công với cách mạng về nhà ở.\n\n"
            "Thời gian hoàn tất: trước ngày 30 tháng 9 năm 2014.\n")
    actors = {d.date: d.actor for d in extract_deadlines("Số: 3210/QĐ-UBND, ngày 28 tháng 6 năm 2014\n" + text)}
    assert actors == {"2014-06-27": "Trưởng thôn ấp, Tổ Trưởng các Tổ dân phố",
                      "2014-07-25": "Ủy ban nhân dân xã, phường, thị trấn",
                      "2014-08-18": "Ủy ban nhân dân quận, huyện", "2014-09-30": "Sở Xây dựng"}


def test_a_capitalised_body_after_a_comma_is_a_subject_and_an_election_board_keeps_its_name():
    """`Ủ`, `Ấ` lie inside `[à-ỹ]`: a body after a comma was taken for the lower-case tail of a list.
    From the joint resolution on the 2026 elections (luongminh_102): `Chậm nhất là ngày 05 tháng 02
    năm 2026, Ủy ban Thường vụ Quốc hội tiến hành ...`; and `cử` (to send) is no verb in `Ủy ban bầu cử`."""
    text = ("Điều 24. Điều chỉnh lần thứ hai\nChậm nhất là ngày 05 tháng 02 năm 2026, Ủy ban Thường vụ Quốc hội "
            "tiến hành điều chỉnh lần thứ hai về cơ cấu, thành phần, số lượng người được giới thiệu ứng cử.\n"
            "Điều 25. Hồ sơ\nỦy ban bầu cử xã nộp hồ sơ chậm nhất là ngày 10 tháng 02 năm 2026.\n")
    actors = {d.date: d.actor for d in extract_deadlines(text)}
    assert actors == {"2026-02-05": "Ủy ban Thường vụ Quốc hội", "2026-02-10": "Ủy ban bầu cử xã"}


def test_a_heading_that_is_a_sentence_gives_its_subject_not_the_whole_line():
    """A step of an election plan (luongminh, hội nghị cử tri nơi cư trú) above a dated item:
    `3.8. Tổ kiểm phiếu tiến hành kiểm phiếu, ...` names its body up to the verb; a colon list keeps
    its names (`UBND các xã: Đức Trọng, Hiệp Thạnh`) and `Đại biểu khách mời` is one name."""
    text = ("3.8. Tổ kiểm phiếu tiến hành kiểm phiếu, lập biên bản kiểm phiếu (theo mẫu số 06/BBKP)\n"
            "- Hoàn thành trước ngày 08/02/2026.\n"
            "2. UBND các xã: Đức Trọng, Hiệp Thạnh\n"
            "- Hoàn thành trước ngày 24/4/2026.\n"
            "3. Đại biểu khách mời\n"
            "- Có mặt trước ngày 03/02/2026.\n")
    actors = {d.date: d.actor for d in extract_deadlines(text)}
    assert actors == {"2026-02-08": "Tổ kiểm phiếu", "2026-04-24": "UBND các xã: Đức Trọng, Hiệp Thạnh",
                      "2026-02-03": "Đại biểu khách mời"}


def test_a_report_calling_its_issuer_by_its_head_names_the_issuer():
    """A report of the provincial investment-promotion centre (lamdong_02b8999b): `Trung tâm dự kiến
    tổ chức Hội thảo vào ngày 18/11/2025, mời Lãnh đạo UBND tỉnh, ...`: the centre acts, not those invited."""
    text = ("Trung tâm dự kiến tổ chức Hội thảo vào ngày 18/11/2025, mời Lãnh đạo UBND tỉnh, các chuyên gia, "
            "các Sở, ngành và một số địa phương.\n")
    issuer = "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Lâm Đồng"
    assert [d.actor for d in extract_deadlines(text, issuer=issuer)] == [issuer]
    assert [d.actor for d in extract_deadlines(text, issuer="Sở Tài chính")] != ["Sở Tài chính"]


def test_the_units_an_item_invites_after_a_colon_are_not_its_actor():
    """A VPCP công điện (lamdong_8c89f362, the dev gold): `2. Bộ Y tế: Mời đại diện lãnh đạo một số đơn
    vị thuộc Bộ Y tế: Cục Phòng bệnh, ... cùng dự Hội nghị ...; Tổng hợp danh sách ... gửi Văn phòng
    Chính phủ trước 14 giờ ngày 08 tháng 10 năm 2025`: the ministry acts, those it invites do not."""
    text = ("2. Bộ Y tế: Mời đại diện lãnh đạo một số đơn vị thuộc Bộ Y tế: Cục Phòng bệnh, Cục khám chữa bệnh, "
            "Đại học Y Hà Nội (mỗi đơn vị 02 đại biểu) cùng dự Hội nghị tại điểm cầu Trụ sở Chính phủ; Tổng hợp "
            "danh sách các thành phần do Bộ Y tế mời gửi Văn phòng Chính phủ trước 14 giờ ngày 08 tháng 10 năm 2025.\n")
    assert [d.actor for d in extract_deadlines(text)] == ["Bộ Y tế"]


def test_a_time_limit_between_a_body_and_its_duty_is_no_part_of_the_bodys_name():
    """A decree's procedures put the time limit between the body and its duty (congbot_07, Nghị định
    on people with meritorious services): the body's name ends where the time limit starts."""
    s = ("d) Sở Lao động - Thương binh và Xã hội trong thời gian 12 ngày kể từ ngày tiếp nhận biên bản giám "
         "định y khoa có trách nhiệm ban hành quyết định điều chỉnh trợ cấp, phụ cấp ưu đãi theo Mẫu số 60 Phụ "
         "lục I Nghị định này hoặc quyết định cấp giấy chứng nhận người hưởng chính sách như thương binh và trợ "
         "cấp, phụ cấp ưu đãi theo Mẫu số 59 Phụ lục I Nghị định này đối với trường hợp còn sót vết thương, còn "
         "sót mảnh kim khí hoặc có tỷ lệ tổn thương cơ thể tạm thời sau khi giám định lại có tỷ lệ tổn thương cơ "
         "thể từ 21% trở lên. Đồng thời cấp giấy chứng nhận thương binh, người hưởng chính sách như thương binh "
         "theo Mẫu số 102 Phụ lục I Nghị định này.\n\n"
         "Điều 43. Hồ sơ, thủ tục giải quyết hưởng thêm một chế độ trợ cấp đối với thương binh đồng thời là bệnh "
         "binh\n\n"
         "1. Cá nhân làm đơn đề nghị theo Mẫu số 19 Phụ lục I Nghị định này gửi Sở Lao động - Thương binh và Xã "
         "hội nơi đang thường trú.\n\n"
         "2. Sở Lao động - Thương binh và Xã hội trong thời gian 12 ngày kể từ ngày nhận được đơn, có trách nhiệm "
         "đối chiếu hồ sơ đang quản lý để ban hành quyết định hưởng thêm chế độ trợ cấp ưu đãi.")
    found = extract_deadlines(s)
    assert [d.actor for d in found] == [None, "Sở Lao động - Thương binh và Xã hội"]
    assert found[1].relative["amount"] == 12


def test_a_body_that_posts_or_gives_notice_is_named_without_what_it_does():
    """`đăng tải` and `ra thông báo` are what a body does, not part of its name (a decree's procedure,
    jp_Nghị_định_01_2021)."""
    s = ("Trong thời hạn 01 ngày làm việc kể từ ngày ra quyết định thu hồi Giấy chứng nhận đăng ký doanh "
         "nghiệp hoặc nhận được quyết định của Tòa án đã có hiệu lực pháp luật, Phòng Đăng ký kinh doanh đăng "
         "tải quyết định và thông báo tình trạng doanh nghiệp đang làm thủ tục giải thể.")
    assert [d.actor for d in extract_deadlines(s)] == ["Phòng Đăng ký kinh doanh"]


def test_a_period_convened_by_a_body_is_that_bodys_and_a_candidate_acts_in_person():
    """The 2026 elections' joint resolution (102/2025/NQLT): a conference held within a period `do`
    a body convenes is that body's to hold; a candidate's own filing is the candidate's."""
    s = ("Điều 4. Tổ chức hội nghị hiệp thương lần thứ nhất\n"
         "Hội nghị hiệp thương lần thứ nhất ở mỗi cấp được tổ chức trong khoảng thời gian từ ngày 01 tháng 12 "
         "năm 2025 đến ngày 10 tháng 12 năm 2025 do Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp "
         "triệu tập, chủ trì và được thực hiện theo quy định tại Điều 50 của Luật Bầu cử.\n"
         "Điều 11. Việc nộp hồ sơ ứng cử\n"
         "2. Chậm nhất là 17 giờ 00 ngày 01 tháng 02 năm 2026, người ứng cử phải hoàn thành việc nộp hồ sơ ứng "
         "cử đại biểu Quốc hội.")
    assert [(d.date, d.actor) for d in extract_deadlines(s)] == [
        ("2025-12-10", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam cùng cấp"),
        ("2026-02-01", "người ứng cử")]
    # the body that issued a document is no actor: `do Ủy ban nhân dân tỉnh ban hành`
    issued = ("Các đơn vị báo cáo kết quả thực hiện Kế hoạch số 12/KH-UBND do Ủy ban nhân dân tỉnh ban hành "
              "trước ngày 15 tháng 12 năm 2025.")
    assert [d.actor for d in extract_deadlines(issued)] == ["Các đơn vị"]


def test_the_items_after_a_period_say_who_convenes_it():
    """102/2025/NQLT, Điều 1: the period is set in item 1, who convenes it at each level in items 2 and 3."""
    s = ("Điều 1. Tổ chức hội nghị hiệp thương lần thứ nhất\n"
         "1. Hội nghị hiệp thương lần thứ nhất được tổ chức trong khoảng thời gian từ ngày 01 tháng 12 năm "
         "2025 đến ngày 10 tháng 12 năm 2025.\n"
         "2. Hội nghị hiệp thương lần thứ nhất ở trung ương do Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc "
         "Việt Nam triệu tập, chủ trì.\n"
         "3. Hội nghị hiệp thương lần thứ nhất ở tỉnh, thành phố do Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt "
         "Nam cấp tỉnh triệu tập, chủ trì.\n")
    assert [d.actor for d in extract_deadlines(s)] == [
        "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam; Ban Thường trực Ủy ban Mặt trận Tổ quốc "
        "Việt Nam cấp tỉnh"]
    # items that name something else say nothing of it
    assert [d.actor for d in extract_deadlines(s.replace("2. Hội nghị hiệp thương lần thứ nhất", "2. Hội nghị khác")
                                                .replace("3. Hội nghị hiệp thương lần thứ nhất", "3. Hội nghị khác"))] == [None]


def test_a_duty_named_as_a_noun_is_the_bodies_it_is_of():
    """102/2025/NQLT, Điều 7: `Việc giới thiệu ... của các cơ quan, tổ chức, đơn vị được tiến hành ...`."""
    s = ("Điều 7. Cơ quan, tổ chức, đơn vị tiến hành giới thiệu người ứng cử đại biểu Quốc hội\n"
         "1. Việc giới thiệu người ứng cử đại biểu Quốc hội của các cơ quan, tổ chức, đơn vị được tiến hành trong "
         "khoảng thời gian từ ngày 17 tháng 12 năm 2025 đến ngày 25 tháng 01 năm 2026.")
    assert [(d.date, d.actor) for d in extract_deadlines(s)] == [("2026-01-25", "các cơ quan, tổ chức, đơn vị")]


def test_the_members_a_class_of_bodies_lists_after_its_colon_act_with_it():
    """TTg letter 464/TTg-CĐS (scanned), 2 a): `Các Bộ: Công Thương, ..., Y tế nghiên cứu ...` — the
    ministries named are who must send their paper, not every ministry; a colon before a sentence adds nothing."""
    s = ("a) Các Bộ: Công Thương, Khoa học và Công nghệ, Nội vụ, Công an, Tài chính, Văn hóa, Thể thao và Du "
         "lịch, Xây dựng, Y tế nghiên cứu nội dung báo cáo, đề xuất của Bộ Tư pháp, khẩn trương hoàn thành nội "
         "dung quy định cắt giảm, có văn bản gửi Bộ Tư pháp trong ngày 30 tháng 4 năm 2026.")
    assert [d.actor for d in extract_deadlines(s)] == [
        "Các Bộ: Công Thương, Khoa học và Công nghệ, Nội vụ, Công an, Tài chính, Văn hóa, Thể thao và Du lịch, "
        "Xây dựng, Y tế"]
    s = "- Các Sở: căn cứ chức năng, nhiệm vụ triển khai thực hiện, báo cáo trước ngày 30 tháng 4 năm 2026."
    assert [d.actor for d in extract_deadlines(s)] == ["Các Sở"]


def test_a_body_assigned_after_a_list_of_bodies_in_its_clause_leads():
    """TTg letter 464/TTg-CĐS (scanned): `Trường hợp còn ý kiến khác nhau giữa các Bộ, cơ quan, ..., giao
    Bộ Tài chính chủ trì, ... trình Chính phủ trước ngày 05 tháng 5 năm 2026` follows item b) `Các Bộ, cơ
    quan ngang Bộ ...`: the ministry assigned leads, though the bodies before it read as one list's tail."""
    s = ("b) Các Bộ, cơ quan ngang Bộ nghiên cứu, tiếp thu các nội dung báo cáo, có văn bản gửi Bộ Tài chính "
         "trong ngày 30 tháng 4 năm 2026.\n"
         "Trường hợp còn ý kiến khác nhau giữa các Bộ, cơ quan, nhất là đối với các ngành, nghề, lĩnh vực liên "
         "quan đến phạm vi chức năng, nhiệm vụ của nhiều cơ quan, giao Bộ Tài chính chủ trì, làm việc trực tiếp "
         "với các Bộ, cơ quan liên quan để thống nhất phương án, trình Chính phủ trước ngày 05 tháng 5 năm 2026.")
    assert [(d.date, d.actor) for d in extract_deadlines(s)] == [
        ("2026-04-30", "Các Bộ, cơ quan ngang Bộ"), ("2026-05-05", "Bộ Tài chính")]


def test_a_task_items_lettered_labels_name_its_lead_and_support():
    """A Cần Thơ plan (scan batch d3): each task lists its lead, its support and its time under letters
    (`a) Cơ quan chủ trì: Sở Nội vụ;` / `b) Cơ quan phối hợp: ...;` / `c) Thời gian thực hiện: Hoàn thành
    trước ngày 31 tháng 10 năm 2025.`): the lettered labels are the dash's labels."""
    s = ("Cần Thơ, ngày 15 tháng 9 năm 2025\n"
         "3. Rà soát lại các văn bản của Đảng, Nhà nước và của thành phố về thực hiện công tác dân vận, cụ thể:\n\n"
         "a) Cơ quan chủ trì: Sở Nội vụ;\n"
         "b) Cơ quan phối hợp: Các cơ quan, đơn vị, địa phương;\n"
         "c) Thời gian thực hiện: Hoàn thành trước ngày 31 tháng 10 năm 2025.\n\n"
         "4. Tiếp tục triển khai thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng, cụ thể:\n")
    text = Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1)))
    found = extract_deadlines(text)
    assert [(d.date, d.actor, d.support) for d in found] == [
        ("2025-10-31", "Sở Nội vụ", ("Các cơ quan, đơn vị, địa phương",))]


def test_a_training_schedules_dated_fields_are_deadlines_and_its_invitees_lose_their_remarks():
    """A Phú Thọ plan of training (scan batch d3): `- Thời gian thực hiện: Ngày 26, 27/12/...` is due on the
    last day; `- Thời gian dự kiến: 8h00-10h00 ngày 28/12/...` is a session those its `Thành phần:` names
    attend, less the remark in brackets on how they attend (a bracket opening with a capital is a name's)."""
    s = ("Phú Thọ, ngày 20 tháng 12 năm 2025\n"
         "1. Cài đặt hệ thống phần mềm\n- Cài đặt hệ thống phần mềm tại máy chủ của đơn vị.\n"
         "- Thời gian thực hiện: Ngày 26, 27/12/2025\n"
         "2. Hướng dẫn sử dụng phần mềm\n- Khai mạc chương trình tập huấn.\n"
         "- Thành phần: Lãnh đạo sở, lãnh đạo và chuyên viên các phòng ban thuộc Sở và Trung tâm CNTT (Văn phòng Sở) "
         "(các phòng ban thuộc Sở cử 01 lãnh đạo đại diện và 01 chuyên viên).\n"
         "- Địa điểm: Phòng họp Sở (tầng 2)\n- Thời gian dự kiến: 8h00-10h00 ngày 28/12/2025\n")
    found = extract_deadlines(Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1))))
    assert [(d.date, d.kind) for d in found] == [("2025-12-27", "due"), ("2025-12-28", "event")]
    assert found[1].actor == ("Lãnh đạo sở, lãnh đạo và chuyên viên các phòng ban thuộc Sở và Trung tâm CNTT "
                              "(Văn phòng Sở)")


def test_an_event_over_a_list_of_days_begins_on_the_first_and_a_task_ends_on_the_last():
    """A Bắc Giang letter of scan batch d3 (`Thời gian tổ chức Hội thi: Dự kiến ngày 04 và 05/10/2012`) and a
    Phú Thọ plan (`Thời gian thực hiện: Ngày 26, 27/12/2011`): a contest is held from its first day, a task
    is due on its last."""
    assert [(d.date, d.kind) for d in extract_deadlines(text("Thời gian tổ chức Hội thi: Dự kiến ngày 04 và 05/10/2025."))] \
        == [("2025-10-04", "event")]
    assert [(d.date, d.kind) for d in extract_deadlines(text("- Thời gian thực hiện: Ngày 26, 27/12/2025"))] \
        == [("2025-12-27", "due")]
