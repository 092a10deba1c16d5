"""Where a whole `musiccluster run` spends its time: the 2,617-track table, `--task all --seeds 5`, phase by phase.

Run from the repository root: `python benchmarks/bench_run.py [--out DIR]` (default: a temporary folder; pass
`--out results/gtzan-banglabeats --overwrite` to regenerate the committed results with the same run). Needs the data
folder (`$MUSICCLUSTER_DATA`, or `shared/data` beside the checkout). Wraps the runner's stages with timers (the models'
fits in worker processes, the maps and plots, clustering, internal and external metrics, the users' K and clusters),
prints their seconds and the command's wall time with the load average before, and adds the row to
results/benchmark_run.json.
"""
import argparse, collections, functools, json, os, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=None); ap.add_argument('--overwrite', action='store_true'); ap.add_argument('--seeds', type=int, default=5)
    a = ap.parse_args()
    import musiccluster.experiments as ex, musiccluster.reports as rep
    from musiccluster.core import find_data_folder, pick_device
    data = find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA)')
    T, N = collections.Counter(), collections.Counter()
    def wrap(name, label, mod=ex):  # `mod`: the module whose code calls `name` (its global is replaced)
        f = getattr(mod, name)
        @functools.wraps(f)
        def timed(*args, **kw):
            t = time.perf_counter()
            try: return f(*args, **kw)
            finally: T[label] += time.perf_counter() - t; N[label] += 1
        setattr(mod, name, timed)
    for name, label in [('_fit_parallel', 'fitting the models (worker processes)'), ('cluster', 'clustering'),
                        ('internal_metrics', 'internal metrics'), ('external_metrics', 'external metrics'), ('_user_k', "the users' K"),
                        ('_users', "the users' clusters (names, maps, similar tracks)")]:
        wrap(name, label)
    device = pick_device('auto')
    if device != 'cpu': wrap('embed', 'fitting the models (one process, on the GPU)')  # no worker processes on a GPU
    wrap('_plots', 'maps and plots', rep); wrap('plot_metric_summary', 'metric summary plots', rep)  # `reports.plot_files` calls these
    load = os.getloadavg()[0]
    out = Path(a.out) if a.out else Path(tempfile.mkdtemp())/'run'
    t = time.perf_counter()
    ex.run_command([data/'features'/'gtzan_banglabeats_30s.csv'], task='all', seeds=a.seeds, out=out, overwrite=a.overwrite, progress=False)
    wall = time.perf_counter() - t
    cfg = json.loads((out/'config.json').read_text())
    rest = wall - sum(T.values())
    print(f'\n| stage ({a.seeds} seeds, load {load:.2f} before) | seconds | calls |\n|---|---|---|')
    for k, v in T.most_common(): print(f'| {k} | {v:.1f} | {N[k]} |')
    print(f'| everything else (reading, audit, the rest) | {rest:.1f} | |\n| **the whole command** | **{wall:.1f}** | |')
    res = Path('results/benchmark_run.json')
    rows = json.loads(res.read_text())['rows'] if res.exists() else []
    rows.append(dict(run=time.strftime('%Y-%m-%d %H:%M'), device=device, cpus=os.cpu_count(), seeds=a.seeds, load_before=round(load, 2), wall_s=round(wall, 1),
                     command_s=cfg.get('command_s'), task_seconds=cfg.get('task_seconds'), stages={k: round(v, 1) for k, v in T.items()}))
    res.write_text(json.dumps(dict(rows=rows), indent=1))

if __name__ == '__main__': main()
