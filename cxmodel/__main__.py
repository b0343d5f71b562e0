"""Entry point for ``python -m cxmodel``."""

from __future__ import annotations

import sys

from cxmodel.cli import main

if __name__ == "__main__":
    sys.exit(main())
