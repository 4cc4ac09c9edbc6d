"""The project's own signals: the one way a plugin hears of another's work.

A plugin connects to these; it never imports or calls another plugin's receiver, so
any plugin can be left out of PLUGINS (the speed plugin above all) and the others
still build. Each is a blinker signal, like Pelican's own.
"""

from __future__ import annotations

from blinker import signal

# Sent (with the reader, the body's HTML as `content`, `metadata` and the file's text as
# `source`) after a Markdown file was read and passed every check, in
# whichever process read it (the speed plugin's pool): a plugin may add to `metadata`
# what it works out from the file alone, under a key of its own starting with "_". It
# is cached with the file, so a warm build does not work it out again.
file_read = signal("stepwise_file_read")

# Sent (with the writer) once the article pages, posts and episodes, are on disk and
# before any listing page: plugins/search starts its indexer then. Only the speed
# plugin's writer knows this moment; without it, Pelican's article_writer_finalized
# is the nearest point.
article_pages_written = signal("stepwise_article_pages_written")

# Sent (with the writer and `urls`, the pages written) once the changed items are in
# the live output (the speed plugin's preview first): the live preview reloads then.
previewed = signal("stepwise_previewed")

# Sent (with the settings) when the whole-site check stops a build, after every check ran
# and before the error is raised: Pelican's `finalized` never comes, so what a plugin keeps
# for the next build (the speed plugin's verdicts on resolved bodies) is kept now.
build_stopping = signal("stepwise_build_stopping")

# Sent (with the settings, `work`: a function of one item, and `items`) by work.do_each where
# there are many independent pieces of work with small picklable results (final_html's second
# judgement of the resolved bodies, the podcast plugin's tagged audio copies). A receiver may
# answer with [work(item) for item in items], in order (the speed plugin does every second one
# in a forked child); with no answer they are done here, in order.
splitting_work = signal("stepwise_splitting_work")
