"""Run one build (python -m stepwise_tools.build arguments) and report what the fast paths did.

Used by the tests as a subprocess: `python tests/stepwise_speed/build_probe.py REPORT.json [build args]`.
The report says how many files the main process took from the worker pool (and in
what order it asked for them, against the order the pool was given), how
many article pages a second process rendered (render.py), what was on disk when the
article pages were announced (search starts Pagefind then) and,
for PROBE_PAGE/PROBE_MARK in the environment, whether that page in the live
output showed the mark before the runner swapped the new site in (and its text then), and
when the preview came against when the site-wide checks began.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from pelican import signals  # noqa: E402

from search.plugin import STATE_KEY as SEARCH_STATE  # noqa: E402
from stepwise import plugin as stepwise_plugin  # noqa: E402
from stepwise_core import signals as signals_of_stepwise  # noqa: E402
from stepwise_core.buildstate import build_state  # noqa: E402
from stepwise_speed import parallel, render  # noqa: E402
from stepwise_tools import build  # noqa: E402


def main() -> int:
    report_file, argv = Path(sys.argv[1]), sys.argv[2:]
    report: dict[str, Any] = {"taken": 0, "live_page_had_mark": None, "child_rendered": 0,
                              "planned": [], "requested": []}
    real_take, real_source_files = parallel.take, parallel.source_files

    def counting_take(settings: dict[str, Any], source_path: str) -> Any:
        result = real_take(settings, source_path)
        report["taken"] += result is not None
        report["requested"].append(os.path.abspath(source_path))
        return result

    def recording_source_files(settings: dict[str, Any]) -> list[str]:
        report["planned"] = real_source_files(settings)
        return report["planned"]

    def look_at_live_page(_staging: Path, settings: dict[str, Any]) -> None:
        page, mark = os.environ.get("PROBE_PAGE"), os.environ.get("PROBE_MARK")
        if page and mark:
            live = Path(settings.get("STEPWISE_LIVE_OUTPUT") or "") / page
            text = live.read_text(encoding="utf-8") if live.is_file() else ""
            report["live_page_had_mark"], report["live_page_text"] = mark in text, text

    real_report = render.RenderingWriter._take_report

    def counting_report(writer: Any, data: bytes, status: int) -> None:
        before = len(writer._written_files)
        real_report(writer, data, status)
        report["child_rendered"] += len(writer._written_files) - before

    def at_announcement(writer: Any) -> None:
        site = Path(writer.output_path)
        report["announced"] = {
            "pages": sorted(str(p.relative_to(site)) for p in site.glob("*/*/index.html")),
            "root_index": (site / "index.html").exists(),
            "indexer_started": build_state(writer.settings).plugins.get(SEARCH_STATE) is not None}
        report["announced_at_ns"] = time.time_ns()

    def listen(_pelican: Any) -> None:  # once the plugins registered: after search's receiver
        signals_of_stepwise.article_pages_written.connect(at_announcement, weak=False)

    def at_preview(_sender: Any, urls: list[str]) -> None:
        report["previewed_at_ns"] = time.time_ns()

    real_check_site = stepwise_plugin.check_site

    def timed_check_site(generators: list[Any]) -> None:  # connected by name in register()
        report["checks_began_at_ns"] = time.time_ns()
        real_check_site(generators)

    signals.initialized.connect(listen, weak=False)
    signals_of_stepwise.previewed.connect(at_preview, weak=False)
    stepwise_plugin.check_site = timed_check_site
    parallel.take = counting_take
    parallel.source_files = recording_source_files
    render.RenderingWriter._take_report = counting_report
    code = build.main(argv, post_steps=(look_at_live_page,))
    report_file.write_text(json.dumps(report), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
