import sys

from si_local.cli import main

sys.exit(main())
