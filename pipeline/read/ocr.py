"""OCR with tesseract's Vietnamese model; PDF pages rendered with poppler's pdftoppm.

tesseract runs as a subprocess with OMP_THREAD_LIMIT=1 (2-3x faster than its own threading on few
cores); pages of one file run in parallel processes instead, up to `Limits.ocr_jobs`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import TimedOut, ToolMissing
from .limits import Limits


def require(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if not found:
        raise ToolMissing(tool, package)
    return found


def ocr_available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def _tesseract(image: Path, source: Path, limits: Limits) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            [require("tesseract", "tesseract-ocr tesseract-ocr-vie"), str(image), "stdout", "-l", "vie", "--psm", "3"],
            capture_output=True, timeout=limits.ocr_timeout, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimedOut(source, f"OCR took longer than {limits.ocr_timeout:.0f} s on one page (raise --ocr-timeout)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract failed on {image.name}: {message[-1] if message else done.returncode}")
    return done.stdout.decode("utf-8", "replace")


def _render(pdf: Path, page: int, folder: Path, limits: Limits) -> Path:
    prefix = folder / f"page-{page}"
    try:
        subprocess.run(
            [require("pdftoppm", "poppler-utils"), "-r", str(limits.ocr_dpi), "-gray", "-png", "-singlefile",
             "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
            capture_output=True, timeout=limits.ocr_timeout, check=True,
        )
    except subprocess.TimeoutExpired:
        raise TimedOut(pdf, f"rendering page {page} took longer than {limits.ocr_timeout:.0f} s") from None
    return prefix.with_suffix(".png")


def ocr_pdf_pages(pdf: Path, pages: list[int], limits: Limits) -> dict[int, str]:
    """OCR the given 1-based pages of a PDF; returns page -> text."""
    require("tesseract", "tesseract-ocr tesseract-ocr-vie")
    require("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as tmp:
        folder = Path(tmp)

        def one(page: int) -> tuple[int, str]:
            image = _render(pdf, page, folder, limits)
            try:
                return page, _tesseract(image, pdf, limits)
            finally:
                image.unlink(missing_ok=True)

        with ThreadPoolExecutor(max_workers=max(1, min(limits.ocr_jobs, len(pages)))) as pool:
            return dict(pool.map(one, pages))


def ocr_image(path: Path, limits: Limits) -> list[str]:
    """OCR an image file; a multi-page TIFF gives one text per page."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1)
            if frames > limits.max_pages:
                from ..errors import TooLarge

                raise TooLarge(path, f"too many pages: {frames} frames, limit {limits.max_pages} (raise --max-pages)")
            if frames == 1 and image.format in ("PNG", "JPEG", "TIFF", "BMP"):
                return [_tesseract(path, path, limits)]
            with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as tmp:
                texts = []
                for index in range(frames):
                    image.seek(index)
                    frame = Path(tmp) / f"frame-{index}.png"
                    image.convert("L").save(frame)
                    texts.append(_tesseract(frame, path, limits))
                return texts
    except (UnidentifiedImageError, OSError) as error:
        from ..errors import CorruptFile

        raise CorruptFile(path, f"corrupt image ({error})") from None
