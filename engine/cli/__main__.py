"""`python -m engine.cli`: the `layerlab` command."""

import sys

from engine.cli import main

sys.exit(main())
