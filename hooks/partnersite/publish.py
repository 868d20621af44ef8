"""Publish a build only when it is whole: every language built, and no warning in strict mode.

`mkdocs build` writes into a staging folder beside the output folder; the output folder is
replaced by it only at the very end. A build that fails (or warns, under --strict) in any
language leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Publisher:
    """Stages one build's output and swaps it in if, and only if, the build succeeded."""

    def __init__(self) -> None:
        self.target: Path | None = None
        self.staging: Path | None = None
        self._counter = _WarningCounter()

    def start(self, site_dir: str) -> str:
        """Begin a build: returns the folder to write to instead of `site_dir`."""
        self.target = Path(site_dir).resolve()
        self.staging = self.target.with_name(self.target.name + ".building")
        shutil.rmtree(self.staging, ignore_errors=True)  # a previous interrupted build
        self._counter.count = 0
        logging.getLogger("mkdocs").addHandler(self._counter)
        return str(self.staging)

    @property
    def active(self) -> bool:
        return self.staging is not None

    def finish(self, strict: bool) -> bool:
        """After every language: put the staged site in place, unless a warning was logged in
        strict mode (MkDocs then aborts the build). Returns whether it was published."""
        assert self.target is not None and self.staging is not None
        publish = not (strict and self._counter.count)
        if publish:
            previous = self.target.with_name(f"{self.target.name}.previous-{os.getpid()}")
            if self.target.exists():
                os.replace(self.target, previous)
            os.replace(self.staging, self.target)
            shutil.rmtree(previous, ignore_errors=True)
        self._stop()
        return publish

    def abandon(self) -> None:
        """The build failed: drop what it wrote; the published site is untouched."""
        self._stop()

    def _stop(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        logging.getLogger("mkdocs").removeHandler(self._counter)
        self.staging = None
