"""A plugin's templates sit below the theme's (stepwise_core.templates), in Pelican's own
environment: the theme overrides one by name, the plugin's is found where the theme has
none, and "!<name>/…" reaches the plugin's even where the theme overrides it."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator
from pelican.settings import read_settings

from stepwise_core.templates import add_plugin_templates


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def generator(tmp_path: Path, theme_files: dict[str, str]) -> Generator:
    theme = write(tmp_path / "theme" / "templates", theme_files).parent
    settings = read_settings(override={"PATH": str(tmp_path), "THEME": str(theme)})
    return Generator(context={}, settings=settings, path=str(tmp_path), theme=str(theme),
                     output_path=str(tmp_path / "output"))


def test_the_theme_wins_the_plugin_comes_next_and_extends_are_reachable(tmp_path: Path) -> None:
    plugin = write(tmp_path / "plugin", {"sheet.html": "plugin sheet", "partials/box.html": "plugin box",
                                         "base.html": "plugin base"})
    override = "theme box, then {% include '!sheets/partials/box.html' %}"
    gen = generator(tmp_path, {"partials/box.html": override})
    add_plugin_templates(gen, plugin, "sheets")
    add_plugin_templates(gen, plugin, "sheets")  # generator_init runs once per generator; twice is harmless
    assert gen.env.get_template("sheet.html").render() == "plugin sheet"
    assert gen.env.get_template("partials/box.html").render() == "theme box, then plugin box"
    # Pelican's simple theme comes after the plugin, and stays reachable as "!simple/…"
    assert gen.env.get_template("base.html").render() == "plugin base"
    assert "Pelican" in gen.env.get_template("!simple/base.html").render(SITENAME="x")
    folders = [getattr(each, "searchpath", None) for each in gen.env.loader.loaders]
    assert folders.count([str(plugin)]) == 1


def test_the_plugins_templates_escape_in_a_site_that_does_not(tmp_path: Path) -> None:
    """Pelican's default environment does not autoescape; a plugin's templates print authors' text."""
    plugin = write(tmp_path / "plugin", {"sheet.html": "{{ title }}"})
    gen = generator(tmp_path, {"page.html": "{{ title }}"})
    assert gen.env.autoescape is False
    add_plugin_templates(gen, plugin, "sheets")
    add_plugin_templates(gen, tmp_path / "other", "other")  # a second plugin keeps the first one's rule
    assert gen.env.get_template("sheet.html").render(title="<b>") == "&lt;b&gt;"
    assert gen.env.get_template("!sheets/sheet.html").render(title="<b>") == "&lt;b&gt;"
    assert gen.env.get_template("page.html").render(title="<b>") == "<b>"  # the site's own choice
