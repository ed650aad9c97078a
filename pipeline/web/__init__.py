"""congvan's web app for analysts (`congvan serve`): search, a document with its extractions
marked, the lineage graph, the deadline calendar and its iCalendar feed, and JSON for all of them.

`archive` reads the store into plain dicts; `app` serves them as HTML (Jinja2, every piece of
document text escaped) and as JSON under `/api` (FastAPI, OpenAPI at `/openapi.json`); `guard`
puts the security headers on every answer, errors included, and answers errors in their kind.
The server needs the `web` extra: `pip install 'congvan[web]'`.
"""
