"""Saves that survive SIGKILL, concurrent editors that lose nothing, records that round-trip.

What a killed save may leave (decided here, and kept by `Workspace.apply`): the
record file holds the old or the new version, whole; the folder may hold
`.pvtui.lock` (kept on purpose: it is the lock) and at most one hidden
`.<id>.toml.*.tmp` (the dead writer's temporary file, never read by
`load`), which the next save of that record removes under the lock.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPO, Editor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pvtui.domain import model
from pvtui.domain.model import (
    NC,
    Action,
    Bailleur,
    Beneficiaires,
    Correction,
    Financement,
    LigneTFPB,
    Quartier,
)
from pvtui.storage.store import LOCK, Store
from pvtui.storage.tomlio import canonical

A = "actions/alpha.toml"
STALE = re.compile(r"^actions/\.alpha\.toml\..+\.tmp$")

# The versions a killed writer alternates between: big, so that a kill often lands mid-write.
# Every field they change is set in both, so that they are the same whichever version is on
# disk when a writer starts (a writer started on B used to derive an A titled "Version B").
VERSIONS = """
from dataclasses import replace
from pvtui.storage.store import Store
def versions(root):
    base = Store(root, cache=False).load().action("alpha")
    return base, (replace(base, cout_total=11111, description="a" * 300_000, titre="Version A"),
                  replace(base, cout_total=22222, description="b\\n" * 100_000, titre="Version B"))
"""

WRITER = VERSIONS + """
import sys
from pvtui.workspace.changes import Update
from pvtui.workspace.workspace import Workspace
root = sys.argv[1]
ws = Workspace(root, cache=False)
record = ws.load().action("alpha")
_, (a, b) = versions(root)
print("go", flush=True)
while True:
    new = b if record == a else a
    ws.apply(Update("actions", record, ws.data.version("actions", "alpha"), new))
    record = new
"""


def _child(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


KILLS = 25


def test_a_save_killed_at_random_moments_leaves_old_or_new(mini):
    namespace: dict = {}
    exec(VERSIONS, namespace)  # noqa: S102 - the very code the child runs, to know what it writes
    base, (a, b) = namespace["versions"](mini.root)
    allowed = {mini.path(A).read_bytes()} | {canonical(model.action_to_dict(r)).encode() for r in (a, b)}
    others = {k: v for k, v in mini.hash().items() if k != A}
    rng = random.Random(2019)
    left_temp = 0
    for _ in range(KILLS):
        child = _child(WRITER, str(mini.root))
        assert child.stdout.readline() == "go\n", child.stderr.read()
        time.sleep(rng.uniform(0, 0.03))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
        content = mini.path(A).read_bytes()
        assert content in allowed
        tomllib.loads(content.decode())
        now = mini.hash()
        extra = sorted(k for k in now if k not in others and k not in (A, LOCK))
        assert len(extra) <= 1 and all(STALE.match(k) for k in extra), extra
        left_temp += bool(extra)
        assert {k: v for k, v in now.items() if k in others} == others
        assert mini.load().problems == ()
    # One more save, not killed, clears what the dead writers left.
    editor = mini.workspace(cache=False)
    record = editor.load().action("alpha")
    editor.save("actions", base, record)
    assert sorted(k for k in mini.hash() if k not in others) == sorted([A, LOCK])
    print(f"{left_temp} kills of {KILLS} left a temporary file")


# --- concurrent editors -----------------------------------------------------------


def _interleavings(n: int):
    for slots in itertools.combinations(range(2 * n), n):
        yield ["A" if i in slots else "B" for i in range(2 * n)]


@pytest.mark.parametrize("order", list(_interleavings(3)), ids="".join)
def test_two_editors_of_one_record_lose_nothing(mini, order):
    """Each editor loads, then saves its own field twice, each save based on its last one:
    whatever the interleaving, both are merged without a question."""
    editors = {"A": mini.workspace(cache=False), "B": mini.workspace(cache=False)}
    field = {"A": "titre", "B": "porteur"}
    record, steps = {}, {"A": 0, "B": 0}
    for who in order:
        s = editors[who]
        if steps[who] == 0:
            record[who] = s.load().action("alpha")
        else:
            new = replace(record[who], **{field[who]: f"{who}{steps[who]}"})
            s.save("actions", new, record[who])  # Conflicted would fail the test
            record[who] = s.ws.data.action("alpha")  # the merge, as the editor's screen shows it
            assert getattr(record[who], field[who]) == f"{who}{steps[who]}"
        steps[who] += 1
    final = mini.load().action("alpha")
    assert (final.titre, final.porteur) == ("A2", "B2")


COUNTER = """
import sys, time
from dataclasses import replace
from pathlib import Path
from pvtui.workspace.changes import Conflict, Saved, Update
from pvtui.workspace.workspace import Workspace
root, n, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ws = Workspace(root, cache=False)
while not Path(root, "go").exists():
    time.sleep(0.001)
