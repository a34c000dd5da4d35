"""Time pvtui on the shipped data and on generated folders; print a Markdown table.

    python -m bench.run [--sizes shipped,1000,10000] [--runs 5] [--workdir /tmp/pvtui-bench]
    python -m bench.run --sizes 10000,50000,100000 --runs 3     # the scaling check

Everything whose cost is a cold start runs in a fresh process each time
(`bench/probe.py`, `python -m pvtui check|export`), timed from the moment
it is spawned, and its peak RSS is read with wait4(). Each size gets its own
PVTUI_CACHE_DIR: "nothing changed" is a second run on a warm cache,
"everything changed" a run after every file was edited (the cache is there
but stale: the worst case). Figures are medians; machines are shared
and noisy, so compare the ratios measured in the same run.

With 10 000 and 50 000 (and 100 000) among the sizes, a scaling check
follows the table: for each timed operation, time(50 000) / time(10 000)
next to the ideal 5.0 (and time(100 000) / time(10 000) next to 10.0);
a ratio above 6 (above 12), more than 1.2x linear, is flagged.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import SHIPPED, generate

PROBE = Path(__file__).resolve().parent / "probe.py"
FOLDERS = ("referentiel", "programmations", "actions", "bailleurs")
EXPORT_KINDS = ("actions", "fiche", "synthese", "financements", "objectifs", "tfpb", "beneficiaires", "rapport")


def now() -> int:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


@dataclass
class Run:
    """One child process: wall time from spawn to exit, peak RSS, exit code, its JSON line."""

    start: int
    wall_ms: float
    rss_mb: float
    code: int
    out: dict = field(default_factory=dict)
    err: str = ""


def spawn(args: list[str], env: dict[str, str]) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = now()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        end = now()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        try:
            parsed = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
        except ValueError:
            parsed = {}
        return Run(start, (end - start) / 1e6, usage.ru_maxrss / 1024, proc.returncode, parsed,
                   err.read().decode("utf-8", "replace"))


MARK = b"\n# bench "


def change_all(root: Path, stamp: str | None) -> None:
    """Edit every file (a trailing comment), or take the edit back when `stamp` is None.

    New bytes, not just a new mtime: the cache also compares digests.
    """
    for folder in FOLDERS:
        for path in (root / folder).glob("*.toml"):
            data = path.read_bytes()
            cut = data.rfind(MARK)
            if cut >= 0:
                data = data[:cut]
            path.write_bytes(data if stamp is None else data + MARK + stamp.encode() + b"\n")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class Bench:
    """The measurements of one data folder."""

    def __init__(self, label: str, root: Path, cache: Path, runs: int):
        self.label, self.root, self.runs = label, root, runs
        # As installed: bytecode compiled once (see `main`), not compiled again at each start.
        # (PYTHONDONTWRITEBYTECODE set to anything, "0" included, stops .pyc files being written.)
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PVTUI_CACHE_DIR"] = str(cache)
        self.results: dict[str, float | str] = {}

    def say(self, text: str) -> None:
        print(f"[{self.label}] {text}", file=sys.stderr, flush=True)

    def forget_results(self) -> None:
        """Drop the results kept while nothing changed (`<folder>.<name>.cache`), keep the parsed files (`<folder>.cache`)."""
        for path in Path(self.env["PVTUI_CACHE_DIR"]).glob("*.*.cache"):
            path.unlink()

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pvtui", *args]

    def series(self, name: str, args: list[str], before=None, baseline: list[str] | None = None) -> list[Run]:
        """`runs` runs of `args`; with a baseline, each run is paired with one of it (in
        alternating order) and the median of the per-pair ratios is kept: on a shared
        machine, both sides of a pair see about the same load."""
        runs, ratios, base_runs = [], [], []
        for i in range(self.runs):
            if before:
                before()
            if baseline is None:
                runs.append(spawn(args, self.env))
                continue
            if i % 2:
                run, base = spawn(args, self.env), spawn(baseline, self.env)
            else:
                base, run = spawn(baseline, self.env), spawn(args, self.env)
            runs.append(run)
            base_runs.append(base)
            ratios.append(run.wall_ms / base.wall_ms)
        failed = [r for r in runs if r.code not in (0, 1)]
        if failed:
            self.results[name] = "failed: " + (failed[0].err.strip().splitlines() or ["?"])[-1][:80]
        else:
            self.results[name] = median([r.wall_ms for r in runs])
            if baseline is not None:
                self.results[name + ".ratio"] = median(ratios)
                self.results[name + ".base"] = median([r.wall_ms for r in base_runs])
        self.results[name + ".rss"] = max(r.rss_mb for r in runs)
        return runs

    def measure(self, what: set[str]) -> None:
        if "cli" in what:
            parse = [sys.executable, str(PROBE), "parse", str(self.root)]
            self.say("tomllib baseline")
            spawn(parse, self.env)  # page cache warm
            self.series("parse", parse)
            for name, args in (("check", ["check", str(self.root)]),
                               ("export", ["export", "rapport", str(self.root)])):
                self.say(f"{name}: everything changed (each run paired with a bare parse)")
                self.series(name + ".cold", self.cli(*args), before=lambda: change_all(self.root, str(now())),
                            baseline=parse)
                change_all(self.root, None)
                self.say(f"{name}: nothing changed")
                # Files younger than 2 s are not trusted by the cache (they are read again):
                # let them settle, then one run leaves the cache as a user's last run would.
                time.sleep(2.1)
                spawn(self.cli(*args), self.env)
                self.series(name + ".warm", self.cli(*args))
        if "exports" in what:
            # Records cached (the cache of parsed files is warm), the export's own result not kept:
            # what a first `pvtui export KIND` costs after any other command read the folder.
            spawn(self.cli("check", str(self.root)), self.env)
            for kind in EXPORT_KINDS:
                self.say(f"export {kind}: records cached, first render")
                self.series(f"exports.{kind}", self.cli("export", kind, str(self.root)), before=self.forget_results)
        if "frame" in what:
            self.say("first frame, bare app and pvtui alternately")
            spawn([sys.executable, str(PROBE), "frame", "pvtui", str(self.root)], self.env)  # cache warm
            bare, first, shown, rss = [], [], [], []
            for i in range(self.runs):
                bare_args = [sys.executable, str(PROBE), "frame", "bare"]
                pvtui_args = [sys.executable, str(PROBE), "frame", "pvtui", str(self.root)]
                if i % 2:
                    p, b = spawn(pvtui_args, self.env), spawn(bare_args, self.env)
                else:
                    b, p = spawn(bare_args, self.env), spawn(pvtui_args, self.env)
                if not (b.out.get("first") and p.out.get("data")):
                    self.say("frame probe failed: " + (b.err or p.err)[-500:])
                    continue
                bare.append((b.out["first"] - b.start) / 1e6)
                first.append((p.out["first"] - p.start) / 1e6)
                shown.append((p.out["data"] - p.start) / 1e6)
                rss.append(p.out["rss_kb"] / 1024)
            self.results |= {"frame.bare": median(bare), "frame.first": median(first),
                             "frame.data": median(shown), "frame.rss": max(rss, default=float("nan")),
                             "frame.first.ratio": median([f / b for f, b in zip(first, bare)]),
                             "frame.data.ratio": median([d / b for d, b in zip(shown, bare)])}
        if "refresh" in what:
            self.say("refresh after a saved edit (in-process)")
            r = spawn([sys.executable, str(PROBE), "refresh", str(self.root), str(max(20, 4 * self.runs))], self.env)
            if r.out:
                self.results |= {f"refresh.{k}": v for k, v in r.out.items()}
            else:
                self.say("refresh probe failed: " + r.err[-1500:])
        if "save" in what:
            self.say("durable save")
            r = spawn([sys.executable, str(PROBE), "save", str(self.root), "50"], self.env)
            self.results["save"] = r.out.get("save", float("nan"))


def prepare(size: str, workdir: Path, fresh: bool) -> Path:
    """The data folder of one size: a copy of the shipped data, or a generated one."""
    if size == "shipped":
        target = workdir / "shipped"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns(".*"))
        return target
    target = workdir / f"generated-{int(size)}"
    if fresh or not (target / "actions").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        print(f"generating {size} actions in {target}", file=sys.stderr, flush=True)
        generate(int(size), target)
    return target


# --- the table ---------------------------------------------------------------


def ms(value) -> str:
    if isinstance(value, str):
        return value
    if value != value:
        return "n/a"
    return f"{value:,.0f} ms".replace(",", " ") if value >= 10 else f"{value:.1f} ms"


def x(value) -> str:
    """A ratio measured pair by pair."""
    return "n/a" if value is None or isinstance(value, str) or value != value else f"{value:.2f}x"


def mb(value) -> str:
    return "n/a" if value != value else f"{value:.0f} MB"


ROWS = [
    # (label, how to show one size's results, target at 10 000, test of the target)
    ("Bare Textual app, empty DataTable: first frame", lambda r: ms(r.get("frame.bare", float("nan"))), "", None),
    ("pvtui: first frame", lambda r: f"{ms(r.get('frame.first', float('nan')))} "
     f"({x(r.get('frame.first.ratio'))})", "≤ 2x bare (≤ 1.3x on shipped)",
     lambda r, shipped: r["frame.first.ratio"] <= (1.3 if shipped else 2.0)),
    ("pvtui: first frame showing every action", lambda r: f"{ms(r.get('frame.data', float('nan')))} "
     f"({x(r.get('frame.data.ratio'))})", "(same, stricter reading)",
     lambda r, shipped: r["frame.data.ratio"] <= (1.3 if shipped else 2.0)),
    ("Refresh of every live view after a saved edit (save call + pause(0))",
     lambda r: ms(r.get("refresh.pause", float("nan"))), "≤ 30 ms", lambda r, s: r["refresh.pause"] <= 30),
    ("… until the next painted frame", lambda r: ms(r.get("refresh.frame", float("nan"))), "", None),
    ("… until the Problèmes view is updated (check in a worker)",
     lambda r: ms(r.get("refresh.problems", float("nan"))), "", None),
    ("… pure computations of the views alone", lambda r: ms(r.get("refresh.compute", float("nan"))), "", None),
    ("… `check()` alone, in process", lambda r: ms(r.get("refresh.check", float("nan"))), "", None),
    ("One durable save (Workspace.apply, fsync)", lambda r: ms(r.get("save", float("nan"))), "≤ 5 ms",
     lambda r, s: r["save"] <= 5),
    ("Bare tomllib parse of every file (fresh process)", lambda r: ms(r.get("parse", float("nan"))), "", None),
    ("… the same, paired with the runs below", lambda r: ms(r.get("check.cold.base", float("nan"))), "", None),
    ("`pvtui check`, nothing changed", lambda r: ms(r.get("check.warm", float("nan"))), "≤ 0.3 s",
     lambda r, s: r["check.warm"] <= 300),
    ("`pvtui check`, everything changed", lambda r: f"{ms(r.get('check.cold', float('nan')))} "
     f"({x(r.get('check.cold.ratio'))} parse)", "≤ 1.0x parse",
     lambda r, s: r["check.cold.ratio"] <= 1.0),
    ("`pvtui export rapport`, nothing changed", lambda r: ms(r.get("export.warm", float("nan"))), "≤ 0.3 s",
     lambda r, s: r["export.warm"] <= 300),
    ("`pvtui export rapport`, everything changed", lambda r: f"{ms(r.get('export.cold', float('nan')))} "
     f"({x(r.get('export.cold.ratio'))} parse)", "≤ 1.1x parse",
     lambda r, s: r["export.cold.ratio"] <= 1.1),
    ("Peak RSS: TUI with every action shown", lambda r: mb(r.get("frame.rss", float("nan"))), "≤ 250 MB",
     lambda r, s: r["frame.rss"] <= 250),
    ("Peak RSS: TUI after visiting every view and 20 saved edits",
     lambda r: mb(r.get("refresh.rss_kb", float("nan")) / 1024), "≤ 250 MB",
     lambda r, s: r["refresh.rss_kb"] / 1024 <= 250),
    ("Peak RSS: `pvtui check`", lambda r: mb(max(r.get("check.cold.rss", float("nan")),
                                                 r.get("check.warm.rss", float("nan")))), "≤ 250 MB",
     lambda r, s: max(r["check.cold.rss"], r["check.warm.rss"]) <= 250),
    ("Peak RSS: `pvtui export rapport`", lambda r: mb(max(r.get("export.cold.rss", float("nan")),
                                                          r.get("export.warm.rss", float("nan")))), "≤ 250 MB",
     lambda r, s: max(r["export.cold.rss"], r["export.warm.rss"]) <= 250),
    *((f"`pvtui export {kind}`, records cached, first render",
       (lambda kind: lambda r: ms(r.get(f"exports.{kind}", float("nan"))))(kind), "", None) for kind in EXPORT_KINDS),
]

TIMED = [
    # (key in the results, label): the operations the scaling check compares.
    ("parse", "Bare tomllib parse of every file"),
    ("check.cold", "`pvtui check`, everything changed"),
    ("check.warm", "`pvtui check`, nothing changed"),
    ("export.cold", "`pvtui export rapport`, everything changed"),
    ("export.warm", "`pvtui export rapport`, nothing changed"),
    *((f"exports.{kind}", f"`pvtui export {kind}`, records cached, first render") for kind in EXPORT_KINDS),
    ("frame.first", "pvtui: first frame"),
    ("frame.data", "pvtui: first frame showing every action"),
    ("refresh.pause", "Refresh after a saved edit (save call + pause(0))"),
    ("refresh.problems", "… until the Problèmes view is updated"),
    ("refresh.compute", "… pure computations of the views alone"),
    ("refresh.check", "… `check()` alone, in process"),
    ("save", "One durable save"),
]


def scaling(sizes: list[str], results: dict[str, dict]) -> str:
    """time(N) / time(10 000) for N = 50 000 and 100 000, next to the ideal N / 10 000.

    A ratio above 1.2x the ideal (6 for 50 000) is flagged. Operations with a fixed
    cost (a process start, a frame) scale below the ideal: that is not a problem.
    """
    if "10000" not in sizes:
        return ""
    larger = [s for s in sizes if s.isdigit() and int(s) > 10_000]
    if not larger:
        return ""
    base = results["10000"]
    heads = " | ".join(f"{int(s):,} / 10 000 (ideal {int(s) / 10_000:.1f})".replace(",", " ") for s in larger)
    lines = ["| Operation | " + heads + " |", "|---|" + "---|" * len(larger)]
    flagged = []
    for key, label in TIMED:
        cells = []
        for size in larger:
            a, b = base.get(key), results[size].get(key)
            if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or a != a or b != b or not a:
                cells.append("n/a")
                continue
            ratio, ideal = b / a, int(size) / 10_000
            flag = ratio > 1.2 * ideal
            cells.append(f"{ratio:.2f}" + (" **above {:.0f}**".format(1.2 * ideal) if flag else ""))
            if flag:
                flagged.append(f"{label} at " + f"{int(size):,}".replace(",", " "))
        if any(c != "n/a" for c in cells):
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Above 1.2x linear: " + ("; ".join(flagged) if flagged else "none") + ".")
    return "\n".join(lines)


def verdict(test, results: dict, shipped: bool) -> str:
    try:
        return "met" if test(results, shipped) else "**missed**"
    except (KeyError, TypeError, ZeroDivisionError):
        return "n/a"


def table(sizes: list[str], results: dict[str, dict], counts: dict[str, int]) -> str:
    heads = [f"{s} ({counts[s]:,} actions)".replace(",", " ") if s == "shipped" else f"{int(s):,} actions".replace(",", " ")
             for s in sizes]
    largest = "50000" if "50000" in sizes else sizes[-1]  # the targets are set at 50 000 actions
    lines = ["| Measure | " + " | ".join(heads) + f" | Target | At {heads[sizes.index(largest)]} |",
             "|---|" + "---|" * len(sizes) + "---|---|"]
    for label, show, target, test in ROWS:
        cells = [show(results[s]) for s in sizes]
        status = ""
        if test:
            status = verdict(test, results[largest], largest == "shipped")
            if "shipped" in sizes and "1.3x" in target:
                status += f"; shipped: {verdict(test, results['shipped'], True)}"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {status} |")
    return "\n".join(lines)


def machine() -> str:
    import textual

    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "?"
    return (f"Python {platform.python_version()}, Textual {textual.__version__}, {platform.system()} "
            f"{platform.release()}, {os.cpu_count()} CPU ({cpu})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="shipped,1000,10000", help="comma-separated: shipped and/or action counts")
    parser.add_argument("--runs", type=int, default=5, help="runs per measure (medians)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "pvtui-bench")
    parser.add_argument("--only", default="cli,exports,frame,refresh,save",
                        help="subset of cli,exports,frame,refresh,save")
    parser.add_argument("--regenerate", action="store_true", help="generate the folders again")
    parser.add_argument("--json", type=Path, help="also write the raw medians here")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    what = set(args.only.split(","))
    args.workdir.mkdir(parents=True, exist_ok=True)

    results: dict[str, dict] = {}
    counts: dict[str, int] = {}
    import compileall

    import pvtui

    compileall.compile_dir(Path(pvtui.__file__).parent, quiet=1)  # as `pip install` does
    for size in sizes:
        root = prepare(size, args.workdir, args.regenerate)
        counts[size] = len(list((root / "actions").glob("*.toml")))
        cache = args.workdir / f"cache-{size}"
        shutil.rmtree(cache, ignore_errors=True)
        bench = Bench(size, root, cache, args.runs)
        bench.measure(what)
        results[size] = bench.results
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(f"Medians of {args.runs} runs; {machine()}.\n")
    print(table(sizes, results, counts))
    check = scaling(sizes, results)
    if check:
        print("\nScaling check (ratios of medians):\n")
        print(check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
