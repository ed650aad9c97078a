"""Repairs to OCR text that the genre makes certain, each keeping the text's length where it can.

Most of tesseract's misses on Vietnamese are tone and vowel marks (`TĨNH QUẢNG`, `LÂM ĐỎNG`,
`tiễn bộ`, `phòng, chỗng`). A run of syllables whose letters, marks aside, spell a known word
or name (`lam dong`, `tien bo`, `phong chong`) and that has one spelling only is given that
spelling, letter for letter, case kept: the text keeps its length, so every offset into the OCR
text still holds. The known words are underthesea's Vietnamese word list (Viet74K, the
dictionary that ships with the package congvan already uses) and the names of congvan's own
tables (provinces, bodies, posts, document types, laws). Marks are restored only on a run of two or
more syllables: a lone syllable has too many spellings (`tinh` is tính, tình, tỉnh, tĩnh...).

The cue words of the header that OCR bends are put back too: `VW`, `V⁄%` at the start of a
summary line are `V/v`; `Só:`, `Sô:` are `Số:`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from .encodings import is_syllable
from .letters import LOWER, fold

DATA = Path(__file__).resolve().parents[1] / "data"
LONGEST = 6            # syllables in the longest phrase looked up
_SYLLABLE = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \t]*\n?[ \t]*")   # between two syllables of a phrase: spaces, one line break


def _word_list() -> list[str]:
    try:
        import underthesea
    except ImportError:   # pragma: no cover - underthesea is a dependency
        return []
    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.is_file():   # pragma: no cover - shipped with underthesea
        return []
    from .normalize import normalize  # the list writes old tone placement (hoà): ours is modern (hòa)

    return normalize(path.read_text(encoding="utf-8"), spaced=False)[0].splitlines()


def _table_names() -> list[str]:
    names: list[str] = []
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    for entry in provinces["provinces"] + provinces.get("provinces_2025", []):
        names += [entry["name"], f"{entry.get('kind', 'tỉnh')} {entry['name']}"]
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    for key in ("heads", "central", "ministries", "departments"):
        names += [b["name"] for b in bodies.get(key, [])]
    names += [a["full"] for a in bodies.get("abbreviations", [])] + bodies.get("posts", [])
    types = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))
    names += [t["name"] if isinstance(t, dict) else t for t in types.get("types", [])]
    names += ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập Tự do Hạnh phúc", "Kính gửi", "Nơi nhận",
              "Thời gian ký", "Người ký", "Cơ quan",
              # the genre's set phrases, in which OCR bends a syllable into another that exists (`bố sung
              # một số điều`, `tô chức thực hiện`, `thủ tục hành chinh`): with the laws below, 27 syllables
              # mended and none bent over the printed-and-scanned digital gold
              "bổ sung một số điều", "sửa đổi bổ sung một số điều", "tổ chức thực hiện", "chính quyền địa phương",
              "cải cách hành chính", "thủ tục hành chính",
              # the proposal a quyết định answers (`Xét đê nghị của`, `Theo để nghị của`): its cue
              "xét đề nghị của", "theo đề nghị của",
              # an amending law's title (`Luật\nsửa đôi, bổ sung`): the comma keeps the longer phrase apart
              "luật sửa đổi",
              # the issuer after a cited decree (`của Chính phú`, `Thủ tướng Chính phú`)
              "của chính phủ", "thủ tướng chính phủ"]
    # the laws' names, alone and after `Luật` (`Luật Tô chức chính quyên địa phương` is `Luật Tổ chức chính
    # quyền địa phương`): over the printed-and-scanned digital gold, 10 syllables mended, none bent
    # (not those that hold an abbreviation, `HĐND`, `VBQPPL`: no syllables)
    laws = [name for name in json.loads((DATA / "laws.json").read_text(encoding="utf-8"))["names"]
            if not any(len(word) > 1 and word.isupper() for word in name.split())]
    names += laws + [f"Luật {name}" for name in laws]
    return names


def _add(table: dict, entry: str, named: bool) -> None:
    syllables = unicodedata.normalize("NFC", entry.strip().lower()).split()
    if not 2 <= len(syllables) <= LONGEST or not all(_SYLLABLE.fullmatch(s) for s in syllables):
        return
    key = tuple(fold(s) for s in syllables)
    if any(len(k) != len(s) for k, s in zip(key, syllables, strict=True)):
        return   # a letter that folds to two: not a one-for-one respelling
    spellings = table.setdefault(key, {})
    spellings[tuple(syllables)] = spellings.get(tuple(syllables), False) or named


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, ...], dict[tuple[str, ...], bool]]:
    """Folded phrase -> its spellings (lower case), each with whether it is a name of congvan's
    tables (else a word of the word list)."""
    table: dict[tuple[str, ...], dict[tuple[str, ...], bool]] = {}
    for entry in _word_list():
        _add(table, entry, named=False)
    for entry in _table_names():
        _add(table, entry, named=True)
    return table


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every syllable of the word list and the tables, lower case."""
    return frozenset(s for spellings in lexicon().values() for spelling in spellings for s in spelling)


def _respell(word: str, spelling: str) -> str:
    """`spelling`'s letters in `word`'s case: `ĐỎNG` + `đồng` -> `ĐỒNG`."""
    return "".join(s.upper() if w.isupper() else s for w, s in zip(word, spelling, strict=True))


