"""One measurement in a fresh process, run by `bench/run.py`; prints one JSON line.

    python bench/probe.py parse DIR           tomllib-parse every file (the baseline)
    python bench/probe.py frame bare          a bare Textual app with an empty DataTable
    python bench/probe.py frame pvtui DIR     the pvtui app on DIR
    python bench/probe.py refresh DIR RUNS    refresh of every live view after one saved edit
    python bench/probe.py save DIR RUNS       one durable Workspace.apply

Run as a script, not `-m`, so that the bare app imports nothing of pvtui.
Times are CLOCK_MONOTONIC nanoseconds, comparable with the parent's clock:
the parent subtracts the moment it spawned this process.
"""

from __future__ import annotations

import json
import resource
import sys
import time

SIZE = (120, 40)
FOLDERS = ("referentiel", "programmations", "actions", "bailleurs")


def now() -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def emit(**values) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


def parse(root: str) -> None:
    """What any reader of the folder must at least do: read and tomllib-parse each file."""
    import os
    import tomllib

    count = 0
    for folder in FOLDERS:
        base = os.path.join(root, folder)
        for name in sorted(os.listdir(base)):
            if name.endswith(".toml"):
                with open(os.path.join(base, name), "rb") as handle:
                    tomllib.loads(handle.read().decode("utf-8"))
                count += 1
    emit(files=count, rss_kb=rss_kb())


def _frame_mixin():
    """Records the first frame the app paints, and the first one showing the data."""
    from textual._compositor import CompositorUpdate

    class FrameProbe:
        first_frame: int | None = None
        data_frame: int | None = None

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            # Headless Textual composes the frame but skips turning it into
            # escape codes: do it, as a terminal would need it.
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(self.console)
            stamp = now()
            if self.first_frame is None:
                self.first_frame = stamp
            if self.data_frame is None and self.shows_data(screen):
                self.data_frame = stamp
                self.exit()

        def shows_data(self, screen) -> bool:
            return True

    return FrameProbe


def _css_path(module) -> str:
    """The app's stylesheet: a relative CSS_PATH would be looked up beside this file."""
    import os

    return os.path.join(os.path.dirname(module.__file__), module.PvtuiApp.CSS_PATH)


def frame(kind: str, root: str | None) -> None:
    Mixin = _frame_mixin()
    if kind == "bare":
        from textual.app import App
        from textual.widgets import DataTable

        class Bare(Mixin, App):
            def compose(self):
                yield DataTable()

        app = Bare()
    else:
        from pvtui.ui import app as pvtui_app
        from pvtui.ui.app import PvtuiApp

        class Probe(Mixin, PvtuiApp):
            CSS_PATH = _css_path(pvtui_app)

            def shows_data(self, screen) -> bool:
                # The actions table filled with every action of the year shown (of every
                # year once toggled): a folder of ten years shows a tenth of its actions.
                if self.data is None or screen.__class__.__name__ != "ActionsScreen":
                    return False
                shown = self.data.actions if screen.all_years else self.data.actions_of(self.year)
                return screen.query_one("RecordTable").row_count == len(shown)

        app = Probe(root, poll=0)
    app.call_later(lambda: app.set_timer(120, app.exit))
    app.run(headless=True, size=SIZE)
    emit(first=app.first_frame, data=app.data_frame, rss_kb=rss_kb(),
         actions=len(app.data.actions) if getattr(app, "data", None) else 0)


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values) if values else float("nan")


