"""`worksheet_form(worksheet, heading_id)` for templates: the form rendered once per worksheet.

The form depends only on the worksheet, the id of the heading that names it and
SITEURL (the same on every page unless RELATIVE_URLS), and a popular worksheet
appears on hundreds of pages; rendering it once per build (kept on the worksheet
object, which lives for one build) saves that work on every other page.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from stepwise_core.protocols import Generator
from stepwise_core.templates import add_plugin_templates

from .model import Worksheet
from .settings import plugin_settings

FORM_TEMPLATE = "partials/worksheet_form.html"
TEMPLATES = Path(__file__).resolve().parent / "templates"  # worksheet.html, worksheets.html, partials/


def privacy_url(context: Context) -> str:
    """The address of the page that explains what the worksheet keeps (WORKSHEETS_PRIVACY_PAGE)."""
    slug = plugin_settings(context.get_all())["WORKSHEETS_PRIVACY_PAGE"]
    page = next((p for p in context.get("pages", ()) if getattr(p, "slug", None) == slug), None)
    return f"{context.get('SITEURL', '')}/{page.url}" if page is not None else ""


@pass_context
def worksheet_form(context: Context, worksheet: Worksheet, heading_id: str) -> Markup:
    key = f"{heading_id} {context.get('SITEURL', '')}"  # RELATIVE_URLS: SITEURL differs by page depth
    cached = worksheet.rendered.get(key)
    if cached is None:
        template = context.environment.get_template(FORM_TEMPLATE)
        cached = Markup(template.render(worksheet=worksheet, worksheet_heading_id=heading_id,
                                        privacy_url=privacy_url(context),
                                        note=plugin_settings(context.get_all())["WORKSHEETS_NOTE"]))
        worksheet.rendered[key] = cached
    return cached


def add_template_globals(generator: Generator) -> None:
    """Every generator with templates can call worksheet_form() and finds the plugin's own
    templates (below the theme's, so a theme overrides any of them by name)."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["worksheet_form"] = worksheet_form
        add_plugin_templates(generator, TEMPLATES, "worksheets")
