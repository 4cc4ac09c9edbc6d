"""stepwise_core: the library under every Stepwise plugin (no register()).

Errors and the issue report, the source scan, the body, HTML and SVG policy, the
static-file and metadata rules, people, settings helpers and the project's own signals.
See docs/architecture.md for the layers and what may import what.
"""
