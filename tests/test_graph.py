"""The citation graph: placeholders that turn real, lineage up to the Politburo and down to the
district, coverage by province and level with latency, REFs by code, path and id, exports."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from pipeline import graph as graphs
from pipeline import store
from pipeline.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpora" / "seeds"
SEED_004 = SEEDS / "004_1f0ab3f4da2a20c2.txt"    # Điện Biên's 2458/UBND-NC, carrying out 19/CT-TTg

HEADER = """{issuer}
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: {code}
{place}, ngày {day}

{kind}
{subject}

{body}

Nơi nhận:
- Như trên;
- Lưu: VT.
{signer}
"""
# The documents above and below the seed: the Prime Minister's directive (citing the Politburo's),
# and two districts' plans with the same local number, one carrying out Điện Biên's dispatch.
CT19 = HEADER.format(
    issuer="THỦ TƯỚNG CHÍNH PHỦ", code="19/CT-TTg", place="Hà Nội", day="16 tháng 7 năm 2021", kind="CHỈ THỊ",
    subject="VỀ PHÁT ĐỘNG THI ĐUA THỰC HIỆN THẮNG LỢI NHIỆM VỤ PHÁT TRIỂN KINH TẾ - XÃ HỘI HẰNG NĂM",
    body="Thực hiện Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính trị về tiếp tục đổi mới công tác "
         "thi đua, khen thưởng, Thủ tướng Chính phủ phát động phong trào thi đua trong cả nước.",
    signer="THỦ TƯỚNG\nPhạm Minh Chính")
KH15_MUONG_CHA = HEADER.format(
    issuer="ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG CHÀ", code="15/KH-UBND", place="Mường Chà", day="20 tháng 8 năm 2021",
    kind="KẾ HOẠCH", subject="Triển khai phong trào thi đua năm 2021",
    body="Thực hiện Công văn số 2458/UBND-NC ngày 05/8/2021 của UBND tỉnh Điện Biên về việc triển khai thực hiện "
         "Chỉ thị số 19/CT-TTg của Thủ tướng Chính phủ, Ủy ban nhân dân huyện ban hành Kế hoạch như sau.",
    signer="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A")
KH15_TUAN_GIAO = HEADER.format(
    issuer="ỦY BAN NHÂN DÂN\nHUYỆN TUẦN GIÁO", code="15/KH-UBND", place="Tuần Giáo", day="02 tháng 3 năm 2021",
    kind="KẾ HOẠCH", subject="Công tác cải cách hành chính năm 2021",
    body="Căn cứ Luật Tổ chức chính quyền địa phương năm 2015, Ủy ban nhân dân huyện ban hành Kế hoạch như sau.",
    signer="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLò Văn B")


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A store of the five seeds; the directive and the district plans wait in `tmp_path/later`."""
    later = tmp_path / "later"
    later.mkdir()
    for name, text in (("ct19.txt", CT19), ("kh15_muong_cha.txt", KH15_MUONG_CHA), ("kh15_tuan_giao.txt", KH15_TUAN_GIAO)):
        (later / name).write_text(text, encoding="utf-8")
    db = tmp_path / "congvan.db"
    ingest(store.connect(db), [SEEDS])
    return db


def full(archive: Path) -> tuple:
    conn = store.connect(archive)
    summary = ingest(conn, [archive.parent / "later"])
    assert summary.added == 3 and not summary.failed
    return conn, graphs.build(conn)


def test_a_placeholder_turns_real_when_its_document_is_ingested(archive):
    conn = store.connect(archive)
    graph = graphs.build(conn)
    assert graph.nodes["19CTTTG"]["placeholder"]
    assert graph.nodes["19CTTTG"]["issuer"] == "Thủ tướng Chính phủ"   # filled from the citations
    citing = set(graph.predecessors("19CTTTG"))
    assert "2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021" in citing
    conn, graph = full(archive)
    node = graph.nodes["19CTTTG"]
    assert not node["placeholder"] and Path(node["source"]).name == "ct19.txt"
    assert set(graph.predecessors("19CTTTG")) >= citing                  # the old edges now land on it
    assert graph.has_edge("19CTTTG", "34CTTW") and graph.nodes["34CTTW"]["placeholder"]


