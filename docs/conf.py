"""Sphinx configuration."""

from __future__ import annotations

from importlib.metadata import version as _version
from typing import Any

project = "escalation_matrix"
author = "The escalation_matrix developers"
copyright = "2026, The escalation_matrix developers"
release = _version("escalation-matrix")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# Links to other projects' docs are not followed offline; references to
# their objects are listed here so nitpicky mode knows they are intended.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(attrs|cattrs|babel|datetime|zoneinfo|collections\.abc|typing|os|pathlib)\..*",
    ),
    (
        r"py:.*",
        r"(escalation_matrix\.[a-z_.]+\.)?(T|C|K|V|Format|TableFormat|DelayMode|EscalateWhile|Weekday)",
    ),
    # Standard library names as autodoc prints them, and private helpers.
    (
        r"py:.*",
        r"(datetime|timedelta|tzinfo|LocaleLike|Assignment|Router|escalation_matrix\._model\.rules?\.Facts|escalation_matrix\._base\.checks\.Keyed)",
    ),
]

html_theme = "furo"
html_title = "escalation_matrix"


def _public_bases(
    _app: object, _name: str, _obj: object, _options: object, bases: list[type]
) -> None:
    # A private helper class (exceptions' _Record) is how a public class is
    # made, not what it is: it is not listed among the bases.
    bases[:] = [base for base in bases if not base.__name__.startswith("_")] or [object]


def setup(app: Any) -> None:
    """Connect the hooks above."""
    app.connect("autodoc-process-bases", _public_bases)
