"""Targets: phrase -> (value, unit, comparator); achieved figures and rules are not targets."""
from __future__ import annotations

import pytest

from pipeline.extract.targets import extract_targets

CASES = [
    ("Phấn đấu 100% các đơn vị hoàn thành xuất sắc nhiệm vụ.", 100, "%", "="),
    ("Phấn đấu có từ 20% trở lên số đơn vị được UBND tỉnh tặng Bằng khen", 20, "%", ">="),
    ("- Mỗi đơn vị phấn đấu đạt trên 90% CBCNV và người lao động đạt danh hiệu", 90, "%", ">"),
    ("Phấn đấu được UBND tỉnh tặng ít nhất 01 Cờ thi đua xuất sắc.", 1, "count", ">="),
    ("Phấn đấu mức độ hài lòng của người dân, doanh nghiệp đạt tối thiểu 90%.", 90, "%", ">="),
    ("Bảo đảm bãi bỏ ít nhất 30% điều kiện đầu tư kinh doanh không cần thiết.", 30, "%", ">="),
    ("Mục tiêu: tỷ lệ hồ sơ trễ hạn không quá 5% tổng số hồ sơ.", 5, "%", "<="),
    ("- 100% hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trên Hệ thống.", 100, "%", "="),
    # a range is a target at its lower bound (ANNOTATION.md's own example, `đạt 60-70%`)
    ("Phấn đấu tỷ lệ xã đạt chuẩn đạt 60-70% tổng số xã.", 60, "%", ">="),
]

NOT_TARGETS = [
    "Năm 2024, tỷ lệ hồ sơ đúng hạn đã đạt 95% số hồ sơ tiếp nhận.",
    "Lãi suất nợ quá hạn bằng 130% lãi suất vay vốn.",
    "Luật Giáo dục (44/115 điều, chiếm tỷ lệ: 38,26%).",
    "Trung ương chỉ bảo đảm được khoảng 25 tỷ đồng/năm (chỉ đáp ứng 15% nhu cầu).",
    "thương binh có tỷ lệ suy giảm khả năng lao động từ 81% trở lên",
    # a range in a condition of eligibility (congbot_49, a province's resettlement support)
    "- Hộ gia đình là thương binh, bệnh binh mất sức từ 21%-80%, phải phá dỡ nhà chính để giải phóng mặt bằng",
    "Thời hạn giải quyết không quá 15 (mười lăm) ngày làm việc kể từ ngày nhận hồ sơ.",
]


@pytest.mark.parametrize("phrase, value, unit, comparator", CASES)
def test_phrase(phrase, value, unit, comparator):
    found = extract_targets(phrase)
    assert [(t.value, t.unit, t.comparator) for t in found] == [(value, unit, comparator)]
    target = found[0]
    assert phrase[target.start:target.end] == target.text
    assert target.to_json()["value"] == value


@pytest.mark.parametrize("phrase", NOT_TARGETS)
def test_not_a_target(phrase):
    assert extract_targets(phrase) == []


def test_coordinated_figures_share_their_cue():
    phrase = "b) Bảo đảm bãi bỏ ít nhất 30% điều kiện đầu tư kinh doanh, 30% chi phí tuân thủ thủ tục hành chính;"
    assert [(t.value, t.comparator) for t in extract_targets(phrase)] == [(30, ">="), (30, ">=")]


def test_text_holds_what_is_measured():
    phrase = "2. Phấn đấu đến hết năm 2026, mức độ hài lòng của người dân về giải quyết thủ tục hành chính đạt tối thiểu 90%."
    target = extract_targets(phrase)[0]
    assert "mức độ hài lòng của người dân" in target.text
    assert len(target.text) <= 400


def test_a_rate_is_what_its_share_measures():
    """A province's CCHC plan (lamdong_5a984d5c, tune): the words after the figure are what the share
    is of; the rate before it is what is measured, so the target's text starts there."""
    s = ("Phấn đấu hằng năm tỷ lệ giải ngân kế hoạch vốn đầu tư công từ nguồn ngân sách nhà nước đạt trên 90% "
         "kế hoạch được cấp có thẩm quyền giao.")
    [target] = extract_targets(s)
    assert target.text.startswith("Phấn đấu hằng năm tỷ lệ giải ngân") and (target.value, target.comparator) == (90, ">")


