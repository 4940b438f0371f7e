"""``python -m recorder``: the command line for everything that is not the window."""

import sys

from recorder.cli import main

sys.exit(main())
