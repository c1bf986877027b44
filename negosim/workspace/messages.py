"""A draft's findings in the interface's language.

The loader's and the lints' messages are English (the CLI and the logs read them); a
trainer working in French reads them in French here, from the validator's error type or
the lint's code, and their figures. A message with no translation is shown as written.
"""

from __future__ import annotations

from flask_babel import gettext

from negosim.content import N_, ContentError
from negosim.engine.lint import LINTS

BY_TYPE = {
    "missing": N_("required field missing"),
    "extra_forbidden": N_("unknown field (check its spelling against the documented format)"),
    "int_type": N_("a whole number is expected here"),
    "int_parsing": N_("a whole number is expected here"),
    "int_from_float": N_("a whole number is expected here"),
    "float_type": N_("a number is expected here"),
    "float_parsing": N_("a number is expected here"),
    "bool_type": N_("true or false is expected here"),
    "bool_parsing": N_("true or false is expected here"),
    "string_type": N_("a text is expected here"),
    "list_type": N_("a list is expected here"),
    "dict_type": N_("a mapping of fields is expected here"),
    "model_type": N_("a mapping of fields is expected here"),
    "greater_than": N_("must be greater than %(gt)s"),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "less_than": N_("must be less than %(lt)s"),
    "less_than_equal": N_("must be at most %(le)s"),
    "too_short": N_("needs at least %(min_length)s item(s)"),
    "too_long": N_("holds at most %(max_length)s item(s)"),
    "string_too_short": N_("needs at least %(min_length)s character(s)"),
    "string_too_long": N_("holds at most %(max_length)s characters"),
    "string_pattern_mismatch": N_("does not have the expected form"),
    "literal_error": N_("must be one of: %(expected)s"),
    "enum": N_("must be one of: %(expected)s"),
}


def in_interface(error: ContentError) -> str:
    """The finding's message in the interface's language, where one is known."""
    template = BY_TYPE.get(error.code) or LINTS.get(error.code.removeprefix("lint."))
    if template is None:
        return error.message
    try:
        return gettext(template, **dict(error.params))
    except (KeyError, ValueError):
        return error.message
