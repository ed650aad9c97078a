"""congvan as a spaCy pipeline (issue 9): the tokenizer, the span components, `spacy.load` of the
committed model, displacy, the NER against the gazetteer on the held-out set, the deadline fallback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from pipeline import read  # noqa: E402
from pipeline.nlp import MODEL, blank, ner_model  # noqa: E402
from pipeline.nlp.corpus import TEST, TRAIN, from_markup, load, to_markup  # noqa: E402
from pipeline.read.text import Text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED_004 = ROOT / "corpora" / "seeds" / "004_1f0ab3f4da2a20c2.txt"
needs_model = pytest.mark.skipif(not (MODEL / "config.cfg").is_file(), reason="make train builds models/congvan_vi")

# --- the tokenizer ------------------------------------------------------------------------------------

TOKENS = [
    # text, tokens
    ("Chỉ thị số 19/CT-TTg ngày 16/7/2021", ["Chỉ", "thị", "số", "19/CT-TTg", "ngày", "16/7/2021"]),
    ("Chỉ thị 34-CT/TW;", ["Chỉ", "thị", "34-CT/TW", ";"]),
    ("(Nghị định 30/2020/NĐ-CP).", ["(", "Nghị", "định", "30/2020/NĐ-CP", ")", "."]),
    ("Số: /SNV-VP", ["Số", ":", "/SNV-VP"]),
    ("Kế hoạch số 15/KH-HĐTĐ,", ["Kế", "hoạch", "số", "15/KH-HĐTĐ", ","]),
    ("16/CGC.BT và 02-KH/BCĐTW.", ["16/CGC.BT", "và", "02-KH/BCĐTW", "."]),
    # not codes: periods, dates, words with a dash
    ("giai đoạn 2021-2025", ["giai", "đoạn", "2021", "-", "2025"]),
    ("dịch Covid-19", ["dịch", "Covid-19"]),
    ("“Cả nước”", ["“", "Cả", "nước", "”"]),
]


@pytest.mark.parametrize("text,tokens", TOKENS)
def test_tokenizer_keeps_codes_whole(text, tokens):
    assert [t.text for t in blank()(text)] == tokens


def test_tokenizer_survives_saving(tmp_path):
    """spaCy saves the token pattern's text, not its flags: the saved tokenizer must split alike."""
    blank().tokenizer.to_disk(tmp_path / "tokenizer")
    nlp = blank()
    nlp.tokenizer.from_disk(tmp_path / "tokenizer")
    assert [t.text for t in nlp("số 19/CT-TTg, 34-CT/TW.")] == ["số", "19/CT-TTg", ",", "34-CT/TW", "."]


def test_every_code_of_the_seeds_is_one_token():
    from pipeline.extract.codes import find_codes

    nlp = blank()
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
        s = read(path).text
        doc = nlp(s)
        for _code, start, end in find_codes(s):
            if " " in s[start:end]:
                continue  # `05/CT - TW`: spaces inside, as printed
            span = doc.char_span(start, end)
            assert span is not None and len(span) == 1, (path.name, s[start:end])


# --- the rule components ----------------------------------------------------------------------------

def test_blank_pipeline_writes_every_spans_key():
    import pipeline

    nlp = pipeline.nlp.add_components(blank())
    doc = nlp(read(SEED_004).text)
    assert set(doc.spans) == {"references", "dates", "deadlines", "targets", "organizations"}
    for key, spans in doc.spans.items():
        for span in spans:
            assert span.text == doc.text[span.start_char:span.end_char]
            assert span._.key, (key, span.text)
    deadline = doc.spans["deadlines"][0]
    assert deadline._.key == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=5"
    assert deadline._.record["actor"].startswith("Thủ trưởng các cơ quan")
    assert {s._.key for s in doc.spans["dates"]} >= {"2021-08-05", "2021-07-16"}


