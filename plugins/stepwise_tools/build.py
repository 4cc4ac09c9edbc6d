"""Build the site atomically and report every content problem at once.

Pelican writes straight into OUTPUT_PATH and, without --fatal, exits 0 after
dropping a broken file; with --fatal it stops at the first problem. This runner
builds into a fresh sibling folder, collects every warning and error of the
run, and replaces the output folder only when the build succeeded, so a failed
build leaves the last good site exactly as it was.

Usage: python -m stepwise_tools.build [-s pelicanconf.py] [-o output] [--strict]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from stepwise_core import helpers, preview_undo
from stepwise_core.buildlock import BuildLocked, build_lock
from stepwise_core.errors import NOTICE, BuildStopped, ContentError, ContentIssue
from stepwise_core.settings_source import SETTINGS_FILE, SETTINGS_PATH
from stepwise_core.sources import shown_path
from stepwise_core.swap import replace_output, staging_folder
from stepwise_speed import pelicanlog

from .faults import changed_inputs, disk_full, disk_full_issue, stamp_inputs

PostStep = Callable[[Path, dict[str, Any]], None]
LOCK_WAIT_SECONDS = 600
LOW_DISK = 1_000_000  # bytes: below this, a failed build names the full disk too


def issue_from_record(record: logging.LogRecord, settings: dict[str, Any]) -> ContentIssue | None:
    """Turn one log record into an issue; None for records already reported."""
    attached = getattr(record, "content_issue", None)
    if isinstance(attached, ContentIssue):
        return attached
    if pelicanlog.reported_by_stepwise(record.msg):
        return None
    convert = RECORDS.get(str(record.msg))
    if convert is not None:
        return convert(record, settings)
    if record.msg in {pelicanlog.UNRESOLVED_LINK, pelicanlog.UNRESOLVED_LINKS}:
        return ContentIssue("(build)", "link", record.getMessage().rstrip("."),
                            "link with {filename} or {static} to a file under content/", severity="error")
    severity = "error" if record.levelno >= logging.ERROR else "warning"
    message = record.getMessage().replace("\n", " ")
    # Plugins start their messages with their name ('search: ...'): don't say it twice.
    name, _, rest = message.partition(": ")
    field, message = (name, rest) if rest and record.name.endswith(name) else (record.name, message)
    return ContentIssue("(build)", field, message,
                        "the message above is Pelican's or a plugin's own; it says what to correct",
                        severity=severity)


def _missing_field(record: logging.LogRecord, settings: dict[str, Any]) -> ContentIssue:
    path, field = record.args  # type: ignore[misc]  # Pelican's message takes two (pelicanlog)
    return ContentIssue(shown_path(str(path), settings), str(field).title(), "is missing",
                        f"add a '{str(field).title()}:' line at the top of the file")


def _unreadable_file(record: logging.LogRecord, settings: dict[str, Any]) -> ContentIssue | None:
    exc = sys.exc_info()[1]  # emit() runs inside Pelican's except block
    if isinstance(exc, ContentError):
        return None if exc.already_logged else exc.issue
    path = str(Path(settings["PATH"]) / str(record.args[0]))  # type: ignore[index]  # a tuple: Pelican's message
    return ContentIssue(shown_path(path, settings), "file",
                        f"could not be read ({type(exc).__name__}: {exc})",
                        "check the metadata lines at the top of the file")


# An {attach} link as written in a Markdown file (either spelling of the kind).
ATTACH_LINK = re.compile(r"""[{|]attach[}|][^\s)"'<>\]]+""")
ATTACH_CANNOT = "cannot move it into this page's folder"


def _attach_fallback(record: logging.LogRecord, settings: dict[str, Any]) -> ContentIssue:
    """Pelican's '{attach} link … cannot relocate …' in Stepwise's form: the link still works
    (it leads to where the file is), so a warning, naming the link as written and its line."""
    page, target, reason = (str(arg) for arg in record.args)  # type: ignore[union-attr]  # Pelican's three
    source = Path(settings["PATH"]) / page
    written, line = f"{{attach}}…{Path(target).name}", None
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        lines = []
    for number, text in enumerate(lines, start=1):
        found = next((m for m in ATTACH_LINK.findall(text) if m.endswith(Path(target).name)), None)
        if found:
            written, line = found, number
            break
    why = pelicanlog.ATTACH_REASONS.get(reason, reason)
    return ContentIssue(shown_path(str(source), settings), "body",
                        f"links to '{written}', which {ATTACH_CANNOT}: {why}; the link leads to the file "
                        f"where it is, {target}", f"write '{{static}}/{target}' in every link to it",
                        line=line, severity="warning")