def _accept(run: list[tuple[int, int, str]], spelling: tuple[str, ...], named: bool) -> bool:
    """Whether respelling `run` as `spelling` mends it. A syllable that is no Vietnamese syllable
    as written (`ĐỎNG` is one, `chỗng` is not) may always be respelt; a valid one only inside a
    name of the tables of three syllables or more (`TĨNH LÂM ĐỎNG` is `TỈNH LÂM ĐỒNG`), where
    the letters are too rare to be another word: a pair such as `diễn biến` or `Nguyễn Văn`
    is never respelt as the name it folds to."""
    changed = [w for (_, _, w), s in zip(run, spelling, strict=True) if w.lower() != s]
    if not changed:
        return False
    # in capitals, a pair is a heading's name as well (`UBND TỈNH` / `VAN PHONG` is `VĂN PHÒNG`)
    capitals = all(w.isupper() for _, _, w in run)
    return (named and (len(run) >= 3 or capitals)) or not any(_exists(w) for w in changed)


def _exists(word: str) -> bool:
    """A syllable of the word list, or a capitalised well-formed one (`Nguyễn`, `Chẩu`: names,
    which the word list lacks)."""
    if word.lower() in syllables():
        return True
    return word[:1].isupper() and word[1:].islower() and is_syllable(word)


def restore_marks(text: str) -> str:
    """Respell each run of 2 to 6 syllables that folds to a known word with one spelling only
    (same length), or, in capitals, to one name of the tables (`VAN PHONG` is `VĂN PHÒNG`, not the
    word `văn phong`). A run that is a known word as written is settled and never respelt."""
    table = lexicon()
    words = [(m.start(), m.end(), unicodedata.normalize("NFC", m.group(0))) for m in _SYLLABLE.finditer(text)]
    # each word folded once and each gap read once (not once per run that holds them)
    folds = {w: fold(w) for w in {w for _, _, w in words}}
    folded = [folds[w] for _, _, w in words]
    joined = [bool(_GAP.fullmatch(text, a[1], b[0])) for a, b in pairwise(words)]
    out = list(text)
    i = 0
    while i < len(words):
        step = 1
        longest = 1   # the most words from i joined by gaps a phrase may span
        while longest < LONGEST and i + longest < len(words) and joined[i + longest - 1]:
            longest += 1
        for n in range(longest, 1, -1):
            run = words[i:i + n]
            spellings = table.get(tuple(folded[i:i + n]))
            if not spellings:
                continue
            if tuple(w.lower() for _, _, w in run) in spellings:
                step = n   # a known word as written: its syllables are settled
                break
            if any(e - b != len(w) for b, e, w in run):
                continue
            if len(spellings) != 1:
                # in capitals (a heading), the one name of the tables among words is the reading
                names = [spelling for spelling, named in spellings.items() if named]
                if len(names) != 1 or not all(w.isupper() for _, _, w in run):
                    continue
                spellings = {names[0]: True}
            (spelling, named), = spellings.items()
            if _accept(run, spelling, named):
                for (start, end, word), right in zip(run, spelling, strict=True):
                    out[start:end] = _respell(word, right)
                step = n
                break
        i += step
    return "".join(out)


# (`J/w`: an italic `V` read as a `J`, its slash kept)
_SUMMARY_CUE = re.compile(r"(?m)^([ \t]*)(?:_?V[ \t]*[/⁄|\\lI1]?[ \t]*[vVWw%y¥Ññ]|J/[vw])[ \t]*(?=[^\W\d_])")
# (in lower case only before a colon: `só:24/TB-DCT`)
_NUMBER_CUE = re.compile(r"(?m)^([ \t]*)(?:S|s(?=[^\s:][ \t]*:))[óôòõọồổỗộ6][ \t]*([:.;])")


_DEPUTY = re.compile(r"\b(PHÓ|Phó)-(?=[A-ZĐ])")


def fix_cues(text: str) -> str:
    """`VW xử lý ...`, `V/w`, `VÑ`, `_V/v`, `J/w` -> `V/v xử lý ...`; `Só: 22/BTP` -> `Số: 22/BTP` (lines of the header);
    `PHÓ-TRƯỞNG BAN` -> `PHÓ TRƯỞNG BAN` (a post of the signature: `Phó` is never hyphenated); `Mới nhận:` ->
    `Nơi nhận:`."""
    text = _SUMMARY_CUE.sub(lambda m: f"{m.group(1)}V/v ", text)
    text = _DEPUTY.sub(lambda m: f"{m.group(1)} ", text)
    text = _RECIPIENTS_CUE.sub(lambda m: f"{m.group(1)}Nơi", text)
    return _NUMBER_CUE.sub(lambda m: f"{m.group(1)}Số{m.group(2)}", text)


# the recipients' list under the body, its bold italic `N` read as `M` or its mark bent: `Mới nhận:`
_RECIPIENTS_CUE = re.compile(r"(?m)^([ \t]*)(?:M[oơớờ]|N[ớờóòo])i(?=[ \t]+nhận[ \t]*:)")


