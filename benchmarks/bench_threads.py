"""How many CPU threads should torch use for this project's models? One against the machine's cores.

Run from the repository root: `python benchmarks/bench_threads.py [--repeats 2]`. Needs the data folder
(`$MUSICCLUSTER_DATA`, or `shared/data` beside the checkout). Times, per thread count, with the load average before:
- the MLP VAE on the 2,617-track feature table (100 epochs, no early stopping);
- the Medium task's conv VAE (`CONV_RECIPE`) on the 3,130 game-music log-mel patches (3 epochs).
Prints a Markdown table and adds its rows to results/benchmark_threads.json. Timings taken while other work runs on the machine
say what a user with a busy laptop meets; the load column says which case a row is.
"""
import argparse, json, os, time
from pathlib import Path
import numpy as np, torch
from musiccluster.core import find_data_folder, torch_threads
from musiccluster.collection import load_features_csv
from musiccluster.basic_vae import VAEEstimator
from musiccluster.prepare import collect

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0]); ap.add_argument('--repeats', type=int, default=2)
    a = ap.parse_args()
    data = find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA)')
    from musiccluster.plans import CONV_RECIPE
    _, X = load_features_csv(data/'features'/'gtzan_banglabeats_30s.csv')
    cases = {'MLP VAE, 2,617 x 57, 100 epochs': (X.to_numpy(np.float32), dict(epochs=100, patience=1000))}
    gm = data/'audio'/'game-music'/'manifest.csv'
    if gm.exists():
        cases['conv VAE (CONV_RECIPE), 3,130 x 64 x 129, 3 epochs'] = (collect([gm], n_jobs=2, progress=False).logmel,
                                                                       dict(CONV_RECIPE, remove_level=False, latent_dim=16,  # as measured
                                                                            epochs=3, warmup_epochs=3, patience=1000))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    rows = []
    for name, (Xc, kw) in cases.items():
        for rep in range(a.repeats):
            for n in sorted({1, cores}):
                load = os.getloadavg()[0]; t = time.perf_counter()
                VAEEstimator(seed=0, n_threads=n, **kw).fit(Xc)
                rows.append(dict(case=name, threads=n, seconds=round(time.perf_counter() - t, 1), load_before=round(load, 2)))
                print(rows[-1], flush=True)
    print('\n| model | threads | seconds | load before |\n|---|---|---|---|')
    for r in rows: print(f"| {r['case']} | {r['threads']} | {r['seconds']} | {r['load_before']} |")
    out = Path('results/benchmark_threads.json'); out.parent.mkdir(exist_ok=True)
    old = json.loads(out.read_text())['rows'] if out.exists() else []  # earlier runs kept: quiet and busy machines both
    stamp = time.strftime('%Y-%m-%d %H:%M')
    out.write_text(json.dumps(dict(cores=cores, torch=torch.__version__, rows=old + [dict(r, run=stamp) for r in rows]), indent=1))

if __name__ == '__main__': main()
