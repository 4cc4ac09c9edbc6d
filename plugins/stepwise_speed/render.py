"""Render the article pages in two processes (a cold or warm build's largest output step).

Pelican renders pages one by one. Article pages do not depend on each other, so
this writer holds them back as ArticlesGenerator asks for them, then, before the
next kind of page, forks once: the child renders every second article page, the
parent the others, at the same time. Both hold the same finished context (fork
copies it), so each page is rendered exactly as it would be in one process.

What the child did comes back to the parent through a pipe: the warnings and
errors it logged (re-logged in the parent, so the build reports them like any
other) and the files it wrote (so Pelican's overwrite guard still sees them). If
the child fails, the build fails. Page filters (pages.py: discovery's responsive
images) and content_written run in the process that renders the page, so on both cores.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import traceback
from typing import Any

from pelican.contents import Content
from pelican.log import FilteredMessage

from stepwise_core.protocols import Generator
from stepwise_core.signals import article_pages_written

from .forking import in_child
from .preview import PreviewWriter
from .settings import plugin_settings


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        fields = {"name": record.name, "levelno": record.levelno, "levelname": record.levelname,
                  "msg": record.msg, "args": record.args}
        try:
            pickle.dumps(record.args)
        except Exception:  # an argument that cannot travel: send the formatted text
            fields.update(msg=record.getMessage(), args=None)
        for extra in ("content_issue", "limit_msg", "limit_args"):
            if hasattr(record, extra):
                fields[extra] = getattr(record, extra)
        self.records.append(fields)


def replay(fields: dict[str, Any]) -> None:
    """Log a record the child logged, as Pelican's own loggers would have in this process.

    Pelican's loggers filter duplicates and over-limit repeats by raising FilteredMessage
    from Logger.filter, and catch it in Logger._log; Logger.handle, which a replay calls,
    does not catch it, so a warning repeated past the limit crashed the build here.
    """
    record = logging.makeLogRecord(fields)
    with contextlib.suppress(FilteredMessage):  # dropped, as the same record logged here would be
        logging.getLogger(record.name).handle(record)


class RenderingWriter(PreviewWriter):
    """Holds article pages back and renders them in two processes."""

    _held: list[tuple[Any, ...]]  # write_file's arguments, one tuple a page

    def write_file(self, name: Any, template: Any, context: dict[str, Any], *args: Any,
                   **kwargs: Any) -> None:
        self.preview_once(template, context)
        if "article" in kwargs and not kwargs.get("paginated"):
            self.__dict__.setdefault("_held", []).append((name, template, context, args, kwargs))
            return
        self.flush()
        super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *args: Any, **kwargs: Any) -> Any:
        self.flush()
        return super().write_feed(*args, **kwargs)

    def flush(self) -> None:
        held, self._held = self.__dict__.get("_held", []), []
        if held:
            self._render_in_two(held)
            article_pages_written.send(self)

    def _render_in_two(self, held: list[tuple[Any, ...]]) -> None:
        if len(held) < plugin_settings(self.settings)["STEPWISE_PARALLEL_MIN_FILES"]:
            self._render(held)
            return
        child = in_child(lambda: self._child(held[1::2]))
        try:
            self._render(held[0::2])
        finally:
            report, status = child()
        self._take_report(report, status)

    def _render(self, held: list[tuple[Any, ...]]) -> None:
        for name, template, context, args, kwargs in held:
            PreviewWriter.write_file(self, name, template, context, *args, **kwargs)

    def _child(self, held: list[tuple[Any, ...]]) -> bytes:
        capture = _Capture()
        root = logging.getLogger()
        root.handlers = [capture]  # the parent reports what the child logs
        try:
            self._render(held)
            report: dict[str, Any] = {"written": self._written_files, "overridden": self._overridden_files}
        except BaseException:  # any failure is the build's failure, reported by the parent
            report = {"error": traceback.format_exc()}
        report["records"] = capture.records
        return pickle.dumps(report, pickle.HIGHEST_PROTOCOL)

    def _take_report(self, data: bytes, status: int) -> None:
        report: dict[str, Any] = pickle.loads(data) if data else {"error": f"the renderer stopped ({status})"}
        for fields in report.get("records", []):
            replay(fields)
        if "error" in report or os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"rendering article pages failed in the second process:\n"
                               f"{report.get('error', status)}")
        self._written_files |= report["written"]
        self._overridden_files |= report["overridden"]


def freeze_urls(generators: list[Generator]) -> None:
    """all_generators_finalized: every page's URL, worked out once.

    Pelican formats an item's URL from its metadata each time a template asks
    (about 40,000 times in a build of 1,500 items, ~10 % of rendering). Nothing
    changes an item's URL once every generator has read, so each is computed now
    and kept through Pelican's own override_url (save_as is left alone: Pelican
    reads override_save_as as "may overwrite another file").
    """
    if not generators:
        return
    for item in generators[0].context.get("generated_content", {}).values():
        if isinstance(item, Content) and not hasattr(item, "override_url"):
            item.override_url = item.url


def flush_after_articles(_generator: Any, writer: Any) -> None:
    """article_writer_finalized: nothing held back may outlive the articles' output."""
    if isinstance(writer, RenderingWriter):
        writer.flush()