conflicts = 0
for i in range(n):
    while True:
        record = ws.load().action("alpha")
        result = ws.apply(Update("actions", record, ws.data.version("actions", "alpha"),
                                 replace(record, description=f"{record.description} {tag}{i}")))
        if isinstance(result, Saved):
            break
        assert isinstance(result, Conflict), result
        conflicts += 1
print(conflicts)
"""


def test_two_processes_appending_to_one_field_lose_no_update(mini):
    """Both change the same key from the same version at full speed: every edit is on disk at the end."""
    n = 40
    children = [_child(COUNTER, str(mini.root), str(n), tag) for tag in "AB"]
    time.sleep(0.3)
    Path(mini.root, "go").touch()
    outs = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), outs
    words = mini.load().action("alpha").description.split()
    assert sorted(w for w in words if w[0] in "AB" and w[1:].isdigit()) == sorted(f"{t}{i}" for t in "AB" for i in range(n))
    print("conflicts:", [out.strip() for out, _ in outs])


# --- round trip of generated records -----------------------------------------------


TRICKY = ["", "NC", "nc", '"', "'", '"""', "'''", "\\", "a\\", "\\n", "\n", "\r\n", "\r", "\t", "\x00", "\x1b[31m",
          "\x7f", "\u2028", "é", "« »", "🙂", "#", "a = 1", "[x]", " ", "\n\n", "x\n", "\nx", '""', "\\u0041",
          "line\nwith trailing space \n", "\x0c"]
text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20), st.lists(st.sampled_from(TRICKY), max_size=4).map("".join))
amount = st.one_of(st.integers(0, 10**12), st.integers(-2**63, 2**63 - 1),
                   st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([0.1, 1e-300, 43655.5, -0.0]))
maybe_int = st.one_of(st.none(), st.integers(-2**63, 2**63 - 1))
cell = st.one_of(st.none(), st.just(NC), st.integers(0, 10**6), st.floats(0, 100, allow_nan=False))
ident = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?\Z")


def _rows(age: bool):
    return st.builds(Beneficiaires, age=text if age else st.just(""), hommes=cell, femmes=cell, total=cell,
                     part_qpv=cell)


def _with_demandes(action: Action, asked: dict) -> Action:
    """Demandes in the one order a file can hold them: the voted funders' first, in their order."""
    order = [f.financeur for f in action.financements]
    codes = sorted(asked, key=lambda c: (c not in order, order.index(c) if c in order else 0))
    return replace(action, demandes=tuple(Financement(c, asked[c]) for c in codes))


actions = st.builds(
    Action,
    id=ident, titre=text, porteur=text, annee=maybe_int, secteur=text, statut=text, renouvele_depuis=maybe_int,
    cout_total=st.one_of(st.none(), amount), objectifs=st.lists(text, max_size=3).map(tuple),
    pilier_suppose=text, description=text, indicateurs=text, nombre_beneficiaires=maybe_int,
    financements=st.dictionaries(text, amount, max_size=3).map(lambda d: tuple(Financement(c, m) for c, m in d.items())),
    beneficiaires=st.lists(_rows(True), max_size=3).map(tuple),
    beneficiaires_total=st.one_of(st.none(), _rows(False)),
    corrections=st.lists(st.builds(Correction, champ=text, imprime=text, retenu=text, note=text), max_size=2).map(tuple),
    reconduit_de=st.one_of(st.just(""), ident),
)
actions = st.builds(_with_demandes, actions, st.dictionaries(text, amount, max_size=3))
lignes = st.builds(LigneTFPB, axe=text, action=text, realisee=st.one_of(st.none(), amount),
                   valorisee=st.one_of(st.none(), amount))