def test_spans_key_is_a_setting():
    nlp = blank()
    nlp.add_pipe("congvan_references", config={"spans_key": "refs"})
    doc = nlp("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;")
    assert [(s.label_, s._.key) for s in doc.spans["refs"]][0][0] == "Nghị định"


# --- the committed model ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_doc():
    nlp = spacy.load(MODEL)
    return nlp(read(SEED_004).text)


@needs_model
def test_spacy_load_gives_the_whole_pipeline(seed_doc):
    nlp = spacy.load(MODEL)
    assert nlp.pipe_names[:2] == ["tok2vec", "ner"]
    assert "19/CT-TTg" in [t.text for t in seed_doc]
    assert {"congvan_references", "congvan_organizations"} <= set(nlp.pipe_names)
    refs = [s for s in seed_doc.spans["references"] if "19/CT-TTg" in s.text]
    assert refs and {s._.key for s in refs} == {"19CTTTG"}
    assert refs[0]._.record["code"] == "19/CT-TTg" and refs[0]._.record["issuer"] == "Thủ tướng Chính phủ"
    orgs = {s.text: s._.key for s in seed_doc.spans["organizations"]}
    assert orgs["Thủ tướng Chính phủ"] == "Thủ tướng Chính phủ"
    assert orgs["UBND tỉnh"] == "Ủy ban nhân dân tỉnh Điện Biên"


@needs_model
def test_spacy_load_in_a_fresh_interpreter_finds_the_entry_points():
    """No `import pipeline` first: spaCy finds the tokenizer and factories through the package's
    entry points (pyproject.toml), with no network."""
    code = ("import spacy; nlp = spacy.load('models/congvan_vi'); "
            "doc = nlp('Thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ.'); "
            "print([t.text for t in doc if '/' in t.text], [(s.text, s._.key) for s in doc.spans['organizations']])")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "NO_PROXY": "*"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert "['19/CT-TTg', '16/7/2021']" in out.stdout and "('Thủ tướng Chính phủ', 'Thủ tướng Chính phủ')" in out.stdout


@needs_model
def test_displacy_renders_the_spans(seed_doc):
    from spacy import displacy

    html = displacy.render(seed_doc, style="span", options={"spans_key": "references"}, page=False)
    assert "19/CT-TTg" in html and "Chỉ thị" in html
    html = displacy.render(seed_doc, style="ent", page=False)
    assert "ORG" in html


# --- the annotated sentences and the NER ------------------------------------------------------------

def test_markup_round_trips():
    markup = "Giao [[Sở Nội vụ|ORG]] và ông [[Lê Văn A|PER]] tại [[Điện Biên|LOC]]."
    assert to_markup(*from_markup(markup)) == markup


@pytest.mark.parametrize("name", ["test", "train"])
def test_annotations_are_compiled_from_their_markup(name, tmp_path):
    from pipeline.nlp.corpus import compile_markup

    compiled = compile_markup(ROOT / "corpora" / "ner" / f"{name}.txt", tmp_path / f"{name}.jsonl")
    committed = load(ROOT / "corpora" / "ner" / f"{name}.jsonl")
    assert [(r["text"], r["entities"]) for r in compiled] == [(r["text"], r["entities"]) for r in committed]


def test_test_set_is_large_enough_and_kept_apart():
    test, train = load(TEST), load(TRAIN)
    assert sum(len(r["entities"]) for r in test) >= 300
    assert len({r["source"] for r in test}) >= 6  # the five seeds and written sentences
    assert not {r["text"] for r in test} & {r["text"] for r in train}
    weak = ROOT / "build" / "ner" / "weak.jsonl"
    if weak.is_file():  # the weak pieces quote no seed: the seeds are never trained on
        assert not any(line and json.loads(line)["source"].startswith(("000_", "001_", "002_", "003_", "004_"))
                       for line in weak.read_text(encoding="utf-8").splitlines())


