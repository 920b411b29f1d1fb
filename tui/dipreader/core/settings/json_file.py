"""A small JSON object kept by dipreader (the state, the settings), read through the boundary.

Only a regular file of at most ``max_bytes`` is read (a pipe or ``/dev/zero`` in its place is
refused), its depth is bounded (:mod:`dipreader.core.text.untrusted`), and a value that is of
the wrong type or holds text that cannot be text (a lone surrogate) is reported and left out,
so that the next save does not write it back. Never an exception: each problem is a message
naming the file, with its kind, so that each caller can say what it costs the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dipreader.core.files import FileRefused, read_regular
from dipreader.core.text.untrusted import UntrustedError, parse_json, scrub_value

# refused: not a regular file, or too large; unreadable: the system would not read it;
# invalid: not JSON, too deep, or not an object; value: one key left out.
ProblemKind = Literal["refused", "unreadable", "invalid", "value"]


@dataclass(slots=True)
class ObjectRead:
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[tuple[ProblemKind, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # keys with a "value" problem

    @property
    def whole(self) -> bool:
        """Whether the file is there but nothing in it could be used."""
        return any(kind != "value" for kind, _message in self.problems)


def read_object(
    target: Path, *, max_bytes: int, max_depth: int, known_types: dict[str, type]
) -> ObjectRead:
    """The usable keys of the JSON object in ``target`` (none and no problem when it is
    missing), and what was wrong."""
    try:
        raw = read_regular(target, max_bytes)
    except FileNotFoundError:
        return ObjectRead()
    except FileRefused as error:
        return ObjectRead(problems=[("refused", f"{target}: {error.reason}")])
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return ObjectRead(problems=[("unreadable", f"{target}: cannot be read ({reason})")])
    try:
        data, _ = parse_json(raw, max_depth=max_depth, scrub_strings=False)
    except UntrustedError as error:
        return ObjectRead(problems=[("invalid", f"{target}: {error}")])
    if not isinstance(data, dict):
        shown = type(data).__name__
        return ObjectRead(problems=[("invalid", f"{target}: not a JSON object (a {shown})")])
    read = ObjectRead()
    for key, value in data.items():
        (clean_key, clean_value), replaced = scrub_value([key, value])
        expected = known_types.get(key)
        if replaced:
            message = f"{target}: {clean_key!r} holds text that cannot be text"
        elif expected is not None and type(value) is not expected:
            shown = type(value).__name__
            message = f"{target}: {key!r} must be {expected.__name__}, not {shown}"
        else:
            read.values[key] = clean_value
            continue
        read.problems.append(("value", message))
        read.left_out.append(key)
    return read