# Pelican's records that become an issue in Stepwise's form, by template.
RECORDS: dict[str, Callable[[logging.LogRecord, dict[str, Any]], ContentIssue | None]] = {
    pelicanlog.UNREADABLE: _unreadable_file,
    pelicanlog.MISSING_FIELD: _missing_field,
    pelicanlog.ATTACH_FALLBACK: _attach_fallback,
}


def without_repeats(issues: list[ContentIssue]) -> list[ContentIssue]:
    """Pelican's 'Unable to find' for a link a body check already named, with its file and line;
    its {attach} fallback for a link a body check refused."""
    def named(issue: ContentIssue) -> bool:
        target = issue.problem.split("'")[1] if issue.problem.count("'") >= 2 else ""
        # '{filename}x.md' and the old '|filename|x.md' both end their kind with one character
        return any(f"{end}{target}'" in other.problem for other in issues if other.field == "body"
                   for end in "}|")
    def refused(issue: ContentIssue) -> bool:
        link = issue.problem.split("'")[1] if issue.problem.count("'") >= 2 else ""
        return any(other is not issue and other.path == issue.path and other.field == "body"
                   and f"'{link}'" in other.problem for other in issues)
    return [i for i in issues if not (i.path == "(build)" and i.field == "link" and named(i))
            and not (i.field == "body" and ATTACH_CANNOT in i.problem and refused(i))]


class IssueCollector(logging.Handler):
    """Collects every warning and error logged during one build."""

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(level=logging.WARNING)
        self.settings = settings
        self.issues: list[ContentIssue] = []

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, NOTICE, False):  # for the author, not a problem of the site
            print(f"note: {record.getMessage()}", file=sys.stderr)
            return
        issue = issue_from_record(record, self.settings)
        if issue is not None and issue not in self.issues:
            self.issues.append(issue)


def build(settings_file: str, output: Path, *, strict: bool = False,
          overrides: dict[str, Any] | None = None,
          post_steps: tuple[PostStep, ...] = (),
          seen: list[ContentIssue] | None = None,
          keep: list[Any] | None = None, wait: float = LOCK_WAIT_SECONDS) -> list[ContentIssue]:
    """Build; return the problems that failed it (empty when the site was replaced).

    `seen`, when given, receives every problem of the run, warnings of a passing build too.
    `keep`, when given, receives the run's settings, which hold the whole site's objects
    (plugin.keep_site): the command line exits without freeing them one by one.
    A second build of the same output waits up to `wait` seconds (faults.build_lock).
    """
    output = output.resolve()
    with build_lock(output, wait):
        return _build(settings_file, output, strict=strict, overrides=overrides or {},
                      post_steps=post_steps, seen=seen, keep=keep)


def _build(settings_file: str, output: Path, *, strict: bool, overrides: dict[str, Any],
           post_steps: tuple[PostStep, ...], seen: list[ContentIssue] | None,
           keep: list[Any] | None) -> list[ContentIssue]:
    preview_undo.undo(output)  # a build killed after its preview left output/ mixed
    staging = staging_folder(output)
    shutil.rmtree(staging, ignore_errors=True)  # what a killed build left behind
    overrides = {SETTINGS_FILE: Path(settings_file).name,
                 SETTINGS_PATH: str(Path(settings_file).resolve()), **overrides, "OUTPUT_PATH": str(staging)}
    if not strict:  # preview.py may show an edited page in output/ early; never when strict
        overrides["STEPWISE_LIVE_OUTPUT"] = str(output)
    settings = read_settings(settings_file, override=overrides)
    if keep is not None:
        keep.append(settings)
    collector = IssueCollector(settings)
    root = logging.getLogger()
    root.addHandler(collector)
    swapped = False
    try:
        inputs = stamp_inputs(settings, settings_file)
        _run(settings, staging, post_steps, collector, output)
        failing = [i for i in without_repeats(collector.issues) if i.is_error or strict]
        if not failing:  # the site must match its sources as they are now
            failing = changed_inputs(inputs, stamp_inputs(settings, settings_file), settings)
            collector.issues += failing
        if not failing:
            replace_output(staging, output)
            swapped = True
            preview_undo.forget(output)
        return failing
    finally:  # whatever happened, even Ctrl-C, no half-built folder stays behind
        helpers.end_all(settings)  # nothing may still be writing into it
        root.removeHandler(collector)
        if seen is not None:
            seen.extend(without_repeats(collector.issues))
        shutil.rmtree(staging, ignore_errors=True)
        if not swapped:
            preview_undo.undo(output)


