"""The boundary for text and JSON that dipreader did not make itself in this run.

Everything read from disk as JSON (a ``.jsonl`` line, ``state.json``, ``keymap.json``, the
cache's header) is parsed here, and every string in it is made encodable: JSON may spell a
lone surrogate (``"\\ud800"``), which no terminal, widget or UTF-8 file can take, and which
crashed the reader wherever it was shown or written. Each is replaced by U+FFFD, visibly, and
counted so that the caller can say so. Depth and size are bounded: a document nested a
thousand deep raises RecursionError in ``json.loads`` and in anything that walks it.

Bytes from files are decoded strictly (:mod:`dipreader.core.text.decode`), so they never
hold surrogates; JSON is the one way in.
"""

from __future__ import annotations

import json
import re
from typing import Any

REPLACEMENT = "\ufffd"
MAX_DEPTH = 64
_SURROGATES = re.compile("[\ud800-\udfff]")
# In JSON's bytes or text: an escaped surrogate (``\ud800``) or one encoded as UTF-8 bytes
# (which ``json.loads`` of bytes lets through). Without either, no string in it holds one.
_MAY_HOLD_SURROGATES = re.compile(r"\\u[dD][89a-fA-F]|[\ud800-\udfff]")
_MAY_HOLD_SURROGATES_BYTES = re.compile(rb"\\u[dD][89a-fA-F]|\xed[\xa0-\xbf]")


class UntrustedError(ValueError):
    """What was read is not usable; the message is the reason, for the user."""


def scrub(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were.

    One character for one, so offsets into the text stay valid.
    """
    if _SURROGATES.search(text) is None:
        return text, 0
    return _SURROGATES.subn(REPLACEMENT, text)


def replaced_note(count: int) -> str:
    """The notice for ``count`` replaced characters."""
    plural = "s" if count != 1 else ""
    return (
        f"{count} character{plural} that cannot be text (lone surrogate{plural}) "
        f"shown as {REPLACEMENT}"
    )


def parse_json(
    raw: str | bytes,
    *,
    max_depth: int = MAX_DEPTH,
    max_size: int | None = None,
    scrub_keys: bool = True,
    scrub_strings: bool = True,
) -> tuple[Any, int]:
    """The JSON value in ``raw`` with its strings scrubbed, and how many characters were
    replaced.

    ``scrub_keys=False`` leaves object keys as they are (the cache's keys are paths, compared
    with paths and never shown); ``scrub_strings=False`` checks the depth alone, for a caller
    that scrubs part by part (:func:`scrub_value`). Raises :class:`UntrustedError` for
    invalid JSON, JSON nested deeper than ``max_depth`` and input over ``max_size``.
    """
    if max_size is not None and len(raw) > max_size:
        raise UntrustedError(f"larger than {max_size:,} bytes")
    try:
        value = json.loads(raw)
    except RecursionError:
        raise UntrustedError(f"nested deeper than {max_depth} levels") from None
    except UnicodeDecodeError:
        raise UntrustedError("not UTF-8") from None
    except json.JSONDecodeError as error:
        raise UntrustedError(f"not valid JSON ({error.msg}, line {error.lineno})") from None
    except ValueError:  # an integer of more than 4,300 digits (Python's own bound)
        raise UntrustedError("not valid JSON (a number too long to read)") from None
    suspect = scrub_strings and _may_hold_surrogates(raw)
    if not suspect and max_depth >= 1000:
        return value, 0  # json.loads itself stops well before (a RecursionError, above)
    return _walk(value, max_depth, scrub_strings=suspect, scrub_keys=scrub_keys)


def _may_hold_surrogates(raw: str | bytes) -> bool:
    """Whether any string in the JSON ``raw`` may hold a surrogate. Substring tests first (a
    cache header of megabytes is searched ten times faster so), the pattern only on a hit."""
    if isinstance(raw, bytes):
        if b"\xed" not in raw and b"\\ud" not in raw and b"\\uD" not in raw:
            return False
        return _MAY_HOLD_SURROGATES_BYTES.search(raw) is not None
    if "\\ud" not in raw and "\\uD" not in raw and _SURROGATES.search(raw) is None:
        return False
    return _MAY_HOLD_SURROGATES.search(raw) is not None


def scrub_value(value: Any, max_depth: int = MAX_DEPTH) -> tuple[Any, int]:
    """A value from :func:`parse_json` (with ``scrub_strings=False``) scrubbed in place, and
    how many characters were replaced; UntrustedError if it is nested too deeply."""
    return _walk(value, max_depth, scrub_strings=True, scrub_keys=True)


def _walk(value: Any, max_depth: int, *, scrub_strings: bool, scrub_keys: bool) -> tuple[Any, int]:
    """Check the depth of ``value`` and scrub its strings, without recursion."""
    replaced = 0

    def fix(text: str) -> str:
        nonlocal replaced
        if not scrub_strings:
            return text
        fixed, count = scrub(text)
        replaced += count
        return fixed

    if isinstance(value, str):
        return fix(value), replaced
    # Containers are changed in place: json.loads made them, nobody else holds them.
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        container, depth = stack.pop()
        if depth > max_depth:
            raise UntrustedError(f"nested deeper than {max_depth} levels")
        if isinstance(container, list):
            for index, item in enumerate(container):
                if isinstance(item, str):
                    container[index] = fix(item)
                elif isinstance(item, list | dict):
                    stack.append((item, depth + 1))
        elif isinstance(container, dict):
            for key in list(container):
                item = container[key]
                if isinstance(item, str):
                    item = fix(item)
                elif isinstance(item, list | dict):
                    stack.append((item, depth + 1))
                if scrub_keys and scrub_strings:
                    new_key = fix(key)
                    if new_key != key:
                        del container[key]
                        # Two keys that differ only in surrogates: the first one kept.
                        container.setdefault(new_key, item)
                        continue
                container[key] = item
    return value, replaced