def refresh(root: str, runs: int) -> None:
    """In-process: every view mounted, then `runs` saved edits; ms per phase."""
    import asyncio
    from dataclasses import replace

    from pvtui.domain import compute
    from pvtui.domain.check import check
    from pvtui.ui import app as pvtui_app
    from pvtui.ui.app import VIEWS, PvtuiApp

    class Probe(PvtuiApp):
        CSS_PATH = _css_path(pvtui_app)
        last_frame = 0

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is not None and not self._batch_count:
                self.last_frame = now()

    async def main() -> dict:
        app = Probe(root, poll=0)
        async with app.run_test(size=SIZE) as pilot:
            while app.data is None:
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            for mode in VIEWS:  # mount every view, so that every table is live
                app.switch_mode(mode)
                await pilot.pause()
            app.switch_mode("actions")
            await app.workers.wait_for_complete()
            await pilot.pause()

            from pvtui.workspace.changes import Update

            writer = app.workspace.store.writer
            durable_write = writer.write
            spent: list[int] = []

            def timed_write(*args, **kwargs):  # the durable write, excluded from the refresh
                start = now()
                try:
                    return durable_write(*args, **kwargs)
                finally:
                    spent.append(now() - start)

            writer.write = timed_write
            phases: dict[str, list[float]] = {k: [] for k in ("store", "sync", "pause", "frame", "problems")}
            actions = app.data.actions
            for i in range(runs):
                old = app.data.action(actions[(i * 7919) % len(actions)].id)
                new = replace(old, cout_total=(old.cout_total or 0) + 1)
                app.last_frame = 0
                start = now()
                app.apply(Update("actions", old, app.data.version("actions", old.id), new))
                synced = now()
                await pilot.pause(0)
                paused = now()
                while app.last_frame == 0:
                    await asyncio.sleep(0.001)
                framed = app.last_frame
                # The recheck worker hands its result to the UI thread (call_from_thread) before it ends.
                await app.workers.wait_for_complete()
                checked = now()
                store = spent[-1]
                phases["store"].append(store / 1e6)
                phases["sync"].append((synced - start - store) / 1e6)
                phases["pause"].append((paused - start - store) / 1e6)
                phases["frame"].append((framed - start - store) / 1e6)
                phases["problems"].append((checked - start - store) / 1e6)
                await pilot.pause(0.02)

            # The computations the views redo after a save, alone (no widgets).
            data = app.data
            compute_ms, check_ms = [], []
            for i in range(runs):
                start = now()
                old = data.actions[i % len(data.actions)]
                data2 = data.replace_record("actions", replace(old, cout_total=(old.cout_total or 0) + 1))
                _views_compute(data2, compute)
                compute_ms.append((now() - start) / 1e6)
                start = now()
                check(data2)
                check_ms.append((now() - start) / 1e6)
        result = {k: _median(v) for k, v in phases.items()}
        result |= {"compute": _median(compute_ms), "check": _median(check_ms), "actions": len(actions)}
        return result

    emit(**asyncio.run(main()), rss_kb=rss_kb())


def _views_compute(data, compute) -> None:
    """What the views compute from a snapshot (actions totals, financements, objectifs, bailleurs)."""
    compute.engaged_by_funder(data.actions)
    for a in data.actions:
        compute.piliers(a)
    years = [a.annee for a in data.actions if a.annee] + list(data.programmations)
    year = max(years, default=None)
    actions = [a for a in data.actions if a.annee == year]
    ref = data.referentiel
    prog = data.programmations.get(year)
    compute.funders(actions, ref.financeurs, prog.enveloppe if prog else {})
    compute.by_sector(actions, ref.secteurs)
    compute.by_pillar(actions)
    compute.by_nature(actions, {c: e.nature for c, e in ref.financeurs.items()})
    compute.coverage(actions, ref.objectifs)
    for code in ref.secteurs:
        compute.coverage([a for a in actions if a.secteur == code], ref.objectifs)
    compute.quartiers(data.bailleurs)
    compute.synthese_axes(data.bailleurs)


def save(root: str, runs: int) -> None:
    """`Workspace.apply` of one edited action, `runs` times, each a durable write."""
    from dataclasses import replace

    from pvtui.domain.dataset import ACTIONS
    from pvtui.workspace.changes import Update
    from pvtui.workspace.workspace import Workspace

    ws = Workspace(root)
    data = ws.load()
    old = data.actions[len(data.actions) // 2]
    times = []
    for _ in range(runs):
        new = replace(old, cout_total=(old.cout_total or 0) + 1)
        start = now()
        ws.apply(Update(ACTIONS, old, ws.data.version(ACTIONS, old.id), new))
        times.append((now() - start) / 1e6)
        old = new
    emit(save=_median(times), rss_kb=rss_kb())


def main(argv: list[str]) -> None:
    what = argv[0]
    if what == "parse":
        parse(argv[1])
    elif what == "frame":
        frame(argv[1], argv[2] if len(argv) > 2 else None)
    elif what == "refresh":
        refresh(argv[1], int(argv[2]))
    elif what == "save":
        save(argv[1], int(argv[2]))
    else:
        raise SystemExit(f"unknown probe {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
