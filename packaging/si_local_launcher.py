"""Entry point of the packaged program (PyInstaller): the same as the ``si-local`` command."""

import os
import sys

# The windowed Windows program (si-local.exe) has no console: sys.stdout and sys.stderr are None,
# and one stray print would stop the application. Commands and --smoke-test use si-local-cli.exe.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from si_local.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
