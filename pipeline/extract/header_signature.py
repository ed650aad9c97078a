"""The signature block: the signing prefixes (`TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`), the post and the
name of who signs.

The block is looked for around the nơi nhận list (a table's columns may put either first), or after
the body when there is none; without a prefix, a post alone on its line opens it. A seal or a scan
may hide part of it: the deputy's post under `KT. GIÁM ĐỐC`, a name read with no post above it, and
the nơi nhận entry that names the signer (`PCN Nguyễn Sỹ Hiệp`) fill in what is missing.
"""
from __future__ import annotations

import dataclasses
import re
from functools import cache

from pipeline.extract.header_facts import Fact, Signer, _fact, vietnamese_words
from pipeline.extract.header_issuer import proper_case
from pipeline.extract.header_patterns import (
    LOWER,
    _is_upper_text,
    _line_end,
    _line_start,
    _patterns,
    _table,
    name_tail,
)
from pipeline.extract.header_seal import (
    POST_PIECE,
    bent_name,
    bent_post_line,
    bent_posts,
    family_name,
    mended_name,
    name_line,
    post_of_piece,
    same_person,
)
from pipeline.read.letters import UPPER, fold

_PREFIX_NORMAL = {"TM": "TM.", "KT": "KT.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q.", "T/M": "TM.", "K/T": "KT.",
                  "T/L": "TL.", "T.M": "TM.", "K.T": "KT.", "T.L": "TL."}


def _signer(s: str, body_start: int, noi_nhan_m: re.Match | None, noi_nhan: tuple | list) -> Signer | None:
    p = _patterns()
    list_spans = [(f.start, f.end) for f in noi_nhan]

    def in_list(i: int) -> bool:
        return any(a <= i < b for a, b in list_spans)

    def line_is_list(i: int) -> bool:
        return s[_line_start(s, i):i].strip()[:1] in ("-", "+", "•")

    windows = []
    if noi_nhan_m:
        list_end = max([noi_nhan_m.end()] + [b for _, b in list_spans])
        windows.append((noi_nhan_m.start(), min(len(s), list_end + 1200)))
        windows.append((max(body_start, noi_nhan_m.start() - 400), noi_nhan_m.start()))
    else:
        windows.append((body_start, len(s)))
    for a, b in windows:
        for m in p["prefix"].finditer(s, a, b):
            if in_list(m.start()) or line_is_list(m.start()):
                continue
            return _parse_signature(s, m.start(), in_list)
    # no prefix: a post standing alone on its line (`GIÁM ĐỐC`), the last one if no nơi nhận
    for a, b in windows:
        found = None
        for m in p["post"].finditer(s, a, b):
            if in_list(m.start()) or line_is_list(m.start()):
                continue
            ls = _line_start(s, m.start())
            before = s[ls:m.start()].strip(" |*#")
            if before and not before.lower().startswith("nơi nhận") and vietnamese_words(before):
                continue   # a post inside a sentence; strokes read as letters (`2zr== GIÁM ĐỐC`) are no words
            line = s[m.start():_line_end(s, m.start())]
            if not _is_upper_text(line.split("|")[0]):
                # one-line copies: `THỦ TƯỚNG Nguyễn Tấn Dũng |`
                if not p["name"].match(line[len(m.group(0)):].strip(" |")):
                    continue
            found = m
            if noi_nhan_m:
                break
        if found:
            return _parse_signature(s, found.start(), in_list)
    for a, b in windows:   # the post OCR bent under a seal (`GIAM ĐỌC`), alone on its line
        bent = bent_post_line(s, a, b, in_list)
        if bent is not None:
            return _parse_signature(s, bent, in_list)
    if noi_nhan_m:   # the post under a seal, unread: the name below it still tells who signed
        name = name_line(s, list_end, min(len(s), list_end + 1200))
        if name:
            return Signer(authority=None, title=None, name=name, prefixes=())
    # a copy that keeps of the signature only the name and `(Đã ký)` (a legal database's table:
    # `|  | Nguyễn Mạnh Kiểm (Đã ký) |`): the name the mark vouches for
    signed = _signed_name().search(s, max(body_start, len(s) - SIGNED_REACH))
    if signed:
        name = _fact(s, signed.start("name"), signed.end("name"), signed.group("name"))
        return Signer(authority=None, title=None, name=name, prefixes=())
    return None


