"""Rendering for people: a matrix as a table, a decision and a plan as text.

A matrix renders as plain text laid out for a terminal, Markdown, CSV or a
self-contained HTML page, in any locale; decisions and plans render as the
sentences of their explanations, grouped and wrapped.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from itertools import chain
from typing import TYPE_CHECKING, Final, Literal

import attrs
import babel

from escalation_matrix._base.checks import require_type
from escalation_matrix._base.controls import escape_controls
from escalation_matrix._base.lazy import LazyModule
from escalation_matrix._base.shown import shown
from escalation_matrix._i18n.catalogs import path_list
from escalation_matrix._i18n.locale_format import time_zone
from escalation_matrix._i18n.locales import LocaleLike, parse_locale
from escalation_matrix._i18n.messages import (
    NO_MESSAGES,
    GivenMessages,
    check_messages,
    messages_in,
)
from escalation_matrix._i18n.translator import (
    SOURCE_LANGUAGE,
    output_locale,
    pN_,
    translator,
)
from escalation_matrix._model.matrix import Matrix
from escalation_matrix._model.texts import cell_context, matrix_texts
from escalation_matrix._render.choices import (
    CSV_FORMULAS,
    FORMULA,
    MIN_WIDTH,
    TABLE_FORMATS,
    TableFormat,
)
from escalation_matrix._render.text_width import wrap
from escalation_matrix._routing.decision import Decision, names_of
from escalation_matrix._routing.explain import (
    display_names,
    explain_decision,
    explain_plan,
)
from escalation_matrix._routing.names import CarriedNames
from escalation_matrix.exceptions import (
    ArgumentError,
    EscalationMatrixError,
    LocaleError,
    Phrase,
    Problem,
    UnknownFormatError,
    WrongTypeError,
)

if TYPE_CHECKING:
    from escalation_matrix._render.table import Table
    from escalation_matrix._routing import plan as _plan
    from escalation_matrix._routing.plan import Plan
else:
    _plan = LazyModule("escalation_matrix._routing.plan", globals())

__all__ = [
    "CSV_FORMULAS",
    "TABLE_FORMATS",
    "TableFormat",
    "render",
]

# Translators: heading of the reasons listed under a routing decision, which
# say how the issue got to its level.
WHY = pN_("decision", "Why:")


def _width(width: int | None) -> int:
    if width is None:
        # COLUMNS, else the terminal's width, else 80, as argparse does; a
        # terminal narrower than anything can be laid out in gets the
        # narrowest layout, and wraps it.
        import shutil  # noqa: PLC0415 -- loads the compression modules with it

        return max(shutil.get_terminal_size().columns, MIN_WIDTH)
    # Typed as an int, but callers may pass anything; a bool is not a width.
    if type(width) is not int:
        raise WrongTypeError("width", width, "a whole number of columns, or None")
    if width < MIN_WIDTH:
        reason = (
            f"must be at least {MIN_WIDTH} columns (a wide character after an "
            f"indent), got {width}"
        )
        raise ArgumentError("width", width, reason)
    return width


# Characters with a meaning in Markdown text or tables (CommonMark 2.4: any
# ASCII punctuation may be escaped with a backslash); "#" would close a
# heading. Those that matter only at the start of a line (">", "-", "+")
# cannot start a table cell's text; apostrophes, hyphens and full stops are
# left alone, so that texts read as written.
_MARKDOWN_SPECIAL: Final = r"([\\`*_\[\]<>|&~#])"
# What makes a line a heading, quote, list item or rule: its first
# character, or the punctuation after the number of an ordered list item.
_BLOCK_START: Final = r"^([#>+=-]|\d+(?=[.)]))"
# (These patterns and the next are compiled on first use, by re, which
# keeps them: only the Markdown and CSV tables need them.)


def _md_inline(text: str) -> str:
    """Escape *text* for a Markdown table cell or heading: one line."""
    escaped = re.sub(_MARKDOWN_SPECIAL, r"\\\1", text)
    # A line break would end the table row: GitHub-flavoured Markdown
    # tables take <br> for one inside a cell.
    return "<br>".join(escaped.splitlines()) or escaped


def _md_paragraph(text: str) -> str:
    """Escape *text* for a Markdown paragraph, keeping its line breaks."""
    lines = []
    for line in text.splitlines():
        # Leading spaces would make an indented code block; they show nothing.
        escaped = re.sub(_MARKDOWN_SPECIAL, r"\\\1", line.strip())
        if escaped:
            lines.append(re.sub(_BLOCK_START, _escape_block_start, escaped, count=1))
    # Two spaces before a line break keep it: a hard line break.
    return "  \n".join(lines)


def _escape_block_start(match: re.Match[str]) -> str:
    found = match[1]
    return f"\\{found}" if not found.isdigit() else found + "\\"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_md_inline(cell) for cell in cells) + " |"


def _markdown(table: Table) -> str:
    parts = [f"# {_md_inline(' '.join(table.title.splitlines()))}", ""]
    if table.description:
        parts += [_md_paragraph(table.description), ""]
    parts += [
        _md_row(table.header),
        "|" + "|".join(" --- " for _ in table.header) + "|",
        *(_md_row(row) for row in table.grid[1:]),
    ]
    for note in table.notes:
        parts += ["", _md_paragraph(note)]
    return "\n".join(parts) + "\n"


def _csv(table: Table, formulas: str) -> str:
    out = io.StringIO(newline="")
    rows: Iterable[Sequence[str]] = table.grid
    if formulas == "escape":
        rows = [
            [f"'{cell}" if re.match(FORMULA, cell) else cell for cell in row]
            for row in rows
        ]
    # RFC 4180: rows end with "\r\n". The writer then also quotes fields
    # holding a lone "\r", which readers would otherwise take for the end of
    # the row.
    import csv  # noqa: PLC0415 -- loaded for this format only

    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _shown(table: Table) -> Table:
    r"""Return *table* with any control character shown as ``\xNN``."""
    texts = chain(
        (table.title, table.description),
        table.header,
        table.roles,
        chain.from_iterable(table.rows),
        table.level_headings,
        table.notifies,
        table.notes,
    )
    # Printable texts hold no control character: the usual table is kept.
    if all(map(str.isprintable, texts)):
        return table
    return attrs.evolve(
        table,
        title=escape_controls(table.title),
        description=escape_controls(table.description),
        header=tuple(map(escape_controls, table.header)),
        roles=tuple(map(escape_controls, table.roles)),
        rows=tuple(tuple(map(escape_controls, row)) for row in table.rows),
        level_headings=tuple(map(escape_controls, table.level_headings)),
        notifies=tuple(map(escape_controls, table.notifies)),
        notes=tuple(map(escape_controls, table.notes)),
    )


# Enough to read the table on any screen, with nothing loaded from elsewhere.
_STYLE: Final = """\
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1a1a1a; }
table { border-collapse: collapse; }
th, td { border: 1px solid #8c8c8c; padding: 0.4rem 0.6rem; text-align: start;
  vertical-align: top; white-space: pre-line; }