# Document codes OCR bends (pipeline/extract/codes.py is their grammar): a legislature's number
# read with a letter (`202/2025/QHI5`, `UBTVQHIS` are QH15), a space after a code's hyphen (`15/2020/TT- BGDĐT`),
# and `sô` before a number (`Thông tư sô 15/2020`).
_LEGISLATURE = re.compile(r"(?<=[/-])(?P<body>(?:UBTV)?QH)(?:[Il|!]1|1?[Il|!]|1(?=S))([0-9S])\b")
_HYPHEN_GAP = re.compile(r"(\b\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z]{0,7})-[ ]+(?:-[ ]*)?(?=[A-ZĐ]{2})")
_NUMBER_WORD = re.compile(r"\b([Ss])[ôóòồổ](?=[ ]+\d|[ ]*\n[ ]*\d)")   # (`tại Tờ trình sô` / `573/TTr-SNV`)
# the Prime Minister's `TTg`, the most cited issuer of all, whose small `g` OCR reads as `E`, `Eg`, `8`
# (and its first `T` as `F`: `11/CT- -FTEg`)
_PRIME_MINISTER = re.compile(r"(\d/[A-ZĐ]{2,4}-)[TF]T(?:Eg|E|8|£)(?![\w])")
# a code's hyphen read as `J`, a letter no Vietnamese code holds (`60/2021/NĐJCP` is `60/2021/NĐ-CP`)
_HYPHEN_AS_J = re.compile(r"(?<=\d/)((?:\d{4}/)?)([A-ZĐ][A-Za-zĐ]{0,3})J(?=[A-ZĐ]{2,}(?![\w]))")
# the Party's central `TW` after a Party code (`18-NQ/TW`), its `T` read as `I'` (`18-NQ/I'W`)
_CENTRAL = re.compile(r"(\d-[A-ZĐ]{2,4}/)[Il1T]['’]W(?![\w])")


# A part of a code that OCR bent by one letter, put back where the bent part is no code the tables
# know and the mended one is (`pipeline/data`: document types, the Party's bodies, ministries,
# departments, abbreviations): an `I` put in by a stroke's edge (`MTTIQ`, `BTCTIW`, `/ITB-`), a
# `Đ` read twice (`QĐĐ`; a doubled `T` is no error: `BTP-BTTP`), `I` for `T` or `L` (`KL/IW`,
# `174-KI/TW`), `5` for `S` (`/5NV-`), `Y` or `T` for `V` (`SNY`, `BGTTT`).
# Marks that are no letter inside a code's capitals (`S§NV`) go.
# (a line may end after a part's dash: `312/BC-` / `SIP ngày`)
_CODE_TAIL = re.compile(r"(?:(?<=[0-9])|(?<=[ ]))(?:/(?:[0-9]{4}/)?|-[ ]?(?=[A-ZĐ]{2}/))[A-ZĐ5][A-ZĐ&§]*[a-z]?"
                        r"(?:(?:/|-\n?)[A-ZĐ5][A-ZĐ&§]*[a-z]?)*(?![\w])")   # (`TTr`, `QNg`: one small letter)
# a code's type whose `T` OCR read as a `1` (`1594-1B/TU` is `1594-TB/TU`, `373/1Tr-SNV` is `373/TTr-SNV`)
_TYPE_LETTERS = re.compile(r"[A-Za-zĐ]*")
_PARTY_TYPE_T = re.compile(r"(?<=[0-9]-)1(?=[A-ZĐ]{1,3}/[A-ZĐ])|(?<=[0-9]/)1(?=[A-ZĐ][A-Za-zĐ]{0,2}-[A-ZĐ])")
_CODE_PART = re.compile(r"[A-ZĐ5][A-ZĐ]*")
# the same mark anywhere in a code's word, between digits or small letters too (`01/KH-BCĐ389QN§g`, `BCĐ38§9QNg`)
_CODE_WORD_START = re.compile(r"[^\w/]*\d{1,5}[/-]")
_SPACE = re.compile(r"\s")


def _drop_specks_in_codes(text: str) -> str:
    """Every `§` of a word that opens as a code (`119/KH-BCĐ38§9QNg`) dropped. Found from each `§` out to
    its word's ends, each word once: a pattern scanning words for one (`\\d+[/-][^\\s§]*§`) rescanned a
    long word from each of its dashes (4 s on `1-1-1-...` of 40,000 characters)."""
    parts, copied, at = [], 0, text.find("§")
    while at >= 0:
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1
        space = _SPACE.search(text, at)
        end = space.start() if space else len(text)
        if start >= copied and _CODE_WORD_START.match(text, start, end):
            parts += [text[copied:start], text[start:end].replace("§", "")]
            copied = end
        at = text.find("§", end)
    return "".join(parts) + text[copied:] if parts else text


@lru_cache(maxsize=1)
def _type_codes() -> frozenset[str]:
    """The codes of document types (`QĐ`, `TTr`, `TT`), as `document_types.json` gives them."""
    types = json.loads((DATA / "document_types.json").read_text(encoding="utf-8"))
    return frozenset(t["code"] for t in types["types"] if t.get("code"))


@lru_cache(maxsize=1)
def code_parts() -> frozenset[str]:
    """Every part of a document number the tables know: type codes, the Party's bodies, the
    ministries' and departments' codes, the abbreviations of bodies."""
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    parts = set(_type_codes()) | set(bodies["party_codes"])
    for key in ("central", "ministries", "departments"):
        parts |= {b["code"] for b in bodies[key] if b.get("code")}
    return frozenset(parts | {a["short"] for a in bodies["abbreviations"]})


_STUTTER = re.compile(r"([A-ZĐ])\1{2,}")


LONGEST_PART = 25   # letters in the longest part of a code (the grammar's SEGMENT): a longer run is none, and
# trying each of its letters would cost the square of its length (a run of 100,000 `Đ`: seconds)


