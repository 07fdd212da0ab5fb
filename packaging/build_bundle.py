"""Build the desktop bundle (`make bundle`): dist/layerlab/ with PyInstaller, then its self-test.

The bundle is built from the Python environment running this script, so it carries whatever
torch that environment has. `make install` pins the CPU build (torch==2.13.0 in
constraints.txt; on Linux install it from the CPU index,
`pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu`, to avoid
pulling CUDA). A CUDA torch still builds, but the spec drops the CUDA libraries, so such a
bundle only runs on the CPU. Build on each target OS: PyInstaller does not cross-compile.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "layerlab.spec"


def folder_size(path: Path) -> int:
    """Bytes of every file under path (symlinks not followed: each file counts once)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path, windowed: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder (dist/layerlab)."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(SPEC),
    ]
    if windowed:
        command += ["--", "--windowed"]
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "layerlab"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="default: build/")
    parser.add_argument("--windowed", action="store_true", help="no console window")
    args = parser.parse_args(argv)

    start = time.monotonic()
    try:
        bundle = build(args.dist, args.work, args.windowed)
    except subprocess.CalledProcessError as err:
        print(f"build_bundle: PyInstaller failed (exit {err.returncode})", file=sys.stderr)
        return 1
    size = folder_size(bundle)
    print(f"built {bundle} in {time.monotonic() - start:.0f} s: {size / 2**20:.0f} MiB")
    executable = bundle / ("layerlab.exe" if sys.platform == "win32" else "layerlab")
    return subprocess.run([str(executable), "--self-test"], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
