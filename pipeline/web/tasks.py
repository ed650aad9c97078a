"""The task board (issue 19): what each unit owes, what it answered, what is overdue.

`/tasks` is the board for people (by unit or by status, overdue first, each task linked to its
request and its answer); `/api/tasks` the same as JSON; `/deadlines.ics?unit=...` (in `app.py`)
the unit's tasks as a feed, each with its status. Everything comes from `pipeline.closure`.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from ..closure import STATUSES, Task, by_unit, counts, tasks
from .archive import document_url

STATUS_VI = {"overdue": "Quá hạn", "open": "Đang mở", "late": "Trả lời muộn", "met": "Đúng hạn"}
Status = Literal["", "overdue", "open", "late", "met"]   # "": any (the board's form sends it)


def task_json(task: Task) -> dict:
    """A task with the links a page needs: its request and its answer."""
    return {**task.to_json(), "status_vi": STATUS_VI[task.status], "request_url": document_url(task.request_id),
            "answer_url": document_url(task.answered_by_id) if task.answered_by_id else None}


def board(conn, today: dt.date, unit: str | None, status: str | None, group: str) -> dict:
    """The board's data: tasks (of `unit`, of `status`) in sections by unit or by status, and the
    counts of each status over the tasks shown before the status filter."""
    found = tasks(conn, today, unit=unit or None)
    tally = counts(found)
    shown = [t for t in found if not status or t.status == status]
    sections: list[dict[str, Any]]
    if group == "status":
        sections = [{"name": STATUS_VI[s], "status": s, "tasks": [task_json(t) for t in shown if t.status == s]}
                    for s in STATUSES]
        sections = [s for s in sections if s["tasks"]]
    else:
        units = by_unit(shown)
        # the units with the most overdue tasks first: what the secretariat chases today
        order = sorted(units, key=lambda name: (-counts(units[name])["overdue"], -counts(units[name])["open"]))
        sections = [{"name": name, "counts": counts(units[name]), "tasks": [task_json(t) for t in units[name]]}
                    for name in order]
    units_all = sorted({t.unit for t in found})
    return {"today": today.isoformat(), "unit": unit, "status": status, "group": group, "counts": tally,
            "total": len(found), "shown": len(shown), "sections": sections, "units": units_all}


def add_task_pages(app: FastAPI, site) -> None:
    """`/tasks` and `/api/tasks` on the app of `create_app` (`site`: its `Site`)."""

    def data(today, unit, status, group) -> dict:
        with site.state.reading() as conn:
            return board(conn, site.day(today), unit or None, status or None, group)

    @app.get("/tasks", response_class=HTMLResponse, include_in_schema=False)
    def tasks_page(request: Request, today: dt.date | None = None,
                   unit: Annotated[str | None, Query(max_length=200)] = None, status: Status | None = None,
                   group: Literal["unit", "status"] = "unit"):
        found = data(today, unit, status, group)
        pinned = {"today": today.isoformat()} if today else {}

        def link(**changes) -> str:
            params = {"unit": unit, "status": status, "group": group, **pinned, **changes}
            return "/tasks?" + urlencode({k: v for k, v in params.items() if v})

        feed = "/deadlines.ics?" + urlencode({"unit": unit, **pinned}) if unit else None
        return site.page(request, "tasks.html", data=found, link=link, status_vi=STATUS_VI, statuses=STATUSES,
                         feed=feed)

    @app.get("/api/tasks", tags=["deadlines"])
    def api_tasks(today: dt.date | None = None, unit: Annotated[str | None, Query(max_length=200)] = None,
                  status: Status | None = None, group: Literal["unit", "status"] = "unit"):
        """The task board as JSON: each deadline's actor as tasks (a group's members one each), the
        answer found (a later document of that body citing the request), and the status on `today`:
        met, late, open or overdue. `unit` keeps one unit's tasks (diacritics optional)."""
        return data(today, unit, status, group)


def unit_feed_dues(conn, today: dt.date, unit: str) -> list:
    """The unit's tasks as calendar entries, each with its status (`/deadlines.ics?unit=`)."""
    return [task.as_due() for task in tasks(conn, today, unit=unit)]