SIGNED_REACH = 600   # how far from the end a name marked `(Đã ký)` is looked for


@cache
def _signed_name() -> re.Pattern:
    return re.compile(rf"(?:^|\|)[ \t]*{_person(1)}[ \t]*\((?:Đã|đã)\s+ký\)", re.MULTILINE)


LIST_REACH = 2_500   # how far a nơi nhận may run


def _signer_from_list(s: str, signer: Signer, list_start: int) -> Signer:
    """The half of the signer a seal hid, from the nơi nhận entry that names the other half:
    `PCN Nguyễn Sỹ Hiệp` gives the name under a `Phó Chủ nhiệm` block (or a `CHỦ NHIỆM` whose
    `PHÓ` the seal hid, when the name's last words follow it), or the post of the name `Mai Thị Thu
    Vân` read under the seal (a deputy's post: signed `KT.`)."""
    posts = _people()["post_abbreviations"]
    region = s[list_start:min(len(s), list_start + LIST_REACH)]
    entries = [(posts[m.group("post")], m) for m in
               re.finditer(rf"(?<![\w])(?P<post>{'|'.join(map(re.escape, posts))})[ \t]+(?P<name>{_NAME_WORDS})", region)]
    if signer.name is None and signer.title is not None:
        below = fold(s[signer.title.end:signer.title.end + 300])
        # the post read whole names the entry; a post read in part (its `PHÓ` under the seal), with
        # the name's last words below it
        found = [m for post, m in entries if post == signer.title.value] or \
            [m for post, m in entries if _post_words(signer.title.value) <= _post_words(post)
             and name_tail(m.group("name")) in below]
        if len(found) == 1:
            return _from_entry(s, signer, list_start, found[0], posts)
        return signer
    if signer.name is None and signer.title is None and signer.authority is not None \
            and signer.authority.value == "KT.":
        # the seal hid the deputy's post and the head of the name (`KT BỌ TRƯỞNG, CHỦ NHIỆM` / noise /
        # `guyễn Sỹ Hiệp`): the one deputy of the list whose name's last words are in the block
        block = fold(s[signer.authority.end:signer.authority.end + 400])
        found = [m for post, m in entries if post.startswith(("Phó", "Thứ"))
                 and f" {name_tail(m.group('name'))}" in f" {block}"]
        if len(found) == 1:
            return _from_entry(s, signer, list_start, found[0], posts)
        return signer
    if signer.name is not None:
        found = [m for post, m in entries if same_person(signer.name.value, m.group("name"))
                 and (signer.title is None or _post_words(signer.title.value) <= _post_words(post))]
        if len(found) == 1:
            return _from_entry(s, signer, list_start, found[0], posts)
    return signer


def _post_words(post: str) -> set[str]:
    return set(post.replace(",", " ").replace(".", " ").lower().split())


def _from_entry(s: str, signer: Signer, list_start: int, entry: re.Match, posts: dict) -> Signer:
    """The signer's post and name as the nơi nhận entry writes them; a half read the same in the
    signature keeps its own span there."""
    full_post, full_name = posts[entry.group("post")], entry.group("name")
    title, name = signer.title, signer.name
    if title is None or title.value != full_post:
        at = list_start + entry.start("post")
        title = _fact(s, at, at + len(entry.group("post")), full_post)
    if name is None or name.value != full_name:
        at = list_start + entry.start("name")
        name = _fact(s, at, at + len(full_name), full_name)
    if title is signer.title and name is signer.name:
        return signer
    authority = signer.authority
    if authority is None and full_post.startswith(("Phó", "Thứ")):
        authority = Fact("KT.", title.start, title.start, "")
    return dataclasses.replace(signer, title=title, authority=authority, name=name)