def _mended(part: str) -> str:
    known = code_parts()
    if part in known or len(part) > LONGEST_PART:
        return part
    tries = {part[:i] + part[i + 1:] for i, c in enumerate(part) if c == "I" or part[i - 1:i] == c == "Đ"}
    tries |= {part[:i] + letter + part[i + 1:] for i, c in enumerate(part) if c == "I" for letter in "TL"}
    tries |= {"S" + part[1:]} if part[0] == "5" else set()
    tries |= {part[:i] + "V" + part[i + 1:] for i, c in enumerate(part) if c in "YT"}   # `V` read as `Y`, `T` (`SNY`, `BGTTT`)
    tries.add(_STUTTER.sub(r"\1", part))   # a letter read three times (`HĐĐĐND`)
    found = tries & known
    return found.pop() if len(found) == 1 else part


def fix_code_parts(text: str) -> str:
    """`UBND-MTTIQ` -> `UBND-MTTQ`, `/QĐĐ-UBND` -> `/QĐ-UBND`, `174-KI/TW` -> `174-KL/TW`.

    >>> fix_code_parts("Số: /QĐĐ-UBND; 33/KH-MTTIQ-BTT; Kết luận số 174-KI/TW, 132-KL/IW, 31-HD/BTCTIW")
    'Số: /QĐ-UBND; 33/KH-MTTQ-BTT; Kết luận số 174-KL/TW, 132-KL/TW, 31-HD/BTCTW'
    >>> fix_code_parts("Công văn số 1189/5NV-LĐVL&TN; 215/S§NV-CCHC; số 12/ITB-UBND; 05/QĐ-UBND")
    'Công văn số 1189/SNV-LĐVL&TN; 215/SNV-CCHC; số 12/TB-UBND; 05/QĐ-UBND'
    >>> fix_code_parts("các Công văn: số 87/HĐĐĐND-KTNS ngày 15/5/2024, số 208/HĐND-KTNS; 12/BTTTT")
    'các Công văn: số 87/HĐND-KTNS ngày 15/5/2024, số 208/HĐND-KTNS; 12/BTTTT'
    >>> fix_code_parts("Thông báo số 1594-1B/TU ngày 11/01/2025; Báo cáo số 312/BC-\\nSIP ngày 27/11; 15-1CT/TU")
    'Thông báo số 1594-TB/TU ngày 11/01/2025; Báo cáo số 312/BC-\\nSTP ngày 27/11; 15-1CT/TU'
    >>> fix_code_parts("Tờ trình số 373/1Tr-SNV ngày 30/12/2024; 12/1CT-UBND")
    'Tờ trình số 373/TTr-SNV ngày 30/12/2024; 12/1CT-UBND'
    >>> fix_code_parts("Kế hoạch số 119/KH-BCĐ38§9QNg; số 01/KH-BCĐ389QN§g ngày 10/12; Điều 5 § 2")
    'Kế hoạch số 119/KH-BCĐ389QNg; số 01/KH-BCĐ389QNg ngày 10/12; Điều 5 § 2'
    >>> fix_code_parts("Tờ trình số 573/TTr-SNY; số 9628/TTr-BGTTT; 12/BTTTT; số 34/TTr-STP")
    'Tờ trình số 573/TTr-SNV; số 9628/TTr-BGTVT; 12/BTTTT; số 34/TTr-STP'
    """
    def mend(m: re.Match) -> str:
        return _CODE_PART.sub(lambda part: _mended(part.group(0)), m.group(0).replace("§", ""))

    def party_type(m: re.Match) -> str:
        letters = _TYPE_LETTERS.match(text, m.end())
        kind = letters.group() if letters else ""
        return "T" if "T" + kind in code_parts() and kind not in code_parts() else m.group()

    text = _PARTY_TYPE_T.sub(party_type, text)
    text = _drop_specks_in_codes(text)
    return _CODE_TAIL.sub(mend, text)


# a code's year that OCR read with a space inside (`Luật ... số 57/201 4/QH13`)
_YEAR_GAP = re.compile(r"(?<=\d/)(?:\d[ ]\d{3}|\d{2}[ ]\d{2}|\d{3}[ ]\d)(?=/[A-ZĐ])")
# a code's number that OCR read with a space inside, after `số` (`Quyết định số 1 2/2021/QĐ-TTg`)
_NUMBER_GAP = re.compile(r"(?<=số[ ])(\d{1,2})[ ](\d{1,3})(?=/(?:(?:19|20)\d{2}/)?[A-ZĐ])")
# A code's type that OCR bent: its slash lost (`Tờ trình số 1420TTr-BQL`), a space inside it (`1424/T Tr-BQL`),
# a `1` inside it (`57/2024/T1T-BYT`), the `Q` of `QĐ` read as `0` or its `Đ` as `)` (`443/0Đ-BYT`,
# `44/2022/Q)- UBND`). Each is mended only where the type read so is none the tables know and the mended
# one is.
_TYPE_GLUED = re.compile(r"(?<![\w/])(\d{1,5})([A-ZĐ][A-Za-zĐ]{0,3})(?=-[A-ZĐ]{2})")
_TYPE_SPLIT = re.compile(r"(?<=\d/)((?:(?:19|20)\d{2}/)?)([A-ZĐ][A-Za-zĐ]{0,2})[ ]([A-ZĐ]?[a-zđ]?[A-ZĐ]?)(?=-[A-ZĐ])")
_TYPE_WITH_ONE = re.compile(r"(?<=\d/)((?:(?:19|20)\d{2}/)?)([A-ZĐ]{1,3})1([A-ZĐ][A-Za-zĐ]{0,2})?(?=-[A-ZĐ])")
_DECISION_BENT = re.compile(r"(?<=\d/)((?:(?:19|20)\d{2}/)?)(?:[0O]Đ|Q\))(?=[ ]?-)")


