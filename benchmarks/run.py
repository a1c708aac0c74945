"""Speed and memory benchmark: prints a table of figures and whether each target is met.

Run: `pip install -e '.[bench,dask]' && python benchmarks/run.py` (five minutes or more;
`--quick` skips the 10,000-task runs but the docxtpl comparison's; without Dask the cluster
rows are left out). Every figure is measured in this run, in fresh processes, on this machine;
the local builds with no Dask cluster running beside them, Dask against the pool with the
cluster up for both.

Targets (2-core machine): sample build cold ≤ 0.5 s; 10,000-task status report ≤ 5 s for the
three formats together and ≤ 300 MiB peak; growth exponent 1,000 → 10,000 ≤ 1.1 per format;
DOCX ≥ 2× faster than docxtpl on the same table; DOCX + PPTX no slower than pandoc; 100 unit
packs + overview ≤ 2.5 s with 2 workers (fork), and ≥ 1.8× faster than with 1; the same under
the spawn start method ≤ 3.0 s; on a two-worker Dask LocalCluster ≤ 1.3× the local pool, and for
2,000 packs within 10% of the local pool's throughput per worker.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (100, 1000, 10000)
FORMATS = ("docx", "pptx", "pdf")


CPU_SECONDS: list[float] = []
"""The CPU time (user + system) of each child run, with its own worker processes, in order."""


def run_child(args: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Runs a fresh Python process; returns (wall seconds, peak RSS MiB, stdout) and appends
    its CPU seconds, its worker processes' included, to CPU_SECONDS."""
    # Output to files, not pipes: a child printing more than a pipe holds (a bundle of
    # 2,000 packs lists 6,000 files) would wait for a reader while this process waits for it.
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], stdout=stdout, stderr=stderr,
                                cwd=ROOT, text=True, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    CPU_SECONDS.append(usage.ru_utime + usage.ru_stime)  # a waited child's include its own
    if proc.returncode:
        raise SystemExit(f"benchmark child failed: {args}\n{err}")
    return wall, usage.ru_maxrss / 1024, out


# -- children ------------------------------------------------------------------------------

def child_render(size: int, fmt: str, out: str) -> None:
    """In a child: generate a plan of `size` tasks, then time building + rendering one format."""
    from benchmarks.synthetic import synthetic_plan
    from generator.i18n import Labels
    from generator.indicators import analyse
    from generator.render.context import RenderContext
    from generator.reports import build_status_report
    from generator.theme import load_theme

    plan = synthetic_plan(size)
    context = RenderContext(load_theme())
    start = time.perf_counter()  # the renderer's preload (template, fonts) counted, as cold
    report = build_status_report(analyse(plan), Labels(plan.language))
    context.render(fmt, report, Path(out))
    print(json.dumps({"seconds": time.perf_counter() - start}))


def child_peer_docx(size: int, out: str) -> None:
    """In a child: our DOCX status report timed as `child_docxtpl` times docxtpl: the
    libraries imported and the plan analysed before the clock starts; building the report,
    loading the template and writing the file on it."""
    import generator.render.docx  # noqa: F401 - as the docxtpl child imports docx and docxtpl
    from benchmarks.synthetic import synthetic_plan
    from generator.i18n import Labels
    from generator.indicators import analyse
    from generator.render.context import RenderContext
    from generator.reports import build_status_report
    from generator.theme import load_theme

    plan = synthetic_plan(size)
    status = analyse(plan)
    context = RenderContext(load_theme())
    start = time.perf_counter()
    context.render("docx", build_status_report(status, Labels(plan.language)), Path(out))
    print(json.dumps({"seconds": time.perf_counter() - start}))


