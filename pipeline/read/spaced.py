"""Words a source printed with spaces inside them, joined back: `ỦY B AN NHÂN D Â N T HÀNH P HỐ`,
`C H Í M I NH`, `K ý`, `s ố`, `T hủ tướng`, `c ủ a`.

Copies of legal texts from some legal-database sites (the `congbot_` and `jp_` documents) break
words this way, most in the header, where every cue is a word (`T hành phố Hồ Chí M inh, ngày ...`
hides the date line). Each break leaves a piece of consonants alone (`B`, `T`, `ph`, `Nh`): from
there the short pieces that follow are parted into words so that as few pieces as possible are left
that are no syllable, a word of two to four pieces counting only when it is a syllable of the word
list in one case (`T` + `hủ` is `Thủ`; `c` + `Hải`, `C` + `hoặc` stay apart). `C H Í M I NH` is
`CHÍ MINH`, not `CHÍM I NH`, which strands `NH`. A document is mended only where it shows the
damage more than by chance (`SPACED_MIN` joins): a lone `t iện` of a clean text is left alone.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .encodings import is_syllable, untoned

SPACED_MIN = 3      # joins a text must hold before any is made
PIECES = 4          # pieces of one word at most (`M I NH`, `D Â N`)
RUN = 8             # short pieces read from a lone consonant on
_CONSONANTS = "bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX"
# a lone piece of consonants, where no letter, slash or dot is glued before it, and a word after it
_LONE = re.compile(rf"(?<![\w/.])(?P<piece>[{_CONSONANTS}]{{1,3}})(?= [^\W\d_])")
# the same after a space only: a literal first character, which re finds five times faster (the count)
_LONE_AFTER_SPACE = re.compile(rf" (?P<piece>[{_CONSONANTS}]{{1,3}})(?= [^\W\d_])")
_PIECE = re.compile(r"[^\W\d_]{1,6}(?![\w])")


def spaced_word_edits(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for each broken word of `text`, in order; none unless there are
    `SPACED_MIN` of them. The joins after a space are counted first, by the syllable grammar alone:
    most texts have a lone `b` or `TP`, few the damage, and only those are read again in full."""
    if len(_joins(text, _LONE_AFTER_SPACE, listed=False)) >= SPACED_MIN:
        found = _joins(text, _LONE, listed=True)
        if len(found) >= SPACED_MIN:
            yield from _with_initials(text, found)


# Capitals a damaged text spaced out that are no syllables but a body's initials: `Số: 3210/QĐ - U B ND`
_SPACED_INITIALS = re.compile(r"(?<![\w/.])(?:[A-ZĐ]{1,2} ){1,4}[A-ZĐ]{1,3}(?![\w])")


def _with_initials(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """`found` with the spaced initials of the text joined too (where one piece is a lone letter
    and no word was joined), in order."""
    starts = [start for start, _end, _word in found]   # in order, none overlapping
    initials = []
    for run in _SPACED_INITIALS.finditer(text):
        pieces = run.group(0).split(" ")
        before = bisect.bisect_left(starts, run.end())   # the joined words that start before the run ends
        if any(len(piece) == 1 for piece in pieces) and not (before and found[before - 1][1] > run.start()):
            initials.append((run.start(), run.end(), "".join(pieces)))
    return sorted(found + initials)


def _joins(text: str, lone_pieces: re.Pattern, listed: bool) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    end = 0
    for lone in lone_pieces.finditer(text):
        if lone.start("piece") < end:
            continue
        starts, ends, pieces = _pieces(text, lone.start("piece"))
        # a run cut at `RUN` pieces may go on with the rest of a word: its last pieces wait for the next run
        settled = len(pieces) if len(pieces) < RUN else RUN - PIECES
        for first, count in _parted(tuple(pieces), listed):
            if first < settled:
                found.append((starts[first], ends[first + count - 1], "".join(pieces[first:first + count])))
        end = ends[-1] if settled == len(pieces) else starts[settled]
    return found


def _pieces(text: str, at: int) -> tuple[list[int], list[int], list[str]]:
    """The short pieces from `at` on, one space apart (`RUN` at most), with their spans."""
    starts: list[int] = []
    ends: list[int] = []
    pieces: list[str] = []
    while len(pieces) < RUN and (piece := _PIECE.match(text, at)):
        starts.append(piece.start())
        ends.append(piece.end())
        pieces.append(piece.group(0))
        if not text.startswith(" ", piece.end()):
            break
        at = piece.end() + 1
    return starts, ends, pieces


@lru_cache(maxsize=4096)
def _parted(pieces: tuple[str, ...], listed: bool) -> tuple[tuple[int, int], ...]:
    """The (first piece, count) of each word joined in the best parting of `pieces`: the fewest
    pieces left that are no syllable, then the fewest words, then the longer word first. A word
    joined starts with a part of a word (`T`, `ph`, `tướ`): `và` + `n` stays `và n` (a list of
    points, `l và n khoản 3`), `T` + `hủ` is `Thủ`. `listed`: a word must be in the word list
    (else the grammar alone says, to count)."""
    best: list[tuple[int, int, tuple[tuple[int, int], ...]]] = [(0, 0, ())] * (len(pieces) + 1)
    for i in range(len(pieces) - 1, -1, -1):
        stranded, words, joins = best[i + 1]
        options = [(stranded + (not is_syllable(pieces[i])), words + 1, -1, joins)]
        for count in range(2, min(PIECES, len(pieces) - i) + 1) if _part(pieces[i]) else ():
            if _word("".join(pieces[i:i + count]), listed):
                after = best[i + count]
                options.append((after[0], after[1] + 1, -count, ((i, count), *after[2])))
        # ties go to the longer word first: `T h à nh ủ y` is `Thành ủy`, not `Thà nhủ y`
        stranded, words, _longer, joins = min(options, key=lambda option: option[:3])
        best[i] = (stranded, words, joins)
    return best[0][2]


# a vowel pair that needs a final consonant (`tướ` of `tướ ng`, `trưở` of `trưở ng`)
_OPEN_PAIR = re.compile(r"(?:ươ|uô|iê|yê)$")


def _part(piece: str) -> bool:
    """Whether a piece can only be part of a word: no syllable, or one left open (`tướ`)."""
    return not is_syllable(piece) or _OPEN_PAIR.search(untoned(piece)) is not None


def _word(word: str, listed: bool) -> bool:
    """A syllable written in one case (`Thủ`, `DÂN`, `số`; not `cHải`), of the word list when
    `listed` (the list holds loanwords the grammar refuses, `cra`)."""
    one_case = word in (word.lower(), word.upper()) or (word[:1].isupper() and word[1:] == word[1:].lower())
    if not (one_case and is_syllable(word)):
        return False
    return not listed or word.lower() in listed_syllables()


SYLLABLES = Path(__file__).resolve().parents[1] / "data" / "syllables.txt"


@lru_cache(maxsize=1)
def listed_syllables() -> frozenset[str]:
    """The syllables of the word list and the tables (`ocr_fix.syllables()`), as written out in
    `pipeline/data/syllables.txt`: read in milliseconds, where building them takes a second."""
    lines = SYLLABLES.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))
