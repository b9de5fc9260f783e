"""``python -m reception`` — and the entry script of the PyInstaller bundle (build.spec): the ``reception`` command."""

import sys

from reception.cli import main

if __name__ == "__main__":
    sys.exit(main())
