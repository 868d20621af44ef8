"""Notice a saved file sooner under `mkdocs serve`.

MkDocs polls the folders it watches every 0.5 s, so a save waits 0.25 s on average, and up to
0.5 s, before the rebuild even starts: a good part of the second staff should wait for a
preview. Two things make it start sooner:

- Where the kernel tells of changes (inotify on Linux, FSEvents on macOS, Windows' own: the
  observer watchdog chooses), a save is seen as it happens. MkDocs does not use them because
  they also tell of files being read (the build reads every data file); they are asked for
  the events of a change only (`CHANGES`: inotify then tells of no file opened or closed
  unwritten, which at 3,000 jobs was 13,000 events, 0.5 s of a save's update), and only those
  are passed on here (`Notified`).
- Polling goes on beside them, for the folders the kernel says nothing about (a network drive,
  Windows' drives seen from WSL, some container mounts). It polls more often than MkDocs, at an
  interval chosen from the time one scan takes: at most 2 % of a core spent scanning, between
  0.1 s and MkDocs' own 0.5 s (the shipped data: 0.1 s; thousands of records: longer). A change
  it finds that the kernel has already told of (the file is as the kernel's last event left it)
  is not passed on again (`Polled`): one save, one rebuild.

MkDocs then waits until changes stop for `BUILD_DELAY` (0.05 s; its own 0.1 s) before rebuilding.
The paths of the changes passed on are kept for the builder (`WatchingObserver.take_changed`):
a save in data/ alone updates the site rather than building it again (liveupdate.py).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver
from watchdog.utils.dirsnapshot import DirectorySnapshot

FASTEST, SLOWEST = 0.1, 0.5  # seconds between two scans
SCAN_SHARE = 0.02  # of one core
BUILD_DELAY = 0.05  # seconds without a change before the rebuild starts (MkDocs: 0.1)
_NOT_CHANGES = frozenset({"opened", "closed_no_write"})  # a file read (inotify tells those too)
# The events asked of the kernel's observer: every change, no read.
CHANGES = [
    FileCreatedEvent, DirCreatedEvent, FileDeletedEvent, DirDeletedEvent, FileModifiedEvent,
    DirModifiedEvent, FileMovedEvent, DirMovedEvent, FileClosedEvent,
]  # fmt: skip


def polling_interval(paths: Iterable[str]) -> float:
    """Seconds between scans of `paths` so that scanning stays within SCAN_SHARE of a core."""
    start = time.perf_counter()
    for path in paths:
        if os.path.isdir(path):
            DirectorySnapshot(path)
        elif os.path.exists(path):
            os.stat(path)
    return min(SLOWEST, max(FASTEST, (time.perf_counter() - start) / SCAN_SHARE))


def _state(path: str) -> tuple[int, int, int] | None:
    """What a change would alter of a file: its modification time, size and inode (None: gone)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size, found.st_ino


def _paths(event: FileSystemEvent) -> list[str]:
    return [str(path) for path in (event.src_path, getattr(event, "dest_path", "")) if path]


class Seen:
    """The state each file was in when a change to it was last passed on (both observers'), and
    the paths of the changes passed on since the builder last asked (`take_changed`)."""

    def __init__(self) -> None:
        self.states: dict[str, tuple[int, int, int] | None] = {}
        self.changed: set[str] = set()
        self.lock = threading.Lock()

    def passed_on(self, states: dict[str, tuple[int, int, int] | None]) -> None:
        """Note a change passed on (with the lock held)."""
        self.states.update(states)
        self.changed.update(states)


class Notified(FileSystemEventHandler):
    """The kernel's events for `handler`: those of changes only, each file's state noted."""

    def __init__(self, handler: FileSystemEventHandler, seen: Seen) -> None:
        self.handler, self.seen = handler, seen

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in _NOT_CHANGES:
            return
        with self.seen.lock:
            self.seen.passed_on({path: _state(path) for path in _paths(event)})
        self.handler.dispatch(event)


class Polled(FileSystemEventHandler):
    """The polling scan's events for `handler`, unless every file they name is as the last
    change passed on left it (the kernel told of it already)."""

    def __init__(self, handler: FileSystemEventHandler, seen: Seen) -> None:
        self.handler, self.seen = handler, seen

    def dispatch(self, event: FileSystemEvent) -> None:
        paths = _paths(event)
        states = {path: _state(path) for path in paths}
        with self.seen.lock:
            if not event.is_directory and all(
                path in self.seen.states and self.seen.states[path] == states[path] for path in paths
            ):
                return
            self.seen.passed_on(states)
        self.handler.dispatch(event)


class WatchingObserver:
    """What `LiveReloadServer` uses of its observer (`schedule`, `unschedule`, `start`, `stop`,
    `join`), done by the kernel's observer and a polling one side by side."""

    def __init__(self, interval: float) -> None:
        self._polling = PollingObserver(timeout=interval)
        self._native: BaseObserver | None = None if Observer is PollingObserver else Observer()
        self._seen = Seen()

    def schedule(self, handler: FileSystemEventHandler, path: str, recursive: bool = False) -> tuple[Any, Any]:
        native: ObservedWatch | None = None
        if self._native is not None:
            try:
                notified = Notified(handler, self._seen)
                native = self._native.schedule(notified, path, recursive=recursive, event_filter=CHANGES)
            except OSError:  # no more watches allowed (inotify's limit): polled only
                native = None
        return native, self._polling.schedule(Polled(handler, self._seen), path, recursive=recursive)

    def unschedule(self, watch: tuple[Any, Any]) -> None:
        native, polled = watch
        if native is not None and self._native is not None:
            self._native.unschedule(native)
        self._polling.unschedule(polled)

    def start(self) -> None:
        if self._native is not None:
            try:
                self._native.start()
            except OSError:  # the kernel's notifications unavailable: polling alone, as MkDocs
                self._native = None
        self._polling.start()

    def take_changed(self) -> set[str]:
        """The paths of the changes passed on since the last call (a file's or a folder's)."""
        with self._seen.lock:
            changed, self._seen.changed = self._seen.changed, set()
        return changed

    def stop(self) -> None:
        for observer in self._observers():
            observer.stop()

    def join(self, timeout: float | None = None) -> None:
        for observer in self._observers():
            if observer.is_alive():
                observer.join(timeout)

    def _observers(self) -> list[BaseObserver]:
        return [observer for observer in (self._native, self._polling) if observer is not None]


def poll_sooner(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    """Give `server` a `WatchingObserver` (at the `on_serve` event: MkDocs has watched the docs,
    mkdocs.yml and, with --watch-theme, the theme; `watch:` entries are watched next, with the
    new observer), and MkDocs' wait for changes to stop shortened to BUILD_DELAY."""
    watched = [config.docs_dir] + ([config.config_file_path] if config.config_file_path else [])
    for path in watched:
        server.unwatch(path)
    for folder in config.theme.dirs:  # watched only with --watch-theme
        try:
            server.unwatch(folder)
        except KeyError:
            continue
        watched.append(folder)
    interval = polling_interval([*watched, *config.watch])
    server.observer = WatchingObserver(interval)  # type: ignore[assignment]
    server.build_delay = BUILD_DELAY
    for path in watched:
        server.watch(path)
    return server
