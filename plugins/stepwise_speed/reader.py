"""The validating reader, faster: a file a worker already read is taken as it is, and one
Markdown instance serves every file.

Pelican builds a new Markdown per file; building one (importing and registering every
extension) costs a tenth of converting a post (bench/RESULTS.md). reset() clears what a
conversion leaves behind; Pelican's _parse_metadata unregisters the meta preprocessor
(so a summary is not read as metadata), so it is put back, at its own priority, which
only Python-Markdown's private registry knows (internals.py lists it).
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from stepwise_core.markdown_limits import BodyTooSlow
from stepwise_core.reader import StepwiseMarkdownReader

from . import parallel


class FastMarkdownReader(StepwiseMarkdownReader):
    """StepwiseMarkdownReader, reading each file once and building Markdown once."""

    _kept: tuple[Markdown, Preprocessor, float] | None  # the Markdown, its meta preprocessor and priority

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        converted = parallel.take(self.settings, source_path)  # a worker read it already
        if isinstance(converted, BodyTooSlow):
            raise converted  # a worker spent the budget on it: not converted a second time
        if converted is not None:
            return converted
        return super().read(source_path)

    def _forget_markdown(self) -> None:
        self._kept = None

    def _fresh_markdown(self) -> Markdown:
        kept = self.__dict__.get("_kept")
        if kept is None:
            md = Markdown(**self.settings["MARKDOWN"])
            meta = next(item for item in md.preprocessors._priority  # type: ignore[attr-defined]  # private: internals.py
                        if item.name == "meta")
            self._kept = kept = (md, md.preprocessors["meta"], meta.priority)
            return md
        md, meta, priority = kept
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(meta, "meta", priority)
        return md