bailleurs = st.builds(
    Bailleur, id=ident, nom=text, nom_complet=text, annee=maybe_int,
    quartiers=st.lists(st.builds(Quartier, secteur=text, logements=maybe_int, abattement=st.one_of(st.none(), amount),
                                 note=text, details=text, lignes=st.lists(lignes, max_size=3).map(tuple)),
                       max_size=3).map(tuple),
)
records = st.one_of(actions.map(lambda r: ("actions", r)), bailleurs.map(lambda r: ("bailleurs", r)))

# PVTUI_HYPOTHESIS_EXAMPLES=5000 for a deeper run than the quick default.
SETTINGS = settings(max_examples=int(os.environ.get("PVTUI_HYPOTHESIS_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _same_text(loaded, written, ordered: bool = True) -> bool:
    """Equal, or equal once each CRLF is an LF: TOML multi-line strings normalise newlines
    (tomli_w writes a CRLF in a multi-line text as LF; nothing else may change)."""
    if isinstance(written, str) and isinstance(loaded, str):
        return loaded == written or ("\n" in written and loaded == written.replace("\r\n", "\n"))
    if isinstance(written, dict) and isinstance(loaded, dict):
        keys = (list(loaded) == list(written)) if ordered else (set(loaded) == set(written))
        return keys and all(_same_text(loaded[k], written[k], ordered) for k in written)
    if isinstance(written, list) and isinstance(loaded, list):
        return len(loaded) == len(written) and all(_same_text(a, b, ordered) for a, b in zip(loaded, written))
    if _number(loaded) and _number(written):
        # The same amount written 0 or 0.0: an edit keeps the file's spelling (smallest diff).
        return loaded == written
    return loaded == written and type(loaded) is type(written)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _same(kind: str, loaded, record, ordered: bool = True) -> None:
    """`ordered=False`: a key added to a hand-written table goes after the keys already there."""
    if loaded != record:
        to_dict = model.action_to_dict if kind == "actions" else model.bailleur_to_dict
        assert _same_text(to_dict(loaded), to_dict(record), ordered), (loaded, record)


def _loaded(root: Path, kind: str, id: str):
    data = Store(root, cache=False).load()
    assert data.problems == ()
    return (data.action if kind == "actions" else data.bailleur)(id)


@SETTINGS
@given(records)
def test_generated_records_round_trip(kind_record):
    kind, record = kind_record
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        editor = Editor(root, cache=False)
        editor.save(kind, record)
        path = root / kind / f"{record.id}.toml"
        first = path.read_bytes()
        loaded = _loaded(root, kind, record.id)
        _same(kind, loaded, record)
        editor = Editor(root, cache=False)
        editor.load()
        editor.save(kind, loaded, loaded)
        assert path.read_bytes() == first


@SETTINGS
@given(records, st.data())
def test_generated_edits_of_a_hand_written_file(kind_record, data):
    """A hand-commented file, edited into another generated record, holds exactly that record."""
    kind, old = kind_record
    new = replace(data.draw(actions if kind == "actions" else bailleurs), id=old.id)
    to_dict = model.action_to_dict if kind == "actions" else model.bailleur_to_dict
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = root / kind / f"{old.id}.toml"
        path.parent.mkdir()
        path.write_text("# écrit à la main\n" + canonical(to_dict(old)), "utf-8")
        editor = Editor(root, cache=False)
        data = editor.load()
        loaded = (data.action if kind == "actions" else data.bailleur)(old.id)
        _same(kind, loaded, old)
        editor.save(kind, new, loaded)  # the only comment is on its own line: never a refusal
        _same(kind, _loaded(root, kind, old.id), new, ordered=False)
        assert path.read_text("utf-8").startswith("# écrit à la main\n")
        written = path.read_bytes()
        editor = Editor(root, cache=False)
        data = editor.load()
        again = (data.action if kind == "actions" else data.bailleur)(old.id)
        editor.save(kind, again, again)
        assert path.read_bytes() == written
