"""The ``import`` and ``export`` commands: policies of incident tools, both ways.

``import`` reads tool payloads (JSON files) and writes matrix files;
``export`` writes a matrix as a tool's policies. Every loss is printed, in
the reader's language, after the file and the place it is about.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from escalation_matrix._cli.parser import ExitStatus, _locale_type
from escalation_matrix._cli.session import Failure, Session, tell
from escalation_matrix._i18n.translator import Message, pN_

if TYPE_CHECKING:
    from escalation_matrix._cli.parser import Builder, Parser
    from escalation_matrix._interop.results import Imported
    from escalation_matrix.exceptions import Loss

__all__ = ["COMMANDS", "export_arguments", "import_arguments"]

#: The tools ``import`` reads, as typed.
IMPORT_TOOLS: Final = ("pagerduty", "opsgenie", "grafana-oncall", "priority-matrix")
#: The tools ``export`` writes.
EXPORT_TOOLS: Final = ("pagerduty", "opsgenie")
_SUFFIXES: Final = {"toml": ".toml", "json": ".json", "yaml": ".yaml"}

# Translators: description at the top of the help of the import command;
# the tool names are typed as they are.
IMPORT_DESCRIPTION = pN_(
    "cli",
    "Read escalation policies exported from an incident tool (JSON files, as "
    "the tool's API gives them) and write them as matrix files: pagerduty "
    "(escalation policies), opsgenie (escalations, also of Jira Service "
    "Management Operations), grafana-oncall (a file of escalation chains "
    "and one of their escalation policies) or priority-matrix (an ITIL "
    "impact x urgency table, written as an overlay, or applied to --base). "
    "What a matrix cannot keep is printed on standard error as "
    "'FILE: PATH: KIND: DETAIL'.",
)
# Translators: description at the top of the help of the export command.
EXPORT_DESCRIPTION = pN_(
    "cli",
    "Write a matrix as the escalation policies of an incident tool, as JSON "
    "request bodies of its API: one policy per path of levels that the "
    "matrix's issue types and severities follow. Contacts are named by their "
    "ids for the tool. What the tool cannot keep is printed on standard error.",
)
# Translators: help of the TOOL argument of import and export.
TOOL_HELP = pN_("cli", "the tool the policies come from or go to")
# Translators: help of the FILE arguments of import.
PAYLOADS_HELP = pN_("cli", "the JSON files to read")
# Translators: help of the MATRIX argument of export.
MATRIX_HELP = pN_("cli", "the matrix file to export")
# Translators: help of the --output option of import.
IMPORT_OUTPUT_HELP = pN_(
    "cli",
    "write the matrix to OUT, in the format of its suffix, instead of standard "
    "output; when several matrices are made, OUT is a directory (made if "
    "missing) and each is written there as KEY.toml (or the --format)",
)
# Translators: help of the --format option of import.
IMPORT_FORMAT_HELP = pN_(
    "cli", "the format of the matrices written to standard output or a directory"
)
# Translators: help of the --language option of import.
LANGUAGE_HELP = pN_(
    "cli", "the language of the level names the matrices get (default: en)"
)
# Translators: help of the --base option of import.
BASE_HELP = pN_(
    "cli",
    "with priority-matrix: the matrix file to put the table on; the matrix "
    "is written instead of the overlay",
)
# Translators: import --base was given with another tool than priority-matrix;
# {tool} is the tool named, quoted.
BASE_ONLY = pN_("cli", "--base works with priority-matrix only, not with {tool}")
# Translators: help of the --strict option of import and export.
LOSSLESS_HELP = pN_(
    "cli", "fail, writing nothing, if anything is not kept (exit status 1)"
)
# Translators: help of the --shape option of export.
SHAPE_HELP = pN_(
    "cli",
    "with opsgenie: opsgenie writes delays as {timeAmount, timeUnit}, jsm-ops "
    "as minutes, as Jira Service Management Operations takes them",
)
# Translators: one loss of a conversion, on standard error; {file} is the
# file, {path} the place in it, {kind} one of the kinds below, {detail}
# what was lost.
LOSS_LINE = pN_("cli", "{file}: {path}: {kind}: {detail}")
# Translators: a kind of loss: something not kept at all.
DROPPED = pN_("loss kind", "dropped")
# Translators: a kind of loss: something kept with another value or meaning.
APPROXIMATED = pN_("loss kind", "approximated")
# Translators: a kind of loss: something the file did not say, filled in.
ASSUMED = pN_("loss kind", "assumed")
# Translators: --strict was given and something is not kept; {count} is
# how many losses.
LOSSY = pN_(
    "cli",
    "the conversion is not exact (losses listed above: {count}); nothing was written",
)
# Translators: several matrices were made and no directory was given;
# {keys} lists their keys.
NEEDS_DIRECTORY = pN_(
    "cli", "{count} matrices were made ({keys}); give a directory with -o to write them"
)
# Translators: the files of a conversion held no policy that a matrix can
# be made of; the losses above say why.
NOTHING_MADE = pN_("cli", "no matrix was made")
# Translators: grafana-oncall was given more than one file of each kind.
GRAFANA_FILES = pN_(
    "cli",
    "grafana-oncall takes one file of escalation chains and one of escalation "
    "policies, got {chains} and {policies}",
)
# Translators: a file given to import is larger than the command reads.
TOO_LARGE = pN_("cli", "the file is larger than {size} bytes")

# Translators: exit status 1 of import and export.
EXIT_INVALID = pN_(
    "cli",
    "a matrix file or a payload is invalid, or, with --strict, something is not"
    " kept; with import, also when no matrix was made; every problem is listed"
    " on standard error",
)

_KINDS: Final = {"dropped": DROPPED, "approximated": APPROXIMATED, "assumed": ASSUMED}
_MAX_SIZE: Final = 16 * 2**20
# What the problems of a payload file name it.
_PAYLOAD: Final = "payload"


def _statuses() -> tuple[tuple[ExitStatus, Message], ...]:
    """The exit statuses of import and export: 1 also for payloads and losses."""
    from escalation_matrix._cli.parser import EXIT_STATUSES  # noqa: PLC0415

    return tuple(
        (status, EXIT_INVALID if status == ExitStatus.INVALID else text)
        for status, text in EXIT_STATUSES
    )


def import_arguments(builder: Builder, parser: Parser) -> None:
    """Fill the parser of ``import``."""
    arguments, options = builder.described(
        parser, IMPORT_DESCRIPTION, statuses=_statuses()
    )
    arguments.add_argument(
        "tool", metavar="TOOL", choices=IMPORT_TOOLS, help=builder.help_text(TOOL_HELP)
    )
    arguments.add_argument(
        "files", metavar="FILE", nargs="+", help=builder.help_text(PAYLOADS_HELP)
    )
    options.add_argument(
        "-o", "--output", metavar="OUT", help=builder.help_text(IMPORT_OUTPUT_HELP)
    )
    options.add_argument(
        "--format",
        choices=tuple(_SUFFIXES),
        help=builder.help_text(IMPORT_FORMAT_HELP),
    )
    options.add_argument(
        "--language",
        metavar="LANG",
        default="en",
        # Checked as --locale is: a usage error in the reader's language.
        type=_locale_type(builder.tr),
        help=builder.help_text(LANGUAGE_HELP),
    )
    options.add_argument("--base", metavar="MATRIX", help=builder.help_text(BASE_HELP))
    options.add_argument(
        "--strict", action="store_true", help=builder.help_text(LOSSLESS_HELP)
    )
    builder.common(options)


def export_arguments(builder: Builder, parser: Parser) -> None:
    """Fill the parser of ``export``."""
    arguments, options = builder.described(
        parser, EXPORT_DESCRIPTION, statuses=_statuses()
    )
    arguments.add_argument(
        "tool", metavar="TOOL", choices=EXPORT_TOOLS, help=builder.help_text(TOOL_HELP)
    )
    arguments.add_argument(
        "matrix", metavar="MATRIX", help=builder.help_text(MATRIX_HELP)
    )
    options.add_argument(
        "--shape",
        choices=("opsgenie", "jsm-ops"),
        default="opsgenie",
        help=builder.help_text(SHAPE_HELP),
    )
    options.add_argument(
        "--strict", action="store_true", help=builder.help_text(LOSSLESS_HELP)
    )
    builder.common(options)
    builder.output(options)


# Reading payloads ------------------------------------------------------------


def read_payload(path: str, session: Session) -> object:
    """Return the JSON in the file *path*.

    It is read as matrix files are: UTF-8, keys given once, within the
    default limits of nesting and of an integer's digits.

    Raises:
        Failure: The file cannot be read, holds no JSON, gives a key twice
            in one object (which JSON readers disagree on), or passes a
            limit.
    """
    from escalation_matrix._cli.commands import CANNOT_READ  # noqa: PLC0415
    from escalation_matrix._cli.wording import os_reason  # noqa: PLC0415
    from escalation_matrix._serialization.files import read_file  # noqa: PLC0415
    from escalation_matrix._serialization.io import (  # noqa: PLC0415
        checked_text,
        json_with_unique_keys,
        too_deep,
    )
    from escalation_matrix._serialization.limits import DEFAULT_LIMITS  # noqa: PLC0415
    from escalation_matrix._serialization.syntax import json_problem  # noqa: PLC0415
    from escalation_matrix.exceptions import Problem, ValidationError  # noqa: PLC0415

    try:
        data = read_file(Path(path), _MAX_SIZE)
    except OSError as error:
        reason = os_reason(session.tr, error)
        raise session.fail(
            ExitStatus.FILE, CANNOT_READ, path=repr(path), reason=reason
        ) from None
    if data is None:
        problem = session.translated(TOO_LARGE, size=str(_MAX_SIZE))
        raise Failure(ExitStatus.INVALID, [f"{path}: $: {problem}"])
    problems: list[Problem]
    try:
        text = checked_text(data, None, _PAYLOAD, DEFAULT_LIMITS)
        payload, problems = json_with_unique_keys(
            text, limits=DEFAULT_LIMITS, subject=_PAYLOAD
        )
    except json.JSONDecodeError as error:
        problems = [json_problem(error)]
    except RecursionError:  # deeper than the parser goes, past any limit
        problems = list(too_deep(DEFAULT_LIMITS, _PAYLOAD).problems)
    except ValidationError as error:
        problems = list(error.problems)
    if not problems:
        return payload
    lines = [f"{path}: {session.problem(problem)}" for problem in problems]
    raise Failure(ExitStatus.INVALID, lines)


def _is_policies(data: object) -> bool:
    """Whether a Grafana OnCall payload holds steps (escalation policies)."""
    items: object = data
    if isinstance(data, dict):
        items = data.get("results", [data])
    if not isinstance(items, list):
        return False
    return any(
        (isinstance(item, dict) and "escalation_chain_id" in item)
        or isinstance(item, list)
        for item in items
    )


# import ----------------------------------------------------------------------

# What a conversion made, and the file each loss's source names.
_Made = tuple["Imported", dict[str | None, str]]


def _grafana(
    payloads: list[tuple[str, object]], args: argparse.Namespace, session: Session
) -> _Made:
    from escalation_matrix._interop.grafana import from_grafana_oncall  # noqa: PLC0415
    from escalation_matrix.exceptions import ValidationError  # noqa: PLC0415

    chains = [(path, data) for path, data in payloads if not _is_policies(data)]
    steps = [(path, data) for path, data in payloads if _is_policies(data)]
    if len(chains) > 1 or len(steps) > 1:
        raise session.fail(
            ExitStatus.USAGE,
            GRAFANA_FILES,
            chains=", ".join(repr(path) for path, _ in chains) or "-",
            policies=", ".join(repr(path) for path, _ in steps) or "-",
        )
    files: dict[str | None, str] = {
        "chains": chains[0][0] if chains else "",
        "policies": steps[0][0] if steps else "",
    }
    try:
        result = from_grafana_oncall(
            chains[0][1] if chains else None,
            steps[0][1] if steps else None,
            language=args.language,
        )
    except ValidationError as error:
        source = "chains" if error.subject.endswith("chains") else "policies"
        raise _invalid(files[source], error, session) from None
    return result, files


def _invalid(path: str, error: Any, session: Session) -> Failure:
    """The failure listing every problem of the file *path*, translated."""
    lines = [f"{path}: {session.problem(problem)}" for problem in error.problems]
    return Failure(ExitStatus.INVALID, lines)


def _convert(
    args: argparse.Namespace, payloads: list[tuple[str, object]], session: Session
) -> list[_Made]:
    """What each file made (the pair of files, for Grafana OnCall)."""
    from escalation_matrix._interop.opsgenie import from_opsgenie  # noqa: PLC0415
    from escalation_matrix._interop.pagerduty import from_pagerduty  # noqa: PLC0415
    from escalation_matrix._interop.priority import from_priority_matrix  # noqa: PLC0415
    from escalation_matrix.exceptions import ValidationError  # noqa: PLC0415

    if args.tool == "grafana-oncall":
        return [_grafana(payloads, args, session)]
    base = None
    if args.base is not None:  # priority-matrix's, checked before
        from escalation_matrix._cli.commands import read_matrix  # noqa: PLC0415

        base = read_matrix(args.base, session)
    readers: dict[str, Callable[[object], Imported]] = {
        "pagerduty": lambda data: from_pagerduty(data, language=args.language),
        "opsgenie": lambda data: from_opsgenie(data, language=args.language),
        "priority-matrix": lambda data: from_priority_matrix(data, base=base),
    }
    made: list[_Made] = []
    for path, data in payloads:
        try:
            made.append((readers[args.tool](data), {None: path}))
        except ValidationError as error:
            raise _invalid(path, error, session) from None
    return made


def tell_losses(
    made: list[tuple[list[Loss], Mapping[str | None, str]]], session: Session
) -> int:
    """Print every loss on standard error, translated; return how many."""
    from escalation_matrix._interop.results import translate_loss  # noqa: PLC0415

    count = 0
    for losses, files in made:
        for loss in losses:
            line = session.translated(
                LOSS_LINE,
                file=files.get(loss.source, files.get(None, "")),
                path=loss.path,
                kind=session.translated(_KINDS[loss.kind]),
                detail=translate_loss(loss, session.locale),
            )
            tell(sys.stderr, line + "\n")
            count += 1
    return count


def import_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Read tool payloads and write the matrices (or overlays) they make."""
    from escalation_matrix._cli.parser import BAD_OPTION  # noqa: PLC0415
    from escalation_matrix.exceptions import ArgumentError  # noqa: PLC0415

    if args.base is not None and args.tool != "priority-matrix":
        raise session.fail(ExitStatus.USAGE, BASE_ONLY, tool=repr(args.tool))
    payloads = [(path, read_payload(path, session)) for path in args.files]
    try:
        made = _convert(args, payloads, session)
    except ArgumentError as error:
        from escalation_matrix._cli.commands import error_reason  # noqa: PLC0415

        raise session.fail(
            ExitStatus.USAGE,
            BAD_OPTION,
            option="--language",
            message=error_reason(error, session),
        ) from None
    count = tell_losses(
        [(list(result.losses), files) for result, files in made], session
    )
    if args.strict and count:
        raise session.fail(ExitStatus.INVALID, LOSSY, count=str(count))
    found: list[tuple[str, object]] = []
    for result, _ in made:
        if result.overlay is not None and not result.matrices:
            found.append((result.overlay.name, result.overlay))
        found += [(matrix.key, matrix) for matrix in result.matrices.values()]
    _write_all(found, args, session)
    return ExitStatus.OK