def test_a_guides_floor_is_a_target_and_sizes_are_not():
    """An election guide (shape of the luongminh guide, tune half): a minimum count of meetings is a
    goal; a line spacing of a formatting guide (`tối thiểu là 18pt`) or a page count is not."""
    from pipeline.extract.targets import extract_targets

    s = ("Mỗi người ứng cử đại biểu Quốc hội tiếp xúc cử tri ít nhất là 12 cuộc; cấp tỉnh ít nhất là 7 cuộc.\n"
         "Khoảng cách giữa các dòng tối thiểu là 18pt; văn bản có từ 2 trang trở lên phải đóng dấu giáp lai.\n"
         "Phấn đấu đảm bảo ít nhất 40% địa bàn cấp xã không ma túy.\n")
    found = [(t.value, t.unit, t.comparator) for t in extract_targets(s)]
    assert found == [(12.0, "count", ">="), (7.0, "count", ">="), (40.0, "%", ">=")]
    assert extract_targets(s)[-1].text.startswith("Phấn đấu đảm bảo ít nhất 40%")


def test_a_report_restates_its_targets_beside_what_was_reached():
    """A provincial report on the reform indexes (lamdong_fbcf417b, tune half): each bracket restates
    a target; the target's text is the statement it closes, across the PDF's wrapped lines, so it
    says what is measured; the figure reached beside it is no target."""
    s = ("c) Đối với công tác cải cách thủ tục hành chính: Tỉnh đã ban hành 137\n"
         "quyết định công bố danh mục thủ tục hành chính thuộc thẩm quyền quản lý,\n"
         "trong đó có 78 quyết định công bố đúng hạn, đạt tỷ lệ 56,9% (chỉ tiêu đề ra là\n"
         "100%). Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh đạt 97,28% (chỉ tiêu đề ra là tối thiểu\n"
         "98%). Đã tổ chức kiểm tra 42/139 cơ quan, đạt tỷ lệ\n"
         "30% (4/15 sở, ngành và 38/124 UBND cấp xã, chỉ tiêu đề ra là tối thiểu 20%).\n"
         "5. Về chính quyền số\n"
         "a) Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp, chỉ đạt\n"
         "51,79% (chỉ tiêu đề ra trong năm 2025 là 70%).\n"
         # `là đạt` (lamdong_21fd56fc, b14's tune half)
         "b) Tỷ lệ cấp kết quả giải quyết\nTTHC điện tử đạt 80,7% (chỉ tiêu đề ra là đạt 100%).\n")
    found = extract_targets(s)
    assert [(t.value, t.comparator) for t in found] == [(100, "="), (98, ">="), (20, ">="), (70, "="), (100, "=")]
    assert all(s[t.start:t.end] == t.text for t in found)
    assert found[0].text.startswith("Tỉnh đã ban hành 137") and "78 quyết định công bố đúng hạn" in found[0].text
    assert found[1].text.startswith("Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh đạt 97,28%")
    assert found[3].text.startswith("a) Tỷ lệ hồ sơ trực tuyến")
    assert found[4].text.startswith("b) Tỷ lệ cấp kết quả giải quyết\nTTHC điện tử")
    assert extract_targets("Tỷ lệ hồ sơ đúng hạn đạt 97,28% (năm 2024 là 95%).") == []


def test_a_goal_on_the_line_a_pdf_wrapped_governs_the_figure():
    """A signed Quảng Ngãi thông báo (quangngai_vht534, digital tune half): `quyết tâm hoàn thành mục`
    / `tiêu giải ngân 100% kế hoạch vốn được giao` is one sentence over a PDF's line end; the goal
    governs the figure, and the target's text keeps the document's own line end."""
    s = ("nêu cao vai trò, trách nhiệm người đứng đầu; tăng cường hiệu quả công tác\n"
         "phối hợp giữa các cơ quan, đơn vị, địa phương; quyết tâm hoàn thành mục\n"
         "tiêu giải ngân 100% kế hoạch vốn được giao. Việc chậm trễ trong triển khai\n"
         "thực hiện và giải ngân kế hoạch vốn thì người đứng đầu phải chịu trách nhiệm\n"
         "trước UBND tỉnh, Chủ tịch UBND tỉnh.\n")
    (target,) = extract_targets(s)
    assert (target.value, target.comparator) == (100, "=")
    assert target.text == s[target.start:target.end] and "quyết tâm hoàn thành mục\ntiêu giải ngân 100%" in target.text


