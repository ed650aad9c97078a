"""Weak labels for the NER: ORG, PER and LOC found by rules, to train on where nobody annotated.

The rules reach further than the gazetteer (`gazetteer.py`) but stay rules:

- ORG: a head from `data/bodies.json` or `EXTRA_HEADS` (`Sở`, `Ban`, `Công ty`, `Hội`...) with the
  capitalised name after it (`Sở Thông tin và Truyền thông`, `Ban Tuyên giáo Tỉnh ủy`, `Văn phòng
  UBND tỉnh`) and its place (`Công an tỉnh`, `UBND huyện Ý Yên`); the issuer lines of the header.
- PER: the signer the header extractor found, wherever the name recurs; a surname from `SURNAMES`
  with capitalised syllables (`Lê Thành Đô`); a name after `đồng chí`, `ông`, `bà`.
- LOC: a place kind with its capitalised name (`xã Lương Minh` gives `Lương Minh`), a street
  (`đường Lê Lợi`), the provinces, `REGIONS` and `COUNTRIES`, the place of the date line.

They follow the guidelines in `corpora/ner/README.md` (what is a name, where it starts and ends);
what they miss or get wrong is what the trained model has to learn from hand-annotated sentences.

>>> [(e.text, e.label) for e in find_entities("Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với đồng chí Lò Văn Mừng.")]
[('Sở Thông tin và Truyền thông', 'ORG'), ('Lò Văn Mừng', 'PER')]
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..read.letters import UPPER
from .gazetteer import (
    COMMITTEES,
    GENERIC_AFTER,
    PLACE_KINDS,
    Entity,
    Taken,
    alternation,
    province_names,
    table,
    whole_name,
)
from .gazetteer import find_entities as gazetteer_entities

# Heads the bodies table lacks, for bodies outside the administration's own headers.
EXTRA_HEADS = (
    "Công ty", "Tổng công ty", "Tập đoàn", "Hợp tác xã", "Liên minh Hợp tác xã", "Hiệp hội", "Hội",
    "Liên hiệp", "Báo", "Tạp chí", "Đài", "Học viện", "Đại học", "Nhà xuất bản", "Quỹ", "Chi nhánh",
    "Bộ đội Biên phòng", "Bộ Tư lệnh", "Bộ Chỉ huy Quân sự", "Bộ Chỉ huy", "Quân khu", "Cảnh sát",
    "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn", "Đoàn", "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc",
    "Bảo hiểm xã hội", "Bảo hiểm Xã hội", "Cục Thuế", "Chi cục Thuế", "Hạt Kiểm lâm", "Kiểm lâm",
    "Trạm", "Đội", "Ban Quản lý", "Văn phòng Đăng ký", "Liên đoàn", "Tổng Liên đoàn", "Ủy ban",
    "Đảng Cộng sản Việt Nam", "Trường Chính trị", "Trung tâm Y tế", "Ngân hàng Chính sách xã hội",
    "Phòng Giáo dục và Đào tạo", "Thông tấn xã Việt Nam", "Đảng đoàn", "Ban cán sự đảng",
)
# A head that is a whole name alone (`Tỉnh ủy`, `UBND`); the others need a name or place after them.
WHOLE_HEADS = COMMITTEES + (
    "Ủy ban nhân dân", "UBND", "Hội đồng nhân dân", "HĐND", "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Ủy ban Mặt trận Tổ quốc", "UBMTTQ", "MTTQ", "Mặt trận Tổ quốc Việt Nam", "Mặt trận Tổ quốc",
    "Chính phủ", "Quốc hội", "Bộ Chính trị", "Ban Bí thư", "Thủ tướng Chính phủ", "Chủ tịch nước",
    "Kiểm toán Nhà nước", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Bảo hiểm Xã hội", "Công an",
    "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn", "Đảng Cộng sản Việt Nam", "Bộ Chỉ huy Quân sự",
    "Bộ đội Biên phòng", "Ban Thường vụ Tỉnh ủy", "Thông tấn xã Việt Nam", "Hội đồng Thi đua - Khen thưởng",
    "Ngân hàng Chính sách xã hội", "Trung tâm Y tế", "Liên đoàn Lao động",
)
SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lâm", "Mai", "Trịnh", "Trương", "Cao", "Lương", "Hà", "Tô",
    "Tạ", "Thái", "Châu", "Quách", "Lưu", "Kiều", "Vương", "Triệu", "Đào", "Chu", "Phùng", "Nông",
    "Lò", "Lường", "Giàng", "Sùng", "Thạch", "Mạc", "Hứa", "Lục", "Tăng", "Tống", "Khúc", "Đàm",
    "Âu", "Ninh", "Hầu", "Diệp", "Thân", "Doãn", "Nghiêm", "Bạch", "Quan", "Lã", "Vi", "Mùa",
    "Lầu", "Vàng", "Hờ", "Quàng", "Cầm", "Bế", "Ma", "Kim", "Danh", "Tiêu", "Lữ",
)
COUNTRIES = ("Việt Nam", "Lào", "Campuchia", "Trung Quốc", "Hoa Kỳ", "Nhật Bản", "Hàn Quốc", "Thái Lan",
             "Singapore", "Ấn Độ", "Liên bang Nga", "Cu Ba", "Cuba")
REGIONS = ("Tây Nguyên", "Tây Bắc", "Đông Bắc", "Nam Bộ", "Bắc Bộ", "Trung Bộ", "Tây Nam Bộ", "Đông Nam Bộ",
           "Đồng bằng sông Cửu Long", "Đồng bằng sông Hồng", "Biển Đông", "Hoàng Sa", "Trường Sa",
           "Duyên hải Nam Trung Bộ", "Bắc Trung Bộ")
# Lower-case syllables that finish a capitalised word of a name (`Nội vụ`, `Y tế`, `Điện lực`), besides
# those in the bodies table; any other lower-case syllable ends the name (`Bộ Y tế mời`).
WORD_ENDS = (
    "lực", "hành", "công", "sinh", "niên", "nữ", "binh", "dân", "sự", "phòng", "lâm", "quan", "thuế",
    "hội", "tế", "tin", "kê", "nghiệp", "tịch", "thức", "cứu", "viện", "học", "tạo", "án", "sát", "tra",
    "bạc", "hiểm", "hàng", "điện", "nước", "thanh", "hình", "báo", "chí", "xuất", "bản", "khu", "vực",
    "dục", "thao", "lịch", "trường", "nguyên", "nghệ", "đạo", "vận", "tải", "yếu", "giáo", "luật",
    "sư", "doanh", "triển", "dụng", "phẩm", "tác", "sản", "thác", "chức", "hợp", "lý", "trị", "nhân",
    "đồng", "thuật", "cáo", "liệu", "mại", "đẳng", "hiệp", "tịch", "vệ", "phố", "tin", "tư", "nữ",
)
# Capitalised words that open a sentence or a clause, not a name (`huyện Tuần Giáo Các xã ...`).
CAPITAL_WORDS = (
    "Các", "Về", "Người", "Những", "Trong", "Theo", "Tại", "Và", "Của", "Cho", "Đối", "Để", "Với", "Từ",
    "Đến", "Khi", "Nếu", "Thực", "Giao", "Đề", "Năm", "Ngày", "Tháng", "Số", "Thời", "Căn", "Kính", "Nơi",
    "Lưu", "Điều", "Mục", "Phần", "Chương", "Tổ", "Đơn", "Cơ", "Ông", "Bà",
)
# Words of a post, not of a name: `ông Phó Thủ tướng` is no man called Phó Thủ.
POST_WORDS = ("Phó", "Thủ", "Chủ", "Bộ", "Giám", "Trưởng", "Bí", "Chánh", "Tổng", "Đại", "Ủy", "Chỉ", "Cục",
              "Vụ", "Viện", "Hiệu", "Thứ", "Trung", "Chuyên", "Thường", "Ủy", "Thành", "Đồng", "Cán")
LOWER = "a-z" + "".join(sorted({c for c in map(chr, range(0xC0, 0x1EFA)) if c.isalpha() and c.islower()}))
_MOTTO = re.compile(r"C[ộỘ]NG\s+H[ÒÓOÒÒ]A\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
                    r"|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE)
_HONORIFIC = re.compile(r"(?:đồng\s+chí|Đồng\s+chí|đ/c|Đ/c|ông|Ông|bà|Bà)\s+$")
_PLURAL = re.compile(r"(?:các|Các|những|Những|mỗi|từng)\s+$")


def _words(names) -> str:
    return alternation(names)


def _word_ends(names) -> tuple[str, ...]:
    """The lower-case syllables right after a capitalised one in the tables' names, and `WORD_ENDS`."""
    ends = set(WORD_ENDS)
    for name in names:
        words = name.split()
        ends.update(b for a, b in zip(words, words[1:], strict=False) if a[:1].isupper() and b[:1].islower() and b.isalpha())
    return tuple(ends - set(PLACE_KINDS) - {"và", "các", "của", "thị", "đặc"})


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    bodies = table("bodies.json")
    heads = [h["name"] for h in bodies["heads"]] + [c["name"] for c in bodies["central"]]
    heads += [m["name"] for m in bodies["ministries"]] + [d["name"] for d in bodies["departments"]]
    heads += list(EXTRA_HEADS) + list(WHOLE_HEADS)
    abbreviations = [a["short"] for a in bodies["abbreviations"]
                     if a["short"].isupper() and a["full"] in set(heads)]
    heads += abbreviations
    head = rf"(?i:{_words(heads)})"   # headers print heads in capitals: `SỞ NỘI VỤ`
    cap = rf"[{UPPER}]"
    syllable = rf"{cap}[\w]*"
    title = rf"{cap}[{LOWER}]*"
    lower = rf"(?:{_words(_word_ends(heads))})(?![\w])"
    word = rf"(?:{syllable}(?:[ \t]+{lower})?|{cap}{{2,}}(?:&{cap}+)*)"
    posts = rf"(?:{_words(bodies['posts'])})(?![\w])"
    not_name = rf"(?!(?:{head}|{posts})(?![\w]))"
    joint = rf"(?:[ \t]+|[ \t]*,[ \t]*{not_name}|[ \t]+và[ \t]+{not_name}|[ \t]*[-–][ \t]*)"
    stop = rf"(?!(?:{_words(CAPITAL_WORDS)})(?![\w]))"
    # place kinds as running text writes them (`tỉnh`, `Tỉnh`), not the capitals of `XÃ HỘI CHỦ NGHĨA`
    kinds = _words(PLACE_KINDS + tuple(k.capitalize() for k in PLACE_KINDS) + ("TP.", "TP", "Tp."))
    kinds = rf"(?:{kinds})(?![\w])(?![ \t]+(?:ủy|uỷ)(?![\w]))"  # `Tỉnh ủy` is a body, not a place
    # a province by the table; a lower level by its capitalised syllables, but one syllable with a
    # lower-case one after it is a word at a sentence start (`UBND tỉnh Kế hoạch`), not a place
    provinces = _words(province_names())
    place_name = (rf"(?:(?<=tỉnh[ \t])(?:{provinces})(?![\w])|(?<!tỉnh[ \t])(?:{stop}{syllable}(?:[ \t]+{stop}{syllable}){{1,3}}"
                  rf"|{stop}{syllable}(?![ \t]+[{LOWER}])))")
    org = re.compile(
        rf"""(?P<head>{whole_name(heads)})(?![\w/-])
        (?P<tail>(?:[ \t]+(?!(?:{kinds})(?![\w])){stop}(?:{word})(?:{joint}(?!(?:{kinds})(?![\w])){stop}(?!{posts}){word})*)?)
        (?P<place>\s+(?:{kinds})(?![\w])(?:[ \t]+(?!(?:{head})(?![\w])){place_name})?)?
        """, re.VERBOSE)
    # the place names themselves are case-sensitive: `Ý Yên`, not `ý kiến`
    loc = re.compile(rf"(?<![\w])(?P<kind>{kinds})[ \t]+(?P<name>{place_name})(?![\w/-])")
    named = re.compile(rf"(?<![\w/-])(?P<name>{_words(COUNTRIES + REGIONS + province_names())})(?![\w/-])")
    # two syllables after the surname, or one at the end of a phrase (`Tô Lâm,`): `Phan Thiết` is a city
    person = re.compile(rf"(?<![\w/-])(?:{_words(SURNAMES)})(?:(?:[ \t]+{stop}{title}){{2,3}}|[ \t]+{stop}{title}(?=\s*[,.;:)\n]|$))(?![\w/-])")
    honored = re.compile(rf"(?<=[ \t])(?!(?:{_words(POST_WORDS)})(?![\w])){stop}(?:{title})(?:[ \t]+{stop}{title}){{1,3}}(?![\w/-])")
    whole = re.compile(rf"(?:{_words(WHOLE_HEADS + tuple(abbreviations))})$", re.IGNORECASE)
    street = re.compile(rf"(?<![\w])(?:đường|Đường|phố|Phố)[ \t]+(?P<name>{title}(?:[ \t]+{title}){{0,3}})(?![\w/-])")
    return {"org": org, "loc": loc, "named": named, "person": person, "honored": honored, "whole": whole,
            "street": street}


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _orgs(text: str) -> list[Entity]:
    p = _patterns()
    out = []
    for m in p["org"].finditer(text):
        head, tail, place = m.group("head"), m.group("tail"), m.group("place") or ""
        if not head[:1].isupper() or _PLURAL.search(text, max(0, m.start() - 12), m.start()):
            continue
        if p["named"].match(text, m.start()):
            continue  # a place that begins with a head's word (`Trường Sa`), not a body
        # in lower-case running text a head written in capitals is an abbreviation, not `BAN`
        if _is_upper(head) and " " in head.strip() and not _is_upper(text[m.start():m.end()]):
            continue
        if _is_upper(m.group()) and " " in m.group().strip():
            continue  # a title line in capitals; header issuers come from the header extractor
        if not tail.strip() and not place and not p["whole"].match(head):
            continue  # `Sở`, `Ban` alone: a class of bodies or a word
        end = m.end()
        if GENERIC_AFTER.match(text, end) and not tail.strip() and not place:
            continue
        if GENERIC_AFTER.match(text, m.end("tail")) and not place:
            continue  # `UBND các huyện`
        again = re.search(rf"[\s,;-–]+{re.escape(head)}(?![\w])", text[m.end("head"):end])
        if again:  # `Bộ Công an- Bộ Y tế`: two bodies of one kind, not one name
            end = m.end("head") + again.start()
        span = text[m.start():end].rstrip(" \t,-–")
        out.append(Entity(m.start(), m.start() + len(span), "ORG", span))
    return out


