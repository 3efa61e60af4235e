"""Build the site into a fresh folder and switch `output` to it in one atomic step.

`output` is a symbolic link to the newest complete build, kept in `output.builds/`. A build
goes into a new folder there; only when Pelican succeeded is a new link renamed over
`output` (rename is atomic: at every moment `output` is either the old or the new site,
never missing or half written). Older builds are then removed.

Usage: python tools/build.py OUTPUT -- COMMAND… (COMMAND gets the build folder appended as
`-o FOLDER`). Exit status is the command's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def builds_folder(output: Path) -> Path:
    """Where the builds behind ``output`` live: ``output.builds`` next to it."""
    return output.with_name(output.name + ".builds")


def new_build_folder(output: Path) -> Path:
    """A fresh, empty folder for one build; names sort by the moment they were made."""
    folder = builds_folder(output)
    folder.mkdir(parents=True, exist_ok=True)
    build = folder / f"{time.time_ns():020d}-{os.getpid()}"
    build.mkdir()
    return build


def current_build(output: Path) -> Path | None:
    """The build folder ``output`` points to, if it is a link to one."""
    if output.is_symlink():
        return (output.parent / os.readlink(output)).resolve()
    return None


def swap_in(output: Path, build: Path) -> None:
    """Point ``output`` at ``build`` with one rename, then remove older builds."""
    link = output.with_name(f".{output.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(build, output.parent))
    if output.exists() and not output.is_symlink():
        # A real folder from before builds were links: move it aside once.
        legacy = builds_folder(output) / f"{0:020d}-legacy"
        shutil.rmtree(legacy, ignore_errors=True)
        output.rename(legacy)
    os.replace(link, output)  # the one atomic step
    remove_old_builds(output)


def remove_old_builds(output: Path) -> None:
    """Remove every build older than the current one and stray links of killed builds.

    Builds newer than the current one may still be running (a second `make html`); they stay.
    """
    current = current_build(output)
    folder = builds_folder(output)
    if current is None or not folder.is_dir():
        return
    for build in folder.iterdir():
        if build.name < current.name and build.resolve() != current:
            shutil.rmtree(build, ignore_errors=True)
    for stray in output.parent.glob(f".{output.name}.link-*"):
        if stray.is_symlink() and not (output.parent / os.readlink(stray)).exists():
            stray.unlink()


def build(output: Path, command: list[str]) -> int:
    """Run ``command -o BUILD``; on success make ``output`` point to BUILD."""
    folder = new_build_folder(output)
    try:
        result = subprocess.run([*command, "-o", str(folder)], check=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if result.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        return result.returncode
    swap_in(output, folder)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    return build(Path(argv[0]), argv[2:])


if __name__ == "__main__":
    sys.exit(main())