thead th, tbody tr:first-child { background: #ececec; }
tbody tr:first-child td { font-weight: bold; }"""


def _html(table: Table) -> str:
    import html  # noqa: PLC0415 -- loaded for this format only

    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    # The page is in the output's language, its labels' and notes'; each
    # of the matrix's texts in another says its own (HTML "lang", BCP 47).
    languages = table.languages or tuple(("",) * len(row) for row in table.grid)

    def cells(row: Sequence[str], said: Sequence[str], *, header: bool) -> str:
        # The header row's cells head columns; each other row's first cell
        # heads its row.
        (label, *rest), (first_said, *rest_said) = row, said
        scope = "col" if header else "row"
        first = f'<th scope="{scope}"{_lang(first_said, table)}>{esc(label)}</th>'
        cell = "th" if header else "td"
        extra = ' scope="col"' if header else ""
        others = "".join(
            f"<{cell}{extra}{_lang(language, table)}>{esc(text)}</{cell}>"
            for text, language in zip(rest, rest_said, strict=True)
        )
        return f"<tr>{first}{others}</tr>"

    header, *rows = zip(table.grid, languages, strict=True)
    direction = ' dir="rtl"' if table.right_to_left else ""
    title = f"{_lang(table.title_language, table)}>{esc(table.title)}"
    description = (
        f"<p{_lang(table.description_language, table)}>{esc(table.description)}</p>\n"
        if table.description
        else ""
    )
    body = "\n".join(cells(*row, header=False) for row in rows)
    notes = "".join(f"<p>{esc(note)}</p>\n" for note in table.notes)
    return (
        "<!doctype html>\n"
        f'<html lang="{esc(table.language)}"{direction}>\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title{title}</title>\n"
        f"<style>\n{_STYLE}\n</style>\n"
        "</head>\n"
        "<body>\n"
        f"<h1{title}</h1>\n"
        f"{description}"
        "<table>\n"
        f"<thead>\n{cells(*header, header=True)}\n</thead>\n"
        f"<tbody>\n{body}\n</tbody>\n"
        "</table>\n"
        f"{notes}"
        "</body>\n"
        "</html>\n"
    )


def _lang(language: str, table: Table) -> str:
    """Return the HTML attributes of an element in *language*, if not the page's.

    The direction is said too when it differs from the page's.
    """
    if not language or language == table.language:
        return ""
    import html  # noqa: PLC0415 -- loaded for this format only

    attributes = f' lang="{html.escape(language, quote=True)}"'
    try:
        order = parse_locale(language).character_order
    except LocaleError:
        order = "left-to-right"  # a language Babel does not know
    right_to_left = order == "right-to-left"
    if right_to_left != table.right_to_left:
        attributes += ' dir="rtl"' if right_to_left else ' dir="ltr"'
    return attributes


def render(
    obj: Matrix | Decision | _plan.Plan | EscalationMatrixError,
    /,
    format: TableFormat = "text",  # noqa: A002 -- the word users know
    *,
    locale: LocaleLike | Sequence[LocaleLike] | None = None,
    width: int | None = None,
    timezone: str | tzinfo | None = None,
    matrix: Matrix | None = None,
    catalogs: Iterable[str | os.PathLike[str]] = (),
    messages: GivenMessages | None = None,
    csv_formulas: Literal["escape", "keep"] = "escape",
) -> str:
    """Render a matrix as a table, or a decision or plan as sentences, in *locale*.

    A :class:`~escalation_matrix.Matrix` renders as the printed matrix's
    table: a header row with the label "Escalation types" and each level's
    name ("(in turn)" after the name of a level whose contacts take issues
    in turn), a row labelled "Operational role" with the role holding each
    level, a row labelled "Notifies" with each level's contacts when some
    role has any, then one row per issue type with its name and its texts
    (none for a matrix without issue types). The title comes first, as a
    heading; notes on the policy's timing (a wait before the first
    notification, repeats, resolution at the end) follow the table, in every
    format but CSV.

    ``"text"`` lays the table out for a terminal *width* columns wide: a
    grid with the texts wrapped inside their columns while every column can
    be at least 20 columns wide, otherwise one block per issue type, each
    text under its level's name and role. Widths are display columns:
    Chinese, Japanese and Korean characters take two, combining marks
    none, so that no line is wider than *width* and the grid's columns line
    up in every language; words longer than a column are broken. ``"md"``
    writes a GitHub-flavoured Markdown table, with the characters Markdown
    would read (``|``, ``*``, ``<``...) escaped and line breaks as ``<br>``.
    ``"csv"`` writes the table's rows and nothing else, as RFC 4180 has them
    (rows end with CRLF); a cell a spreadsheet would evaluate as a formula
    (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return, even after spaces or line breaks) gets a leading ``'``, as
    OWASP recommends, unless *csv_formulas* is ``"keep"``. ``"html"``
    writes a complete page that loads nothing from elsewhere, every text
    escaped.

    A :class:`~escalation_matrix.Decision` renders as text: who handles the
    issue and what they must do, when it escalates next, then, under "Why:",
    how it got there. A :class:`~escalation_matrix.Plan` renders as one item
    per stage (from when until when, who, and what they must do), then why
    the last stage has no end. Each sentence is wrapped to *width*.

    An error of this library (any
    :class:`~escalation_matrix.exceptions.EscalationMatrixError`) renders as
    text in the output's language: one with problems (a
    :class:`~escalation_matrix.exceptions.ValidationError`, a
    :class:`~escalation_matrix.exceptions.CatalogError`) as its problems,
    one line each, the path then the message; any other as its message, on
    one line, said from its ``phrase`` when it has one (a lookup, routing,
    calendar or argument error), else in English. That is what a program
    shows its users when their file or request is refused.

    Args:
        obj: The matrix (in its source language), decision, plan or
            error of this library.
        format: For a matrix, ``"text"``, ``"md"``, ``"csv"`` or
            ``"html"``; decisions and plans render as ``"text"`` only.
        locale: The locale to translate to, or locales in order of
            preference (``it_IT@euro``, with a modifier, as ``LANG`` has
            it, is ``it_IT``): the output is in the first in which the
            program's messages exist, else in the matrix's language if they
            exist in it, else in English (see :func:`~escalation_matrix.translate`
            and the how-to on translating); None keeps the matrix's texts,
            with the labels and sentences in the matrix's language. For a
            decision or plan, the matrix is *matrix*, else the translated
            matrix it was routed on (see
            :func:`~escalation_matrix.translate`), else none: English.
            A matrix translated to a locale of the output's language keeps
            its texts, those given in code included, and so does a
            decision or plan routed on it, whatever locale of that
            language the output is in.
        width: For ``"text"``, the width to fit, in columns, at least 4;
            None for the terminal's (``COLUMNS``, else the terminal's own,
            else 80).
        timezone: For a decision or plan, show times in this zone
            (``"Europe/Rome"``) instead of their own. Times are written
            as CLDR writes them for *locale*: in English and some other
            languages the space before AM and PM is a narrow no-break
            space, U+202F, so ``"9:00 AM" in text`` is false; compare
            with that character, or replace it with a space first.
            Programs should read the ISO 8601 times of
            :func:`~escalation_matrix.to_dict` instead of the sentences.
        matrix: Not needed: decisions and plans carry the names of their
            levels, roles, severity and issue type. For one read from a
            payload written before they did, the matrix it was made with
            names what it lacks. Given, its ``language`` is the output's
            when no locale is asked for, or none asked for has the
            program's messages.
        catalogs: Catalog directories searched first, as for
            :func:`~escalation_matrix.translate`.
        messages: Translations given in code, by the contexts catalogs use
            (``{"level:L5:name": "Livello 5"}``), over and above every
            catalog, checked as :func:`~escalation_matrix.translate` checks
            them (for a decision or plan without *matrix*, the form of each
            context, the keys of the levels and roles it carries, and each
            translation of a text it carries, its responsibilities
            included, against that text). Flat,
            they are in the output's language, and used when the output is
            in a language asked for (whichever of a list); by locale
            (``{"it": {context: text}}``), those of the output's language
            are used. *locale* needs to be given.
        csv_formulas: For ``"csv"``, ``"escape"`` (the default) to make
            cells that a spreadsheet would evaluate text, with a leading
            ``'``; ``"keep"`` to write every text as it is, for programs
            that read the file as data.

    Returns:
        The text, ending with a line break. Texts hold no control
        characters (they are refused when a matrix is made, and in
        catalogs); should one reach this function all the same, it is
        shown as a backslash, ``x`` and its code in hexadecimal, never
        written as it is.

    Raises:
        UnknownFormatError: *format* is not one of those.
        ArgumentError: *width* is less than 4, *timezone* names no
            time zone, or *csv_formulas* is neither ``"escape"`` nor
            ``"keep"``.
        LocaleError: a locale of *locale* (any of a list) is malformed;
            a well-formed one Babel has no data for (``"xx"``) is passed
            over, as an entry of ``LANGUAGE`` is.
        CatalogError: a catalog file is broken.
        WrongTypeError: *obj* is not a Matrix, Decision, Plan or error of
            this library, *width* not an integer, or *timezone* neither a
            string nor a tzinfo.
        FileNotFoundError: A directory of *catalogs* does not exist.
        NotADirectoryError: A path of *catalogs* is not a directory.

    >>> from datetime import UTC, datetime
    >>> from escalation_matrix import Issue, default_matrix, plan, route
    >>> print(render(default_matrix(), "md", locale="it"))  # doctest: +ELLIPSIS
    # Esempio di modello di matrice per escalation dei problemi
    <BLANKLINE>
    | Tipi di escalation | Livello 1 - Escalation | Livello 2 - Escalation | ...
    | --- | --- | --- | --- | --- |
    | Ruolo operativo | Contatto del team del progetto | Project Manager | ...
    | Sfide operative | Valuta e risolvi immediatamente le interruzioni ...
    ...
    >>> render(default_matrix(), "pdf")
    Traceback (most recent call last):
    ...
    escalation_matrix.exceptions.UnknownFormatError: Unknown table format 'pdf'; ...
    >>> opened = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    >>> decision = route(
    ...     default_matrix(),
    ...     Issue("performance_hiccups", opened),
    ...     now=datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
    ... )
    >>> print(render(decision, locale="it", timezone="Europe/Rome", width=72))
    La segnalazione è in carico al ruolo Project Manager (L2). Formula
    strategie per migliorare le prestazioni del servizio.
    Prossima escalation: al ruolo Account Manager (L3), il giorno 27 nov
    2026 alle 22:00.
    <BLANKLINE>
    Perché:
    - Segnalazione aperta il giorno 27 nov 2026 alle 10:00; parte dal primo
      livello, il ruolo Contatto del team del progetto (L1).
    - Il giorno 27 nov 2026 alle 14:00 è scattata l'escalation dal ruolo
      Contatto del team del progetto (L1) al ruolo Project Manager (L2): la
      segnalazione era rimasta irrisolta per 4 ore.
    <BLANKLINE>
    >>> timeline = plan(default_matrix(), Issue("performance_hiccups", opened))
    >>> print(render(timeline, timezone="UTC", width=80))  # doctest: +ELLIPSIS
    - From Nov 27, 2026, 9:00...AM to Nov 27, 2026, 1:00...PM: Project team contact
      (L1).
      Identify and resolve performance-related problems.
    - From Nov 27, 2026, 1:00...PM to Nov 27, 2026, 9:00...PM: Project Manager (L2).
      Devise strategies to improve service performance.
    ...
    - From Nov 28, 2026, 9:00...PM: Sales Manager (L4).
      Promote initiatives to recover and improve service performance.
    <BLANKLINE>
    Sales Manager (L4) is the top level: escalation stops there.
    <BLANKLINE>
    """
    if csv_formulas not in CSV_FORMULAS:
        reason = f"must be 'escape' or 'keep', got {shown(csv_formulas)}"
        raise ArgumentError("csv_formulas", csv_formulas, reason)
    if matrix is not None:
        require_type("matrix", matrix, Matrix, "a Matrix or None")
    if isinstance(obj, EscalationMatrixError):
        return _error_text(obj, format, locale, path_list("catalogs", catalogs))
    # The plans' module is loaded only for what may be a plan.
    if isinstance(obj, Decision) or (
        not isinstance(obj, Matrix) and isinstance(obj, _plan.Plan)
    ):
        if format != "text":
            # Said as: Unknown decision format 'md'; known decision formats: text.
            kind = f"{type(obj).__name__.lower()} format"
            raise UnknownFormatError(format, ("text",), kind=kind)
        directories = path_list("catalogs", catalogs)
        chosen = _result_locale(obj, locale, matrix, directories)
        given = _given(messages, locale, chosen, matrix, obj)
        if isinstance(obj, Decision):
            return _decision_text(
                obj,
                chosen,
                timezone,
                _width(width),
                matrix=matrix,
                catalogs=directories,
                messages=given,
            )
        return _plan_text(
            obj,
            chosen,
            timezone,
            _width(width),
            matrix=matrix,
            catalogs=directories,
            messages=given,
        )
    require_type("obj", obj, Matrix, "a Matrix, Decision, Plan or library error")
    if timezone is not None:
        time_zone(timezone)  # a table shows no time, but a wrong zone is said
    if format not in TABLE_FORMATS:
        raise UnknownFormatError(format, TABLE_FORMATS, kind="table format")
    # Loaded for a matrix only: a decision or a plan is said without it.
    from escalation_matrix._render.table import matrix_table  # noqa: PLC0415

    table = _shown(
        matrix_table(
            obj, locale, catalogs=path_list("catalogs", catalogs), messages=messages
        )
    )
    return _table_text(table, format, width, csv_formulas)


def _table_text(
    table: Table,
    format: str,  # noqa: A002 -- render's argument
    width: int | None,
    csv_formulas: str,
) -> str:
    """Write a matrix's *table* in *format*."""
    if format == "md":
        return _markdown(table)
    if format == "csv":
        return _csv(table, csv_formulas)
    if format == "html":
        return _html(table)
    # Loaded with the table: a decision is laid out as wrapped paragraphs.
    from escalation_matrix._render.text_table import layout  # noqa: PLC0415

    return layout(table, _width(width))


