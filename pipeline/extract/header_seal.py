"""What a seal or a signature's stroke does to the closing block on a scan, and how the genre
undoes it: a family name bent (`Nguyên Ngọc Phúc`), its head hidden (`uyễn Văn Lộc`) or marks left
before it (`“Đinh Ngọc Hiếu`); a post whose marks OCR bent (`GIAM ĐỌC`). Each mend is made only
where the tables of family names and posts leave one reading.
"""
from __future__ import annotations

import re
from functools import cache

from pipeline.extract.header_facts import Fact, _fact
from pipeline.extract.header_patterns import LOWER, _accent_blind, _table, fold_capitals
from pipeline.read.letters import UPPER, fold


@cache
def _surnames() -> list[str]:
    return _table("people.json")["surnames"]


def same_person(read: str, listed: str) -> bool:
    """Whether a name read under a seal is the nơi nhận's name: the same, its head hidden (`Mạnh
    Cường` for `Phạm Mạnh Cường`), or its family name bent (`guyễn Sỹ Hiệp`, `NẾuyên Sỹ Hiệp` for
    `Nguyễn Sỹ Hiệp`); marks aside, which OCR guesses under a seal."""
    seen, named = fold(read.strip(" .,")).split(), fold(listed).split()
    if not seen or len(seen) > len(named):
        return False
    if seen == named[len(named) - len(seen):]:
        return True
    return len(seen) == len(named) >= 3 and seen[1:] == named[1:] and _near(seen[0], named[0])


def _near(a: str, b: str) -> bool:
    """At most two letters apart (a family name OCR bent under a seal)."""
    return abs(len(a) - len(b)) <= 2 and (b.endswith(a) or sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) <= 2)


def name_line(s: str, i: int, end: int) -> Fact | None:
    """The signer's name where the post above it was lost or the columns ran together: the first
    line of the block ending in a name that opens with a family name (a seal or a signature over
    the post; `- Ban Dân vận Tỉnh ủy; Đặng Văn Minh`), or with one a seal bent (`Nguyên Ngọc Phúc`,
    `uyễn Văn Lộc`)."""
    m = next((m for m in _name_lines().finditer(s, i, end) if family_name(m.group("head"))), None)
    return mended_name(s, m) if m else None


# Marks a signature's or a seal's strokes leave just before a name (`“Đinh Ngọc Hiếu`, `=“Trịnh`)
_STROKE_MARKS = "“”\"'=`~"


@cache
def _name_lines() -> re.Pattern:
    """A name at the end of a line, at its start or after a list item's `;`, with up to two words of
    noise before it: a word for the family name (`family_name` checks it), then two or three more
    capitalised syllables."""
    return re.compile(rf"(?:^|(?<=;)|(?<=; ))[ |*]*(?:[{LOWER}]\S*[ ]+){{0,2}}[{_STROKE_MARKS}]*"
                      rf"(?P<name>(?P<head>[{UPPER}{LOWER}]{{2,}})(?:[ ]+[{UPPER}][{LOWER}]+){{2,3}})[ |*.]*$",
                      re.MULTILINE)


@cache
def bent_name() -> re.Pattern:
    """A line that is a name but for its family name or the marks before it (see `family_name`)."""
    return re.compile(rf"[{_STROKE_MARKS}]*(?P<name>(?P<head>[{UPPER}{LOWER}]{{2,}})(?:[ ]+[{UPPER}][{LOWER}]+){{1,3}})[ .]*")


def family_name(word: str) -> str | None:
    """The family name of the table that `word` is read from when a seal or a signature's stroke
    lies over the head of a name: the name itself; the same letters with their marks bent
    (`Nguyên` for `Nguyễn`); or its tail, the head hidden (`uyễn`, `rần`). None where no family
    name, or more than one, fits (`ương`: Dương, Lương, Trương, Vương)."""
    surnames = _surnames()
    if word in surnames:
        return word
    folded = fold(word)
    if not word[0].islower():
        same = [name for name in surnames if fold(name) == folded]
        return same[0] if len(same) == 1 else None
    tails = [name for name in surnames if len(name) > len(word) and fold(name).endswith(folded)]
    return tails[0] if len(tails) == 1 else None


def mended_name(s: str, m: re.Match) -> Fact:
    """The name a `bent_name` match reads, its family name mended; the span is the text read."""
    family = family_name(m.group("head"))
    rest = " ".join(m.group("name")[len(m.group("head")):].split())
    return _fact(s, m.start("name"), m.end("name"), f"{family} {rest}")


def bent_post_line(s: str, a: int, b: int, in_list) -> int | None:
    """Where a line of `s[a:b]` in capitals reads a post of the table but for its marks (`CHU TỊCH`)."""
    line_start = s.rfind("\n", 0, a) + 1   # the fold starts at a line's start, where `^` holds as in `s`
    folded = fold_capitals(s[line_start:b])
    for m in _bent_post_lines().finditer(folded, a - line_start):
        if not in_list(line_start + m.start("post")) and " ".join(fold(m.group("post")).split()) in bent_posts():
            return line_start + m.start("post")
    return None


@cache
def _bent_post_lines() -> re.Pattern:
    """A line that is a post of the table in capitals, its letters under any marks (one pattern
    for the whole block, so that a letter with no signature costs one scan)."""
    alternation = "|".join(_accent_blind(post) for post in sorted(bent_posts().values(), key=len, reverse=True))
    return re.compile(rf"^[ \t|*]*(?P<post>(?:{alternation}))[ \t|*]*$", re.MULTILINE)


@cache
def bent_posts() -> dict[str, str]:
    """The posts of the table by their letters without marks (`giam doc` -> `Giám đốc`); a post
    whose letters another shares is left out."""
    posts = _table("bodies.json")["posts"]
    folded: dict[str, list[str]] = {}
    for post in posts:
        folded.setdefault(" ".join(fold(post).split()), []).append(post)
    return {key: names[0] for key, names in folded.items() if len(names) == 1}


# a post's last word alone on its line, in capitals (what a seal left of `CHỦ TỊCH`, `GIÁM ĐỐC`)
POST_PIECE = re.compile(rf"[ \t|*]*(?P<piece>[{UPPER}]{{3,8}})[ \t|*]*$", re.MULTILINE)


def post_of_piece(piece: str, deputy: bool) -> str | None:
    """The post of the table that ends with the word `piece` (marks aside), the shortest of those a
    deputy holds (`KT.`) or of the others, when one only is that short: `TỊCH` is `Chủ tịch` (`Phó Chủ
    tịch` under `KT.`); `ĐÓC` may be `Giám đốc` or `Thống đốc`, and `TRƯỞNG` ends too many posts to tell.

    >>> post_of_piece("TỊCH", False), post_of_piece("TỊCH", True)
    ('Chủ tịch', 'Phó Chủ tịch')
    >>> post_of_piece("ĐÓC", False) is None and post_of_piece("TRƯỞNG", False) is None
    True
    """
    word = fold(piece)
    ending = [(key.split(), post) for key, post in bent_posts().items() if key.split()[-1] == word]
    held = [(len(words), post) for words, post in ending if (words[0] == "pho") == deputy]
    if not held:
        return None
    shortest = min(n for n, _ in held)
    posts = [post for n, post in held if n == shortest]
    return posts[0] if len(posts) == 1 else None
