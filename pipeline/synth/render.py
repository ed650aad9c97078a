"""Writing one planned document: its text and its truth record together.

The text is written piece by piece into a `_Page`, which records the offsets of every cited
document, deadline and target as it writes them, so the record's offsets are right by
construction (`text[start:end] == text` of each fact). Wording comes from `data/synth.json`.
"""
from __future__ import annotations

import datetime as dt
import random

from .model import (
    PARTY_MOTTO,
    RELATION_RANK,
    STATE_MOTTO,
    Cited,
    Plan,
    Unit,
    cited_date,
    identity,
    long_date,
    short_date,
    tables,
    title_key,
    upper_first,
)


class _Page:
    """The text being written, with the facts found in it so far."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.refs: dict[str, dict] = {}
        self.deadlines: list[dict] = []
        self.targets: list[dict] = []

    def add(self, piece: str) -> int:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return start

    def line(self, piece: str = "") -> int:
        """`piece` and a line break; several lines may come in one piece."""
        return self.add(piece + "\n")

    def cite(self, doc: Cited, relation: str, rng: random.Random, form: str = "full", name: str | None = None) -> str:
        """Write a citation of `doc`: `full` (number, date, issuer), `short` (number, issuer) or
        `bare` (number only; only after a full one, so the extractor joins it to it). Returns
        the phrase written."""
        if form == "bare" and doc.key not in self.refs:
            form = "short"
        phrase = f"{doc.type} số {doc.code}"
        if form == "full":
            phrase += f" {cited_date(doc.date, rng)}"
        if form != "bare":
            phrase += f" của {name or rng.choice(doc.names)}"
        start = self.add(phrase)
        mention = {"start": start, "end": self.size, "text": phrase}
        ref = self.refs.get(doc.key)
        # the date (and the year, unless the code has one) only as far as the text gives them
        dated = form == "full"
        coded_year = int(doc.code.split("/")[1]) if doc.code.count("/") == 2 else None
        if ref is None:
            self.refs[doc.key] = {
                "type": doc.type, "code": doc.code, "date": doc.date.isoformat() if dated else None,
                "issuer": doc.issuer, "title": doc.about, "year": doc.date.year if dated else coded_year,
                "relation": relation, "key": doc.key, "mentions": [mention],
            }
        else:
            ref["mentions"].append(mention)
            if dated and ref["date"] is None:
                ref["date"], ref["year"] = doc.date.isoformat(), doc.date.year
            if RELATION_RANK[relation] > RELATION_RANK[ref["relation"]]:
                ref["relation"] = relation
        return phrase

    def law(self, ground: dict, relation: str) -> None:
        """An un-numbered law (`Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015`)."""
        day = dt.date.fromisoformat(ground["date"])
        phrase = f"{ground['title']} {long_date(day)}"
        start = self.add(phrase)
        kind = ground["type"]
        key = title_key(kind, ground["title"][len(kind) + 1:])
        mention = {"start": start, "end": self.size, "text": phrase}
        if key in self.refs:
            self.refs[key]["mentions"].append(mention)
            return
        self.refs[key] = {"type": kind, "code": None, "date": ground["date"], "issuer": ground["issuer"],
                          "title": ground["title"], "year": day.year, "relation": relation, "key": key,
                          "mentions": [mention]}

    def deadline(self, phrase: str, *, date: dt.date | None = None, recurrence: str | None = None,
                 kind: str = "due", actor: str | None = None, action: str | None = None) -> None:
        start = self.add(phrase)
        self.deadlines.append({"date": date.isoformat() if date else None, "recurrence": recurrence, "kind": kind,
                               "text": phrase, "actor": actor, "action": action, "support": [],
                               "start": start, "end": self.size})

    def target(self, phrase: str, value: int, unit: str, comparator: str) -> None:
        start = self.add(phrase)
        self.targets.append({"value": value, "unit": unit, "comparator": comparator, "text": phrase,
                             "start": start, "end": self.size})

    def text(self) -> str:
        return "".join(self.parts).rstrip("\n")

    def references(self, text: str) -> list[dict]:
        out = []
        for ref in sorted(self.refs.values(), key=lambda r: r["mentions"][0]["start"]):
            first = max(ref["mentions"][:3], key=lambda m: len(m["text"]))
            line_start = text.rfind("\n", 0, first["start"]) + 1
            line_end = text.find("\n", first["end"])
            evidence = text[line_start:line_end if line_end >= 0 else len(text)]
            out.append({**{k: v for k, v in ref.items() if k != "mentions"}, "text": first["text"],
                        "start": first["start"], "end": first["end"], "mentions": ref["mentions"],
                        "evidence": " ".join(evidence.split())[:500],
                        # what it does to the cited document (issue 18): plans amend nothing
                        "effect": None, "scope": None, "effective": None})
        return out


# ----------------------------------------------------------------------------------------------
# Rendering a plan


def _signature(unit: Unit, rng: random.Random, spec: dict | None) -> tuple[list[str], dict]:
    """The signature block lines and the record's signer."""
    t = tables()
    name = f"{rng.choice(t['names']['family'])} {rng.choice(t['names']['middle'])} {rng.choice(t['names']['given'])}"
    if spec:
        prefix, post, authority, title = rng.choice(spec["signers"])
        lines = ([*prefix.split("\n")] if prefix else []) + [post]
    elif unit.party:
        post, title = rng.choice([("BÍ THƯ", "Bí thư"), ("PHÓ BÍ THƯ", "Phó Bí thư"), ("PHÓ BÍ THƯ THƯỜNG TRỰC", "Phó Bí thư Thường trực")])
        lines, authority = ["T/M BAN THƯỜNG VỤ", post], "TM."
    elif unit.level == "ministry":
        lines, authority, title = rng.choice([(["BỘ TRƯỞNG"], None, "Bộ trưởng"),
                                              (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], "KT.", "Thứ trưởng")])
    elif unit.level == "department":
        lines, authority, title = rng.choice([(["GIÁM ĐỐC"], None, "Giám đốc"),
                                              (["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "KT.", "Phó Giám đốc")])
    else:
        lines, authority, title = rng.choice([
            (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "TM.", "Chủ tịch"),
            (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "KT.", "Phó Chủ tịch"),
            (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "KT.", "Phó Chủ tịch"),
        ])
    return lines, {"authority": authority, "title": title, "name": name}


def _noi_nhan(plan: Plan, rng: random.Random) -> list[str]:
    unit = plan.unit
    up = [f"{plan.parent.names[-1]} (b/c)"] if plan.parent and unit.level != "commune" else []
    if unit.level == "central":
        entries = ["Ban Bí thư Trung ương Đảng", "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
                   "HĐND, UBND các tỉnh, thành phố trực thuộc Trung ương", "Văn phòng Trung ương và các Ban của Đảng"]
        if unit.party:
            entries = ["Các tỉnh ủy, thành ủy", "Các ban đảng, ban cán sự đảng, đảng đoàn, đảng ủy trực thuộc Trung ương"]
    elif unit.level == "ministry":
        entries = [*up, "Các Thứ trưởng", "Các cơ quan, đơn vị thuộc Bộ", "Sở chuyên ngành các tỉnh, thành phố"]
    elif unit.party:
        entries = [*up, "Các đảng bộ, chi bộ trực thuộc", "Các đồng chí Ủy viên Ban Thường vụ"]
    elif unit.level in ("province", "department"):
        entries = [*up, "TT. Tỉnh ủy, TT. HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh", "Các sở, ban, ngành tỉnh",
                   "UBND các huyện, thị xã, thành phố"]
    elif unit.level == "district":
        entries = [*up, "TT. Huyện ủy, TT. HĐND huyện", "Các cơ quan, đơn vị thuộc huyện", "UBND các xã, thị trấn"]
    else:
        entries = ["UBND huyện (b/c)", "TT. Đảng ủy, TT. HĐND xã", "Các ban, ngành, đoàn thể xã", "Các thôn, bản, tổ dân phố"]
    if len(entries) > 3 and rng.random() < 0.4:
        entries.pop(rng.randrange(1, len(entries)))
    keep = "Lưu Văn phòng" if unit.party else f"Lưu: VT, {plan.topic['unit'] if unit.level in ('province', 'department') else 'VP'}"
    return [*entries, keep]


def _area_of(unit: Unit) -> str:
    if unit.level == "central":
        return "trên phạm vi cả nước"
    return "trong toàn ngành" if unit.level == "ministry" else f"trên địa bàn {unit.area}"


def _lower(unit: Unit) -> str:
    """Who carries the document out one level down."""
    if unit.party:
        return "Các đảng bộ, chi bộ trực thuộc"
    return {"central": "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
            "ministry": "Các Sở chuyên ngành các tỉnh, thành phố trực thuộc Trung ương",
            "province": "UBND các huyện, thị xã, thành phố",
            "department": "Các phòng, đơn vị thuộc Sở",
            "district": "UBND các xã, thị trấn"}.get(unit.level, "Các thôn, bản, tổ dân phố")


def _lead(plan: Plan, rng: random.Random) -> str:
    """Who is put in charge: the topic's ministry, department or office at each level."""
    unit, topic = plan.unit, plan.topic
    if unit.level == "central":
        return tables()["ministries"][topic["ministry"]]
    if unit.party:
        return f"Ban Tuyên giáo {unit.issuer.split(' ')[0]} {unit.issuer.split(' ')[1]}"
    if unit.level == "ministry":
        return "Văn phòng Bộ"
    if unit.level == "province":
        return tables()["departments"].get(topic["department"], topic["department"])
    if unit.level == "department":
        return "Văn phòng Sở"
    if unit.level == "district":
        return topic["office"]
    return rng.choice(tables()["commune_roles"])


def render(plan: Plan, rng: random.Random) -> tuple[str, dict]:
    """The text of a planned document and its FORMAT.md record.

    The parts are written in the order they are printed, each drawing from `rng` in turn: the same
    seed gives the same archive, so the order of the calls below is part of the output."""
    page = _Page()
    subject, receivers = _header(page, plan, rng)
    _grounds(page, plan, rng)
    if plan.type == "Công văn":
        _body_letter(page, plan, rng)
    elif plan.unit.level == "central":
        _body_central(page, plan, rng)
    else:
        _body_plan(page, plan, rng)
    signer, noi_nhan = _closing(page, plan, rng)
    text = page.text()
    unit = plan.unit
    document = {
        "code": plan.code, "type": plan.type, "issuer": unit.issuer, "parent_issuer": unit.parent_issuer,
        "place": unit.place, "date": plan.date.isoformat(), "subject": subject, "signer": signer,
        "recipients": [] if plan.type != "Công văn" else receivers, "received": None, "noi_nhan": noi_nhan,
        "effective": None,   # the document's own entry into force (issue 18): plans print none
    }
    record = {"document": document, "references": page.references(text), "deadlines": page.deadlines,
              "targets": page.targets}
    return text, record


def _header(page: _Page, plan: Plan, rng: random.Random) -> tuple[str | None, list[str]]:
    """The number, the motto, place and date, the type and subject (or `V/v` and `Kính gửi` for a
    letter); returns (subject, the letter's receivers)."""
    unit = plan.unit
    number = f"Số {plan.code}" if unit.party else f"Số: {plan.code}"
    page.line("\n".join(unit.header) + f"\n\n{number}")
    subject, receivers = None, []
    if plan.type == "Công văn":
        page.add("V/v triển khai thực hiện ")
        subject = "V/v triển khai thực hiện " + page.cite(plan.carried_out(), "implements", rng, "short")
        page.line()
    motto = "\n".join(PARTY_MOTTO if unit.party else STATE_MOTTO)
    page.line(f"\n{motto}\n\n{unit.place}, {long_date(plan.date)}\n")
    if plan.type != "Công văn":
        page.line(plan.type.upper())
        subject = _title(page, plan, rng)
    else:
        page.line("Kính gửi:")
        receivers = (["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"] if unit.level == "province"
                     else ["Các cơ quan, đơn vị thuộc UBND huyện", "UBND các xã, thị trấn"])
        for index, receiver in enumerate(receivers):
            page.line(f"- {receiver}{';' if index < len(receivers) - 1 else '.'}")
    page.line()
    return subject, receivers


def _title(page: _Page, plan: Plan, rng: random.Random) -> str:
    """The subject line under the type of a document that is not a letter."""
    unit, topic = plan.unit, plan.topic
    if unit.level == "central":
        lead_word = "về" if unit.party else "Về"
        subject = (f"{lead_word} {topic['subject']}" if plan.type != "Nghị định"
                   else f"Quy định chi tiết một số nội dung về {topic['subject']}")
        page.line(subject)
        return subject
    choice = rng.random()
    if choice < 0.6:
        lead_words = "Triển khai thực hiện " if choice < 0.3 else "thực hiện " if unit.party else "Thực hiện "
        page.add(lead_words)
        subject = lead_words + page.cite(plan.carried_out(), "implements", rng, "full" if choice < 0.3 else "short")
        page.line()
        return subject
    subject = f"{upper_first(topic['subject'])} {_area_of(unit)} năm {plan.date.year}"
    page.line(subject)
    return subject


def _grounds(page: _Page, plan: Plan, rng: random.Random) -> None:
    """The grounds (`Căn cứ ...`) and what the document carries out (`Thực hiện ...`), then its opening."""
    t, unit, topic = tables(), plan.unit, plan.topic
    spec: dict = plan.central_spec or {}   # a central document has one
    if unit.level == "central":
        for ground in spec.get("grounds", []):
            page.add("Căn cứ ")
            page.law(t["grounds"][ground], "based_on")
            page.line(";")
        if spec.get("grounds"):
            page.line()
        for paragraph in spec["intro"]:
            page.line(paragraph.format(topic=topic["subject"]))
            page.line()
    elif plan.type == "Công văn":
        page.add("Thực hiện ")
        page.cite(plan.carried_out(), "implements", rng, "full")
        page.line(f" về {topic['subject']}, {_self(unit)} yêu cầu các cơ quan, đơn vị, địa phương thực hiện tốt một số nội dung sau:")
        page.line()
    else:
        _local_grounds(page, plan, rng)


def _local_grounds(page: _Page, plan: Plan, rng: random.Random) -> None:
    """A local plan's grounds: a law or decree for its body, the document it carries out, the others
    it also follows, and its opening sentence."""
    t, unit = tables(), plan.unit
    if unit.level == "ministry" and rng.random() < 0.6:
        page.add("Căn cứ ")
        _numbered_ground(page, t["grounds"]["nd_123_2016"], rng)
        page.line(";")
    elif not unit.party and unit.level != "ministry" and rng.random() < 0.6:
        page.add("Căn cứ ")
        page.law(t["grounds"]["chinh_quyen_dia_phuong"], "based_on")
        page.line(";")
    cue = "Căn cứ" if rng.random() < 0.4 else "Thực hiện"
    page.add(f"{cue} ")
    page.cite(plan.carried_out(), "based_on" if cue == "Căn cứ" else "implements", rng, "full")
    page.line(f" về {plan.carried_out().about};")
    for other in plan.also:
        cue = "Căn cứ" if rng.random() < 0.3 else "Thực hiện"
        page.add(f"{cue} ")
        page.cite(other, "based_on" if cue == "Căn cứ" else "implements", rng, "full")
        page.line(";")
    page.line()
    opening = rng.choice(t["plan_openings"])
    page.line(upper_first(opening.format(self=_self(unit), area=_area_of(unit))))
    page.line()


def _closing(page: _Page, plan: Plan, rng: random.Random) -> tuple[dict, list[str]]:
    """The signature and the `Nơi nhận` list, in either order; returns (signer, nơi nhận)."""
    unit = plan.unit
    lines, signer = _signature(unit, rng, plan.central_spec)
    noi_nhan = _noi_nhan(plan, rng)
    sign_first = unit.party or rng.random() < 0.3
    if sign_first:
        _sign(page, lines, signer)
        page.line()
    page.line("Nơi nhận:\n- " + ";\n- ".join(noi_nhan) + ".")
    if not sign_first:
        page.line()
        _sign(page, lines, signer)
    return signer, noi_nhan


def _self(unit: Unit) -> str:
    """How a document names its own body in `... ban hành Kế hoạch`: `Ủy ban nhân dân tỉnh`."""
    if not unit.party and unit.level in ("province", "district", "commune"):
        return "Ủy ban nhân dân " + unit.short.split(" ", 1)[1]
    return unit.short


def _numbered_ground(page: _Page, ground: dict, rng: random.Random) -> None:
    issuer = ground["issuer"]
    doc = Cited(ground["type"], ground["code"], dt.date.fromisoformat(ground["date"]), issuer, (issuer,),
                ground["about"], identity(ground["code"], issuer, int(ground["date"][:4]), True), "central")
    page.cite(doc, "based_on", rng, "full")
    page.add(f" {ground['about']}")


def _sign(page: _Page, lines: list[str], signer: dict) -> None:
    page.line("\n".join(lines) + "\n\n" + signer["name"])


def _goals(page: _Page, plan: Plan, rng: random.Random, bullet: str = "- ") -> None:
    t, topic = tables(), plan.topic
    year = plan.date.year + rng.randint(1, 4)
    templates = rng.sample(topic["targets"], len(topic["targets"]))
    for index, template in enumerate(templates):
        form, comparator = rng.choice(t["goal_forms"])
        value = rng.choice([90, 95, 100, 100]) if comparator == "=" else rng.choice([70, 75, 80, 85, 90])
        target = template.format(v=value)
        phrase = form.format(year=year, target=target, v=value, rest=target.split("% ", 1)[1])
        page.add(bullet)
        page.target(phrase, value, "%", comparator)
        page.line(";" if index < len(templates) - 1 else ".")
    if rng.random() < 0.5 and plan.unit.level == "province":
        n = rng.randint(1, 3)
        phrase = rng.choice(t["count_goals"]).format(n=f"{n:02d}", short=_short_topic(topic))
        page.add(bullet)
        page.target(phrase, n, "count", ">=")
        page.line(".")


def _short_topic(topic: dict) -> str:
    words = topic["subject"].split()
    for lead in ("tăng cường", "đẩy mạnh", "thực hiện", "nâng cao", "bảo đảm", "xây dựng", "đổi mới", "cải thiện"):
        if topic["subject"].startswith(lead + " "):
            return topic["subject"][len(lead) + 1:]
    return " ".join(words)


def _task(task: str, rng: random.Random) -> str:
    """A task as a sentence, sometimes opened by `Tăng cường`, `Tiếp tục`... (never twice the same verb)."""
    verb = rng.choice(tables()["task_verbs"])
    if rng.random() < 0.3 or task.startswith(verb.casefold()):
        return upper_first(task)
    return f"{verb} {task}"


def _tasks(page: _Page, plan: Plan, rng: random.Random, start: int = 1) -> int:
    t, topic = tables(), plan.topic
    number = start
    page.add(f"{number}. {rng.choice(t['kickoffs'])}")
    page.cite(plan.head(), "mentions", rng, "bare" if plan.head().key in page.refs else "short")
    page.line(" đến cán bộ, công chức, viên chức và Nhân dân.")
    for task in rng.sample(topic["tasks"], rng.randint(2, len(topic["tasks"]))):
        number += 1
        page.line(f"{number}. {_task(task, rng)}.")
    if plan.earlier and plan.earlier.key != (plan.parent.key if plan.parent else None):
        number += 1
        page.add(f"{number}. Gắn với các nội dung đã đề ra tại ")
        page.cite(plan.earlier, "mentions", rng, "full")
        page.line(", bảo đảm thống nhất, đồng bộ, tránh chồng chéo.")
    return number


def _deadline_date(plan: Plan, rng: random.Random) -> dt.date:
    day = plan.date + dt.timedelta(days=rng.randint(30, 200))
    return day if day.weekday() < 5 else day + dt.timedelta(days=7 - day.weekday())


def _report_cycle(page: _Page, plan: Plan, rng: random.Random, actor: str, to: str, lead: str = "") -> None:
    day, month = rng.choice([(15, 12), (10, 12), (20, 11), (15, 6), (5, 12)])
    word = rng.choice(["hằng năm", "hàng năm"])
    action = f"báo cáo kết quả thực hiện về {to}"
    page.add(f"{lead}{actor} định kỳ {action} ")
    page.deadline(f"trước ngày {day:02d} tháng {month} {word}", recurrence=f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}",
                  actor=actor, action=action)
    page.line(" để tổng hợp.")


def _body_plan(page: _Page, plan: Plan, rng: random.Random) -> None:
    t, unit = tables(), plan.unit
    purposes = "\n- ".join(rng.sample(t["purposes"], 2))
    requirements = "\n- ".join(rng.sample(t["requirements"], 2))
    aims, goals, tasks, duties = rng.choice(t["plan_sections"])
    page.line(f"{aims}\n1. Mục đích\n- {purposes}\n2. Yêu cầu\n- {requirements}\n\n{goals}")
    _goals(page, plan, rng)
    page.line()
    page.line(tasks)
    _tasks(page, plan, rng)
    page.line()
    page.line(duties)
    lead = _lead(plan, rng)
    coop = rng.choice(t["cooperate"] if unit.level in ("province", "ministry") else t["local_cooperate"])
    task = rng.choice(plan.topic["tasks"])
    due = _deadline_date(plan, rng)
    page.add(f"1. Giao {lead} chủ trì, phối hợp với {coop} {task}; ")
    page.deadline(f"hoàn thành trước ngày {short_date(due, rng)}", date=due, actor=lead, action=None)
    page.line(".")
    page.line("2. Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện; "
              "bố trí kinh phí thực hiện trong dự toán được giao.")
    to = unit.short if unit.level == "commune" else f"{unit.short} (qua {lead})"
    _report_cycle(page, plan, rng, _lower(unit), to, "3. ")
    if rng.random() < 0.4:
        until = dt.date(plan.date.year + 1, 12, 31)
        page.add("4. Thời gian thực hiện: ")
        page.deadline(f"từ nay đến hết ngày {until.day}/{until.month}/{until.year}", date=until, kind="until",
                      action="Thời gian thực hiện")
        page.line(".")
    page.line()
    short = "Ban Thường vụ" if unit.party else unit.short
    if rng.random() < 0.6:
        page.add("Trên đây là Kế hoạch triển khai thực hiện ")
        page.cite(plan.carried_out(), "implements", rng, "bare")
        page.line(f" {_area_of(unit)}. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, "
                  f"đơn vị kịp thời phản ánh về {short} để xem xét, giải quyết./.")
    else:
        page.line(rng.choice(t["plan_closings"]).format(short=short))
    page.line()


def _body_letter(page: _Page, plan: Plan, rng: random.Random) -> None:
    t, unit = tables(), plan.unit
    number = _tasks(page, plan, rng)
    lead = _lead(plan, rng)
    due = _deadline_date(plan, rng)
    page.add(f"{number + 1}. Giao {lead} chủ trì, phối hợp với {rng.choice(t['local_cooperate'])} theo dõi, đôn đốc "
             f"việc triển khai; tham mưu sơ kết, ")
    page.deadline(f"hoàn thành trước ngày {short_date(due, rng)}", date=due, actor=lead)
    page.line(".")
    page.line()
    _report_cycle(page, plan, rng, "Thủ trưởng các cơ quan, đơn vị, địa phương", f"{unit.short} (qua {lead})")
    page.line()


def _body_central(page: _Page, plan: Plan, rng: random.Random) -> None:
    t, unit, topic = tables(), plan.unit, plan.topic
    ministry = t["ministries"][topic["ministry"]]
    if plan.type == "Nghị định":
        page.line("Chương I")
        page.line("QUY ĐỊNH CHUNG")
        page.line("Điều 1. Phạm vi điều chỉnh")
        page.line(f"Nghị định này quy định chi tiết về {topic['subject']}.")
        page.line("Điều 2. Đối tượng áp dụng")
        page.line("Nghị định này áp dụng đối với cơ quan nhà nước, tổ chức và cá nhân có liên quan.")
        page.line("Chương II")
        page.line("NHIỆM VỤ CỤ THỂ")
        article = 3
        for task in rng.sample(topic["tasks"], 3):
            page.line(f"Điều {article}. {upper_first(task)}")
            page.line(f"Các cơ quan, đơn vị có trách nhiệm {task} theo quy định.")
            article += 1
        page.line(f"Điều {article}. Trách nhiệm thi hành")
        page.line("Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực "
                  "thuộc Trung ương chịu trách nhiệm thi hành Nghị định này.")
        page.add(f"{ministry} ")
        page.deadline(f"trước ngày {15:02d} tháng 12 hằng năm", recurrence="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15",
                      actor=ministry, action="báo cáo Chính phủ")
        page.line(" tổng hợp tình hình thi hành Nghị định, báo cáo Chính phủ.")
        page.line()
        return
    bullet = "" if unit.party else "- "
    page.line("1. Mục tiêu")
    _goals(page, plan, rng, bullet)
    page.line("2. Nhiệm vụ, giải pháp")
    for task in rng.sample(topic["tasks"], rng.randint(2, len(topic["tasks"]))):
        page.line(f"{bullet}{_task(task, rng)}.")
    page.line("3. Tổ chức thực hiện")
    due = _deadline_date(plan, rng)
    actor = "Các tỉnh ủy, thành ủy" if unit.party else "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"
    page.add(f"{bullet}{actor} xây dựng kế hoạch triển khai thực hiện, ")
    page.deadline(f"hoàn thành trước ngày {short_date(due, rng)}", date=due, actor=actor)
    page.line(".")
    if unit.party:
        page.line("Ban Tuyên giáo Trung ương chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, theo dõi việc thực hiện.")
        page.line(f"{upper_first(plan.type.casefold())} này được phổ biến đến chi bộ.")
    else:
        _report_cycle(page, plan, rng, "Các bộ, ngành, địa phương", ministry, bullet)
    page.line()
