"""``python -m watchfloor``: the same as the ``watchfloor`` command."""

import sys

from watchfloor.cli import main

sys.exit(main())