def child_docxtpl(size: int, out: str) -> None:
    """In a child: the same task table rendered by docxtpl from a one-row template."""
    import docx
    from docxtpl import DocxTemplate

    from benchmarks.synthetic import synthetic_plan
    from generator.i18n import Labels
    from generator.indicators import analyse
    from generator.reports.common import status_text

    plan = synthetic_plan(size)
    labels = Labels(plan.language)
    status = analyse(plan)
    template = Path(out).with_suffix(".template.docx")
    document = docx.Document()
    table = document.add_table(rows=4, cols=8)
    table.rows[0].cells[0].text = "{%tr for t in tasks %}"
    for cell, field in zip(table.rows[1].cells, ("no", "title", "lead", "support", "due",
                                                 "status", "progress", "note"), strict=True):
        cell.text = "{{ t." + field + " }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    document.save(template)
    start = time.perf_counter()
    tasks = [{"no": s.number, "title": s.task.title, "lead": s.task.lead,
              "support": "、".join(s.task.support), "due": labels.date(s.due),
              "status": status_text(s, labels), "progress": f"{s.progress}%",
              "note": s.note or ""} for s in status.current.states]
    tpl = DocxTemplate(template)
    tpl.render({"tasks": tasks})
    tpl.save(out)
    print(json.dumps({"seconds": time.perf_counter() - start}))


def child_pandoc(size: int, out_dir: str) -> None:
    """In a child: the same status content as Markdown, converted by pandoc to DOCX and PPTX."""
    import pypandoc

    from benchmarks.synthetic import synthetic_plan
    from generator.i18n import Labels
    from generator.indicators import analyse
    from generator.reports.common import status_text

    plan = synthetic_plan(size)
    labels = Labels(plan.language)
    status = analyse(plan)
    lines = [f"# {plan.title}", ""]
    for area in status.areas:
        lines += [f"# {area.area.title}", "",
                  "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 | 状态 | 进度 | 进展情况 |",
                  "|---|---|---|---|---|---|---|---|"]
        for s in area.states:
            lines.append(f"| {s.number} | {s.task.title} | {s.task.lead} | "
                         f"{'、'.join(s.task.support)} | {labels.date(s.due)} | "
                         f"{status_text(s, labels)} | {s.progress}% | {s.note or ''} |")
        lines.append("")
    source = Path(out_dir) / "plan.md"
    source.write_text("\n".join(lines), encoding="utf-8")
    pandoc = pypandoc.get_pandoc_path()
    start = time.perf_counter()
    for ext in ("docx", "pptx"):
        subprocess.run([pandoc, str(source), "-o", str(Path(out_dir) / f"pandoc.{ext}")],
                       check=True)
    print(json.dumps({"seconds": time.perf_counter() - start}))


# -- the parent ----------------------------------------------------------------------------

def measure_sample(runs: int) -> tuple[float, float]:
    walls, peaks = [], []
    with tempfile.TemporaryDirectory() as out:
        run_child(["-m", "generator", "build", "--out", out])  # warm the font cache once
        for _ in range(runs):
            wall, peak, _ = run_child(["-m", "generator", "build", "--out", out])
            walls.append(wall)
            peaks.append(peak)
    return statistics.median(walls), max(peaks)


