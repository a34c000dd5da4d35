"""`python -m pvtui` is the `pvtui` command."""

from pvtui.cli import main

raise SystemExit(main())
