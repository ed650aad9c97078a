"""Plain text, markdown and HTML copies of documents (legal-database pages, e-mail bodies)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import CorruptFile, EmptyFile, UnsupportedFormat
from .base import Extracted, Reader
from .limits import Limits

# Markdown is recognised by its marks, since copies arrive as .txt too.
_MARKDOWN_HINT = re.compile(r"^\#{1,6} |\*\*\S|^\|.*\|\s*$|\]\(http", re.MULTILINE)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    from .encodings import UndecodableText, decode

    try:
        return decode(data)
    except UndecodableText as error:
        raise UnsupportedFormat(path, f"unsupported format: not a document nor text ({error})") from None


class TextReader(Reader):
    formats = ("text",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        text, encoding = _decode(path, path.read_bytes())
        if not text.strip():
            raise EmptyFile(path, "empty: the file holds only white space")
        markdown = path.suffix.lower() in (".md", ".markdown") or len(_MARKDOWN_HINT.findall(text[:20000])) >= 3
        return Extracted(raw=text, encoding=encoding, markdown=markdown)


# Tags that end a line (before and after), cells (a space before), and what is not text at all.
_BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
                    "header", "footer", "blockquote", "pre", "hr", "title", "dd", "dt"})
_VOID = frozenset({"br", "hr"})   # no content and no end: one line end, as `<br>` always gave
_CELL = frozenset({"td", "th"})
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})


def html_text(source: str) -> tuple[str, bool]:
    """The text of an HTML page (a line per block, a space before each cell, no script or head),
    and whether content nested deeper than libxml2 allows (2048 levels, with huge_tree) was cut.

    Parsed by libxml2's HTML parser (lxml), which recovers from broken markup in one pass; the
    standard library's html.parser rescans the rest of the page from every unterminated `<a b="`,
    `<!--` or `</a` (29.6 s on 120 KB of `<a b="`)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=True)
    root = etree.fromstring(source.encode("utf-8"), parser)
    cut = any("depth" in str(entry).lower() for entry in parser.error_log)
    if root is None:
        return "", cut
    parts: list[str] = []
    skipping = 0
    stack = [(root, False)]
    while stack:   # depth first, without recursion: nesting depth is the page author's choice
        node, closing = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else None   # None: a comment, a PI
        if closing:
            if tag in _SKIP:
                skipping = max(0, skipping - 1)
            elif tag in _BLOCK and tag not in _VOID:
                parts.append("\n")
            if node.tail and not skipping:
                parts.append(node.tail)
            continue
        if tag in _SKIP:
            skipping += 1
        elif tag in _BLOCK:
            parts.append("\n")
        elif tag in _CELL:
            parts.append(" ")
        if tag is not None and node.text and not skipping:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts), cut


class HTMLReader(Reader):
    formats = ("html",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        source, encoding = _decode(path, path.read_bytes())
        try:
            text, cut = html_text(source)
        except Exception as error:  # libxml2 recovers from nearly anything; what is left is a broken file
            raise CorruptFile(path, f"corrupt HTML ({error})") from None
        if not text.strip():
            raise EmptyFile(path, "empty: the HTML page has no text")
        warnings = ["content nested deeper than 2048 elements was left out"] if cut else []
        return Extracted(raw=text, encoding=encoding, warnings=warnings)
