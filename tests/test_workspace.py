"""The Workspace without a terminal: the merge, the conflict policy, and a property test of two
workspaces applying changes concurrently to one folder."""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvtui.domain.merge import changed, dotted, merge3
from pvtui.storage.layout import digest
from pvtui.workspace.changes import COPY, MINE, THEIRS, Conflict, Create, Delete, Refused, Saved, Update
from pvtui.workspace.workspace import Workspace

A = "actions/alpha.toml"


# --- the merge -----------------------------------------------------------------


def test_disjoint_keys_merge_and_the_same_key_conflicts():
    base = {"titre": "t", "financements": {"ca": 1, "etat": 2}}
    theirs = {"titre": "t", "financements": {"ca": 5, "etat": 2}}
    mine = {"titre": "u", "financements": {"ca": 1, "etat": 2, "ville": 3}}
    assert merge3(base, theirs, mine) == ({"titre": "u", "financements": {"ca": 5, "etat": 2, "ville": 3}}, [])
    assert merge3(base, theirs, {**mine, "financements": {"ca": 6, "etat": 2}})[1] == [("financements", "ca")]
    assert merge3(base, theirs, theirs) == (theirs, [])  # the same change on both sides is no conflict


def test_a_key_removed_on_one_side_and_untouched_on_the_other_is_removed():
    base = {"a": 1, "b": 2}
    assert merge3(base, {"a": 1}, {"a": 3, "b": 2}) == ({"a": 3}, [])
    assert merge3(base, {"a": 1}, {"a": 1, "b": 4})[1] == [("b",)]


def test_lists_of_tables_merge_item_by_item_when_their_length_is_kept():
    base = {"lignes": [{"r": 1}, {"r": 2}]}
    assert merge3(base, {"lignes": [{"r": 9}, {"r": 2}]}, {"lignes": [{"r": 1}, {"r": 8}]}) == \
        ({"lignes": [{"r": 9}, {"r": 8}]}, [])
    assert merge3(base, {"lignes": [{"r": 9}, {"r": 2}]}, {"lignes": [{"r": 1}]})[1] == [("lignes",)]


def test_a_change_of_type_is_a_change():
    assert merge3({"a": 1}, {"a": 1.0}, {"a": 2})[1] == [("a",)]
    assert changed({"q": [{"r": 1}]}, {"q": [{"r": True}]}) == [("q", 0, "r")]
    assert dotted(("quartiers", 0, "lignes", 2, "realisee")) == "quartiers[0].lignes[2].realisee"


# --- the policy, one case each ---------------------------------------------------


@pytest.fixture
def two(mini):
    return Workspace(mini.root, cache=False), Workspace(mini.root, cache=False)


def _update(ws, **fields):
    alpha = ws.data.action("alpha")
    return Update("actions", alpha, ws.data.version("actions", "alpha"), replace(alpha, **fields))


def test_an_up_to_date_change_is_saved_and_published_once(mini, two):
    a, _ = two
    seen = []
    a.subscribe(lambda: seen.append(a.data))
    a.load()
    result = a.apply(_update(a, cout_total=12000))
    assert isinstance(result, Saved) and result.merged == () and result.kept is None
    assert len(seen) == 2 and seen[-1].action("alpha").cout_total == 12000
    assert seen[-1].version("actions", "alpha") == digest(mini.path(A).read_bytes())
    assert a.changed_on_disk() == []


def test_a_stale_change_to_the_same_key_is_a_conflict_and_each_choice_keeps_the_other(mini, two):
    a, b = two
    a.load(), b.load()
    assert isinstance(a.apply(_update(a, cout_total=11000)), Saved)
    conflict = b.apply(_update(b, cout_total=12000))
    assert isinstance(conflict, Conflict) and conflict.keys == ("cout_total",)
    assert conflict.choices == (THEIRS, MINE, COPY) and conflict.theirs.cout_total == 11000
    mine = b.resolve(conflict, MINE)
    assert isinstance(mine, Saved) and mine.kept.startswith(".corbeille/actions/alpha.leur.")
    assert tomllib.loads(mini.read(mine.kept))["cout_total"] == 11000
    assert tomllib.loads(mini.read(A))["cout_total"] == 12000
    assert b.data.action("alpha").cout_total == 12000


def test_a_choice_made_on_a_file_that_changed_again_asks_again(mini, two):
    a, b = two
    a.load(), b.load()
    a.apply(_update(a, cout_total=11000))
    conflict = b.apply(_update(b, cout_total=12000))
    a.apply(_update(a, cout_total=13000))
    again = b.resolve(conflict, MINE)
    assert isinstance(again, Conflict) and again.theirs.cout_total == 13000
    assert tomllib.loads(mini.read(A))["cout_total"] == 13000