def _error_text(
    error: EscalationMatrixError,
    format: str,  # noqa: A002 -- render's argument
    locale: LocaleLike | Sequence[LocaleLike] | None,
    catalogs: tuple[str, ...],
) -> str:
    """Say *error* in the output's language: each problem after its path.

    An error without problems is said by its phrase, or else in English.
    """
    if format != "text":
        raise UnknownFormatError(format, ("text",), kind="error format")
    chosen = output_locale(locale, catalogs=catalogs)
    gettext = translator(chosen, catalogs=catalogs).gettext
    problems: tuple[Problem, ...] | None = getattr(error, "problems", None)
    if problems:
        lines = [f"{problem.path}: {problem.said(gettext)}" for problem in problems]
    else:
        phrase = getattr(error, "phrase", None)
        lines = [phrase.said(gettext) if isinstance(phrase, Phrase) else str(error)]
    return "".join(escape_controls(line) + "\n" for line in lines)


def _result_locale(
    result: Decision | Plan,
    locale: LocaleLike | Sequence[LocaleLike] | None,
    matrix: Matrix | None,
    catalogs: tuple[str, ...],
) -> babel.Locale | None:
    """Return the locale a decision or plan is told in.

    The matrix's language, *matrix*'s or else that of the translated
    matrix it was routed on, is the output's when no locale asked for has
    the program's messages, and when none is asked for: as a matrix
    rendered without a locale keeps its texts, with its labels in its
    language.
    """
    fallback = matrix.language if matrix is not None else names_of(result).language
    if locale is not None:
        return output_locale(locale, catalogs=catalogs, fallback=fallback)
    if fallback is None:
        return None
    own = output_locale(fallback, catalogs=catalogs)
    # English, the source language, is told as the source texts are.
    return None if own is None or own.language == SOURCE_LANGUAGE else own


