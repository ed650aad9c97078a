"""Plain text, markdown and HTML copies of documents (legal-database pages, e-mail bodies)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
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


class _HTMLText(HTMLParser):
    BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
             "header", "footer", "blockquote", "pre", "hr", "title", "dd", "dt"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


class HTMLReader(Reader):
    formats = ("html",)

    def read(self, path: Path, limits: Limits) -> Extracted:
        source, encoding = _decode(path, path.read_bytes())
        parser = _HTMLText()
        try:
            parser.feed(source)
            parser.close()
        except Exception as error:  # html.parser is lenient; anything here is a broken file
            raise CorruptFile(path, f"corrupt HTML ({error})") from None
        text = "".join(parser.parts)
        if not text.strip():
            raise EmptyFile(path, "empty: the HTML page has no text")
        return Extracted(raw=text, encoding=encoding)
