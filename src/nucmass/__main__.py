"""``python -m nucmass`` runs the command line."""

import sys

from nucmass.cli import main

sys.exit(main())
