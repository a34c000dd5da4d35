"""pvtui: follow a "politique de la ville" programme from a terminal."""

__version__ = "0.1.0"