@needs_model
def test_trained_ner_beats_the_gazetteer_on_org():
    from pipeline.nlp.evaluate import evaluate_ner

    result = evaluate_ner(systems=["trained", "gazetteer"])
    trained, gazetteer = result["trained"]["exact"], result["gazetteer"]["exact"]
    assert trained["ORG"]["f1"] > gazetteer["ORG"]["f1"], (trained["ORG"], gazetteer["ORG"])
    assert trained["all"]["f1"] > gazetteer["all"]["f1"]


def test_underthesea_tags_map_back_to_characters():
    from pipeline.nlp.evaluate import underthesea_spans

    text = "Đồng chí Lê Thành Đô, Chủ tịch UBND tỉnh Điện Biên."
    tagged = [("Đồng chí", "N", "B-NP", "O"), ("Lê Thành Đô", "Np", "B-NP", "B-PER"), (",", "CH", "O", "O"),
              ("Chủ tịch", "N", "B-NP", "O"), ("UBND", "Ny", "B-NP", "B-ORG"), ("tỉnh", "N", "B-NP", "I-ORG"),
              ("Điện Biên", "Np", "I-NP", "I-ORG"), (".", "CH", "O", "O")]
    assert [(text[s:e], label) for s, e, label in underthesea_spans(text, tagged)] == [
        ("Lê Thành Đô", "PER"), ("UBND tỉnh Điện Biên", "ORG")]


# --- the gazetteer and the weak labels ------------------------------------------------------------

WEAK = [
    # sentence, expected (name, label) in order
    ("Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy.",
     [("Sở Thông tin và Truyền thông", "ORG"), ("Ban Tuyên giáo Tỉnh ủy", "ORG")]),
    ("UBND các huyện, thị xã, thành phố và các Sở, ban, ngành triển khai.", []),
    ("Căn cứ Quyết định của UBND huyện Ý Yên; đồng chí Lò Văn Mừng dự.",
     [("UBND huyện Ý Yên", "ORG"), ("Lò Văn Mừng", "PER")]),
    ("tư tưởng Hồ Chí Minh; tại thành phố Hồ Chí Minh", [("Hồ Chí Minh", "PER"), ("Hồ Chí Minh", "LOC")]),
    ("Bộ Công an- Bộ Y tế phối hợp", [("Bộ Công an", "ORG"), ("Bộ Y tế", "ORG")]),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
    # a table's name however its dash is spaced (lit_raw_3c023cd5d7d6, a draft decree)
    ("Bộ Lao động -Thương binh và Xã hội có trách nhiệm", [("Bộ Lao động -Thương binh và Xã hội", "ORG")]),
    ("Bộ Lao động-Thương binh và Xã hội giải quyết", [("Bộ Lao động-Thương binh và Xã hội", "ORG")]),
    # a place whose first word is a head's (`Trường`): congbot_23, a decree on the islands
    ("trên quần đảo Trường Sa, DK1 trước ngày 01 tháng 4 năm 2000", [("Trường Sa", "LOC")]),
]


@pytest.mark.parametrize("sentence,expected", WEAK)
def test_weak_labels(sentence, expected):
    from pipeline.nlp.weak_labels import find_entities

    assert [(e.text, e.label) for e in find_entities(sentence)] == expected


def test_gazetteer_knows_only_its_tables():
    from pipeline.nlp.gazetteer import find_entities

    found = [(e.text, e.label) for e in find_entities("Giao Sở Nội vụ tỉnh Điện Biên và Ban Tuyên giáo Tỉnh ủy; ông Lê Văn A")]
    assert found == [("Sở Nội vụ tỉnh Điện Biên", "ORG"), ("Tỉnh ủy", "ORG")]


# --- the deadlines' actor falls back on named bodies: by rule, or the NER on request -----------------------------------------------------

def _text(body: str) -> Text:
    s = "Lâm Đồng, ngày 05 tháng 01 năm 2025\n" + body
    return Text(source="t.txt", format="txt", text=s, raw=s, raw_offsets=list(range(len(s) + 1)))