# a person's name: a family name and two to three more capitalised syllables
_NAME_WORDS = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w+(?:[ ]+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w+){1,3}"


def _phrase(s: str, i: int, end: int, head: re.Pattern | None) -> int:
    """The end of an upper-case phrase from `i` (a body after `TM.`, a post): it stops before a
    prefix, before a second post (`VỤ TRƯỞNG VỤ CHÍNH SÁCH | PHÓ VỤ TRƯỞNG`), at a blank line
    and at the first word with lower-case letters (the name)."""
    p = _patterns()
    j = i
    m = head.match(s, i) if head is not None else None
    if m:
        j = m.end()
    else:
        m2 = p["post"].match(s, i)
        if m2:
            j = m2.end()
    last_end = j
    k = j
    while k < end:
        # whitespace, with at most one line break, and none before a post or a prefix
        w = k
        newlines = 0
        while w < end and s[w] in " \t\n*":
            newlines += s[w] == "\n"
            w += 1
        if w >= end or newlines > 1 or s[w] == "|":
            break
        prev = s[last_end - 1] if last_end > i else ""
        if p["prefix"].match(s, w):
            break
        if p["post"].match(s, w) and prev not in (",", "-") and not s[last_end - 3:last_end] == " VÀ":
            break
        tok = re.match(r"[^\s|]+", s[w:end])
        if not tok or not _is_upper_text(tok.group(0)) and not re.fullmatch(r"[-,&()0-9.]+", tok.group(0)):
            break
        if newlines:
            next_line = s[w:_line_end(s, w)].split("|")[0].strip()
            if next_line[:1] in ("-", "+", "•") or not _is_upper_text(next_line):
                break
        k = last_end = w + tok.end()
    return last_end


def _skip_gap(s: str, i: int, end: int, in_list) -> int:
    """Past spaces, line breaks, table pipes and the nơi nhận lines that sit inside a signature
    block (`Nơi nhận: TL. CHỦ TỊCH` / the list / `KT. CHÁNH VĂN PHÒNG`)."""
    while i < end:
        c = s[i]
        if c in " \t|*\n":
            i += 1
            continue
        if s[_line_start(s, i):i].strip(" |*") == "" and (c in "-+•" or in_list(i) or _stroke_line(s, i)):
            i = _line_end(s, i) + 1
            continue
        break
    return i


# what OCR reads in a signature's or a seal's strokes between the lines of a signature block:
# a few marks with no word in them (`ñ`, `ñ Á 0`, `X⁄Z`, `s4`)
STROKES_LONGEST = 5
_WORD = re.compile(r"[^\W\d_]{2}")


def _stroke_line(s: str, i: int) -> bool:
    line = s[i:_line_end(s, i)].strip()
    return len(line) <= STROKES_LONGEST and not _WORD.search(line) and not line.isdigit()


def _parse_signature(s: str, start: int, in_list) -> Signer:
    p = _patterns()
    end = min(len(s), start + 1500)
    prefixes: list[Fact] = []
    i = start
    while True:
        i = _skip_gap(s, i, end, in_list)
        m = p["prefix"].match(s, i)
        if not m and prefixes and (after := _past_stroke_word(s, i, end, in_list)):
            i, m = after, p["prefix"].match(s, after)
        if not m:
            break
        tm = m.group("p") in ("TM", "T/M", "T.M")
        obj_start = m.end()
        obj_end = _phrase(s, obj_start, end, p["sig_head"] if tm else None)
        last_line = _line_start(s, obj_end)
        if tm and last_line > obj_start and (piece := POST_PIECE.match(s, last_line, obj_end)) \
                and post_of_piece(piece.group("piece"), False):
            obj_end = last_line - 1   # `TM. ỦY BAN NHÂN DÂN` / `TỊCH`: the post's word is no part of the body
        prefixes.append(_fact(s, m.start(), m.end(), _PREFIX_NORMAL[m.group("p")]))
        i = obj_end
    i = _skip_gap(s, i, end, in_list)
    if prefixes and (term := _TERM_LINE.match(s, i, end)):   # `TM. BCH HIỆP HỘI ...` / `Nhiệm kỳ 2019 - 2025`
        i = _skip_gap(s, term.end(), end, in_list)
    title, i = _title(s, i, end, prefixes)
    name = _find_name(s, i, end) or name_line(s, i, end)
    if name is None and title is not None and not prefixes:
        name = _name_above(s, start)
    authority = prefixes[-1] if prefixes else None
    if title is not None and not prefixes:
        deputy = _hidden_deputy(s, title)
        if deputy is not None:
            title, authority = deputy, Fact("KT.", title.start, title.start, "")
    return Signer(authority=authority, title=title, name=name, prefixes=tuple(prefixes))


