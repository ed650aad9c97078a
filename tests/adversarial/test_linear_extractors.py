"""Every pattern this round added over document text stays linear on hostile text: a 100,000-letter
word, a megabyte line of one repeated character, long runs of the characters the new patterns key
on (OCR repairs, the header's number and date lines, the legal-basis headings, task tables,
invitation lists, names before law numbers)."""
from __future__ import annotations

import time

import pytest

from pipeline.extract.deadlines import extract_deadlines
from pipeline.extract.effects import extract_effects
from pipeline.extract.header import extract_header
from pipeline.extract.references import extract_references, legal_basis_sections
from pipeline.extract.targets import extract_targets
from pipeline.extract.tasks import row_roles
from pipeline.read.ocr_fix import repair
from pipeline.read.ocr_layout import page_text, words_from_tsv
from pipeline.read.scan import garbled
from pipeline.read.text import Text
from pipeline.record import rule_orgs

HOSTILE = {
    "long word": "a" * 100_000,
    "long marked word": "ầ" * 100_000,
    "spaces": " " * 1_000_000,
    "digits and dots": "1." * 200_000,
    "pipes": " | " * 200_000,
    "number lines": "Số: " * 100_000,
    "dates without times": "1.1.2000 " * 50_000,
    "V/v cues": "V/" * 300_000,
    "law names": "Luật Thống kê " * 30_000,
    "headings": "1. Cơ sở pháp lý\n" * 30_000,
    "invitations": "Thành phần mời:\n- " * 30_000,
    "hyphen gaps": "15/2020/TT- " * 50_000,
    "invitations without a summary": "GIẤY MỜI\nmời dự Hội nghị " + "a " * 200_000,
    "initials subjects": "Tập đoàn A (PVN), " * 20_000 + ": PVN khẩn trương " * 20_000 + "trước ngày 15/10/2025.",
    "proposals before citations": ("của Sở A " + "b " * 50 + "tại Công văn số 1/XY ngày 01/01/2025; ") * 5_000,
    "section lines": "nhiệm vụ\n2.1 Bộ Công Thương\n" * 30_000 + "hoàn thành trong tháng 10 năm 2025.",
    "timing paragraphs": ("Sở A, huyện, Sở B, " * 20_000 + "\n\nThời gian hoàn tất: trước ngày 25/7/2014.\n") * 4,
    "papers owed": "Công văn phúc đáp của Sở A " + "b " * 40 + ("của Sở B " * 20_000) + "gửi trước ngày 12/12/2025.",
    "long lines above deadlines": ("a " * 100_000 + "\n" + "- Hoàn thành trước ngày 12/12/2025.\n" * 200) * 4,
    "doubled hyphen gaps": "138/CĐ- - " * 50_000 + "11/CT- -FTE " * 20_000 + "18-NQ/I'W " * 20_000,
    # this stop's patterns
    "amending titles": "Luật sửa đổi, bổ sung một số điều của Luật Thống kê và " * 20_000,
    "listed repeals": "Các Thông tư sau đây hết hiệu lực: Thông tư số 23/2020/TT-BLĐTBXH; " * 10_000,
    "schedule rows": "TT | Trách nhiệm thực hiện | Thời gian (Năm 2026)\n1 | Sở Y tế | 20 giờ 15 phút ngày 23 tháng 1\n" * 10_000,
    "place lines": "Lâm Đẳng, ngày \n" * 50_000,
    "days run into junk": "Lâm Đồng, ngày-1A{?-ngày-1A{? " * 20_000,
    "bent TTg codes": "1/CĐ-TTETTEg-TTE8 Đối với Sở A Sở B Sở C " * 10_000,
    "semicolon headings": "8. Các sở; UBND các xã; các cơ quan\n" * 10_000 + "a) trước ngày 30/01/2026.\n",
    "signature names": "Nơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\ntượng tá Mai Thị Thu Vân\n" * 20_000,
    "slash codes": "57/NQ/TW/" * 50_000,
    "subjects with verbs": "Ban Thường trực Ủy ban MTTQ xã Lương Minh giám sát trước ngày 20/02/2026. " * 10_000,
    "count floors": "ít nhất là 12 cuộc; đảm bảo " * 30_000,
    # issue 15, round 3
    "law initials": "Luật Khám bệnh, chữa bệnh; Luật KBCB; Luật AB; Luật ABC; " * 5_000,
    "party congresses": "Nghị quyết Đại hội đại biểu toàn quốc lần X của Đảng Cộng sản Việt Nam: " * 5_000,
    "asking subjects": "Chủ tịch UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở A, Sở B, " * 5_000 + "trước ngày 01/02/2026.",
    "task labels": "- Đơn vị chủ trì thực hiện: Sở A chủ trì, phối hợp với Sở B.\n- Thời gian: trước ngày 01/02/2026.\n" * 5_000,
    "invitations in sentences": "trân trọng kính mời Lãnh đạo các Bộ tham dự Hội nghị lúc 08 giờ, ngày 09 tháng 10 năm 2025. " * 5_000,
    "wrapped objects": "d) Định kỳ báo cáo\nBan Bí thư theo yêu cầu vào thứ Sáu hàng tuần.\n3. Sở A có trách nhiệm.\n" * 5_000,
    "list lead-ins": "UBND tỉnh giao Sở Nội vụ chủ trì triển khai các nội dung sau:\n1. Báo cáo trước ngày 01/02/2026.\n" * 5_000,
    # issue 18: lists of repealed provisions, provisions before a passive verb, published lists
    "listed provisions": "Các văn bản và quy định sau đây hết hiệu lực:\nb) Điều 3 khoản 2 Điều 7 Nghị định số 161/2018/NĐ-CP;\n" * 5_000,
    "provisions before the verb": "2. Các quy định tại khoản 1, khoản 2 Điều 1, Điều 2\nThông tư số 37/2021/TT-BLĐTBXH\nBộ A hết hiệu lực. " * 5_000,
    "published lists": "thay thế Danh mục TTHC được công bố tại các Quyết định: Số 2196/QĐ-UBND, số 1741/QĐ-UBND, " * 5_000,
    "nested titles": "Nghị định số 95/2021/NĐ-CP sửa đổi, bổ sung Điều 1, 2, 3, 4 của Nghị định số 83/2014/NĐ-CP được " * 5_000,
    "instruments": "Công ước quốc tế về quyền, xã hội, văn hóa, " * 10_000 + "Văn kiện Đại hội Đảng toàn quốc lần " * 5_000,
    "bent dates": "10 thẳng l1 năm n2025 rước ngày 1 kê từ khi " * 20_000,
    "summaries split by blank lines": "Số: 12/VPCP-CN\nHà Nội, ngày 10 tháng 10 năm 2025\nCÔNG ĐIỆN\n" + "\n\nxử lý tình trạng" * 30_000,
    "codes broken at a line end": "Công văn số 574/UBND-\nNC-\nKS(PC04)-\n" * 20_000,
    "lost letters and place dots": "Sở ài chính iệp hội Lâm Đông. ngày Ì0 tháng 10\n" * 20_000,
    # the entry into force, found from its tail `này có hiệu lực` (effects._force_matches)
    "entries into force": "Luật này có hiệu lực " * 10_000,
    "spaces before an entry into force": (" " * 1000 + "này có hiệu lực") * 1000,
    # the actor fallback's naming rules: table names whose dash may be spaced any way, places after heads
    "dashes in names": "Bộ Lao động " + "- " * 100_000 + "Thương binh",
    "spaced dashes": "Sở Lao động -Thương binh và Xã hội -" * 20_000,
    "places after heads": "Trường Sa, Trường " * 30_000,
    # targets a report restates in brackets, and brackets that only begin like one
    "restated targets": "đạt 97,28% (chỉ tiêu đề ra là tối thiểu\n98%). " * 20_000,
    "open target brackets": "(4/15 sở, ngành, chỉ tiêu đề ra là tối thiểu " * 20_000 + "20%)",
    "statement breaks": ("a) " * 5_000 + "(chỉ tiêu 5%)") * 20,
    "weekly rules before the day": "hằng tuần trước 16 giờ ngày " * 20_000 + "thứ Sáu",
    # a sentence wrapped over many lines, and a long list of bodies a report goes to
    "wrapped sentences": "UBND tỉnh giao Sở A chủ trì, phối hợp với các cơ\n" * 20_000 + "(trước ngày 10/02/2025).",
    "wrapped lines": "Giao Trung tâm Xúc tiến đầu tư và du\nlịch tỉnh tổ chức, hoàn\nthành trong tháng 12/2025 " * 10_000,
    "laws named before their numbers": "Luật A số 69/2020/QH14; Luật A; Luật B năm 2014; " * 10_000,
    "daily hours": "trước 15 giờ 30 phút " * 30_000 + "hằng ngày",
    "wrapped goals": "quyết tâm hoàn thành mục\ntiêu giải ngân 100% kế hoạch vốn đạt tối thiểu\n" * 10_000,
    "wrapped cues": "Căn cứ Luật A theo hợp\nđồng số 69/2020/QH14; Ngày 12/06/2025 đã ban hành\n" * 10_000,
    "reported-to lists": "báo cáo " + "Bộ A, " * 50_000 + "UBND tỉnh (trước ngày 10/02/2025).",
    # stop 32: law names wrapped at a line end, rates and ranges of shares, the way a paper goes, items
    # that assign, sentences going on from the line above, lead-ins that ask, congresses put off
    "wrapped law names": "Luật Khoa học, công\nnghệ, " * 20_000 + "Luật " + "a" * 100_000,
    "rates before shares": "tỷ lệ " * 30_000 + "đạt trên 90% kế hoạch; " + "tỷ lệ giải ngân đạt trên 90% kế hoạch, " * 20_000,
    "ranges of shares": "đạt 60 - 70% số xã, " * 20_000 + "phấn đấu 1 – " * 20_000 + "2%",
    # stop 34: the Party centre's documents named short, a body shared by a list, shares in words
    "party documents named short": "Nghị quyết 57 và Kết luận 12, " * 20_000 + "của Bộ Chính trị",
    "a party body shared by a list": "Nghị quyết số 57-NQ/TW, 68-NQ/TW và " * 20_000 + "của Ban Bí thư",
    "shares in words": "ít nhất ba mươi mươi mươi " * 20_000 + "phần trăm tổng số",
    # the header's adoption formula and authority line, an amending law's enacting words, `pháp luật số`
    "a word after an adoption formula": "Nghị quyết này được thông qua ngày 23 tháng 3 năm " + "2" * 100_000,
    "an authority line of one word": "ỦY BAN\nSố: 1/QĐ-UB\nNGHỊ QUYẾT\nVề việc A\n\nỦY BAN " + "Ủ" * 100_000,
    "enacting words of one word": "Quốc hội ban hành Luật sửa đổi, bổ sung của Luật " + "A" * 100_000 + " số 85/2015/QH13",
    "law in general before numbers": "quy phạm pháp luật số 80/2015/QH13, " * 20_000,
    "the way a paper goes": "(qua Bộ A, Văn phòng B, " * 20_000 + "Sở C báo cáo trước ngày 05/7/2026.",
    "items that assign": ("2. Trên cơ sở báo cáo, " + "giao " * 300 + "\n") * 300 + "hoàn thành trước ngày 20/02/2025.",
    "sentences going on": ("Các sở; UBND các xã " * 10_000 + ";\nđịnh kỳ hàng năm (trước ngày 15/11) báo cáo.\n") * 3,
    "lead-ins that ask": ("Thủ tướng yêu cầu Chủ tịch UBND các tỉnh" + " a" * 50 + ":\n1. Báo cáo hàng năm.\n") * 5_000,
    "congresses put off": "gia hạn thời gian tổ chức đại hội " + "Hiệp hội A " * 30_000 + "đến ngày 30/9/2025.",
    "numbers without a slash": "Nghị định 1-CP, " * 30_000 + "9" * 50_000 + "-CP",
    "preambles run on": "Căn cứ Luật A; " * 20_000 + "Xét Tờ trình số 1/TTr-SNV;",
    "papers in brackets": "Bộ Tài chính (Văn bản số 1/TC-CS), " * 20_000,
    # stop 35: a name wrapped after its head word
    "names wrapped after the head": "Công văn số 1/SNV-VP ngày 2/1/2024 của Sở\n" * 20_000 + "A" * 100_000,
    "a precedent's head of many days": "Án lệ số 1/2016/AL\nĐược Hội đồng " + "A" * 100 + " thông qua ngày " + "1, " * 50_000,
    "party numbers with dashes only": "1-NQ-TW " * 30_000 + "9" * 50_000 + "-NQ-TU",
    "standards' numbers": "QCVN 09:" * 30_000 + "2024/BGTVT",
    "papers cited once each": "".join(f"Công văn số {i}/UBND-VP ngày 01/01/2025 của Sở A; " for i in range(20_000)),
    "glued day-first duties": ("Chậm nhất là ngày 05 hàng tháng, tổ chức thu phí phải gửi tiền.\n") * 5_000,
    # stop 36: OCR's bent code parts and dates, months unread, strokes in a signature, laws at line ends
    "code tails": "1/" + "A-" * 50_000 + "a",
    "bent months, years and days": "tháng /2năm tháng 1 nắm ngãy " * 20_000 + "tháng",
    "places without commas": "Hà Nội ngày\n" * 30_000,
    "unread months": "Lâm Đồng, ngày 2? tháng ở " * 20_000 + "năm",
    "stroke lines": "Nơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nñ\n" * 20_000,
    "laws at line ends": "Luật A số\n" * 30_000 + "1/2020/QH14",
    # stop 37: names under a seal (a family name bent or its head hidden, marks before it)
    "names under a seal": "Nơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nvàn\n" + "ab cd; “uyễn Văn" * 30_000 + "\n",
    "posts bent under a seal": "Nơi nhận:\n- Lưu: VT.\n" + "CHU TỊCH\nỰ\n" * 20_000,
    "strokes between prefixes": "Nơi nhận:\n- Lưu: VT.\n" + "TL. CHỦ TỊCH\nTên\nKT. GIÁM ĐỐC\nGIÁM ĐỐC\nNỘI\n" * 10_000,
    "words glued from three syllables": "UBND TỈNHLÂMĐÒNG HOAHOAHOAHOAHOAHOAHOA " * 20_000,
    "summaries under the right column": ("Số: 1/UBND-NC\nV/v a\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                         "Lâm Đồng, ngày 1 tháng 1 năm 2025\n" + "giải pháp   \n\n" * 40_000 + "Kính gửi:"),
    "summaries over commas and codes": "THÔNG BÁO\n\nKết luận,\n\n" + "Phó Chủ tịch a,\n\nV/v 1/BNV-\nCCHC\n" * 20_000,
    "places alone before a day": "Bình Thuận Lâm Đồng Hà Nội Huế, ngày\n" * 15_000,
    "heads with marks and names in capitals": "ỦY, BAN NHÂN. DÂN VAN PHONG HA NOI, " * 15_000,
    "years with a space inside": "số 57/201 4/QH13 1/2 3/ " * 30_000,
    "bent family names": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nxyz\n" + "ương Văn Hà Lộc Minh Tân\n" * 20_000,
    # stop 38: specks read as full stops; a congress put off before a clause's own cue
    "specks between words": "phối. hợp lý. dự án. " * 50_000,
    "congresses agreed on days": "Thống nhất để Hội A\ntổ chức đại hội vào ngày 1/1/2026, " * 4_000,
    "congresses put off in one clause": "gia hạn tổ chức đại hội Hiệp hội A nhiệm kỳ " * 15_000 + "chậm nhất đến ngày 30/9/2025",
    # stop 39: names' first letters over and over (the alternations quick to scan for), signing prefixes
    "heads' first letters": "Sở Sở-Sở/Sở xSở Ủy ban Ủy Bộ Bộ-Y Ban Ban Chỉ " * 20_000,
    "signing prefixes": "TM TL. KT T/M K.T Q " * 30_000,
    "bodies before time limits": "2. Sở A trong thời gian 12 ngày kể từ ngày nhận, " * 15_000,
    "indicator tables": "| TT | Chỉ tiêu | Đơn vị | Chỉ tiêu năm 2024 |\n" + "| 1 | Tỷ lệ tối thiểu | % | 50 |\n" * 20_000,
    "one row of units": "| TT | Chỉ tiêu | Đơn vị | Kế hoạch |\n" + " | %" * 100_000,
    "bare list numbers": "1.\nMục tiêu\n1.1. 20% số trạm\n" * 20_000,
    "items naming one conference": "1. Hội nghị A lần thứ nhất được tổ chức đến ngày 10/12/2025.\n" * 30_000,
    "duties named as nouns": "Việc giới thiệu của các cơ quan của Sở A của Ban B " * 8_000 + "được tiến hành đến ngày 25/01/2026.",
    "bare ranges under a goal": "Mục tiêu:\n1.2. Phấn đấu đơn giản hóa " + "15-20-" * 30_000 + "20% thủ tục.",
    "count ranges under a goal": "Phấn đấu kết nạp " + "10 - 15 hội viên, " * 40_000,
    "convened by bodies": "Hội nghị được tổ chức đến ngày 10/12/2025 do Ban A do Sở B do Hội C " * 8_000 + "triệu tập.",
    # stop 40: a number written in by hand that OCR bent (`Số:ổ0 /BC-UBND`)
    "bent handwritten numbers": "Số:ổ0 " * 100_000 + "Số:8#" + " " * 100_000 + "/BC-UBND",
    "codes broken over blank lines": "1744/QĐ-\n\n" * 50_000 + "BGTVT",
    "stuttered code letters": "số 87/HĐ" + "Đ" * 1_000_000 + "ND-KTNS",   # each letter was tried: quadratic
    "levels before prose": "Báo cáo số 1/BC-UBND của UBND tỉnh " + "tỉnh tỉnh " * 50_000 + "tổng hợp.",
    "posts before line ends": "Quyết định số 1/QĐ-UBND ngày 01/01/2024 của Chủ tịch\n" * 20_000,
    "labels under a summary": "THÔNG BÁO\n\nKết luận của Chủ tịch\n\n" + "quan, đơn vị " * 30_000 + ":",
    # stop 41: numbers split before a slash, Party types read with a `1`, lists after a colon, preambles
    "numbers split before slashes": "số 1 2⁄2021/QĐ-TTg số 3 " * 20_000 + "1/2024/QH15",
    "party types with a one": "1594-1B/" * 100_000 + "TU",
    "parts after line ends": "1/BC-\n" * 100_000 + "SIP",
    "lists after colons": "Căn cứ các Nghị định của Chính phủ: " * 30_000 + "số 1/2024/NĐ-CP",
    "committees before papers": "của UBND huyện A tại " * 30_000 + "Tờ trình số 304/TTr-UBND",
    "cues with a speck": "Căn cứ. " * 100_000 + "Quyết định số 1/QĐ-TTg",
    "types with a one after a slash": "1/1Tr-" * 100_000 + "SNV",
    "numeric dates split by a space": "24/1 1/2017 1 9/6/20 " * 40_000 + "15",
    "amending words with a capital": "lật Sửa đổi, " * 80_000 + "bổ sung",   # each looked back over the whole text
    # stop 42: a `§` speck in a code's word (`BCĐ38§9QNg`); a pattern rescanned a long word from each dash
    "a long code's word and a speck": "1-" * 200_000 + " " + "12/A§B " * 20_000,
    # stop 48: amending titles OCR bent, laws named in a decree's title, a colon after the year word
    "bent amending words": "Luật sửa\nđi, bổ Sung mỘt số điệu của Luật T: ổ chúc, Luật\n" * 20_000,
    "laws named in titles": "Nghị định số 1/2020/NĐ-CP hướng dẫn thi hành một số điều của Luật A và Điều 7 Luật B, " * 10_000,
    "years after a colon": "ngày 1 tháng 2 năm: " * 50_000 + "1999",
    "amending words over spaces": "sửa " + " " * 200_000 + "đổi, bổ sung " * 20_000,
    # stop 49: `luật` in lower case before a known name, `Bộ` and `luật` parted by a line end
    "lower-case laws": "của luật Thi đua khen thưởng, luật Tổ chức, pháp luật Đất đai, Bộ\nluật Dân sự " * 20_000,
    "a wrapped Bộ over spaces": "Bộ" + " " * 200_000 + "\n" + " " * 200_000 + "luật",
    "second possessors": "Chỉ thị số 2/CT-BTC của Bộ A và chỉ đạo và ý kiến và " * 20_000,
    # stop 50: issuers cut at a line end, `Tp.` in a name, empty cells, dangling joiners, OCR cues
    "issuers cut at heads": "Kế hoạch số 1/KH-ĐHTĐ của Trường Đại\n" * 10_000 + "của Ủy\n" * 20_000,
    "city abbreviations": "Công văn số 1/BHXH của BHXH Tp. " * 20_000,
    "empty cells": "TT | Nội dung | Thời gian hoàn thành | Cơ quan chủ trì\n1 | Báo cáo | | 15/3/2026 | | Sở Y tế\n" * 5_000,
    "dangling joiners": "Sở A đề nghị Sở B" + " và" * 50_000 + " trước ngày 15/8/2025.",
    "bent recipients": "Mới nhận:\nsó:1/UB\nTp. Hà Chí Minh, ngày\" Tháng 05 năm 2015\n" * 10_000,
    # stop 51: addresses (no actor after `địa chỉ:`), signs glued to `ngày` before `tháng`
    "addresses": "đề nghị gửi về Sở A theo địa chỉ: Phòng Tổng hợp, Sở A, " * 20_000 + "trước ngày 15/02/2012.",
    "signs glued to a day's cue": "ngày)" + ")" * 200_000 + " tháng " + "ngàye)l\\ tháng 10 " * 20_000,
}


def _text(s: str) -> Text:
    return Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1)))


