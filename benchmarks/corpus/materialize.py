"""Write the tree of one commit of a bare git directory (a fetched mirror) into a folder.

    python benchmarks/corpus/materialize.py GITDIR OUT [COMMIT]

Blobs the mirror does not hold (its largest files may be listed but absent) are skipped and
counted on stderr; symlinks are recreated as links, executables keep their mode.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys


def materialize(gitdir: str, out: str, commit: str = "HEAD") -> int:
    """Write the files; return how many blobs were absent."""
    listing = subprocess.run(
        ["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", commit],
        check=True,
        capture_output=True,
    ).stdout
    entries = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, path = item.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha, path))
    cat = subprocess.Popen(
        ["git", "--git-dir", gitdir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert cat.stdin is not None and cat.stdout is not None
    missing = 0
    for mode, sha, path in entries:
        cat.stdin.write(sha + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if header[-1] == b"missing":
            missing += 1
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)  # the newline after each object
        dest = os.path.join(os.fsencode(out), path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if mode == b"120000":
            with contextlib.suppress(OSError):  # a link the file system refuses: left out
                os.symlink(data, dest)
            continue
        with open(dest, "wb") as fh:
            fh.write(data)
        if mode == b"100755":
            os.chmod(dest, 0o755)
    cat.stdin.close()
    cat.wait()
    return missing


def main() -> None:
    gitdir, out = sys.argv[1], sys.argv[2]
    missing = materialize(gitdir, out, sys.argv[3] if len(sys.argv) > 3 else "HEAD")
    if missing:
        print(f"{missing} blobs absent from the mirror, skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
