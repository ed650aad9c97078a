"""The generator: chains of dispatches and their truth records, streamed.

Everything comes from one seeded random generator (never the clock), so a seed gives the same
documents in the same order, and the first N documents do not depend on how many are asked
for. Memory stays flat: a chain (one central document and those that carry it out, about a
hundred) is built, yielded and dropped; only the geography, the number counters and a few
recent provincial documents per province (for cross-chain `mentions`) are kept.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from .answers import TaskTruth, answer_day, answer_plan, lead_task, render_answer
from .model import FORMATS, Cited, FastRandom, Plan, Unit, code_slug, fold, make_cited, slug, tables
from .render import render

RECENT_PER_PROVINCE = 3


# ----------------------------------------------------------------------------------------------
# What is produced


@dataclass(frozen=True)
class SynthDocument:
    """One synthetic dispatch: its file stem, format, full text and truth record (FORMAT.md
    shape, offsets into `text`). `record` and `key` are None for a faulty file (`fault` says
    which: `empty`, `truncated_pdf`, `random_docx`)."""

    name: str
    format: str
    text: str
    record: dict | None
    key: str | None
    folder: str
    level: str
    fault: str | None = None
    task: TaskTruth | None = None     # with answers on: the lead task this document sets, and its report's day
    answers: str | None = None        # with answers on: the key of the request this document answers

    @property
    def path(self) -> str:
        """Where the file goes inside an archive: `<province or trung-uong>/<year>/<name>.<ext>`."""
        return f"{self.folder}/{self.name}.{self.format}"


# ----------------------------------------------------------------------------------------------
# Geography and issuers


class _Geography:
    """Districts and communes per province, named from syllables, made on first use and kept
    (at most a few thousand). A (kind, name) pair is never reused, so an issuer's name is
    unique even without diacritics, as the store's keys of local documents need."""

    def __init__(self, seed: int):
        self.seed = seed
        self.used: set[tuple[str, str]] = set()
        self.districts: dict[str, list[tuple[str, str]]] = {}
        self.communes: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def _name(self, rng: random.Random, kind: str) -> str:
        syllables = tables()["place_syllables"]
        count = len(syllables)
        for attempt in range(400):
            words = [syllables[rng.randrange(count)] for _ in range(2 if attempt < 30 else 3)]
            if len(set(words)) < len(words):
                continue
            name = " ".join(words)
            folded = fold(name)      # keys drop diacritics: `Vân Đức` and `Văn Đức` would be one issuer
            if (kind, folded) not in self.used and folded not in tables()["province_names"]:
                self.used.add((kind, folded))
                return name
        raise RuntimeError("ran out of place names")  # pragma: no cover

    def _kinds(self, rng: random.Random, weights: list, count: int) -> list[str]:
        return rng.choices([k for k, _ in weights], [w for _, w in weights], k=count)

    def districts_of(self, province: str) -> list[tuple[str, str]]:
        if province not in self.districts:
            rng = FastRandom(f"{self.seed}:districts:{province}")
            low, high = tables()["districts_per_province"]
            kinds = self._kinds(rng, tables()["district_kinds"], rng.randint(low, high))
            self.districts[province] = [(kind, self._name(rng, kind)) for kind in kinds]
        return self.districts[province]

    def communes_of(self, province: str, district: str) -> list[tuple[str, str]]:
        if (province, district) not in self.communes:
            rng = FastRandom(f"{self.seed}:communes:{province}:{district}")
            low, high = tables()["communes_per_district"]
            kinds = self._kinds(rng, tables()["commune_kinds"], rng.randint(low, high))
            self.communes[(province, district)] = [(kind, self._name(rng, kind)) for kind in kinds]
        return self.communes[(province, district)]


def _province_unit(name: str, kind: str) -> Unit:
    area = f"{kind} {name}"
    issuer = f"Ủy ban nhân dân {area}"
    return Unit("province", issuer, (f"UBND {area}", issuer), ("ỦY BAN NHÂN DÂN", area.upper()), None, name,
                "UBND", False, name, slug(name), area, f"UBND {kind}")


def _party_province_unit(name: str, kind: str) -> Unit:
    committee = "Thành ủy" if kind == "thành phố" else "Tỉnh ủy"
    issuer = f"{committee} {name}"
    return Unit("province", issuer, (issuer,), (issuer.upper(), "*"), None, name, "TU", True, name, slug(name),
                f"{kind} {name}", f"Ban Thường vụ {committee}")


def _department_unit(province: str, kind: str, code: str) -> Unit:
    area = f"{kind} {province}"
    department = tables()["departments"][code]
    issuer = f"{department} {area}"
    return Unit("department", issuer, (issuer,), (f"UBND {area.upper()}", department.upper()),
                f"Ủy ban nhân dân {area}", province, code, False, province, slug(province), area, department)