def test_a_figure_that_closes_its_item_is_told_by_the_words_before_it():
    """A Prime Minister's công điện (lit_194, a scan): `... tăng trưởng kinh tế cả nước năm 2025 phấn đấu
    đạt trên 8%, giải ngân đầu tư 100% ...`: the comma after 8% ends its item; what follows is the next
    target's, so the 8% keeps the words before it."""
    s = ("góp phần thực hiện mục tiêu tăng trưởng kinh tế\ncả nước năm 2025 phấn đấu đạt trên 8%, giải ngân đầu tư "
         "100% nguồn vốn Thủ\ntướng Chính phủ giao và giai đoạn 2026-2030 ở mức 2 con số.")
    eight = next(t for t in extract_targets(s) if t.value == 8)
    assert "tăng trưởng kinh tế" in eight.text and "giải ngân" not in eight.text


def test_a_share_a_law_writes_in_words_is_a_figure():
    """luongminh_83_2025_QH15: a law writes its quota in words (`bảo đảm có ít nhất ba mươi lăm phần
    trăm ... là phụ nữ`); the one grammar of number words reads it as 35%. A rate in words is no
    target, as in digits; words that make no number are none; `năm` the year before one is left out."""
    law = ("3. Số lượng phụ nữ được giới thiệu ứng cử đại biểu Quốc hội, bảo đảm có ít nhất ba mươi lăm phần trăm "
           "tổng số người trong danh sách chính thức những người ứng cử đại biểu Quốc hội là phụ nữ.")
    assert [(t.value, t.unit, t.comparator) for t in extract_targets(law)] == [(35.0, "%", ">=")]
    assert extract_targets("Phải nộp thuế theo thuế suất mười phần trăm trên giá bán.") == []   # a rate
    from pipeline.extract.numbers import percents_in_words, words_value

    assert [words_value(w) for w in ("mười lăm", "hai mươi mốt", "một trăm", "ba trăm lẻ tư", "một hai")] == \
        [15, 21, 100, 304, None]
    assert [v for _, _, v in percents_in_words("trong năm hai mươi phần trăm số hộ")] == [20]


def test_a_targets_text_takes_in_what_the_figure_measures():
    """lit_30-ttg (a scan, tune half): `..., trong đó khai thác than tăng từ 20% - 25% so với năm 2024`:
    the target's text runs from its clause's start (`trong đó` kept, a list's marker left out), so the
    words before the figure that say what it measures are in it. `đạt trên mức 8%` is `> 8%`: the
    `mức` after a reaching cue is the figure's own level, not a rate (`được hưởng mức 80%` is one)."""
    coal = ("- Đẩy mạnh khai thác than trong nước tối đa, đáp ứng mục tiêu tăng trưởng kinh tế năm 2025, "
            "trong đó khai thác than tăng từ 20% - 25% so với năm 2024.")
    found = extract_targets(coal)
    assert [(t.value, t.comparator) for t in found] == [(20.0, ">=")]
    assert found[0].text == "trong đó khai thác than tăng từ 20% - 25% so với năm 2024"
    growth = "Mục tiêu tăng trưởng kinh tế cả nước năm 2025 phấn đấu đạt trên mức 8% và giai đoạn sau ở mức 2 con số."
    assert [(t.value, t.comparator) for t in extract_targets(growth)] == [(8.0, ">")]
    assert extract_targets("Người có công được hưởng mức 80% mức trợ cấp hằng tháng.") == []


