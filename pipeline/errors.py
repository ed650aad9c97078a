"""Typed errors: bad input (ReadError and kin) apart from missing tools and bugs.

Every message names the file and says what would fix it, because a batch reports them and goes on.
"""
from __future__ import annotations


class CongvanError(Exception):
    """Base of congvan's own errors."""


class ReadError(CongvanError):
    """The input file cannot be read; `reason` is one line for a person."""

    kind = "unreadable"

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EmptyFile(ReadError):
    kind = "empty"


class UnsupportedFormat(ReadError):
    kind = "unsupported"


class EncryptedFile(ReadError):
    kind = "encrypted"


class TooLarge(ReadError):
    kind = "too-large"


class CorruptFile(ReadError):
    kind = "corrupt"


class UnsafeFile(ReadError):
    kind = "unsafe"


class TimedOut(ReadError):
    kind = "timeout"


class OCRFailed(ReadError):
    """tesseract or pdftoppm failed on a scan that holds nothing else to read."""

    kind = "ocr-failed"


class StoreError(CongvanError):
    """The store cannot be used as asked (missing, written by a newer congvan), or the cluster that
    should read for it cannot be reached."""


class ToolMissing(CongvanError):
    """A Debian tool the reader needs (LibreOffice, tesseract, poppler) is not installed."""

    def __init__(self, tool: str, package: str, *, fix: str | None = None):
        self.tool, self.package = tool, package
        # `fix`: how to install what is not a Debian package (a Python dependency of congvan)
        super().__init__(f"`{tool}` is not installed: " + (fix or f"run `make setup` as root, or `apt-get install {package}`"))