def _write_all(
    found: list[tuple[str, object]], args: argparse.Namespace, session: Session
) -> None:
    if not found:
        raise session.fail(ExitStatus.INVALID, NOTHING_MADE)
    output = args.output
    if len(found) == 1 and (output is None or not Path(output).is_dir()):
        _write(found[0][1], output, args.format, session)
        return
    if output is None:
        keys = ", ".join(key for key, _ in found)
        raise session.fail(
            ExitStatus.USAGE, NEEDS_DIRECTORY, count=str(len(found)), keys=keys
        )
    directory = Path(output)
    _make_directory(directory, session)
    used: set[str] = set()
    for key, obj in found:
        name, number = key, 1
        while name in used:
            number += 1
            name = f"{key}_{number}"
        used.add(name)
        suffix = _SUFFIXES[args.format or _default_format(obj)]
        _write(obj, str(directory / f"{name}{suffix}"), args.format, session)


def _make_directory(directory: Path, session: Session) -> None:
    """Make the directory the matrices are written to, if it is missing."""
    from escalation_matrix._cli.commands import CANNOT_WRITE  # noqa: PLC0415

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise session.fail(
            ExitStatus.FILE,
            CANNOT_WRITE,
            path=repr(str(directory)),
            reason=error.strerror or str(error),
        ) from None


