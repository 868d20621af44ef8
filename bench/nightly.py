"""The nightly rebuild, timed against Hugo's clean build of the same site, interleaved.

    WORK=<compare.sh's work folder> .venv/bin/python bench/nightly.py [SIZE] [NIGHTS]
                                                    (default 1000 jobs, 3 nights)

Uses the copies a `compare.sh` run made with that size (WORK/ours-SIZE, WORK/hugo-SIZE) and the
commands it used (WORK/harness.env: MKDOCS, our `bin/site build` as bench/mkdocs-side-by-side
runs it, and HUGO, Hugo then Pagefind as bench/hugo-pagefind runs it). The CI workflow rebuilds
the site every night with the next build date, its `.cache/` restored from the night before;
this does the same: one untimed build on 2026-12-01 fills the caches (WORK/nightly-cache), then
each night changes the title of one job (a different one each night, in both copies), moves the
build date on by a day, and times, one after the other, Hugo's clean build and ours with the
caches kept, each into a new folder. As compare.sh's runner does, outputs are not deleted
until the end (deleting thousands of files slows the next build on this disk a great deal)
and the disk is synced after each build. Wall and CPU seconds (user + system, children
included) are printed per night, with the medians; nothing is asserted. The job files are
restored and the outputs deleted after.
That a rebuild with the caches gives the same files as a clean one is what tests/test_pagecache.py
checks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

FIRST = dt.date(2026, 12, 1)


def settings() -> tuple[Path, str, str]:
    if not os.environ.get("WORK"):
        sys.exit("nightly.py: set WORK to the work folder of a compare.sh run (it prints it)")
    work = Path(os.environ["WORK"]).resolve()
    saved = {}
    env_file = work / "harness.env"
    if env_file.exists():
        for line in env_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            saved[key] = shlex.split(value)[0] if value else ""
    mkdocs, hugo = os.environ.get("MKDOCS") or saved.get("MKDOCS"), os.environ.get("HUGO") or saved.get("HUGO")
    if not mkdocs or not hugo:
        sys.exit(f"nightly.py: no {env_file}: set MKDOCS and HUGO")
    return work, mkdocs, hugo


def timed(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one command, its children included; stops on a failure."""
    before = os.times()
    start = time.perf_counter()
    with log.open("w") as output:
        status = subprocess.call(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
    after = os.times()
    if status:
        sys.exit(f"nightly.py: {' '.join(argv)} failed in {cwd}; see {log}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def retitle(path: Path, night: int) -> None:
    """A job's title, in every language, changed as an editor would (the first `title:` line)."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r'^(title: \{en: "[^"]*)"', rf'\1 (night {night})"', text, count=1, flags=re.M)
    if changed == text:
        sys.exit(f"nightly.py: no one-line title in {path}")
    path.write_text(changed, encoding="utf-8")


def main() -> None:
    work, mkdocs, hugo = settings()
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    nights = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ours, theirs = work / f"ours-{size}", work / f"hugo-{size}"
    for folder in (ours, theirs):
        if not (folder / "data/jobs").is_dir():
            sys.exit(f"nightly.py: no {folder}: run compare.sh with SIZES={size} and this WORK first")
    cache, outputs = work / "nightly-cache", work / "nightly-out"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(outputs, ignore_errors=True)
    outputs.mkdir(parents=True)
    ours_env = {
        **os.environ,
        "SITE_PAGE_CACHE": str(cache / "pages"),
        "SITE_DATA_CACHE": str(cache / "data"),
        "SITE_SOURCE_CACHE": str(cache / "sources"),
    }
    jobs = [f"data/jobs/job-{n}.yml" for n in range(1, nights + 1)]
    saved = {(folder, job): (folder / job).read_bytes() for folder in (ours, theirs) for job in jobs}
    rows: list[tuple[str, float, float, float, float]] = []
    try:
        env = {**ours_env, "SITE_BUILD_DATE": FIRST.isoformat()}
        timed([mkdocs, "build", "--strict", "-d", str(outputs / "warm")], ours, env, outputs / "warm.log")
        os.sync()
        for night in range(1, nights + 1):
            day = (FIRST + dt.timedelta(days=night)).isoformat()
            for folder in (ours, theirs):
                retitle(folder / jobs[night - 1], night)
            os.sync()
            out = outputs / f"hugo-{night}"
            env = {**os.environ, "HUGO_PARAMS_BUILDDATE": day}
            hugo_wall, hugo_cpu = timed([hugo, "--minify=false", "-d", str(out)], theirs, env, out.with_suffix(".log"))
            os.sync()
            out = outputs / f"ours-{night}"
            env = {**ours_env, "SITE_BUILD_DATE": day}
            wall, cpu = timed([mkdocs, "build", "--strict", "-d", str(out)], ours, env, out.with_suffix(".log"))
            os.sync()
            rows.append((day, wall, cpu, hugo_wall, hugo_cpu))
            print(
                f"night {night} ({day}): ours {wall:.2f} s ({cpu:.1f} CPU s), Hugo {hugo_wall:.2f} s ({hugo_cpu:.1f} CPU s)"
            )
    finally:
        for (folder, job), content in saved.items():
            (folder / job).write_bytes(content)
        shutil.rmtree(outputs, ignore_errors=True)
    ours_wall, hugo_wall = statistics.median(r[1] for r in rows), statistics.median(r[3] for r in rows)
    print(
        f"{size} jobs, median of {len(rows)} nights: ours (nightly rebuild, caches kept) {ours_wall:.2f} s "
        f"({statistics.median(r[2] for r in rows):.1f} CPU s); Hugo clean {hugo_wall:.2f} s "
        f"({statistics.median(r[4] for r in rows):.1f} CPU s); ours / Hugo {ours_wall / hugo_wall:.2f}"
    )


if __name__ == "__main__":
    main()
