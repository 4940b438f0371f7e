"""Open Case Recorder: ``python main.py``, ``python main.py --db PATH`` or ``--demo``."""

import sys

from recorder.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