def _district_unit(province: str, pkind: str, kind: str, name: str) -> Unit:
    area = f"{kind} {name}"
    issuer = f"Ủy ban nhân dân {area}"
    return Unit("district", issuer, (f"UBND {area}", issuer), ("ỦY BAN NHÂN DÂN", area.upper()), None, name,
                "UBND", False, province, f"{slug(province)}/{slug(name)}", area, f"UBND {kind}")


def _party_district_unit(province: str, pkind: str, kind: str, name: str) -> Unit:
    committee = "Thị ủy" if kind == "thị xã" else "Huyện ủy"
    issuer = f"{committee} {name}"
    return Unit("district", issuer, (issuer,), (f"ĐẢNG BỘ {pkind.upper()} {province.upper()}", issuer.upper(), "*"),
                f"Đảng bộ {pkind} {province}", name, "HU", True, province, f"{slug(province)}/{slug(name)}",
                f"{kind} {name}", f"Ban Thường vụ {committee}")


def _commune_unit(province: str, district: tuple[str, str], kind: str, name: str, with_parent: bool) -> Unit:
    area = f"{kind} {name}"
    issuer = f"Ủy ban nhân dân {area}"
    header: tuple[str, ...] = ("ỦY BAN NHÂN DÂN", area.upper())
    parent = None
    if with_parent:
        header = (f"UBND {district[0].upper()} {district[1].upper()}", "ỦY BAN NHÂN DÂN", area.upper())
        parent = f"Ủy ban nhân dân {district[0]} {district[1]}"
    return Unit("commune", issuer, (f"UBND {area}", issuer), header, parent, name, "UBND", False, province,
                f"{slug(province)}/{slug(district[1])}", area, f"UBND {kind}")


def _ministry_unit(code: str) -> Unit:
    name = tables()["ministries"][code]
    return Unit("ministry", name, (name,), (name.upper(),), None, "Hà Nội", code, False, None, "trung-uong",
                "toàn ngành", name)


def _central_unit(spec: dict) -> Unit:
    return Unit("central", spec["issuer"], (spec["issuer"],), tuple(spec["header"]), None, "Hà Nội", "",
                spec["motto"] == "party", None, "trung-uong", "cả nước", spec["issuer"])


# ----------------------------------------------------------------------------------------------
# The chain