def _given(
    messages: GivenMessages | None,
    locale: LocaleLike | Sequence[LocaleLike] | None,
    chosen: babel.Locale | None,
    matrix: Matrix | None,
    result: Decision | Plan,
) -> Mapping[str, str]:
    """Check the translations given in code for a decision or plan.

    Without *matrix*, the contexts are checked against what the result
    carries: their form, the keys of its levels and their roles, and the
    translations of the texts it carries (its names and responsibilities)
    against those texts, as a matrix's are.
    """
    if messages is None:
        return NO_MESSAGES
    if locale is None:
        reason = "translations given in code need the locale they are in"
        raise ArgumentError("messages", messages, reason)
    sources = None
    keys = None
    carried = None
    if matrix is not None:
        sources = {item.context: item.text for item in matrix_texts(matrix)}
    else:
        names = names_of(result)
        carried = _carried_texts(result, names)
        if names.level_roles:
            keys = {
                "level": set(names.level_roles),
                "role": set(names.level_roles.values()),
            }

    def check(texts: object) -> Mapping[str, str]:
        return check_messages(texts, sources, keys=keys, carried=carried)

    return messages_in(messages, locale, chosen, check) or NO_MESSAGES


def _carried_texts(result: Decision | Plan, names: CarriedNames) -> dict[str, str]:
    """The source texts *result* carries, by context, its responsibilities too.

    A result routed on a translation carries the texts of its cells it was
    translated from; another, its own.
    """
    texts = dict(names.texts)
    if isinstance(result, Decision):
        held = [(result.issue_type, result.level.key, result.responsibility)]
    else:
        issue_type = result.issue.issue_type
        held = [
            (issue_type, stage.level.key, stage.responsibility)
            for stage in result.stages
        ]
    for issue_type, level, text in held:
        if text:  # the implicit issue type of a matrix without any has none
            texts.setdefault(cell_context(issue_type, level), text)
    return texts


