"""The exports' names and formats, apart from the exports themselves.

The command line's parser lists them for every command: `pvtui check`
must not import the exports to build it (a quarter of its imports).
"""

KINDS = ("fiche", "synthese", "financements", "objectifs", "tfpb", "beneficiaires", "rapport", "actions", "evolution")
FORMATS = ("text", "csv", "json")