def _default_format(obj: object) -> str:
    from escalation_matrix._model.overlay import Overlay  # noqa: PLC0415

    # An overlay that clears the policy's default severity holds a null,
    # which TOML cannot write.
    return "json" if isinstance(obj, Overlay) else "toml"


def _write(
    obj: object, output: str | None, format_name: str | None, session: Session
) -> None:
    from escalation_matrix._cli.commands import (  # noqa: PLC0415
        CANNOT_WRITE,
        emit,
        error_reason,
        unknown_format,
    )
    from escalation_matrix._serialization.io import FORMATS, dumps  # noqa: PLC0415
    from escalation_matrix.exceptions import UnserializableError  # noqa: PLC0415

    chosen = format_name or _default_format(obj)
    if output is not None:
        suffix = Path(output).suffix.lower()
        if suffix not in FORMATS:
            raise unknown_format(session, output, Path(output).suffix)
        chosen = FORMATS[suffix]
    try:
        text = dumps(obj, chosen)  # type: ignore[arg-type]
    except UnserializableError as error:
        # Said as every error, in the output's language (an overlay holding
        # a null, which TOML cannot write).
        where = repr(output) if output is not None else "-"
        reason = error_reason(error, session)
        raise session.fail(
            ExitStatus.INVALID, CANNOT_WRITE, path=where, reason=reason
        ) from None
    emit(text, output, session)