# no subject after a comma or at a line start, no heading, no label: only a named body's span finds it
UNMARKED = "Sau khi có kết quả rà soát thì Văn phòng UBND tỉnh tổng hợp trước ngày 30/9/2025.\n"
LISTED = ("(1) Rà soát, chuẩn hóa cơ sở dữ liệu phục vụ cải cách thủ tục hành chính.\n"
          "- Đơn vị chủ trì thực hiện: Văn phòng UBND tỉnh.\n"
          "- Đơn vị phối hợp: Các sở, ban, ngành; UBND các xã, phường.\n"
          "- Thời gian hoàn thành: Trong tháng 8/2025.\n")


@needs_model
def test_deadline_actor_from_the_ner_where_rules_find_none(monkeypatch):
    from pipeline.extract.deadlines import extract_deadlines
    from pipeline.record import ner_orgs

    monkeypatch.setenv("CONGVAN_NER", "0")
    assert [d.actor for d in extract_deadlines(_text(UNMARKED), ner=ner_orgs)] == [None]
    monkeypatch.setenv("CONGVAN_NER", "model")
    assert ner_model() is not None
    assert [d.actor for d in extract_deadlines(_text(UNMARKED), ner=ner_orgs)] == ["Văn phòng UBND tỉnh"]


def test_deadline_actor_from_the_naming_rules_without_spacy():
    """The default fallback (`pipeline.record.actor_orgs`) finds the body by rule; `congvan parse`
    imports no spaCy for it (a fresh interpreter, so that no other test's import counts)."""
    program = (
        "import sys, json\n"
        "from pipeline.extract.deadlines import extract_deadlines\n"
        "from pipeline.record import actor_orgs\n"
        "from pipeline.read.text import Text\n"
        f"s = 'Lâm Đồng, ngày 05 tháng 01 năm 2025\\n' + {UNMARKED!r}\n"
        "t = Text(source='t.txt', format='txt', text=s, raw=s, raw_offsets=list(range(len(s) + 1)))\n"
        "print(json.dumps([[d.actor for d in extract_deadlines(t, ner=actor_orgs)], 'spacy' in sys.modules]))\n")
    env = {**os.environ, "CONGVAN_NER": "rules"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1], env=env)
    assert json.loads(done.stdout) == [["Văn phòng UBND tỉnh"], False]


def test_a_task_items_labels_name_its_lead_and_support_without_the_ner():
    """`- Đơn vị chủ trì thực hiện: X` and `- Đơn vị phối hợp: Y; Z` (lamdong_74159eb5, a provincial
    letter of tasks): the rules read them, no model needed."""
    from pipeline.extract.deadlines import extract_deadlines

    found = extract_deadlines(_text(LISTED))
    assert [(d.actor, d.support) for d in found] == [("Văn phòng UBND tỉnh", ("Các sở, ban, ngành", "UBND các xã, phường"))]


@needs_model
def test_deadline_fallback_skips_recipients_and_supporters(monkeypatch):
    from pipeline.extract.deadlines import extract_deadlines
    from pipeline.record import ner_orgs

    monkeypatch.setenv("CONGVAN_NER", "model")
    body = "(2) Gửi báo cáo về Sở Tài chính trước ngày 30/9/2025.\n"
    assert [d.actor for d in extract_deadlines(_text(body), ner=ner_orgs)] == [None]
    body = ("(3) Nâng cấp hệ thống.\n- Đơn vị thực hiện: Sở Khoa học và Công nghệ chủ trì, phối hợp với "
            "Công an tỉnh.\n- Thời gian hoàn thành: trước ngày 30/10/2025.\n")
    found = extract_deadlines(_text(body), ner=ner_orgs)
    assert [(d.actor, d.lead, d.support) for d in found] == [
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", ("Công an tỉnh",))]