def fix_codes(text: str) -> str:
    """`QHI5` -> `QH15`, `TT- BGDĐT` -> `TT-BGDĐT`, `sô 15/2020` -> `số 15/2020`.

    >>> fix_codes("Nghị quyết số 202/2025/QHI5; Thông tư sô 15/2020/TT- BGDĐT")
    'Nghị quyết số 202/2025/QH15; Thông tư số 15/2020/TT-BGDĐT'
    >>> fix_codes("Số: 193/CĐ-TTE; Công điện số 186/CĐ-TTEg; Quyết định 06/QĐ-TTE")
    'Số: 193/CĐ-TTg; Công điện số 186/CĐ-TTg; Quyết định 06/QĐ-TTg'
    >>> fix_codes("Công điện số 138/CĐ- -TTg; Chỉ thị số 11/CT- -FTEg; Nghị quyết số 18-NQ/I'W ngày 25/10/2017")
    'Công điện số 138/CĐ-TTg; Chỉ thị số 11/CT-TTg; Nghị quyết số 18-NQ/TW ngày 25/10/2017'
    >>> fix_codes("Luật số 57/201 4/QH13; số 12/20 25/NĐ-CP; 3/2 024/TT-BTC; 7/2025/QĐ-TTg; từ 1/2 0/")
    'Luật số 57/2014/QH13; số 12/2025/NĐ-CP; 3/2024/TT-BTC; 7/2025/QĐ-TTg; từ 1/2 0/'
    >>> fix_codes("Quyết định số 1 2/2021/QĐ-TTg; Luật Đất đai số 3 1/2024/QH15; Điều 1 2/3 số")
    'Quyết định số 12/2021/QĐ-TTg; Luật Đất đai số 31/2024/QH15; Điều 1 2/3 số'
    >>> fix_codes("Nghị định số 60/2021/NĐJCP; Tờ trình số 188/TTrJBTC; 12/ABJCD; tổ JICA")
    'Nghị định số 60/2021/NĐ-CP; Tờ trình số 188/TTr-BTC; 12/ABJCD; tổ JICA'
    """
    text = _mend_types(text)
    text = _YEAR_GAP.sub(lambda m: year if (year := m.group().replace(" ", "")).startswith(("19", "20")) else m.group(), text)
    text = _LEGISLATURE.sub(lambda m: f"{m.group('body')}1{m.group(2).replace('S', '5')}", text)
    text = _HYPHEN_GAP.sub(lambda m: f"{m.group(1)}-", text)
    text = _HYPHEN_AS_J.sub(lambda m: f"{m.group(1)}{m.group(2)}-" if m.group(2) in code_parts() else m.group(), text)
    text = _PRIME_MINISTER.sub(lambda m: f"{m.group(1)}TTg", text)
    text = _CENTRAL.sub(lambda m: f"{m.group(1)}TW", text)
    text = _NUMBER_WORD.sub(lambda m: f"{m.group(1)}ố", text)
    return _NUMBER_GAP.sub(r"\1\2", text)


def _mend_types(text: str) -> str:
    """A code's type that OCR bent, put back (see `_TYPE_GLUED`).

    >>> _mend_types("Tờ trình số 1420TTr-BQL và số 1424/T Tr-BQL; Thông tư 57/2024/T1T-BYT; số 443/0Đ-BYT")
    'Tờ trình số 1420/TTr-BQL và số 1424/TTr-BQL; Thông tư 57/2024/TT-BYT; số 443/QĐ-BYT'
    >>> _mend_types("Số 44/2022/Q)- UBND; mạng 4G-LTE; COVID-19; số 12/AB CD-EF; 15/2019/NĐ-CP")
    'Số 44/2022/QĐ- UBND; mạng 4G-LTE; COVID-19; số 12/AB CD-EF; 15/2019/NĐ-CP'
    """
    known = _type_codes()
    text = _DECISION_BENT.sub(lambda m: f"{m.group(1)}QĐ", text)
    text = _TYPE_GLUED.sub(lambda m: f"{m.group(1)}/{m.group(2)}" if m.group(2) in known else m.group(), text)
    text = _TYPE_SPLIT.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}"
                           if m.group(2) + m.group(3) in known and m.group(2) not in known else m.group(), text)
    return _TYPE_WITH_ONE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3) or ''}"
                              if m.group(2) + (m.group(3) or "") in known else m.group(), text)