# export ----------------------------------------------------------------------


def export_command(args: argparse.Namespace, session: Session) -> ExitStatus:
    """Write a matrix as a tool's policies, as JSON."""
    from escalation_matrix._cli.commands import emit, read_matrix  # noqa: PLC0415
    from escalation_matrix._interop.opsgenie import to_opsgenie  # noqa: PLC0415
    from escalation_matrix._interop.pagerduty import to_pagerduty  # noqa: PLC0415
    from escalation_matrix.exceptions import ValidationError  # noqa: PLC0415

    matrix = read_matrix(args.matrix, session)
    try:
        if args.tool == "pagerduty":
            exported = to_pagerduty(matrix)
        else:
            jsm = args.shape == "jsm-ops"
            exported = to_opsgenie(matrix, shape="jsm_ops" if jsm else "opsgenie")
    except ValidationError as error:
        raise _invalid(args.matrix, error, session) from None
    count = tell_losses([(list(exported.losses), {None: args.matrix})], session)
    if args.strict and count:
        raise session.fail(ExitStatus.INVALID, LOSSY, count=str(count))
    payloads = exported.payloads
    data: object = payloads[0] if len(payloads) == 1 else list(payloads)
    emit(json.dumps(data, indent=2, ensure_ascii=False) + "\n", args.output, session)
    return ExitStatus.OK


#: Each subcommand's implementation, by name.
COMMANDS: Final[Mapping[str, Callable[[argparse.Namespace, Session], ExitStatus]]] = {
    "import": import_command,
    "export": export_command,
}
