"""`python -m pvtui` is the `pvtui` command."""

try:
    from pvtui.cli import main
except KeyboardInterrupt:  # Ctrl+C while Python was still importing
    raise SystemExit(130) from None

raise SystemExit(main())
