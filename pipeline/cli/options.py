"""What the `congvan` commands share: exit codes, options, one-line errors.

Every command module (`archive`, `deadlines`, `tasks`, `synth`, `serve`, `parse`) imports from
here, and the package `pipeline.cli` only assembles the group: no command module imports it.

Exit codes: 0 every file read, 3 some files failed (each named on stderr with its reason),
2 usage error.
"""
from __future__ import annotations

import datetime as dt
import sys

import click

from .. import store
from ..calendar import CalendarError, HolidayCalendar, check_day, send_digest
from ..read import Limits

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 2, 3
MB = 1024 * 1024

# The store to read or write: `--db`, else $CONGVAN_DB, else ./congvan.db.
db_option = click.option("--db", "db", envvar=store.ENV_DB, default=store.DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="The SQLite store (also $CONGVAN_DB).")


def limit_options(command):
    """`--max-size`, `--max-pages`, `--max-unzipped`, `--convert-timeout`, `--ocr-timeout`,
    `--ocr/--no-ocr`: the reader's limits (`make_limits` turns them into `Limits`)."""
    options = [
        click.option("--max-size", type=click.FloatRange(min=0), default=Limits.max_bytes / MB, show_default=True,
                     help="Largest file to read, in MB."),
        click.option("--max-pages", type=click.IntRange(min=1), default=Limits.max_pages, show_default=True,
                     help="Most pages of a PDF or scan."),
        click.option("--max-unzipped", type=click.FloatRange(min=0), default=Limits.max_unzipped / MB, show_default=True,
                     help="Largest uncompressed size of a DOCX, in MB (refuses zip bombs)."),
        click.option("--convert-timeout", type=click.FloatRange(min=1), default=Limits.convert_timeout, show_default=True,
                     help="Seconds LibreOffice may take on one DOC."),
        click.option("--ocr-timeout", type=click.FloatRange(min=1), default=Limits.ocr_timeout, show_default=True,
                     help="Seconds tesseract may take on one page."),
        click.option("--ocr/--no-ocr", default=True, show_default=True, help="OCR scanned pages and images."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def make_limits(max_size, max_pages, max_unzipped, convert_timeout, ocr_timeout, ocr) -> Limits:
    """The `Limits` of `limit_options`' values."""
    return Limits(max_bytes=int(max_size * MB), max_pages=max_pages, max_unzipped=int(max_unzipped * MB),
                  convert_timeout=convert_timeout, ocr_timeout=ocr_timeout, ocr=ocr)


class Refused(click.ClickException):
    """A usage error told in one line, `congvan: ...`, exit code 2 (click's own take several lines)."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        click.echo(f"congvan: {self.format_message()}", err=True)


class OneLineCommand(click.Command):
    """A command whose usage errors (a bad option value, a missing file, a bad calendar) are one line too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise Refused(error.format_message()) from error

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except CalendarError as error:
            raise Refused(str(error)) from error
        except click.UsageError as error:
            raise Refused(error.format_message()) from error


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD day (None when not given); `Refused` naming the option otherwise."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise Refused(f"{option} {value[:40]!r} is not a date; write it as YYYY-MM-DD") from error
    return check_day(day, option)


def holiday_calendar(paths: tuple[str, ...]) -> HolidayCalendar:
    """The holiday table with the users' files; `CalendarError` (one line) for one that is not usable."""
    return HolidayCalendar.from_files(paths)


def open_output(output: str | None):
    """`-o FILE` opened for writing, or stdout; `Refused` when it cannot be opened."""
    if not output:
        return sys.stdout
    try:
        return open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as error:
        raise Refused(f"-o {output}: {error.strerror or error}") from error


def mail(body: str, address: tuple[str, int], recipients, sender: str, subject: str, timeout: float) -> None:
    """Send a digest through the SMTP server at `address`; `Refused` (one line) when it cannot."""
    import smtplib  # (here: only a run that mails needs it)

    try:
        send_digest(body, host=address[0], port=address[1], to=list(recipients), sender=sender, subject=subject,
                    timeout=timeout)
    except (OSError, smtplib.SMTPException) as error:
        raise Refused(f"could not send the digest through {address[0]}:{address[1]}: {error}") from error