# A date OCR bent, where its grammar makes the reading certain (`<day> tháng <month> năm <year>`):
# `10 thẳng 10`, `tháng l1 năm`, `năm n2025`; a deadline's cue that lost its first letters before
# `ngày <day>` (`rước ngày 10`, `ước ngày 10`); `kê từ` for `kể từ`.
_MONTH_WORD = re.compile(r"(?<=\d)([ \t]+)(?:thẳng|thăng|thàng|thang|thảng|thâng|thắng)([ \t]+)(?=[0-9lIO]{1,2}[ \t]+n[ăa]m\b)")
_MONTH_DIGITS = re.compile(r"(?<=tháng[ \t])(?P<digits>[0-9lIOØ]{1,2}|[/J][0-9])(?P<gap>[ \t]*)(?=năm\b)")
_DAY_DIGITS = re.compile(r"(?<=ngày[ \t])(?=[lLIÌìíÍOØ/J]?[0-9])[0-9lLIÌìíÍOØ/J]{2}(?=[ \t]+tháng\b)")
# a day's `1` read as a letter after a space (`trước ngày 3 Ì tháng 10 năm 2025`)
_DAY_ONE_APART = re.compile(r"(?<=ngày[ \t])([0-3])[ \t][lIÌìíÍ](?=[ \t]+tháng\b)")
# the word `ngày` of a date line, its mark bent (`Lâm Đồng, ngãy tháng 12 năm 2025`)
_DAY_WORD = re.compile(r"(?<![^\W\d_])ng[ãáảạaâấ]y(?=[ \t]+(?:[^\s]{1,3}[ \t]+)?tháng\b)")
# ink written against `ngày` that the page read as signs glued to it (`Cần Thơ, ngàye)l\ tháng 10`): no
# day can be read from signs, and glued to the cue they hide the date line (its place and month) from
# the header; they go. (Signs holding a digit, `ngày-2Š`, are left to the readings of digits.)
_DAY_GLUED_SIGNS = re.compile(r"(?<![^\W\d_])(?P<cue>ngày)(?P<signs>[^\s\d]{0,4}[^\w\s][^\s\d]{0,4})(?=[ \t]+tháng\b)")
# the same word before a numeric date, its `g` or mark bent (`Công văn số 1488/TTT-VP nsày` / `25/11/2024`)
_NUMERIC_DAY_WORD = re.compile(r"(?<![^\W\d_])(?:n[sq][àáảãạa]|ng[áảãạâấ])y(?=[ \t]*\n?[ \t]*[0-3]?\d/[01]?\d/(?:19|20)\d\d\b)")
_YEAR_PREFIX = re.compile(r"(?<=năm[ \t])[nN](?=\d{4}\b)")
# `năm` after a month's number, its breve bent to a circumflex and tone (`tháng 01 nắm`)
_YEAR_WORD = re.compile(r"(?<=\d)([ \t]+)n[ắằẳẵặâấ]m(?=[ \t]+\d{4}\b|[ \t]*$)", re.MULTILINE)
_BEFORE_DAY = re.compile(r"(?<![^\W\d_])(?:rước|ước)(?=[ \t]+ngày[ \t]+\d)")
_COUNTED_FROM = re.compile(r"(?<![^\W\d_])kê(?=[ \t]+từ[ \t]+(?:ngày|khi)\b)")
# `Ø`: a slashed zero, as tesseract reads a zero of some typewriter faces (`ngày Ø3 tháng 4`); `L`:
# the serif one of a bold or smudged `1` (`trước ngày L2 tháng 10`)
# `/`, `J`: the stem of a stamped or written `1` before a digit (`ngày /5 tháng`, `ngày J2 tháng 11`)
_DIGIT_LOOKALIKES = str.maketrans({"l": "1", "L": "1", "I": "1", "Ì": "1", "ì": "1", "í": "1", "Í": "1", "O": "0", "Ø": "0",
                                   "/": "1", "J": "1"})


# a day or month of a numeric date that OCR read with a space inside (`ngày 24/1 1/2017`, `1 9/6/2015`):
# joined where the joined figures are a day and a month
_NUMERIC_DATE_GAP = re.compile(r"(?<![\d/])(?:(?P<d1>\d)[ ](?P<d2>\d)/(?P<m>\d{1,2})|(?P<d>\d{1,2})/(?P<m1>\d)[ ](?P<m2>\d))"
                               r"/(?P<y>(?:19|20)\d{2})(?![\d/])")


def _joined_date(m: re.Match) -> str:
    day, month = (m["d1"] + m["d2"], m["m"]) if m["d1"] else (m["d"], m["m1"] + m["m2"])
    return f"{day}/{month}/{m['y']}" if 1 <= int(day) <= 31 and 1 <= int(month) <= 12 else m.group()