def _name_above(s: str, start: int) -> Fact | None:
    """The name OCR put above the post that opens the block at `start`, the seal and the signature
    between them having shuffled the lines (qn_01CT: `Đặng Văn Minh` / `CHỦ TỊCH`, nothing below):
    a name line among the two lines right above it."""
    above = _line_start(s, max(0, _line_start(s, start) - 1))
    above = _line_start(s, max(0, above - 1))
    return name_line(s, above, _line_start(s, start))


def _past_stroke_word(s: str, i: int, end: int, in_list) -> int | None:
    """Past a short line a signature's stroke left between two prefixes' lines (`TL. CHỦ TỊCH` /
    `Tên` / `KT. CHÁNH VĂN PHÒNG`): where the next prefix starts, or None."""
    line_end = _line_end(s, i)
    if not 0 < len(s[i:line_end].strip()) <= STROKES_LONGEST:
        return None
    after = _skip_gap(s, line_end, end, in_list)
    return after if _patterns()["prefix"].match(s, after) else None


def _title(s: str, i: int, end: int, prefixes: list[Fact]) -> tuple[Fact | None, int]:
    """The signer's post, read at `i` (or, the columns interleaved, at a nơi nhận line's end), and
    where the block goes on after it."""
    p = _patterns()
    title = None
    if i < end and (p["post"].match(s, i) or _is_upper_text(s[i:_line_end(s, i)].split("|")[0][:40])):
        t_end = _phrase(s, i, end, None)
        if t_end > i:
            title = _read_post(s, i, t_end)
            i = title.end if title is not None else i
    if title is None and prefixes:
        # columns interleaved: the post ends a nơi nhận line (`- Như trên; CHÁNH VĂN PHÒNG`)
        tail = re.compile(rf"[;.:]\s*(?P<post>(?:{p['post'].pattern})[{UPPER} ,]*?)[ ]*$", re.MULTILINE)
        m = tail.search(s, prefixes[-1].end, min(end, prefixes[-1].end + 600))
        if m:
            title = _fact(s, m.start("post"), m.end("post"), _title_case(m.group("post")))
            i = max(i, _line_end(s, m.end()))
    if title is None and prefixes and (piece := POST_PIECE.match(s, i, end)):
        # `TM. ỦY BAN NHÂN DÂN` / `TỊCH` / `Trần Văn Lâu`: the seal hid the post's first word
        post = post_of_piece(piece.group("piece"), prefixes[-1].value == "KT.")
        if post is not None:
            title = _fact(s, piece.start("piece"), piece.end("piece"), post)
            i = piece.end()
    if title is None and prefixes and prefixes[-1].value == "KT.":
        title = _deputy(s, prefixes[-1])
    elif title is not None and prefixes and prefixes[-1].value == "KT." and _signs_for(s, prefixes[-1]) == title.value:
        # `KT. GIÁM ĐỐC` / `GIÁM ĐỐC`: one signs for the head, so the seal hid the deputy's `PHÓ`
        title = _fact(s, title.start, title.end, _deputy_post(title.value))
    return title, i