def test_lineage_up_from_a_district_plan_to_the_politburo(archive):
    conn, graph = full(archive)
    plan = graphs.find(graph, "15/KH-UBND", conn, issuer="Mường Chà")
    chain = graphs.chain_up(graph, plan)
    assert chain[1:] == ["2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021", "19CTTTG", "34CTTW"]
    assert graph.nodes[chain[-1]]["issuer"] == "Bộ Chính trị"
    tree = graphs.lineage(graph, plan, "up")
    text = graphs.lineage_text(graph, tree)
    lines = text.splitlines()
    assert lines[0].startswith("Kế hoạch 15/KH-UBND · 2021-08-20 · Ủy ban nhân dân huyện Mường Chà")
    assert any("[implements] Chỉ thị 34-CT/TW · 2014-04-07 · Bộ Chính trị  (not in archive)" in line for line in lines)
    assert "(see above)" in text   # 19/CT-TTg is reached twice: straight and through Điện Biên
    assert graphs.lineage(graph, plan, "up", depth=1)["children"][0]["children"] == []


def test_lineage_down_from_the_politburo(archive):
    conn, graph = full(archive)
    tree = graphs.lineage(graph, "34CTTW", "down")
    data = graphs.lineage_json(graph, tree, "down")
    reached = {n["key"]: n for n in data["nodes"]}
    assert reached["19CTTTG"]["depth"] == 1
    plan = graphs.find(graph, "15/KH-UBND", conn, issuer="Mường Chà")
    assert plan in reached and Path(reached[plan]["source"]).name == "kh15_muong_cha.txt"
    assert all(n["source"] for n in data["nodes"] if not n["placeholder"])
    assert {"citing": "19CTTTG", "cited": "34CTTW", "relation": "implements"}.items() <= \
        next(e for e in data["edges"] if e["citing"] == "19CTTTG").items()


def test_a_cycle_ends():
    graph = nx.MultiDiGraph()
    for key in "abc":
        graph.add_node(key, placeholder=False, type="Kế hoạch", code=key, date=None, issuer=None, name=key)
    for citing, cited in ("ab", "bc", "ca"):
        graph.add_edge(citing, cited, relation="implements")
    tree = graphs.lineage(graph, "a", "up")
    assert tree["children"][0]["children"][0]["children"][0] == {
        "key": "a", "depth": 3, "relation": "implements", "evidence": None, "seen": True, "children": []}
    assert graphs.chain_up(graph, "a") == ["a", "b", "c"]


def test_coverage_by_province_and_level_with_latency(archive):
    conn, graph = full(archive)
    report = graphs.coverage(graph, "19CTTTG")
    by_group = {p["group"]: p for p in report["provinces"]}
    dien_bien = by_group["Điện Biên"]
    assert dien_bien["first_date"] == "2021-08-05" and dien_bien["latency_days"] == 20
    assert dien_bien["levels"] == {"province": 2, "district": 1}       # the district's plan cites it too
    assert report["silent_provinces"] == ["Lạng Sơn", "Tây Ninh"]
    assert graph.nodes[graphs.find(graph, "15/KH-UBND", conn, issuer="Mường Chà")]["province_from"] == "citations"
    deeper = graphs.coverage(graph, "34CTTW", depth=3)
    assert {c["code"] for c in deeper["citing"]} >= {"19/CT-TTg", "2458/UBND-NC", "15/KH-UBND"}
    assert by_level(deeper) >= {"central", "province", "district"}
    only = graphs.coverage(graph, "34CTTW", relations=("implements",))
    assert {c["code"] for c in only["citing"]} == {"19/CT-TTg"}


def by_level(report: dict) -> set[str]:
    return set(report["by_level"])


def test_refs_by_code_issuer_path_and_id(archive):
    conn, graph = full(archive)
    assert graphs.find(graph, "19/CT-TTg") == graphs.find(graph, "19/ct-ttg") == "19CTTTG"
    assert graphs.find(graph, "34-CT/TW") == graphs.find(graph, "34/CT-TW") == "34CTTW"
    with pytest.raises(graphs.NotFound) as ambiguous:
        graphs.find(graph, "15/KH-UBND", conn)
    assert len(ambiguous.value.candidates) == 2
    assert "HUYENTUANGIAO" in graphs.find(graph, "15/KH-UBND", conn, issuer="huyen tuan giao")
    assert graphs.find(graph, str(SEED_004), conn) == "2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021"
    dispatch_id = conn.execute("SELECT id FROM documents WHERE code = '2458/UBND-NC'").fetchone()[0]
    assert graphs.find(graph, str(dispatch_id), conn) == "2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021"
    with pytest.raises(graphs.NotFound):
        graphs.find(graph, "999/CT-TTg", conn)