def fix_dates(text: str) -> str:
    """`trước ngày 10 thẳng l1 năm n2025` -> `trước ngày 10 tháng 11 năm 2025`; `rước ngày 06` ->
    `trước ngày 06`.

    >>> fix_dates("hoàn thành rước ngày 10 thẳng l1 năm n2025, kê từ ngày ký")
    'hoàn thành trước ngày 10 tháng 11 năm 2025, kể từ ngày ký'
    >>> fix_dates("Hà Nội, ngày Ì0 tháng 10 năm 2025; hoàn thành trước ngày 3 Ì tháng 10 năm 2025")
    'Hà Nội, ngày 10 tháng 10 năm 2025; hoàn thành trước ngày 31 tháng 10 năm 2025'
    >>> fix_dates("Quảng Ngãi, ngày Ø3 tháng 4 năm 2018")
    'Quảng Ngãi, ngày 03 tháng 4 năm 2018'
    >>> fix_dates("hoàn thành trước ngày L2 tháng 10 năm 2025.")
    'hoàn thành trước ngày 12 tháng 10 năm 2025.'
    >>> fix_dates("Lâm Đồng, ngày /5 tháng 01 năm 2026; Lâm Đồng, ngày 2 tháng /2năm 2025; Lâm Đồng, ngãy tháng 12")
    'Lâm Đồng, ngày 15 tháng 01 năm 2026; Lâm Đồng, ngày 2 tháng 12 năm 2025; Lâm Đồng, ngày tháng 12'
    >>> fix_dates("Công văn số 1488/TTT-VP nsày\\n25/11/2024; ngáy 02/01/2025; ngay 5/3/2024; này 1/2/2020")
    'Công văn số 1488/TTT-VP ngày\\n25/11/2024; ngày 02/01/2025; ngay 5/3/2024; này 1/2/2020'
    >>> fix_dates("Luật Quy hoạch số 21/2017/QH14 ngày 24/1 1/2017; ngày 1 9/6/2015; 3 1/12/2020; tỷ lệ 2/3 4/5/2020")
    'Luật Quy hoạch số 21/2017/QH14 ngày 24/11/2017; ngày 19/6/2015; 31/12/2020; tỷ lệ 2/3 4/5/2020'
    >>> fix_dates("Cần Thơ, ngàye)l\\ tháng 10 năm 2025; ngày-2Š tháng 10; ngàyấy tháng 5")
    'Cần Thơ, ngày     tháng 10 năm 2025; ngày-2Š tháng 10; ngàyấy tháng 5'
    """
    text = _DAY_GLUED_SIGNS.sub(lambda m: m["cue"] + " " * len(m["signs"]), text)
    text = _MONTH_WORD.sub(lambda m: f"{m.group(1)}tháng{m.group(2)}", text)
    text = _DAY_WORD.sub("ngày", text)
    text = _NUMERIC_DAY_WORD.sub("ngày", text)
    text = _MONTH_DIGITS.sub(lambda m: m["digits"].translate(_DIGIT_LOOKALIKES) + (m["gap"] or " "), text)
    text = _DAY_DIGITS.sub(lambda m: m.group(0).translate(_DIGIT_LOOKALIKES), text)
    text = _DAY_ONE_APART.sub(r"\g<1>1", text)
    text = _YEAR_PREFIX.sub("", text)
    text = _NUMERIC_DATE_GAP.sub(_joined_date, text)
    text = _YEAR_WORD.sub(lambda m: f"{m.group(1)}năm", text)
    text = _BEFORE_DAY.sub("trước", text)
    return _COUNTED_FROM.sub("kể", text)


# A province after `TỈNH` / `THÀNH PHỐ` that OCR bent by a letter too many or too few (`TĨNH QUANG
# NGAÀI`): the one province whose name is a letter's edit away, marks aside.
_PROVINCE = re.compile(r"(?<![^\W\d_])(?P<kind>T[ỈĨIÌ]NH|[Tt][ỉĩiì]nh|THÀNH PHỐ|[Tt]hành phố)[ ]+"
                       r"(?P<name>[^\W\d_]+(?:[ ]+[^\W\d_]+){1,2})(?![^\W\d_])")