def _signs_for(s: str, kt: Fact) -> str | None:
    """The head's post a `KT.` signs for, as a title (`KT. GIÁM ĐỐC` -> `Giám đốc`)."""
    m = _patterns()["post"].match(s[kt.end:_line_end(s, kt.end)].lstrip(" "))
    return _title_case(m.group(0)) if m else None


# the letters of one word a seal's edge leaves on the line under a post (`NỘI` of `SỞ NỘI VỤ`, `Ự`)
SEAL_WORD_LONGEST = 3


def _read_post(s: str, i: int, t_end: int) -> Fact | None:
    """The post an upper-case phrase `s[i:t_end]` reads: as printed; with the lines a seal left
    under it let go (`GIÁM ĐỐC` / `NỘI`); or, OCR having bent its marks under the seal, the post
    of the table with the same letters (`GIAM ĐỌC`, `CHU TỊCH`). None where it reads no post."""
    p = _patterns()
    post = p["post"].match(s, i, t_end)
    if post is not None:
        rest = s[post.end():t_end]
        if "\n" in rest and all(len(line.strip()) <= SEAL_WORD_LONGEST and " " not in line.strip()
                                for line in rest.split("\n")[1:]) and not rest.split("\n")[0].strip():
            t_end = post.end()
        return _fact(s, i, t_end, _title_case(s[i:t_end]))
    if p["post"].search(s[i:t_end].upper()):
        return _fact(s, i, t_end, _title_case(s[i:t_end]))
    first = s[i:min(t_end, _line_end(s, i))]
    bent = bent_posts().get(" ".join(fold(first).split()))
    return _fact(s, i, i + len(first.rstrip()), bent) if bent else None


# the term of the body a signature speaks for, printed under its name (an association's executive
# committee, a Party committee): part of the body, not the post
_TERM_LINE = re.compile(r"(?:Nhiệm\s+kỳ|NHIỆM\s+KỲ|Khóa|KHÓA|Khoá|KHOÁ)[ \t]+[^\n]{1,30}\n")


def _hidden_deputy(s: str, title: Fact) -> Fact | None:
    """`KT. CHỦ TỊCH` over `PHÓ CHỦ TỊCH` with a seal over the start of both lines reads `CHỦ TỊCH`
    then `Ủ TỊCH`: a second line that repeats the end of the first is the deputy's post, whose
    head the seal hid, so the signer is the deputy (`Phó Chủ tịch`), signing `KT.`."""
    lines = s[title.start:title.end].split("\n")
    if len(lines) < 2:
        return None
    first, second = (" ".join(line.split()).strip(" .,") for line in lines[:2])
    if len(second) < 4 or not first.endswith(second) or first == second.removeprefix("PHÓ "):
        return None
    head = _title_case(first)
    deputy = _deputy_post(head)
    return _fact(s, title.start, title.start + len(lines[0]) + 1 + len(lines[1]), deputy)


_BENT_POST = re.compile(rf"[ \t]*[{UPPER}]{{1,8}}(?:[ \t]+[{UPPER}]{{1,8}})?[ \t]*,[ \t]*")


def _deputy(s: str, kt: Fact) -> Fact | None:
    """The post of who signs `KT. GIÁM ĐỐC` when a seal hides it: the deputy's (`Phó Giám đốc`;
    `Thứ trưởng` for `KT. BỘ TRƯỞNG`). Its span is the head's post it is read from."""
    p = _patterns()
    end = _line_end(s, kt.end)
    posts = list(p["post"].finditer(s, kt.end, end))
    # a post OCR bent under the seal may come first (`KT. BQ TRƯỚNG, CHỦ NHIỆM`): capitals only
    if not posts or posts[0].start() - kt.end > 2 and not _BENT_POST.fullmatch(s, kt.end, posts[0].start()):
        return None
    head = _title_case(s[posts[0].start():posts[-1].end()])
    deputy = _people()["deputies"].get(head) or _people()["deputies"].get(_title_case(posts[-1].group(0)))
    if deputy is None:
        last = _title_case(posts[-1].group(0))
        deputy = last if last.startswith("Phó ") else f"Phó {last}"
    return _fact(s, posts[0].start(), posts[-1].end(), deputy)


