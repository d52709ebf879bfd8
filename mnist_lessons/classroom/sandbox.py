"""How a student's notebook is contained: the command that starts it, and the mounts set up inside.

On Linux the notebook runs under ``unshare`` (util-linux), in new namespaces:

- **network**: a new network namespace with no interface up, not even loopback: no internet, no
  server of the instructor's machine (not even one on 127.0.0.1); Jupyter talks to the kernel over
  Unix sockets in the scratch folder;
- **files**: a new mount namespace where the instructor's home folder, ``/tmp`` and ``/var/tmp``
  are replaced by empty in-memory folders. Only what the kernel needs is mounted back, read-only
  where the kernel allows it: the Python environment and the course's package and data (when they
  live there), and the notebook's scratch folder (read-write), which is also ``HOME``;
- **processes**: a new PID namespace with its own ``/proc`` (the notebook sees no other process, and
  everything it started dies with it), then a nested user namespace, so the mounts above are locked
  and the notebook cannot undo them.

Not contained: the rest of the file system is readable (and writable where the instructor's user
may write) as usual; memory and CPU are not limited (only the time is); the checks run in the
student's own kernel, so a student who means to can fake their result (as with any notebook
autograder that runs the student's code). Run ``grade`` as an ordinary user rather than root.

``python -m mnist_lessons.classroom.sandbox SPEC`` is the first stage inside ``unshare``: it mounts,
then starts ``runner`` in the nested user namespace.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HIDDEN_SYSTEM_FOLDERS = ("/tmp", "/var/tmp")
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_REMOUNT, _MS_BIND, _MS_REC = 1, 2, 4, 32, 4096, 16384


class SandboxUnavailable(RuntimeError):
    """The notebook cannot be contained here (no ``unshare``, not Linux, or namespaces refused)."""


def runner_command(spec: Path) -> list[str]:
    """The command that runs one notebook without any containment (``--unsafe-no-sandbox``)."""
    return [sys.executable, "-m", "mnist_lessons.classroom.runner", str(spec)]


def contained_command(spec: Path) -> list[str]:
    """The command that runs one notebook contained (see the module docstring).

    Raises ``SandboxUnavailable`` when this machine cannot contain it, saying why.
    """
    return [*_unshare(), sys.executable, "-m", "mnist_lessons.classroom.sandbox", str(spec)]


def _unshare() -> list[str]:
    unshare = shutil.which("unshare")
    if not sys.platform.startswith("linux") or unshare is None:
        raise SandboxUnavailable(
            f"grading needs Linux's `unshare` (util-linux) to contain the students' code, and this machine "
            f"({sys.platform}) has none. Students' notebooks are untrusted code: grade on a Linux machine, or in "
            "a throw-away virtual machine with --unsafe-no-sandbox.")
    rootless = [] if os.geteuid() == 0 else ["--map-root-user"]
    return [unshare, *rootless, "--net", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child"]


def check_available() -> None:
    """Raise ``SandboxUnavailable`` unless ``unshare`` can really make the namespaces here."""
    command = [*_unshare(), "unshare", "--user", "--mount", "true"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SandboxUnavailable(f"`unshare` could not be run ({error}).") from None
    if done.returncode != 0:
        raise SandboxUnavailable(
            f"`unshare` is here but refused to make the namespaces ({done.stderr.strip() or done.returncode}); "
            "unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone or "
            "user.max_user_namespaces). Enable them, or grade in a throw-away virtual machine with "
            "--unsafe-no-sandbox.")


def folders_to_keep(scratch: Path) -> list[str]:
    """What the kernel needs to see: the Python environment, the package, the data, the scratch folder."""
    import mnist_lessons

    from ..files import cache_dir

    candidates = [sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
                  *sys.path, Path(mnist_lessons.__file__).resolve().parent.parent, cache_dir(),
                  os.environ.get("MNIST_LESSONS_DATA", ""), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    found = {os.path.realpath(c) for c in map(str, candidates) if c and os.path.exists(c)}
    found.discard("/")
    return sorted(found) + [str(scratch)]


def hidden_folders() -> list[str]:
    """The folders replaced by empty ones in the sandbox: the home folder, ``/tmp``, ``/var/tmp``."""
    home = os.path.realpath(os.path.expanduser("~"))
    folders = [home] if home != "/" else []
    return folders + [f for f in HIDDEN_SYSTEM_FOLDERS if os.path.isdir(f) and os.path.realpath(f) not in folders]


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)

    def enc(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    if libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {source} on {target}: {os.strerror(errno)}")


def set_up(hide: list[str], keep: list[str], writable: str) -> None:
    """Replace every folder of ``hide`` by an empty tmpfs, then mount back each of ``keep`` that
    lies inside one (read-only, except ``writable``). Runs as root of the new mount namespace."""
    wanted = [k for k in keep if any(_inside(k, h) for h in hide)]
    wanted = [k for k in wanted if not any(o != k and _inside(k, o) for o in wanted)]  # outermost only
    handles = {k: os.open(k, os.O_PATH) for k in wanted}
    for folder in hide:
        _mount("tmpfs", folder, "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=0755,size=64m")
    for path, fd in handles.items():
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            os.makedirs(path, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            Path(path).touch()
        _mount(f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
        if path != writable:
            for extra in (0, _MS_NOSUID | _MS_NODEV):  # a remount must keep the flags it inherited
                try:
                    _mount(None, path, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | extra)
                    break
                except OSError:
                    continue
        os.close(fd)


def main(argv: list[str]) -> None:
    """Stage one inside ``unshare``: mount (``set_up``), then run ``runner`` in a nested user namespace."""
    spec_path = Path(argv[0])
    spec = json.loads(spec_path.read_text())
    set_up(spec["hide"], spec["keep"], spec["scratch"])
    os.chdir(spec["workdir"])
    unshare = shutil.which("unshare") or "unshare"
    os.execv(unshare, [unshare, "--user", "--mount", "--", *runner_command(spec_path)])


if __name__ == "__main__":
    main(sys.argv[1:])
