"""A folder of everything a user's folder of articles can hold that is broken or hostile.

``make_hostile_folder(root)`` writes it and returns what each entry should do: load (with or
without a notice) or be refused with a reason. Shared by the loader, CLI and app tests.
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOOD_2023 = (SEEDS / "000_e2ee6582c83f05d0.txt").read_bytes()
GOOD_2022 = (SEEDS / "002_fb00f497c8c50f76.txt").read_bytes()

# Sequences a terminal would act on: window titles, clipboard writes, links, screen clears.
ESCAPES = [
    "\x1b]0;pwned title\x07",
    "\x1b]2;pwned title\x1b\\",
    "\x1b]52;c;cHduZWQ=\x07",
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\x9b2J",
    "\x9d0;c1 title\x9c",
    "\x07\x08\x08",
]
MARKUP = [
    "[bold red]RED[/]",
    "[link=http://evil.example]x[/link]",
    "[@click=app.quit]QUIT[/]",
    "[$accent]A[/]",
]
HOSTILE_BODY = (
    " date 2024-03-01 Seoul - South Korean Foreign Minister Cho Tae-yul met Chinese Foreign "
    "Minister Wang Yi in Seoul on Friday. "
    + "".join(
        f"Wang said {markup} matters{escape}. "
        for markup, escape in zip(MARKUP * 2, ESCAPES, strict=True)
    )
    + "Cho noted that [bold]markup[/bold] is only text."
)
# The characters that must never reach a terminal from article text or file names.
FORBIDDEN = (
    [chr(c) for c in range(0x20) if c not in (0x0A,)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
)


@dataclass(frozen=True)
class Expect:
    name: str  # path relative to the root
    loads: int  # how many meetings it gives
    reason: str | None = None  # a word the problem's reason must hold, if it has one


def make_hostile_folder(root: Path, *, many: int = 100_000) -> list[Expect]:
    """Write the hostile folder under ``root``; ``many`` files go into ``root/many``."""
    root.mkdir(parents=True, exist_ok=True)
    expect: list[Expect] = []

    def write(name: str, data: bytes, loads: int, reason: str | None = None) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expect.append(Expect(name, loads, reason))

    write("good-2023.txt", GOOD_2023, 1)
    write("good-2022.txt", GOOD_2022, 1)
    write("empty.txt", b"", 0, "empty")
    write("blank.txt", b"  \n\t\n   \n", 0, "empty")
    write("binary.txt", bytes(range(256)) * 8, 0, "binary")
    write(
        "cp1252.txt",
        " date 2021-05-06 Caf\xe9 talks \x93quoted\x94 here.".encode("latin-1"),
        1,
        "cp1252",
    )
    write("utf16.txt", codecs.BOM_UTF16_LE + GOOD_2022.decode().encode("utf-16-le"), 1, "UTF-16")
    write("utf8-bom.txt", codecs.BOM_UTF8 + GOOD_2022, 1)
    write("crlf.txt", GOOD_2022.replace(b"\n", b"\r\n"), 1)
    write("bad-date.txt", GOOD_2022.replace(b"2022-07-08", b"2023-13-45"), 1, "impossible date")
    write("no-header.txt", GOOD_2022.split(b" ", 3)[3], 1)
    write("huge.txt", GOOD_2023 * (20 * 1024 * 1024 // len(GOOD_2023) + 1), 0, "size limit")
    write("long-line.txt", b" date 2020-01-01 " + b"x" * (2 * 1024 * 1024), 1)
    write("hostile.txt", HOSTILE_BODY.encode(), 1)
    write("same-as-2023.txt", GOOD_2023, 1, "same text")
    lines = [
        json.dumps({"date": "2024-01-01", "text": GOOD_2022.decode()}),
        "{broken",
        "42",
        json.dumps({"title": "no text"}),
    ]
    write("feed.jsonl", "\n".join(lines).encode(), 1, "not valid JSON")
    # Issue 17: a lone surrogate in every field (JSON spells it \ud800) crashed list and the reader.
    surrogates, count = surrogate_jsonl()
    write("surrogates.jsonl", surrogates, count, "lone surrogate")
    # And in a feed, character references to no character (feedparser crashed on them).
    body = GOOD_2022.decode().split(" ", 3)[3]
    feed_items = "".join(
        f"<item><title>T{ref}</title><description>{body}{ref}</description></item>"
        for ref in ("&#xD800;", "&#1114112;")
    )
    rss = f'<rss version="2.0"><channel><title>c</title>{feed_items}</channel></rss>'
    write("surrogates.rss", rss.encode(), 2, "character reference")
    for evil in ("evil\x1b]0;pwned\x07.txt", "clear\x1b[2J.txt", "new\nline.txt"):
        write(evil, GOOD_2022.replace(b"2022-07-08", b"2019-01-01"), 1)

    os.mkfifo(root / "pipe.txt")
    expect.append(Expect("pipe.txt", 0, "named pipe"))
    (root / "zero.txt").symlink_to("/dev/zero")
    expect.append(Expect("zero.txt", 0, "device"))
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    expect.append(Expect("dangling.txt", 0, "no such file"))
    (root / "loop").mkdir()
    (root / "loop" / "again").symlink_to(root / "loop")
    (root / "self.txt").symlink_to(root / "self.txt")
    expect.append(Expect("self.txt", 0, "link loop"))

    folder = root / "many"
    folder.mkdir()
    flags = os.O_CREAT | os.O_WRONLY
    for index in range(many):
        # Files that are not articles: the walk must pass over them quickly, reading none.
        os.close(os.open(folder / f"{index:06}.png", flags, 0o644))
    return expect


# -- dipreader's own files and JSON, hostile (issue 17) ------------------------------------

LONE_SURROGATE = "\ud800"
# What may stand in place of one of dipreader's own files: a named pipe (open and read
# block), a link to /dev/zero (a read never ends) and a link to a named pipe.
HOSTILE_FILE_KINDS = ("fifo", "zero", "link-to-fifo")


def plant(path: Path, kind: str) -> None:
    """Put a hostile ``kind`` (one of :data:`HOSTILE_FILE_KINDS`) at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "link-to-fifo":
        pipe = path.with_name(path.name + ".pipe")
        os.mkfifo(pipe)
        path.symlink_to(pipe)
    else:
        raise ValueError(kind)


def deep_json(depth: int = 1000) -> str:
    """An object nested ``depth`` deep: enough to raise RecursionError where it is walked."""
    return '{"last_path": ' + "[" * depth + "]" * depth + "}"


def surrogate_jsonl() -> tuple[bytes, int]:
    """A .jsonl file with a lone surrogate in every field (and in a key) of every line but
    one, and a line whose every field is sound; and how many articles it holds."""
    good = GOOD_2022.decode()
    evil = LONE_SURROGATE
    records = [
        {"title": f"T{evil}", "text": good + f" Wang said {evil} yes.", "date": "2024-01-01"},
        {"text": good, "source": f"Wire{evil}", "date": f"2024-02-0{evil}"},
        {"text": good.replace("Wang", f"Wa{evil}ng"), f"k{evil}": f"v{evil}", "url": evil},
        {"text": good, "title": "sound"},
    ]
    # json.dumps spells each surrogate as the escape \ud800: the file itself is valid UTF-8.
    return "\n".join(json.dumps(record) for record in records).encode(), len(records)