@lru_cache(maxsize=1)
def _provinces() -> dict[str, str]:
    """Folded name without spaces -> name, for every province (before and after 2025)."""
    provinces = json.loads((DATA / "provinces.json").read_text(encoding="utf-8"))
    names = [e["name"] for e in provinces["provinces"] + provinces.get("provinces_2025", [])]
    return {"".join(fold(w) for w in name.split()): name for name in names if " " in name and "-" not in name}


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` is `b` with one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@lru_cache(maxsize=4096)   # (a scan names its province on every page; a hostile one, thousands of times)
def _near_province(key: str) -> str | None:
    """The one province whose folded name is a letter's edit from `key`, or None (none, or two)."""
    close = [name for folded, name in _provinces().items() if _one_edit(key, folded)]
    return close[0] if len(close) == 1 else None


def fix_provinces(text: str) -> str:
    """`TĨNH QUANG NGAÀI` -> `TỈNH QUẢNG NGÃI`: a province name one letter off, respelt in its case.

    >>> fix_provinces("ỦY BAN NHÂN DÂN\\nTĨNH QUANG NGAÀI\\n")
    'ỦY BAN NHÂN DÂN\\nTỈNH QUẢNG NGÃI\\n'
    """
    provinces = _provinces()

    def mend(m: re.Match) -> str:
        words = m.group("name").split()
        for n in range(len(words), 1, -1):
            key = "".join(fold(w) for w in words[:n])
            if key in provinces:
                return m.group(0)
            close = _near_province(key)
            if close:
                upper = m.group("name").isupper()
                name = close.upper() if upper else close
                kind = m.group("kind")
                kind = ("TỈNH" if upper else kind[0] + "ỉnh") if fold(kind) == "tinh" else kind
                rest = m.group("name")[len(" ".join(words[:n])):]
                return f"{kind} {name}{rest}"
        return m.group(0)

    text = _PROVINCE.sub(mend, text)
    return _PLACE_LINE.sub(lambda m: _place(m, provinces), text)


# The place before the date (`Lâm Đẳng, ngày 15 tháng 12 năm 2025`, `Lâm Đông. ngày`): a province
# a letter off, or with its marks bent, and the comma OCR read as a full stop or lost (`Hà Nội ngày`).
# (a city's may follow its kind: `Tp. Hà Chí Minh, ngày` is Hồ Chí Minh's)
_PLACE_LINE = re.compile(r"(?m)^(?P<lead>[ \t|*]*(?:(?:TP|Tp)\.[ ]?|[Tt]hành[ ]phố[ ])?)(?P<name>[^\W\d_]+(?:[ ]+[^\W\d_]+){1,2})(?P<mark>[,.]?)(?=[ ]*ngày\b)")


def _place(m: re.Match, provinces: dict[str, str]) -> str:
    key = "".join(fold(w) for w in m.group("name").split())
    name = provinces.get(key) or _near_province(key)
    if name is None:
        return m.group(0)
    return m.group("lead") + name + ","


_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]{5,21}(?![^\W\d_])")   # three syllables are at most 21 letters


def split_glued(text: str) -> str:
    """Split a word in capitals that OCR glued from two or three (`THỦ TƯỚNG CHÍNHPHỦ`, `UBND
    TỈNHLÂMĐỒNG`): one that is no syllable and parts, at one place only, into two syllables of two
    letters or more; failing that, at one pair of places only, into three.

    >>> split_glued("THỦ TƯỚNG CHÍNHPHỦ; UBND TỈNHLÂMĐỒNG; UBND; HĐND; NGUYỄN; KHOA")
    'THỦ TƯỚNG CHÍNH PHỦ; UBND TỈNH LÂM ĐỒNG; UBND; HĐND; NGUYỄN; KHOA'
    """
    known = syllables()

    def whole(part: str) -> bool:   # a syllable of the word list that is well formed (not `ph`)
        return part in known and is_syllable(part)

    def split(m: re.Match) -> str:
        word = m.group()
        low = word.lower()
        if not word.isupper() or low in known:
            return word
        cuts: list[tuple[int, ...]] = [(i,) for i in range(2, len(low) - 1) if low[:i] in known and low[i:] in known]
        if not cuts:
            cuts = [(i, j) for i in range(2, len(low) - 3) if whole(low[:i])
                    for j in range(i + 2, len(low) - 1) if whole(low[i:j]) and whole(low[j:])]
        if len(cuts) != 1:
            return word
        bounds = (0, *cuts[0], len(word))
        return " ".join(word[a:b] for a, b in pairwise(bounds))

    return _LETTERS.sub(split, text)


@lru_cache(maxsize=1)
def _heads_with_marks() -> re.Pattern:
    """A body's head of three words or more in capitals (`ỦY BAN NHÂN DÂN`) with a full stop or a
    comma OCR read after one of its words (`ỦY, BAN NHÂN. DÂN`): bold capitals' serifs."""
    bodies = json.loads((DATA / "bodies.json").read_text(encoding="utf-8"))
    heads = sorted({h["name"].upper() for h in bodies["heads"] if len(h["name"].split()) >= 3}, key=len, reverse=True)
    return re.compile("|".join(r"[.,]?[ ]+".join(map(re.escape, head.split())) for head in heads))


def fix_head_marks(text: str) -> str:
    """`ỦY, BAN NHÂN. DÂN` -> `ỦY  BAN NHÂN  DÂN`: the marks inside a body's head read as spaces
    (same length).

    >>> fix_head_marks("ỦY, BAN NHÂN. DÂN\\nTỈNH LÂM ĐỒNG")
    'ỦY  BAN NHÂN  DÂN\\nTỈNH LÂM ĐỒNG'
    """
    return _heads_with_marks().sub(lambda m: re.sub(r"[.,]", " ", m.group()), text)


# A full stop between two words in lower case is a speck OCR read as one (`Ban Quản lý. dự án`, `phối.
# hợp`, `tuyên. truyền`): a sentence of the genre never opens in lower case. A word with a dot in it
# (`v.v.`, `quangngai.gov.`) or of one letter (`đ.`) is left, and so is a line's last full stop.
_SPECK = re.compile(rf"(?<![\w.])([{LOWER}]{{2,7}})\.(?=[ \t]+[{LOWER}])")


def fix_specks(text: str) -> str:
    """`phối. hợp với Ban Quản lý. dự án` -> `phối  hợp với Ban Quản lý  dự án` (same length).

    >>> fix_specks("Chủ trì, phối hợp chặt chẽ với Ban Quản lý. dự án. Sở Tài chính; v.v. và")
    'Chủ trì, phối hợp chặt chẽ với Ban Quản lý  dự án. Sở Tài chính; v.v. và'
    """
    return _SPECK.sub(r"\1 ", text)


def repair(text: str) -> str:
    """Every repair, for the text of an OCR'd page."""
    # tesseract writes some `Đ` as the Icelandic `Ð` (`688/QĐÐ-BCĐ`); normalisation maps it later,
    # but the repairs read the letters first; so a slanted slash read as the fraction slash (`12⁄2021`)
    text = text.replace("Ð", "Đ").replace("ð", "đ").replace("\u2044", "/")
    # marks first, so that a bent syllable is not split as glued (`QUYÉT`); again after the split,
    # for the words it parted (`TỈNHLÂMĐÒNG` -> `TỈNH LÂM ĐÒNG` -> `TỈNH LÂM ĐỒNG`)
    marked = restore_marks(text)
    parted = split_glued(marked)
    text = parted if parted == marked else restore_marks(parted)
    return fix_specks(fix_head_marks(fix_dates(fix_code_parts(fix_codes(fix_cues(fix_provinces(text)))))))


def write_syllables() -> None:
    """Write `pipeline/data/syllables.txt` (what `spaced` reads) anew from the word list and the tables."""
    from .spaced import SYLLABLES

    head = SYLLABLES.read_text(encoding="utf-8").splitlines()[:3]
    SYLLABLES.write_text("\n".join(head + sorted(syllables())) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_syllables()
