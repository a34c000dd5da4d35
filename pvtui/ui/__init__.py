"""The Textual user interface (the only part of pvtui that imports Textual)."""