def _run(settings: dict[str, Any], staging: Path, post_steps: tuple[PostStep, ...],
         collector: IssueCollector, output: Path) -> None:
    """Pelican, then the post steps; a crash becomes one more reported problem."""
    try:
        Pelican(settings).run()
        for step in post_steps:
            step(staging, settings)
    except BuildStopped:
        pass  # its issues were logged as they were found
    except Exception as exc:
        if disk_full(exc):  # not a bug: say which disk and how much, without a traceback
            collector.issues.append(disk_full_issue(staging.parent, output))
            return
        collector.issues.append(ContentIssue("(build)", type(exc).__name__, str(exc) or repr(exc),
                                             "a plugin or template crashed; the traceback is above"))
        traceback.print_exc()
    if any(i.is_error for i in collector.issues) and shutil.disk_usage(staging.parent).free < LOW_DISK:
        collector.issues.append(disk_full_issue(staging.parent, output))  # e.g. Pagefind ran out


def _parse_overrides(pairs: list[str]) -> dict[str, Any]:
    overrides = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        overrides[key] = json.loads(value)
    return overrides


def main(argv: list[str] | None = None, post_steps: tuple[PostStep, ...] = (),
         keep: list[Any] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stepwise-build", description=__doc__.splitlines()[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--content", help="content folder (default: PATH from the settings)")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build too")
    parser.add_argument("-e", "--extra", nargs="*", default=[], action="extend", metavar="KEY=JSON")
    parser.add_argument("--wait", type=float, default=LOCK_WAIT_SECONDS, metavar="SECONDS",
                        help="how long to wait for another build of the same output (default 600)")
    args = parser.parse_args(argv)
    overrides = _parse_overrides(args.extra)
    if args.content:
        overrides["PATH"] = str(Path(args.content).resolve())
    seen: list[ContentIssue] = []
    try:
        problems = build(args.settings, Path(args.output), strict=args.strict, overrides=overrides,
                         post_steps=post_steps, seen=seen, keep=keep, wait=args.wait)
    except BuildLocked as exc:
        print(f"\nThe build did not start: {exc}.", file=sys.stderr)
        return 1
    if not problems:
        print(f"Built the site into {args.output}/")
        if seen:  # listed, not fatal: `invoke check` (--strict) makes them fail
            print(f"\n{len(seen)} warning(s); `invoke check` would refuse this site:", file=sys.stderr)
            for issue in in_reading_order(seen):
                print(f"  {issue.severity}: {issue}", file=sys.stderr)
        return 0
    only_warnings = " (warnings: --strict, as `invoke check` builds, refuses them)" if not any(
        problem.is_error for problem in problems) else ""
    print(f"\nThe build failed with {len(problems)} problem(s){only_warnings}; {args.output}/ was not "
          "changed:", file=sys.stderr)
    for problem in in_reading_order(problems):
        print(f"  {problem.severity}: {problem}", file=sys.stderr)
    failed = {problem.path for problem in problems}
    # Every problem at once: the warnings of files with no error of their own (in a file that has
    # one, a warning may only follow from it, as a misspelt 'Transcripts:' leaves 'Transcript:'
    # missing), and none of the raw '(build)' messages an error already names.
    warnings = [issue for issue in seen if not issue.is_error and issue.path not in failed | {"(build)"}]
    if warnings:
        print(f"\nAnd {len(warnings)} warning(s), which `invoke check` and `invoke publish` refuse:",
              file=sys.stderr)
        for issue in in_reading_order(warnings):
            print(f"  {issue.severity}: {issue}", file=sys.stderr)
    return 1


def in_reading_order(issues: list[ContentIssue]) -> list[ContentIssue]:
    """By file, then line: an author reads a file's problems top to bottom."""
    return sorted(issues, key=lambda issue: (issue.path, issue.line or 0))


def exit_without_teardown(code: int) -> None:
    """Leave at once: freeing every object of a 1,500-item site one by one takes ~0.3 s
    and serves nothing when the process ends (mypy exits the same way)."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(code)


def stop_on_sigterm() -> None:
    """SIGTERM (a stopped service, a closed terminal) ends the build as Ctrl-C does: through
    its clean-up, so no staging folder or previewed page stays behind."""
    def stop(_signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signal.SIGTERM)
    signal.signal(signal.SIGTERM, stop)


if __name__ == "__main__":
    site: list[Any] = []
    stop_on_sigterm()
    exit_without_teardown(main(keep=site))
