"""Pelican's own log messages that Stepwise answers: the one place their wording is matched.

Stepwise finds these problems itself, before Pelican would log them, with the
file, line and fix (reader.py, items.py, links.py, outputs.py); Pelican's record
is then a repeat and is dropped. A few are still turned into issues here, as a
backstop. Records are matched by their template (`record.msg`, a constant in
Pelican's source), never by the formatted text. Proven on Pelican 4.12.
"""

from __future__ import annotations

# Found and reported by Stepwise first (which module says so, after each).
REPORTED_BY_STEPWISE = frozenset({
    'There are %s items "%s" with lang %s',  # utils.process_translations: items.shared_slugs
    "There are %s original (not translated) items %s",  # the same
    'All items ("%s") "%s" are translations',  # the same: items.orphan_translations
    "{filename} used for linking to static content %s in %s. Use {static} instead",  # links.py
    "Cannot get modification stamp for %s\n\t%s",  # a {static} target that is not there: links.py
    "Skipping %s: file %r would be written outside output path",  # outputs.py
    "Unknown status '%s' for file %s, skipping it. (Not in %s)",  # rules.py (Status)
    'Unable to generate valid slug for %s "%s".',  # rules.py (Tags, Category), items.py, people.py
    "Other invalid slugs.",  # the same, past Pelican's limit
    # body_policy judges alt text: '![](x.jpg)' is refused with its line, '<img alt="">' is decoration
    "Empty alt attribute for image %s in %s",  # readers.find_empty_alt
    "Other images have empty alt attributes",  # the same, past Pelican's limit
})
# A reader failed on a file (generators.py); the exception being handled says why.
UNREADABLE = "Could not process %s"
# A file without a title (or an article without a date) is skipped (contents.py).
MISSING_FIELD = "Skipping %s: could not find information about '%s'"
# A link Pelican could not resolve while writing a page (contents.py), and the line it
# logs instead once five of them were logged (its limit_msg).
UNRESOLVED_LINK = "Unable to find '%s', skipping url replacement."
UNRESOLVED_LINKS = "Other resources were not found and their urls not replaced"
# An {attach} link that cannot move its file (contents.Static.attach_to): Pelican links the file
# where it is. Its args: the linking file, the linked file, and one of these reasons, which the
# build runner says in the author's words.
ATTACH_FALLBACK = ("The {attach} link in %s cannot relocate %s because %s. "
                   "Falling back to {filename} link behavior instead.")
ATTACH_REASONS = {
    "another link already referenced its location": "another link already uses its address "
    "(a {static} link to it, here or in another page)",
    "its output location was already overridden": "its address is set in EXTRA_PATH_METADATA in the settings",
}


def reported_by_stepwise(template: object) -> bool:
    """Whether a record's template is one Stepwise reports first. utils.get_original_items
    logs its two templates as "<template>: " and one "\\n%s" per source path."""
    text = str(template)
    return text in REPORTED_BY_STEPWISE or text.split(": \n", 1)[0] in REPORTED_BY_STEPWISE