def _paragraph(text: str, width: int, *, bullet: str = "") -> list[str]:
    indent = " " * len(bullet)
    shown = escape_controls(text)
    return wrap(shown, width, initial_indent=bullet, subsequent_indent=indent) or [
        bullet.rstrip()
    ]


def _decision_text(
    decision: Decision,
    /,
    locale: LocaleLike | None,
    timezone: str | tzinfo | None,
    columns: int,
    *,
    matrix: Matrix | None,
    catalogs: tuple[str | os.PathLike[str], ...],
    messages: Mapping[str, str],
) -> str:
    sentences = explain_decision(
        decision,
        locale,
        matrix=matrix,
        timezone=timezone,
        catalogs=catalogs,
        messages=messages,
    )
    count = len(decision.reasons)
    reasons, answer = sentences[:count], sentences[count:]
    lines = [line for sentence in answer for line in _paragraph(sentence, columns)]
    why = display_names(locale, catalogs, messages=messages).tr.pgettext(*WHY)
    lines += ["", why]
    for reason in reasons:
        lines += _paragraph(reason, columns, bullet="- ")
    return "\n".join(lines) + "\n"


def _plan_text(
    plan: Plan,
    /,
    locale: LocaleLike | None,
    timezone: str | tzinfo | None,
    columns: int,
    *,
    matrix: Matrix | None,
    catalogs: tuple[str | os.PathLike[str], ...],
    messages: Mapping[str, str],
) -> str:
    sentences = explain_plan(
        plan,
        locale,
        matrix=matrix,
        timezone=timezone,
        catalogs=catalogs,
        messages=messages,
    )
    names = display_names(locale, catalogs, names_of(plan), messages)
    issue_type = plan.issue.issue_type
    lines = []
    for stage, sentence in zip(plan.stages, sentences, strict=False):
        lines += _paragraph(sentence, columns, bullet="- ")
        if stage.responsibility:  # none for the implicit issue type "any"
            text = names.responsibility(issue_type, stage.level, stage.responsibility)
            lines += _paragraph(text, columns, bullet="  ")
    lines += ["", *_paragraph(sentences[-1], columns)]
    return "\n".join(lines) + "\n"
