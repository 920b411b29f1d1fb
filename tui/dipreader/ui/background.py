"""Work that may take long (reading a folder, comparing two long meetings) runs here: on a
daemon thread, awaited by a Textual worker.

Textual's thread workers run on asyncio's default executor, whose threads the interpreter
joins before it exits: a reader asked to quit in the middle of reading one huge or hostile
file waited for that file. A daemon thread is not waited for, so quitting takes effect at
once; what the thread would have posted is dropped with the closed app. Only work that
reads or computes runs here; writes (the index, the cache, the notes) keep running to their
end on ordinary workers.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_daemon_thread(work: Callable[[], T], name: str) -> T:
    """``work()`` run on a daemon thread; its result (or its exception) once it ends.

    Cancelled (the screen or the app closing), the await ends at once; ``work`` is left to
    finish or be dropped with the process: it should check a stop flag of its own.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def run() -> None:
        try:
            try:
                result = work()
            except BaseException as error:  # handed to the awaiting side
                loop.call_soon_threadsafe(_fail, done, error)
            else:
                loop.call_soon_threadsafe(_succeed, done, result)
        except RuntimeError:
            pass  # the loop has closed: the app quit meanwhile

    threading.Thread(target=run, name=name, daemon=True).start()
    return await done


def _succeed(done: asyncio.Future[T], result: T) -> None:
    if not done.done():  # not cancelled meanwhile
        done.set_result(result)


def _fail(done: asyncio.Future[T], error: BaseException) -> None:
    if not done.done():
        done.set_exception(error)