def _deputy_post(head: str) -> str:
    """The post of who signs `KT.` for `head`: the table's (`Bộ trưởng` -> `Thứ trưởng`), else `Phó` + it."""
    return _people()["deputies"].get(head) or f"Phó {head}"


@cache
def _people() -> dict:
    return _table("people.json")


def _person(least: int) -> str:
    """A person's name as a pattern: a family name of the table and `least` to three more capitalised
    syllables (`Mai Thị Thu Vân`)."""
    return rf"(?P<name>(?:{'|'.join(_people()['surnames'])})(?:[ ]+[{UPPER}][{LOWER}]+){{{least},3}})"


def _title_case(t: str) -> str:
    t = " ".join(t.replace("\n", " ").split()).strip(" ,")
    out = proper_case(t)
    pattern, canonical = _post_at_start()
    return pattern.sub(lambda m: canonical.get(m.group(0).casefold(), m.group(0)), out, count=1)


@cache
def _post_at_start() -> tuple[re.Pattern, dict[str, str]]:
    """A post of the table at the start of a title, whatever its case, and each post's own casing
    (one pattern, longest post first, in place of a search per post)."""
    posts = _table("bodies.json")["posts"]
    alternation = "|".join(re.escape(post) for post in sorted(posts, key=len, reverse=True))
    return re.compile(rf"^(?:{alternation})(?![\w])", re.IGNORECASE), {post.casefold(): post for post in posts}


def _find_name(s: str, i: int, end: int) -> Fact | None:
    """The signer's name: on the rest of the line, or alone on one of the next lines."""
    p = _patterns()
    rest_end = _line_end(s, i)
    rest = s[i:rest_end]
    lead = len(rest) - len(rest.lstrip(" |*"))
    rank = _RANK.match(s, i + lead, rest_end)
    if rank:
        lead = rank.end() - i
    m = p["name"].match(s, i + lead)
    if m and m.end() <= rest_end:
        return _fact(s, m.start(), m.end(), " ".join(m.group(0).split()))
    if rest.strip(" |*"):
        return None
    pos = rest_end + 1
    extra_posts = noise = 0
    for _ in range(8):
        if pos >= end:
            break
        le = _line_end(s, pos)
        line = s[pos:le]
        stripped = line.strip(" |*")
        pos_next = le + 1
        if not stripped or p["skip_sig"].match(stripped) or stripped[0] in "-+•":
            pos = pos_next
            continue
        if _is_upper_text(stripped) and extra_posts < 2 and not p["prefix"].match(stripped):
            extra_posts += 1
            pos = pos_next
            continue
        a = pos + line.find(stripped)
        rank = _RANK.match(stripped)   # `Thiếu tướng Trương Minh Đương`: the name is after the rank
        if rank:
            a, stripped = a + rank.end(), stripped[rank.end():]
        m = p["name"].fullmatch(stripped) or (p["name"].match(stripped) if extra_posts or rank else None)
        if m:
            return _fact(s, a, a + m.end(), " ".join(m.group(0).split()))
        bent = bent_name().fullmatch(s, a, a + len(stripped))
        if bent and family_name(bent.group("head")):
            return mended_name(s, bent)
        if noise < 3 and not vietnamese_words(stripped):
            noise += 1   # a scanned signature's strokes read as letters (`tuuauL---`): not the name
            pos = pos_next
            continue
        break
    return None


# A police or army rank before a signer's name (Thiếu tướng, Đại tá, Thượng tá...); on a scan
# OCR may lose or bend the rank's first word (`tượng tá`), so the second is enough.
_RANK = re.compile(rf"(?:(?:Đại|Thượng|Trung|Thiếu|(?-i:[{LOWER}]\w{{0,6}}))\s+)?(?:tướng|tá|úy|uý)\s+(?-i:(?=[{UPPER}]))",
                   re.IGNORECASE)