class Generator:
    """Deterministic chains for one seed. `documents()` is the public door."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        self.rng = FastRandom(seed)
        self.geo = _Geography(seed)
        self.counters: dict[tuple, int] = {}
        self.recent: dict[str, deque] = {}
        t = tables()
        self.first_day = dt.date(t["years"][0], 1, 1).toordinal()
        self.last_day = dt.date(t["years"][1], 9, 30).toordinal()
        self.report: Plan | None = None   # with answers on: a department's report due after the current plan

    # numbers ------------------------------------------------------------------------------
    def number(self, issuer: str, year: int | None, low: int, high: int) -> int:
        """The next number of an issuer (per year for local issuers, for ever for central ones,
        whose codes carry no year and are keyed by code alone)."""
        counter = (issuer, year)
        if counter not in self.counters:
            self.counters[counter] = self.rng.randint(low, high)
        self.counters[counter] += 1 + (self.rng.random() < 0.3) * self.rng.randint(1, 6)
        return self.counters[counter]

    def later(self, day: dt.date, low: int, high: int) -> dt.date:
        return day + dt.timedelta(days=self.rng.randint(low, high))

    # the chain ---------------------------------------------------------------------------
    def chains(self) -> Iterator[tuple[Plan, Cited]]:
        t, rng = tables(), self.rng
        while True:
            spec = rng.choices(t["central"], t["central_weights"])[0]
            topic = rng.choice(t["topics"])
            day = dt.date.fromordinal(rng.randint(self.first_day, self.last_day))
            if spec.get("per_year"):
                n = self.number(spec["counter"], day.year, spec["start"], spec["start"] + 20)
                code = spec["code"].format(n=n, y=day.year)
            else:
                n = self.number(spec["counter"], None, spec["start"], spec["start"] + 30)
                code = spec["code"].format(n=f"{n:02d}")
            unit = _central_unit(spec)
            head = make_cited(unit, spec["type"], code, day, topic["subject"])
            yield Plan(unit, spec["type"], code, day, topic, central_spec=spec), head
            ministry_plans: list[Cited] = []
            if not unit.party:
                ministries = [topic["ministry"]] if rng.random() < 0.85 else []
                ministries += rng.sample(sorted(t["ministries"]), rng.randint(0, 2))
                for code_ in dict.fromkeys(ministries):
                    if code_ not in t["ministries"]:
                        continue
                    munit = _ministry_unit(code_)
                    mday = self.later(day, 7, 40)
                    mcode = f"{self.number(code_, None, 300, 3000)}/KH-{code_}"
                    plan = Plan(munit, "Kế hoạch", mcode, mday, topic, parent=head, central=head)
                    cited = make_cited(munit, "Kế hoạch", mcode, mday, topic["subject"])
                    if code_ == topic["ministry"]:
                        ministry_plans.append(cited)
                    yield plan, cited
            for name, kind in rng.sample(t["provinces"], rng.randint(3, 12)):
                yield from self.province(name, kind, head, topic, ministry_plans)

    def province(self, name: str, kind: str, head: Cited, topic: dict, ministry_plans: list[Cited]):
        rng = self.rng
        earlier = self.recent.setdefault(name, deque(maxlen=RECENT_PER_PROVINCE))
        before = rng.choice(earlier) if earlier and rng.random() < 0.35 else None
        party_plan = None
        if head.code.endswith("/TW"):
            punit = _party_province_unit(name, kind)
            pday = self.later(head.date, 10, 40)
            pcode = f"{self.number(punit.issuer, pday.year, 20, 150)}-KH/TU"
            party_plan = make_cited(punit, "Kế hoạch", pcode, pday, head.about)
            yield Plan(punit, "Kế hoạch", pcode, pday, topic, parent=head, central=head), party_plan
            if rng.random() < 0.3:
                return
        unit = _province_unit(name, kind)
        day = self.later((party_plan or head).date, 5, 40)
        kind_ = "Kế hoạch" if rng.random() < 0.75 else "Công văn"
        number = self.number(unit.issuer, day.year, 300, 2500)
        code = f"{number}/KH-UBND" if kind_ == "Kế hoạch" else f"{number}/UBND-{topic['unit']}"
        also = tuple(ministry_plans[:1]) if ministry_plans and rng.random() < 0.4 else ()
        parent = party_plan or head
        if party_plan:
            also = (head,)
        plan = Plan(unit, kind_, code, day, topic, parent=parent, also=also, central=head, earlier=before)
        own = make_cited(unit, kind_, code, day, topic["subject"])
        yield plan, own
        earlier.append(own)
        if topic["department"] in tables()["departments"] and rng.random() < 0.3:
            dunit = _department_unit(name, kind, topic["department"])
            dday = self.later(day, 3, 20)
            dcode = f"{self.number(dunit.issuer, dday.year, 50, 900)}/KH-{dunit.suffix}"
            yield Plan(dunit, "Kế hoạch", dcode, dday, topic, parent=own, central=head), \
                make_cited(dunit, "Kế hoạch", dcode, dday, topic["subject"])
        districts = self.geo.districts_of(name)
        for dkind, dname in rng.sample(districts, min(len(districts), rng.randint(2, 5))):
            yield from self.district(name, kind, (dkind, dname), own, party_plan, head, topic)

    def district(self, province: str, pkind: str, district: tuple[str, str], parent: Cited, party_plan: Cited | None,
                 head: Cited, topic: dict):
        rng = self.rng
        party = None
        if party_plan and rng.random() < 0.5:
            punit = _party_district_unit(province, pkind, *district)
            pday = self.later(party_plan.date, 5, 25)
            pcode = f"{self.number(punit.issuer, pday.year, 5, 60)}-KH/HU"
            party = make_cited(punit, "Kế hoạch", pcode, pday, topic["subject"])
            yield Plan(punit, "Kế hoạch", pcode, pday, topic, parent=party_plan, central=head), party
        unit = _district_unit(province, pkind, *district)
        day = self.later(max(parent.date, party.date if party else parent.date), 4, 30)
        kind = "Kế hoạch" if rng.random() < 0.8 else "Công văn"
        number = self.number(unit.issuer, day.year, 20, 400)
        code = f"{number}/KH-UBND" if kind == "Kế hoạch" else f"{number}/UBND-VP"
        also = (party,) if party else ((head,) if rng.random() < 0.5 else ())
        own = make_cited(unit, kind, code, day, topic["subject"])
        yield Plan(unit, kind, code, day, topic, parent=parent, also=also, central=head), own
        communes = self.geo.communes_of(province, district[1])
        for ckind, cname in rng.sample(communes, min(len(communes), rng.randint(1, 4))):
            cunit = _commune_unit(province, district, ckind, cname, rng.random() < 0.3)
            cday = self.later(day, 3, 20)
            ccode = f"{self.number(cunit.issuer, cday.year, 1, 40)}/KH-UBND"
            yield Plan(cunit, "Kế hoạch", ccode, cday, topic, parent=own,
                        also=(parent,) if rng.random() < 0.4 else (), central=head), \
                make_cited(cunit, "Kế hoạch", ccode, cday, topic["subject"])


# ----------------------------------------------------------------------------------------------
# The public verbs


def _weights(formats) -> tuple[list[str], list[float]]:
    formats = dict(formats or tables()["formats"])
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {sorted(unknown)}: choose among {', '.join(FORMATS)}")
    if sum(formats.values()) <= 0:
        raise ValueError("format weights must add up to more than 0")
    names = [f for f in FORMATS if formats.get(f, 0) > 0]
    return names, [formats[f] for f in names]


def _answered(plan: Plan, cited: Cited, record: dict, generator: Generator) -> tuple[TaskTruth, Plan | None] | None:
    """The lead task of a provincial document, and the department's report (None: it never
    reports), drawn from the generator's own randomness."""
    found = lead_task(plan, record)
    if found is None:
        return None
    actor, due = found
    unit = plan.unit
    assert unit.province is not None   # a provincial document
    kind = unit.area[:-len(unit.province) - 1]
    department = _department_unit(unit.province, kind, plan.topic["department"])
    day = answer_day(plan.date, due, generator.rng)
    report = None
    if day is not None:
        number = generator.number(department.issuer, day.year, 50, 900)
        report = answer_plan(department, cited, day, number, plan.topic)
    return TaskTruth(cited.key, plan.code, actor, department.issuer, due, day), report


