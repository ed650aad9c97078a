"""Answers in the synthetic archive (issue 19): the lead department of a provincial plan or
dispatch reports back, on time, late, or not at all, and the truth of each task says which.

A provincial document gives its lead department (`Giao Sở Nội vụ chủ trì, ...; hoàn thành trước
ngày X`) a task. With answers on, the generator follows such a document with the department's
báo cáo (`Thực hiện Kế hoạch số ... của UBND tỉnh ..., Sở ... báo cáo kết quả như sau`) dated
before X (`ON_TIME`), after X (`LATE`), or writes none (the rest). The department's own plan
that carries the document out (written by the chain) cites it too, so it answers as well; the
truth takes the earliest of the two (`TaskTruth.answered_on`).
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .model import STATE_MOTTO, Cited, Plan, Unit, long_date, tables
from .render import _Page, _signature

ON_TIME, LATE = 0.45, 0.30     # shares of the lead tasks answered on time and late; the rest: none


@dataclass(frozen=True)
class TaskTruth:
    """What a lead task is, and when (if ever) its body answered: the earliest answer's date."""

    request_key: str
    request: str          # the request's code
    actor: str            # the department as the request names it (`Sở Nội vụ`)
    issuer: str           # its full name (`Sở Nội vụ tỉnh Lâm Đồng`)
    due: dt.date
    answered_on: dt.date | None

    def status(self, today: dt.date) -> str:
        answered = self.answered_on if self.answered_on and self.answered_on <= today else None
        if answered:
            return "met" if answered <= self.due else "late"
        return "overdue" if self.due < today else "open"

    def to_json(self) -> dict:
        return {"request_key": self.request_key, "request": self.request, "actor": self.actor, "issuer": self.issuer,
                "due": self.due.isoformat(), "answered_on": self.answered_on.isoformat() if self.answered_on else None}


def lead_task(plan: Plan, record: dict) -> tuple[str, dt.date] | None:
    """(actor, due) of a provincial government document's lead department, when the department
    is one the synthetic archive can issue from; else None."""
    unit, department = plan.unit, plan.topic.get("department")
    if unit.level != "province" or unit.party or department not in tables()["departments"]:
        return None
    actor = tables()["departments"][department]
    for deadline in record["deadlines"]:
        if deadline["actor"] == actor and deadline["date"] and not deadline["recurrence"]:
            return actor, dt.date.fromisoformat(deadline["date"])
    return None


def answer_day(request_day: dt.date, due: dt.date, rng: random.Random) -> dt.date | None:
    """When the department answers: before the due day, after it, or never (None)."""
    draw = rng.random()
    if draw < ON_TIME:
        return max(request_day + dt.timedelta(days=1), due - dt.timedelta(days=rng.randint(0, 20)))
    if draw < ON_TIME + LATE:
        return due + dt.timedelta(days=rng.randint(1, 45))
    return None


def answer_plan(department: Unit, request: Cited, day: dt.date, number: int, topic: dict) -> Plan:
    code = f"{number}/BC-{department.suffix}"
    return Plan(department, "Báo cáo", code, day, topic, parent=request)


def render_answer(plan: Plan, rng: random.Random) -> tuple[str, dict]:
    """The department's báo cáo: its header under UBND tỉnh, the citation of the request, a few
    lines of results, nơi nhận and signature; and its FORMAT.md record."""
    unit, request = plan.unit, plan.carried_out()
    page = _Page()
    page.line("\n".join(unit.header) + f"\n\nSố: {plan.code}")
    motto = "\n".join(STATE_MOTTO)
    page.line(f"\n{motto}\n\n{unit.place}, {long_date(plan.date)}\n")
    page.line("BÁO CÁO")
    page.add("Kết quả thực hiện ")
    subject = "Kết quả thực hiện " + page.cite(request, "implements", rng, "short")
    page.line()
    page.line()
    page.add("Thực hiện ")
    page.cite(request, "implements", rng, "full")
    page.line(f" về {plan.topic['subject']}, {unit.short} báo cáo kết quả thực hiện như sau:")
    page.line()
    page.line("1. Công tác chỉ đạo, triển khai")
    page.line(f"{unit.short} đã ban hành văn bản hướng dẫn, đôn đốc các cơ quan, đơn vị triển khai thực hiện.")
    page.line("2. Kết quả đạt được")
    page.line(f"Các nhiệm vụ được giao cơ bản hoàn thành; {rng.choice(['một số', 'một vài'])} nội dung đang tiếp tục thực hiện.")
    page.line()
    lines, signer = _signature(unit, rng, None)
    noi_nhan = [f"{request.names[-1]} (b/c)", "Lưu: VT, VP"]
    page.line("Nơi nhận:\n- " + ";\n- ".join(noi_nhan) + ".")
    page.line()
    page.line("\n".join(lines) + "\n\n" + signer["name"])
    text = page.text()
    document = {"code": plan.code, "type": "Báo cáo", "issuer": unit.issuer, "parent_issuer": unit.parent_issuer,
                "place": unit.place, "date": plan.date.isoformat(), "subject": subject, "signer": signer,
                "recipients": [], "received": None, "noi_nhan": noi_nhan, "effective": None}
    return text, {"document": document, "references": page.references(text), "deadlines": [], "targets": []}


def collect_truth(docs) -> list[TaskTruth]:
    """The lead tasks of `docs` (SynthDocuments made with answers on), each answered on the day
    of the earliest document that answers its request: the report, or the department's plan."""
    import dataclasses

    answered: dict[str, dt.date] = {}
    for doc in docs:
        if doc.answers and doc.record:
            day = dt.date.fromisoformat(doc.record["document"]["date"])
            answered[doc.answers] = min(day, answered.get(doc.answers, day))
    return [dataclasses.replace(doc.task, answered_on=answered.get(doc.task.request_key))
            for doc in docs if doc.task]