def test_copy_is_offered_for_an_action_not_for_a_bailleur(mini, two):
    a, b = two
    a.load(), b.load()
    habitat = a.data.bailleur("habitat")
    a.apply(Update("bailleurs", habitat, a.data.version("bailleurs", "habitat"), replace(habitat, nom="H1")))
    habitat = b.data.bailleur("habitat")
    conflict = b.apply(Update("bailleurs", habitat, b.data.version("bailleurs", "habitat"), replace(habitat, nom="H2")))
    assert conflict.choices == (THEIRS, MINE)
    assert isinstance(b.resolve(conflict, COPY), Refused)
    a.apply(_update(a, titre="T1"))
    conflict = b.apply(_update(b, titre="T2"))
    copy = b.resolve(conflict, COPY)
    assert copy.record.id != "alpha" and tomllib.loads(mini.read(f"actions/{copy.record.id}.toml"))["titre"] == "T2"


def test_deleted_meanwhile_asks_to_recreate_or_drop_and_says_who(mini, two, monkeypatch):
    a, b = two
    a.load(), b.load()
    monkeypatch.setenv("PVTUI_AUTEUR", "dupont")
    assert isinstance(a.apply(Delete("actions", a.data.action("alpha"), a.data.version("actions", "alpha"))), Saved)
    conflict = b.apply(_update(b, cout_total=12000))
    assert conflict.deleted and conflict.choices == (MINE, THEIRS)
    assert conflict.removed_by.startswith("dupont le ")
    assert isinstance(b.resolve(conflict, MINE), Saved)
    assert tomllib.loads(mini.read(A))["cout_total"] == 12000


def test_a_delete_of_a_record_changed_meanwhile_asks(mini, two):
    a, b = two
    a.load(), b.load()
    a.apply(_update(a, cout_total=11000))
    conflict = b.apply(Delete("actions", b.data.action("alpha"), b.data.version("actions", "alpha")))
    assert isinstance(conflict, Conflict) and conflict.theirs.cout_total == 11000
    assert isinstance(b.resolve(conflict, THEIRS), Saved) and mini.path(A).exists()
    assert b.data.action("alpha").cout_total == 11000


def test_a_refused_write_says_why_and_changes_nothing(mini, two):
    a, _ = two
    a.load()
    before = mini.read(A)
    result = a.apply(Create("actions", replace(a.data.action("alpha"), id="../x")))
    assert isinstance(result, Refused) and "identifiant invalide" in result.message
    assert mini.read(A) == before


def test_a_cancelled_load_publishes_nothing(mini):
    ws = Workspace(mini.root, cache=False)
    seen = []
    ws.subscribe(lambda: seen.append(1))
    ws.load(cancelled=lambda: True)
    assert ws.data is None and seen == []


def test_changed_on_disk_sees_a_same_size_rewrite_with_its_mtime_put_back(mini):
    import os

    ws = Workspace(mini.root, cache=False)
    ws.load()
    st = os.stat(mini.path(A))
    mini.edit(A, "cout_total = 10000", "cout_total = 10001")  # same size
    os.utime(mini.path(A), ns=(st.st_atime_ns, st.st_mtime_ns))  # as rsync -t or cp -p would
    assert ws.changed_on_disk() == [A]


# --- property: two workspaces, random interleavings ----------------------------------

FIELDS = ("titre", "porteur", "description", "cout_total")
step = st.tuples(st.sampled_from("AB"), st.sampled_from(("load", "edit", "edit", "edit")),
                 st.sampled_from(FIELDS), st.sampled_from((THEIRS, MINE, COPY, None)))


def _value(field: str, n: int):
    return 20000 + n if field == "cout_total" else f"v{n}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(step, min_size=1, max_size=14))
def test_two_workspaces_lose_no_value_and_conflict_exactly_when_stale(steps):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        shutil.copytree(FIXTURES / "mini", root)
        path = root / A
        spaces = {who: Workspace(root, cache=False) for who in "AB"}
        for ws in spaces.values():
            ws.load()
        written: set = set()  # every value a person typed and a workspace accepted to write (or keep)
        seen: set = set()  # the values someone had on screen when they saved over them
        for n, (who, op, field, choice) in enumerate(steps):
            ws = spaces[who]
            if op == "load" or ws.data.action("alpha") is None:
                ws.load()
                continue
            change = _update(ws, **{field: _value(field, n)})
            disk = _on_disk(root)
            stale = digest(path.read_bytes()) != change.version
            both = getattr(disk, field) not in (getattr(change.base, field), _value(field, n))
            result = ws.apply(change)
            assert isinstance(result, Conflict) == (stale and both), (result, stale, both)
            assert isinstance(result, Saved) or isinstance(result, Conflict)
            if isinstance(result, Conflict) and choice in result.choices:
                result = ws.resolve(result, choice)
            if isinstance(result, Saved):
                written.add((field, _value(field, n)))
                seen |= {(f, getattr(change.base, f)) for f in FIELDS}
            tomllib.loads(path.read_text("utf-8"))  # never torn
            assert ws.data.action("alpha") == _on_disk(root)  # what the saver shows is what is on disk
        # Every value written is on disk, in a copy, in the trash, or was on the screen of whoever replaced it.
        kept = [tomllib.loads(p.read_text("utf-8")) for p in root.rglob("*.toml")]
        for field, value in written - seen:
            assert any(d.get(field) == value for d in kept), (field, value)


def _on_disk(root: Path):
    from pvtui.storage.store import Store

    return Store(root, cache=False).load().action("alpha")