def find_entities(text: str, signer: str | None = None, place: tuple[int, int] | None = None,
                  issuers: tuple[tuple[int, int], ...] = ()) -> list[Entity]:
    """ORG, PER and LOC by rule, in text order, none overlapping.

    `signer` is the name the header extractor read from the signature (every occurrence is a PER);
    `place` the span of the date line's place (a LOC); `issuers` the spans of the header's issuer
    lines (ORGs)."""
    p = _patterns()
    blocked = {m.span() for m in _MOTTO.finditer(text)}
    found: list[Entity] = []
    taken = Taken(blocked)

    def add(start: int, end: int, label: str) -> None:
        if end > start and taken.add(start, end):
            found.append(Entity(start, end, label, text[start:end]))

    for start, end in issuers:
        add(start, end, "ORG")
    if place:
        add(*place, "LOC")
    if signer and len(signer.split()) >= 2:
        for m in re.finditer(rf"(?<![\w]){re.escape(signer)}(?![\w])", text):
            add(m.start(), m.end(), "PER")
    for m in p["honored"].finditer(text):
        if _HONORIFIC.search(text, max(0, m.start() - 12), m.start()) and not _is_upper(m.group()):
            add(m.start(), m.end(), "PER")
    for e in _orgs(text):
        add(e.start, e.end, "ORG")
    # a place kind with its name; the city named after a person (`thành phố Hồ Chí Minh`) is a
    # place, `Chủ tịch Hồ Chí Minh` a man
    for m in p["loc"].finditer(text):
        add(*m.span("name"), "LOC")
    for m in p["street"].finditer(text):
        add(*m.span("name"), "LOC")  # `đường Trần Hưng Đạo`: a street, though named after a man
    for e in gazetteer_entities(text):
        if e.label == "LOC" and e.text == "Hồ Chí Minh":
            continue  # a person unless a place kind comes first (above)
        add(e.start, e.end, e.label)
    for m in p["named"].finditer(text):
        if m.group() != "Hồ Chí Minh":
            add(m.start(), m.end(), "LOC")
    for m in p["person"].finditer(text):
        add(m.start(), m.end(), "PER")
    found = [e for e in found if (e.start, e.end) not in blocked]
    return sorted(found, key=lambda e: e.start)


def header_entities(text, header) -> list[Entity]:
    """The rules over a read document (`pipeline.read`), told what its header extractor found:
    the issuer lines are ORGs, the date line's place a LOC, the signer a PER wherever named."""
    s = text.text
    issuers = []
    for fact in (header.issuer, header.parent_issuer):
        if (fact and fact.end > fact.start and len(fact.text) < 120 and "các" not in fact.text.lower()
                and s[fact.start:fact.end] == fact.text):
            issuers.append((fact.start, fact.end))
    place = (header.place.start, header.place.end) if header.place and header.place.end > header.place.start else None
    signer = header.signer.name.value if header.signer and header.signer.name else None
    return find_entities(s, signer=signer, place=place, issuers=tuple(issuers))


def document_entities(text) -> list[Entity]:
    """The weak labels of one read document, its header read first."""
    from ..extract.header import extract_header

    return header_entities(text, extract_header(text))
