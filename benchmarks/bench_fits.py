"""One fit of each Hard-task model on the 2,617-track table, alone on one thread, as a run's worker fits it.

Run from the repository root: `python benchmarks/bench_fits.py`. Needs the data folder (`$MUSICCLUSTER_DATA`, or
`shared/data` beside the checkout). Fits each representation of the Hard plan at seed 0 in this one process (torch and
BLAS on one thread), then the first of them that uses UMAP once more, to show what its first fit in a process pays for
numba's compilation. Prints a Markdown table and adds the run to results/benchmark_fits.json with the load average.
"""
import json, os, time
from pathlib import Path

def main():
    import torch
    from threadpoolctl import threadpool_limits
    from musiccluster.core import find_data_folder
    from musiccluster.prepare import collect, prepare
    from musiccluster.plans import task_plan
    from musiccluster.experiments import embed
    data = find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA)')
    torch.set_num_threads(1)
    src = [data/'features'/'gtzan_banglabeats_30s.csv']
    prep = prepare(collect(src, None, n_jobs=1, progress=False), src, 'tfidf', None, False, conditions=('language',), progress=False)
    reps, _ = task_plan('hard', prep.inputs, prep.features.tracks, device='cpu')
    load, rows = os.getloadavg()[0], []
    with threadpool_limits(1):
        for r in reps + [r for r in reps if r.name == 'UMAP'][:1]:
            t = time.perf_counter(); embed(r, prep.inputs, prep.features.tracks, 0)
            again = any(x['model'] == r.name for x in rows)
            rows.append(dict(model=r.name + (' (again, same process)' if again else ''), seconds=round(time.perf_counter() - t, 1)))
            print(rows[-1], flush=True)
    print(f'\n| model, seed 0, one thread (load {load:.2f} before) | seconds |\n|---|---|')
    for r in rows: print(f"| {r['model']} | {r['seconds']} |")
    out = Path('results/benchmark_fits.json')
    old = json.loads(out.read_text())['runs'] if out.exists() else []
    out.write_text(json.dumps(dict(runs=old + [dict(run=time.strftime('%Y-%m-%d %H:%M'), load_before=round(load, 2), rows=rows)]), indent=1))

if __name__ == '__main__': main()
