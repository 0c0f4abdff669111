"""Entry point of the packaged program (PyInstaller): the same as the ``si-local`` command."""

import sys

from si_local.cli import main

if __name__ == "__main__":
    sys.exit(main())