@pytest.mark.parametrize("name", HOSTILE)
def test_the_new_patterns_are_linear(name):
    s = HOSTILE[name]
    started = time.perf_counter()
    repair(s)
    garbled(s)
    extract_header(s)
    legal_basis_sections(s)
    references = extract_references(_text(s), {"type": "Tờ trình"})
    extract_effects(_text(s), references, {"type": "Thông tư"})
    extract_deadlines(s, own_actor="Ban Thường trực")
    extract_targets(s)
    row_roles(s, len(s) // 2)
    assert time.perf_counter() - started < 20, name


@pytest.mark.parametrize("name", HOSTILE)
def test_the_actor_fallbacks_naming_rules_are_linear(name):
    """The deadlines' default actor fallback (`pipeline.record.actor_orgs`: the naming rules) over a
    whole hostile text, and as the deadlines call it, on the window of each deadline's task item."""
    started = time.perf_counter()
    rule_orgs(HOSTILE[name])
    extract_deadlines(HOSTILE[name], ner=rule_orgs)
    assert time.perf_counter() - started < 20, name


def test_the_ocr_layout_is_linear_in_words():
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t{n // 10}\t{n}\t{(n % 10) * 150}\t{(n // 10) * 3}\t100\t30\t90\tchữ" for n in range(50_000)]
    started = time.perf_counter()
    page_text(words_from_tsv("\n".join([head, *rows])), width=1654, height=200_000)
    assert time.perf_counter() - started < 10


def test_a_page_ruled_into_thousands_of_cells_is_read_in_linear_time():
    """A form ruled every 40 pixels (78 rows, 55 columns) under thousands of words: each word finds
    its cell by bisection."""
    import numpy

    from pipeline.read.ocr_layout import Word
    from pipeline.read.ocr_tables import ruled_tables, with_tables

    page = numpy.full((3300, 2400), 250, dtype=numpy.uint8)
    page[100:3200:40, 100:2300] = 0
    page[100:3200, 100:2300:40] = 0
    words = [Word("chữ", x, y, x + 30, y + 10, 1, 1, n, 90.0)
             for n, (x, y) in enumerate((x, y) for x in range(110, 2300, 20) for y in range(110, 3200, 15))]
    started = time.perf_counter()
    [table] = ruled_tables(page)
    rows = with_tables(words, [table])
    assert len(table.columns) > 50 and len(rows) < len(words)
    assert time.perf_counter() - started < 5


def test_ocr_bent_law_names_are_looked_up_a_bounded_number_of_times():
    """A scan of thousands of `Luật` followed by names no table knows: each OCR'd name is compared
    with the known ones (about 2 ms), at most `MAX_BENT_LOOKUPS` times a text."""
    s = "".join(f"Căn cứ Luật Xây dưng công trình số {i} ngày 1/1/2020;\n" for i in range(20_000))
    text = Text(source="t.pdf", format="pdf", text=s, raw=s, raw_offsets=list(range(len(s) + 1)),
                pages=((0, len(s)),), ocr_pages=(1,))
    started = time.perf_counter()
    extract_references(text)
    assert time.perf_counter() - started < 20



def test_a_page_of_a_hostile_size_is_rendered_for_its_tables_within_a_pixel_budget(tmp_path):
    """A task table's page whose MediaBox is 200 inches square: rendered for its rules at no more
    than `MAX_PIXELS`, not at 150 dpi (900 million pixels)."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    from pipeline.read.pdf_tables import MAX_PIXELS, tabled

    path = tmp_path / "huge.pdf"
    page = canvas.Canvas(str(path), pagesize=(14_400, 14_400))
    page.drawString(100, 14_000, "STT Nội dung Cơ quan chủ trì Thời gian hoàn thành")
    page.save()
    document = pdfium.PdfDocument(str(path))
    rendered = []
    original = pdfium.PdfPage.render

    def spy(self, **options):
        bitmap = original(self, **options)
        rendered.append(bitmap.width * bitmap.height)
        return bitmap

    pdfium.PdfPage.render = spy
    try:
        tabled(document[0], "STT", [(100.0, 14_000.0, 120.0, 14_010.0)] * 3)
    finally:
        pdfium.PdfPage.render = original
    assert rendered and rendered[0] <= MAX_PIXELS * 1.01


SCANNED = ("long word", "spaces", "law names", "amending titles", "bent amending words", "laws named in titles",
           "years after a colon", "amending words over spaces", "wrapped lines", "wrapped cues", "headings")


@pytest.mark.parametrize("name", SCANNED)
def test_an_ocr_texts_reading_is_linear(name):
    """An OCR'd text is read line end by line end (`lines.flowing`) and its law names looked up as
    bent: the same hostile texts, as a scan's page, stay linear."""
    s = HOSTILE[name]
    scan = Text(source="s.pdf", format="pdf", text=s, raw=s, raw_offsets=list(range(len(s) + 1)),
                pages=((0, len(s)),), ocr_pages=(1,))
    started = time.perf_counter()
    extract_references(scan, {"type": "Quyết định"})
    extract_deadlines(scan)
    assert time.perf_counter() - started < 20, name


def test_a_notices_audience_is_read_in_linear_time():
    """`Đối tượng:` whose item runs on over 100,000 lines, and 100,000 cues with nothing after them."""
    from pipeline.extract.deadlines_roles import audience

    started = time.perf_counter()
    assert audience("1. Đối tượng: Sinh viên\n" + "các khóa\n" * 100_000) is None   # longer than a name
    audience("Đối tượng: \n" * 100_000)
    assert time.perf_counter() - started < 5
