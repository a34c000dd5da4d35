"""`python -m pvtui` is the `pvtui` command."""

import os
import sys

try:
    from pvtui.cli import run
except KeyboardInterrupt:  # Ctrl+C while Python was still importing the command
    import pvtui

    sys.stderr.write(getattr(pvtui, "INTERRUPTED", "pvtui : interrompu (Ctrl+C)") + "\n")
    sys.stderr.flush()
    os._exit(130)

run()
