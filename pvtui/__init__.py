"""pvtui: follow a "politique de la ville" programme from a terminal."""

__version__ = "0.1.0"

INTERRUPTED = "pvtui : interrompu (Ctrl+C) ; aucun fichier n'a été laissé à moitié écrit"
"""The one line of a command stopped by Ctrl+C (here: `python -m pvtui` may be stopped while importing cli)."""
