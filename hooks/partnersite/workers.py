"""Build the other languages in forked processes while the default language builds.

mkdocs-static-i18n runs the whole MkDocs build once per language, one after the other. On a
machine with more than one core, the default language's build instead forks one process per
other language as soon as the data is loaded and checked. Each child runs the MkDocs build
static-i18n would have run for its language (same config object, same plugins, the data
already loaded), and sends back through a pipe what is written once for all languages at the
end (its search index, not-found page and sitemap entries), or the exception that stopped it.
A child writes nothing before the parent has cleaned the output folder (`release`, then
`wait_until_released`). The parent waits for every child before it finishes, and raises the
first child's exception as its own.

Without `os.fork`, on one core, or with SITE_BUILD_PROCESSES=1, static-i18n's own sequential
loop builds the languages; the output is the same (tests compare them).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass


def parallel_wanted(languages: int) -> bool:
    """Whether to fork: several languages to build, fork available, more than one core."""
    if languages < 2 or not hasattr(os, "fork"):
        return False
    wanted = os.environ.get("SITE_BUILD_PROCESSES", "").strip()
    if wanted:
        return wanted != "1"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores > 1


@dataclass
class _Worker:
    lang: str
    pid: int
    pipe: int  # read end


class LanguageWorkers:
    """The forked builds of one outer build: start them, then wait for (or stop) them."""

    def __init__(self) -> None:
        self._workers: list[_Worker] = []
        self.joined = False  # wait() returned: the outer build's end has not been handled yet
        self._go: tuple[int, int] | None = None  # (read, write) ends: closed writes = "go on"

    @property
    def running(self) -> bool:
        return bool(self._workers)

    def start(self, languages: list[str], work: Callable[[str], object]) -> None:
        """Fork one process per language; each calls `work(lang)` and sends its result back."""
        sys.stdout.flush()
        sys.stderr.flush()
        self._go = os.pipe()
        for lang in languages:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(read)
                os.close(self._go[1])
                for sibling in self._workers:
                    os.close(sibling.pipe)
                self._workers, self.joined = [], False
                _run_child(work, lang, write)
            os.close(write)
            self._workers.append(_Worker(lang, pid, read))
        os.close(self._go[0])

    def release(self) -> None:
        """In the parent, once the output folder is clean: the children may write."""
        if self._workers and self._go is not None:
            os.close(self._go[1])
            self._go = None

    def wait_until_released(self) -> None:
        """In a child, before it writes anything: wait for the parent's `release`."""
        if not self._workers and self._go is not None:
            read, self._go = self._go[0], None
            while os.read(read, 1):  # returns b"" once the parent closed its end
                pass
            os.close(read)

    def wait(self) -> list[object]:
        """Every child's result, in the order they were started; raises the first failure."""
        results: list[object] = []
        failure: BaseException | None = None
        workers, self._workers = self._workers, []
        for worker in workers:
            with os.fdopen(worker.pipe, "rb") as pipe:
                payload = pipe.read()
            _, status = os.waitpid(worker.pid, 0)
            try:
                ok, value = pickle.loads(payload)
            except Exception:  # killed, or died before it could answer
                ok, value = False, RuntimeError(f"The '{worker.lang}' build stopped (wait status {status}).")
            if ok:
                results.append(value)
            elif failure is None:
                failure = value
        if failure is not None:
            raise failure
        self.joined = True
        return results

    def stop(self) -> None:
        """The parent failed: end the children without waiting for their work."""
        self.release()
        workers, self._workers, self.joined = self._workers, [], False
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):  # it had already ended
                os.kill(worker.pid, signal.SIGTERM)
            os.waitpid(worker.pid, 0)
            os.close(worker.pipe)


def _run_child(work: Callable[[str], object], lang: str, pipe: int) -> None:
    status = 0
    try:
        result: tuple[bool, object] = (True, work(lang))
    except BaseException as error:  # everything goes back to the parent, which raises it
        status = 1
        result = (False, _portable(error))
    try:
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # no atexit handlers, no cleanup of the parent's state


def _portable(error: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
