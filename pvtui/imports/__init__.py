"""Starting a data folder of one's own and filling it from spreadsheets.

- `sheet`, `values`, `columns`, `plan`, `porteurs`: pure reading and
  matching (a spreadsheet -> rows -> the changes an import would make);
  they never import the storage, and import-linter checks it.
- `apply`: the plan's changes, applied through the Workspace (the same
  atomic, conflict-checked saves as the TUI).
- `init`: `pvtui init`, the referentials a team starts from, written with
  the storage's atomic writes.
"""