def measure_render(size: int, fmt: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as out:
        _, peak, printed = run_child([__file__, "--child-render", str(size), fmt,
                                      str(Path(out) / f"r.{fmt}")])
    return json.loads(printed)["seconds"], peak


def measure_cli_build(size: int) -> tuple[float, float]:
    """The real command on a plan file: load, validate, build, render the three formats."""
    from benchmarks.synthetic import synthetic_plan

    with tempfile.TemporaryDirectory() as out:
        plan_file = Path(out) / f"plan-{size}.json"
        plan = synthetic_plan(size)
        plan_file.write_text(plan.model_dump_json(exclude_defaults=True), encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(plan_file),
                                 "--report", "status", "--out", out, "--jobs", "2"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"build failed: {proc.stderr.read().decode()}")
    # ru_maxrss of a waited child is the largest of it and its own waited children.
    return wall, usage.ru_maxrss / 1024


def pack_plan(units: int, folder: str) -> Path:
    """A generated plan of `units` units with about 10 tasks each, as a JSON file."""
    from benchmarks.synthetic import synthetic_plan

    plan_file = Path(folder) / f"packs-{units}.json"
    plan = synthetic_plan(units * 10, units=units, areas=10)
    plan_file.write_text(plan.model_dump_json(exclude_defaults=True), encoding="utf-8")
    return plan_file


def measure_packs(units: int, variants: dict[str, tuple[list[str], dict]],
                  runs: int = 3, cpu: dict[str, float] | None = None) -> dict[str, float]:
    """`build --per unit` of `units` packs, once per variant (label: extra arguments, extra
    environment), cold; the median wall time of `runs` runs per variant (and, into `cpu`,
    the median CPU time of all its processes). The runs alternate between the variants, so
    that a machine getting slower or faster during the measurement does not favour one of
    them."""
    walls: dict[str, list[float]] = {label: [] for label in variants}
    cpus: dict[str, list[float]] = {label: [] for label in variants}
    with tempfile.TemporaryDirectory() as out:
        plan_file = pack_plan(units, out)
        for run in range(runs):
            for i, (label, (extra, env)) in enumerate(variants.items()):
                wall, _, _ = run_child(["-m", "generator", "build", str(plan_file), "--per",
                                        "unit", "--out", str(Path(out) / f"{run}-{i}"),
                                        *extra], env)
                walls[label].append(wall)
                cpus[label].append(CPU_SECONDS[-1])
    if cpu is not None:
        cpu.update({label: statistics.median(c) for label, c in cpus.items()})
    return {label: statistics.median(w) for label, w in walls.items()}


def dask_cluster():
    """A two-worker Dask LocalCluster on loopback (one thread each), or None without Dask."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return None
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None)


def child_pack_cpu(units: int) -> None:
    """In a child: CPU time per unit pack and format (warm: libraries and fonts loaded, one
    pack rendered first), and for the overview, one process, one format after another."""
    from benchmarks.synthetic import synthetic_plan
    from generator.i18n import Labels
    from generator.indicators import analyse
    from generator.render.context import RenderContext
    from generator.reports import build_briefing, build_status_report
    from generator.reports.unit_pack import build_unit_pack
    from generator.theme import load_theme

    status = analyse(synthetic_plan(units * 10, units=units, areas=10))
    labels, context = Labels(status.plan.language), RenderContext(load_theme())
    packs = [build_unit_pack(status, labels, unit) for unit in status.units if unit.lead]
    overview = [build_briefing(status, labels), build_status_report(status, labels)]
    figures = {}
    with tempfile.TemporaryDirectory() as out:
        for fmt in FORMATS:
            def render(report, dest, fmt=fmt):
                context.render(fmt, report, dest)

            render(packs[0], Path(out) / f"warm.{fmt}")
            start = time.process_time()
            for i, pack in enumerate(packs):
                render(pack, Path(out) / f"{i}.{fmt}")
            figures[fmt] = (time.process_time() - start) / len(packs) * 1000
            start = time.process_time()
            for i, report in enumerate(overview):
                render(report, Path(out) / f"overview-{i}.{fmt}")
            figures[f"overview-{fmt}"] = (time.process_time() - start) * 1000
    print(json.dumps(figures))


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(t2 / t1) / math.log(n2 / n1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-task runs")
    parser.add_argument("--child-render", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--child-docxtpl", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-peer-docx", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-pandoc", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-pack-cpu", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_render:
        return child_render(int(args.child_render[0]), args.child_render[1],
                            args.child_render[2])
    if args.child_peer_docx:
        return child_peer_docx(int(args.child_peer_docx[0]), args.child_peer_docx[1])
    if args.child_docxtpl:
        return child_docxtpl(int(args.child_docxtpl[0]), args.child_docxtpl[1])
    if args.child_pandoc:
        return child_pandoc(int(args.child_pandoc[0]), args.child_pandoc[1])
    if args.child_pack_cpu:
        return child_pack_cpu(args.child_pack_cpu)

    sizes = SIZES[:2] if args.quick else SIZES
    verdicts: list[tuple[str, bool]] = []
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    # The package's bytecode, as any run leaves it (unless PYTHONDONTWRITEBYTECODE is set, as
    # in some sandboxes: then every cold start would compile the package from source).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")],
                   stdout=subprocess.DEVNULL, check=False)
    print("(generator/ byte-compiled first, as after a first run)\n")

    wall, peak = measure_sample(runs=5)
    print("| measure | value |\n|---|---|")
    print(f"| sample build, cold CLI (2 reports × 3 formats), median of 5 | {wall:.2f} s |")
    print(f"| sample build, peak memory | {peak:.0f} MiB |")
    verdicts.append((f"sample build ≤ 0.5 s ({wall:.2f} s)", wall <= 0.5))

    print("\n| tasks | format | render s | peak MiB |\n|---|---|---|---|")
    results: dict[tuple[int, str], tuple[float, float]] = {}
    for size in sizes:
        for fmt in FORMATS:
            results[size, fmt] = measure_render(size, fmt)
            seconds, mib = results[size, fmt]
            print(f"| {size:,} | {fmt} | {seconds:.2f} | {mib:.0f} |")
    print("\n| format | exponent 100→1,000 | exponent 1,000→10,000 |\n|---|---|---|")
    for fmt in FORMATS:
        e1 = exponent(results[100, fmt][0], results[1000, fmt][0], 100, 1000)
        e2 = (exponent(results[1000, fmt][0], results[10000, fmt][0], 1000, 10000)
              if 10000 in sizes else float("nan"))
        print(f"| {fmt} | {e1:.2f} | {e2:.2f} |")
        if 10000 in sizes:
            verdicts.append((f"{fmt} growth exponent ≤ 1.1 ({e2:.2f})", e2 <= 1.1))
    if 10000 in sizes:
        total = sum(results[10000, f][0] for f in FORMATS)
        peak = max(results[10000, f][1] for f in FORMATS)
        wall, cli_peak = measure_cli_build(10000)
        print("\n| 10,000-task status report, DOCX + PPTX + PDF | seconds | peak MiB |")
        print("|---|---|---|")
        print(f"| one after another, in one process each | {total:.2f} | {peak:.0f} |")
        print(f"| `plan-briefing build` from a JSON plan, cold, 2 workers | {wall:.2f} | "
              f"{cli_peak:.0f} (largest process) |")
        verdicts.append((f"10,000 tasks, three formats ≤ 5 s (CLI {wall:.2f} s; "
                         f"sequential {total:.2f} s)", wall <= 5))
        verdicts.append((f"10,000 tasks, peak ≤ 300 MiB ({max(peak, cli_peak):.0f} MiB)",
                         max(peak, cli_peak) <= 300))

    print("\n| peer comparison (same content, same run) | ours s | peer s | ratio |")
    print("|---|---|---|---|")
    size = 10000  # the same table: at 1,000 tasks the report's cover, charts and contents
    # (and their imports) would outweigh the table docxtpl renders
    with tempfile.TemporaryDirectory() as out:
        try:
            _, _, printed = run_child([__file__, "--child-docxtpl", str(size),
                                       str(Path(out) / "tpl.docx")])
            peer = json.loads(printed)["seconds"]
            _, _, printed = run_child([__file__, "--child-peer-docx", str(size),
                                       str(Path(out) / "ours.docx")])
            ours = json.loads(printed)["seconds"]
            print(f"| DOCX {size:,}-task status report vs docxtpl's table (both: libraries "
                  f"imported, plan analysed first) | {ours:.2f} | {peer:.2f} | "
                  f"{peer / ours:.1f}× faster |")
            verdicts.append((f"DOCX ≥ 2× faster than docxtpl ({peer / ours:.1f}×)",
                             peer / ours >= 2))
        except SystemExit as exc:
            print(f"| docxtpl | n/a | n/a | {str(exc).splitlines()[0]} |")
        for count in (30, 1000):
            try:
                _, _, printed = run_child([__file__, "--child-pandoc", str(count), out])
            except SystemExit as exc:
                print(f"| pandoc | n/a | n/a | {str(exc).splitlines()[0]} |")
                break
            peer = json.loads(printed)["seconds"]
            ours = sum(measure_render(count, f)[0] for f in ("docx", "pptx"))
            print(f"| DOCX + PPTX, {count:,} tasks, vs pandoc | {ours:.2f} | {peer:.2f} | "
                  f"{peer / ours:.1f}× |")
            verdicts.append((f"DOCX + PPTX no slower than pandoc at {count} tasks "
                             f"({peer / ours:.1f}×)", ours <= peer))

    local = {"`--jobs 1`": (["--jobs", "1"], {}), "`--jobs 2` (fork)": (["--jobs", "2"], {}),
             "`--jobs 2`, spawn": (["--jobs", "2"], {"PLAN_BRIEFING_START_METHOD": "spawn"})}
    cpu: dict[str, float] = {}
    # The local runs first, with no Dask cluster idling on the same two cores (its scheduler,
    # nannies and workers wake several times a second: ≈ 0.1 s more on a 2.3 s build).
    walls = measure_packs(100, local, runs=5, cpu=cpu)
    cluster = dask_cluster()
    if cluster is not None:  # its workers start once, as a cluster's do; warmed by one build
        address = cluster.scheduler_address
        measure_packs(10, {"warm-up": (["--scheduler", address], {})}, runs=1)
        # Dask against the pool, alternating, both with the cluster up.
        pair = {"`--jobs 2` (fork), cluster up": (["--jobs", "2"], {}),
                "Dask LocalCluster, 2 workers": (["--scheduler", address], {})}
        walls.update(measure_packs(100, pair, runs=5, cpu=cpu))
    print("\n| 100 unit packs (≈ 10 tasks each) + overview, DOCX + PPTX + PDF | wall s | "
          "CPU s, all processes |")
    print("|---|---|---|")
    for label, wall in walls.items():
        print(f"| `build --per unit` {label}, cold CLI, median of 5 (runs alternating) | "
              f"{wall:.2f} | {cpu[label]:.2f} |")
    for label in ("`--jobs 2` (fork)", "`--jobs 2`, spawn"):
        print(f"| what {label} costs beyond `--jobs 1` (second worker's start and renderer "
              f"loading, pickling): CPU | | {cpu[label] - cpu['`--jobs 1`']:+.2f} |")
    speedup = walls["`--jobs 1`"] / walls["`--jobs 2` (fork)"]
    print(f"| speed-up with 2 workers (fork) | {speedup:.2f}× |")
    verdicts.append((f"100 packs ≤ 2.5 s ({walls['`--jobs 2` (fork)']:.2f} s)",
                     walls["`--jobs 2` (fork)"] <= 2.5))
    verdicts.append((f"packs ≥ 1.8× faster with 2 workers ({speedup:.2f}×)", speedup >= 1.8))
    verdicts.append((f"100 packs under spawn ≤ 3.0 s ({walls['`--jobs 2`, spawn']:.2f} s)",
                     walls["`--jobs 2`, spawn"] <= 3.0))
    if cluster is not None:
        ratio = walls["Dask LocalCluster, 2 workers"] / walls["`--jobs 2` (fork), cluster up"]
        verdicts.append((f"100 packs on Dask ≤ 1.3× the local pool ({ratio:.2f}×)",
                         ratio <= 1.3))
        big = measure_packs(2000, {"pool": (["--jobs", "2"], {}),
                                   "dask": (["--scheduler", address], {})}, runs=1)
        print("\n| 2,000 unit packs + overview, 2 workers, one run each | wall s | "
              "packs/s per worker |\n|---|---|---|")
        rate = {k: 2000 / wall / 2 for k, wall in big.items()}
        print(f"| local pool (`--jobs 2`, fork) | {big['pool']:.1f} | {rate['pool']:.1f} |")
        print(f"| Dask LocalCluster (2 worker processes) | {big['dask']:.1f} | "
              f"{rate['dask']:.1f} |")
        share = rate["dask"] / rate["pool"]
        verdicts.append((f"2,000 packs on Dask: throughput per worker within 10% of the pool "
                         f"({share:.2f})", share >= 0.9))
        cluster.close()
    _, _, printed = run_child([__file__, "--child-pack-cpu", "100"])
    cpu = json.loads(printed)
    print("\n| CPU per report (warm, one process) | DOCX ms | PPTX ms | PDF ms |")
    print("|---|---|---|---|")
    print("| one unit pack (average of 100) | " + " | ".join(f"{cpu[f]:.1f}" for f in FORMATS)
          + " |")
    print("| overview: briefing + 1,000-task status report | "
          + " | ".join(f"{cpu['overview-' + f]:.0f}" for f in FORMATS) + " |")

    print("\n| target | met |\n|---|---|")
    for text, ok in verdicts:
        print(f"| {text} | {'yes' if ok else 'NO'} |")
    met = sum(ok for _, ok in verdicts)
    print(f"\n{met} of {len(verdicts)} targets met")


if __name__ == "__main__":
    main()