def test_a_copy_of_a_document_is_one_node(archive, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "2458_again.txt").write_text(SEED_004.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    conn = store.connect(archive)
    ingest(conn, [copy])
    graph = graphs.build(conn)
    assert len(graph.nodes["2458UBNDNC@UYBANNHANDANTINHDIENBIEN@2021"]["documents"]) == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export(archive, tmp_path, fmt):
    _conn, graph = full(archive)
    out = tmp_path / f"g.{fmt}"
    graphs.export(graph, fmt, out)
    if fmt == "graphml":
        back = nx.read_graphml(out)
    elif fmt == "gexf":
        back = nx.read_gexf(out)
    else:
        back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def cli():
    from pipeline.cli import main
    from pipeline.cli.archive import register

    register(main)
    return main


def test_cli_lineage_coverage_export(archive, tmp_path):
    runner = CliRunner()
    db = str(archive)
    down = runner.invoke(cli(), ["lineage", "19/CT-TTg", "--down", "--db", db])
    assert down.exit_code == 0, down.output
    lines = down.stdout.splitlines()
    assert lines[0] == "Chỉ thị 19/CT-TTg · 2021-07-16 · Thủ tướng Chính phủ  (not in archive)"
    assert lines[1].startswith("├─ [implements] Công văn 2458/UBND-NC · 2021-08-05 · Ủy ban nhân dân tỉnh Điện Biên")
    both = runner.invoke(cli(), ["lineage", str(SEED_004), "--db", db])
    assert both.exit_code == 0 and "▲ cites" in both.stdout and "▼ cited by" in both.stdout
    data = json.loads(runner.invoke(cli(), ["lineage", "19/CT-TTg", "--down", "--format", "json", "--db", db]).stdout)
    assert {Path(n["source"]).name for n in data["nodes"] if n["source"]} >= {SEED_004.name}
    report = runner.invoke(cli(), ["coverage", "34-CT/TW", "--db", db])
    assert report.exit_code == 0
    assert "Điện Biên" in report.stdout and "2677 d" in report.stdout and "did not cite it: Lạng Sơn" in report.stdout
    ingest(store.connect(archive), [archive.parent / "later"])
    ambiguous = runner.invoke(cli(), ["lineage", "15/KH-UBND", "--db", db])
    assert ambiguous.exit_code == 2 and "--issuer" in ambiguous.stderr
    out = tmp_path / "g.gexf"
    exported = runner.invoke(cli(), ["export", "graph", "--format", "gexf", "-o", str(out), "--db", db])
    assert exported.exit_code == 0 and nx.read_gexf(out).number_of_nodes() > 20
    shown = runner.invoke(cli(), ["export", "graph", "--format", "json", "--db", db])
    assert json.loads(shown.stdout)["directed"] is True


def test_the_graph_around_a_document_answers_as_the_whole_graph(archive):
    """`around` reads only what a query needs from the store's indexes (for archives of
    millions); every lineage, coverage and lookup must match the whole graph's."""
    conn, whole = full(archive)
    assert whole.number_of_nodes() > 20
    for key in whole.nodes:
        for direction in ("up", "down"):
            part = graphs.around(conn, [key], up=None if direction == "up" else 0, down=None if direction == "down" else 0)
            assert (graphs.lineage_json(part, graphs.lineage(part, key, direction), direction)
                    == graphs.lineage_json(whole, graphs.lineage(whole, key, direction), direction)), (key, direction)
        part = graphs.around(conn, [key], up=0, down=2)
        assert graphs.coverage(part, key, depth=2) == graphs.coverage(whole, key, depth=2), key
        code = whole.nodes[key].get("code")
        if code:
            try:
                expected = graphs.find(whole, code, conn)
            except graphs.NotFound as error:
                expected = sorted(error.candidates)
            try:
                assert graphs.locate(conn, code) == expected
            except graphs.NotFound as error:
                assert sorted(error.candidates) == expected
