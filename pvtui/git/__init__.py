"""Git as the shared engine between sites: the `git` command line, run non-interactively.

Everything here is optional: a data folder outside a git work tree behaves as
if this package did not exist (`Repo.find` returns None).
"""
