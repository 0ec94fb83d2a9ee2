"""``python -m sync.server`` runs the ``chasqui-server`` command line."""

import sys

from sync.server.cli import main

sys.exit(main())