def _plans(generator: Generator, answers: bool) -> Iterator[tuple[Plan, Cited, str | None]]:
    """The chains' plans, rendered lazily by the caller; with `answers`, each lead department's
    report follows its request (as a plan whose `parent` is the request)."""
    for plan, cited in generator.chains():
        yield plan, cited, None
        if answers and generator.report is not None:
            report, generator.report = generator.report, None
            yield report, make_cited(report.unit, report.type, report.code, report.date, report.topic["subject"]), \
                report.carried_out().key


def documents(count: int, seed: int = 0, *, formats: dict | None = None, faults: float = 0.0,
              answers: bool = False) -> Iterator[SynthDocument]:
    """`count` synthetic dispatches, streamed, the same for the same seed.

    `formats` weights the file formats (`{"txt": 0.5, "docx": 0.3, "pdf": 0.2}` by default);
    `faults` is the share of faulty files (empty, truncated PDF, random bytes named .docx),
    whose `record` is None. Neither changes the documents' texts. `answers` adds the lead
    departments' reports to provincial documents (some on time, some late, some never), each
    request carrying its `task` truth and each answering document the request's key (`answers`).

    >>> docs = list(documents(3, seed=1))
    >>> [d.level for d in docs][:1], docs[0].record["references"] == []
    (['central'], True)
    """
    names, weights = _weights(formats)
    picker = random.Random(f"{seed}:files")
    generator = Generator(seed)
    produced = 0
    requests: set[str] = set()
    for plan, cited, answered in _plans(generator, answers):
        if produced >= count:
            return
        task = None
        record: dict | None   # None for a faulty file
        if answered:
            text, record = render_answer(plan, generator.rng)
        else:
            text, record = render(plan, generator.rng)
            if answers:
                found = _answered(plan, cited, record, generator)
                if found:
                    task, generator.report = found
                    requests.add(cited.key)
                if plan.unit.level == "department" and plan.parent and plan.parent.key in requests:
                    answered = plan.parent.key   # the department's own plan carries the request out: an answer
        fmt = picker.choices(names, weights)[0]
        fault = None
        if faults and picker.random() < faults:
            fault = picker.choice(("empty", "truncated_pdf", "random_docx"))
            fmt = {"empty": "txt", "truncated_pdf": "pdf", "random_docx": "docx"}[fault]
        name = f"{produced:07d}_{code_slug(plan.code)}"
        folder = f"{plan.unit.folder}/{plan.date.year}"
        if fault:
            record, key = None, None
        else:
            key = cited.key
            record = {"source": f"{folder}/{name}.{fmt}", "name": f"{name}.{fmt}", **record}
        yield SynthDocument(name, fmt, text, record, key, folder, plan.unit.level, fault, task, answered)
        produced += 1


def records_for_store(count: int, seed: int = 0, *, formats: dict | None = None,
                      answers: bool = False) -> Iterator[dict]:
    """`count` items in the shape `pipeline.store.write` takes, straight from the truth records:
    no files, no extractors (the 1,000,000-document store of the lineage benchmark).

    >>> from pipeline import store
    >>> conn = store.connect(":memory:")
    >>> [store.write(conn, item, ingested_at="2024-01-01T00:00:00+00:00") for item in records_for_store(2)]
    ['added', 'added']
    """
    for doc in documents(count, seed, formats=formats, answers=answers):
        data = doc.text.encode("utf-8")
        yield {
            "path": f"synth://{doc.path}", "hash": hashlib.sha256(data).hexdigest(), "size": len(data),
            "status": "ok", "reason": None, "format": doc.format, "key": doc.key, "record": doc.record,
            "text": doc.text,
        }
