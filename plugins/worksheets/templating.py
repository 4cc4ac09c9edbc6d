"""`worksheet_form(worksheet, heading_id)` for templates: the form rendered once per worksheet.

The form depends only on the worksheet and the id of the heading that names it,
and a popular worksheet appears on hundreds of pages; rendering it once per
build (kept on the worksheet object, which lives for one build) saves that
work on every other page.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .model import Worksheet

FORM_TEMPLATE = "partials/worksheet_form.html"


@pass_context
def worksheet_form(context: Context, worksheet: Worksheet, heading_id: str) -> Markup:
    cached = worksheet.rendered.get(heading_id)
    if cached is None:
        template = context.environment.get_template(FORM_TEMPLATE)
        cached = Markup(template.render(worksheet=worksheet, worksheet_heading_id=heading_id))
        worksheet.rendered[heading_id] = cached
    return cached


def add_template_globals(generator: Any) -> None:
    """Every generator with templates can call worksheet_form()."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["worksheet_form"] = worksheet_form