# An action programme's appendix of indicators (jp_Quyết_định_59_QĐ-BTNMT, a ministry's programme for 2024),
# as the readers write a table: one row a line, cells parted by ` | `.
INDICATORS = (
    "PHỤ LỤC SỐ 05 CÁC CHỈ TIÊU CẢI CÁCH THỦ TỤC HÀNH CHÍNH, QUY ĐỊNH KINH DOANH NĂM 2024\n"
    "| TT | Chỉ tiêu | Đơn vị | Chỉ tiêu năm 2024 | Đơn vị chủ trì theo dõi, đánh giá |  |  |\n"
    "| --- | --- | --- | --- | --- | --- | --- |\n"
    "| II | Nâng cao chất lượng phục vụ người dân, doanh nghiệp |  |  |  |  |  |\n"
    "| 2 | Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia tối thiểu. | % | 45 | Cục Chuyển đổi số | - Văn phòng Bộ |  |\n"
    "| 7 | Tỷ lệ công bố, công khai thủ tục hành chính đúng hạn. | % | 100 | Văn phòng Bộ | - Các Cục |  |\n"
    "| 8 | Hồ chứa được công bố dòng chảy tối thiểu sau đập | Công trình | Trên 600 | Cục Quản lý tài nguyên nước |  |  |\n"
    "\n"
    "| TT | Đơn vị | Số cán bộ | Ghi chú |\n"
    "| 1 | Văn phòng Bộ | 45 |  |\n")


def test_an_indicator_tables_rows_set_targets():
    found = [(t.value, t.unit, t.comparator, t.measure) for t in extract_targets(INDICATORS)]
    assert found == [
        (45, "%", ">=", "Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia tối thiểu"),
        (100, "%", "=", "Tỷ lệ công bố, công khai thủ tục hành chính đúng hạn"),
        (600, "count", ">", "Hồ chứa được công bố dòng chảy tối thiểu sau đập"),
    ]   # a table of staff (`Đơn vị` a body's column, no aimed figure) sets none
    assert extract_targets(INDICATORS)[0].text.endswith("tối thiểu. | % | 45")


def test_a_goal_sections_title_under_its_number_on_a_line_of_its_own():
    """A web page's text puts a list's number on a line of its own (`1.` / `Mục tiêu chung ...`): the
    figures of the items under that title are goals (the same programme)."""
    s = ("1.\nMục tiêu chung Phấn đấu hoàn thành các mục tiêu đặt ra:\n"
         "1.6. 100% hồ chứa thủy điện lớn đang vận hành được kiểm soát, giám sát trực tuyến.\n"
         "1.7. 20% số trạm quan trắc khí tượng thủy văn được tự động hóa.\n")
    assert [(t.value, t.unit) for t in extract_targets(s)] == [(100, "%"), (20, "%")]
    assert extract_targets(s.replace("1.\nMục tiêu chung", "Ghi chung"))[1:] == []


def test_a_bare_range_under_a_goal_is_a_target_at_its_lower_bound():
    """`Tiếp tục đơn giản hóa 15-20% thủ tục hành chính` among a programme's goals (ANNOTATION.md: a range
    is a target at its lower bound); the same range in a rule with no goal is none."""
    goal = "1.\nMục tiêu chung Phấn đấu hoàn thành các mục tiêu đặt ra:\n1.2. Tiếp tục đơn giản hóa 15-20% thủ tục hành chính.\n"
    assert [(t.value, t.comparator) for t in extract_targets(goal)] == [(15, ">=")]
    assert extract_targets("Người lao động bị suy giảm 15-20% khả năng lao động được hưởng trợ cấp.\n") == []


def test_a_count_a_goal_aims_at_as_a_range_is_a_target_at_its_lower_bound():
    """An association's report on its next term (lamdong_1310741a)."""
    s = ("Phấn đấu mỗi năm kết nạp 10 - 15 hội viên mới để cuối nhiệm kỳ đạt 170 - 180 hội viên; thành lập các "
         "Chi hội khu vực có đông Hội viên.\n")
    assert [(t.value, t.unit, t.comparator) for t in extract_targets(s)] == [(10, "count", ">="), (170, "count", ">=")]
    assert "15 hội viên mới" in extract_targets(s)[0].text
    # years, durations and a range no goal aims at are none
    assert extract_targets("Phấn đấu giai đoạn 2026 - 2030 tổ chức họp trong 10 - 15 ngày.\n") == []
    assert extract_targets("Năm 2025 đã kết nạp 10 - 15 hội viên mới.\n") == []
