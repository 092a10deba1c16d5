"""Scale: the Easy task and the K-Means / GMM clusterers on 10k, 30k and 100k tracks.

The feature tables are made from the 2,617 real tracks of the data folder: real rows resampled with
replacement plus Gaussian noise of 5% of each column's standard deviation (labelled as such in the
output: they are resampled real rows, not new music). Each size runs in its own process so that its
peak memory (ru_maxrss) is its own. Per size it records wall time and peak resident memory of:
the Easy task (raw features, PCA and the MLP VAE with K-Means, Silhouette sampled, plots drawn from
a sample), and K-Means and GMM (diagonal, K = 18) on the standardised features.

Run from the repository root: `python benchmarks/bench_scale.py [--sizes 10000 30000 100000]`.
It prints a Markdown table, writes results/benchmark_scale.json and plots results/benchmark_scale.png.
"""
import argparse, json, os, platform, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

def one_size(n:int, data:Path, seed:int=0)->dict:
    "Build a table of `n` resampled real rows and time the Easy task and the clusterers on it (run in a child process)."
    import pandas as pd
    from musiccluster.collection import load_features_csv
    from musiccluster.clustering_eval import cluster
    from musiccluster.experiments import run_tasks
    from musiccluster.prepare import Inputs
    from sklearn.preprocessing import StandardScaler
    tracks, X = load_features_csv(data/'features'/'gtzan_banglabeats_30s.csv')
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(X), n)
    Xn = X.to_numpy()[idx] + rng.normal(size=(n, X.shape[1]))*0.05*X.to_numpy().std(0)
    tr = tracks.iloc[idx].reset_index(drop=True).assign(track_id=[f'resampled-{i}' for i in range(n)])
    out = {}
    t = time.perf_counter()
    m = run_tasks(tr, Inputs(audio=Xn.astype(np.float32)), tasks=('easy',), seeds=[seed], progress=False).metrics  # computes; writes nothing
    out['easy_task_s'] = time.perf_counter() - t
    Z = StandardScaler().fit_transform(Xn)
    for method in ('kmeans', 'gmm'):
        t = time.perf_counter(); cluster(Z, method, k=18, seed=seed); out[f'{method}_s'] = time.perf_counter() - t
    g = m[(m.label == 'genre') & (m.metric == 'nmi')].set_index('model').value
    out['genre_nmi'] = {k: round(float(v), 3) for k, v in g.items()}
    out['peak_rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024  # Linux: kilobytes
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[10_000, 30_000, 100_000])
    ap.add_argument('--data', default=None, help='the data folder (default: $MUSICCLUSTER_DATA, or shared/data beside the checkout)')
    ap.add_argument('--child', type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    from musiccluster.core import find_data_folder
    data = Path(args.data) if args.data else find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA or pass --data)')
    if args.child is not None: print(json.dumps(one_size(args.child, data))); return
    rows = {}
    for n in args.sizes:
        load = os.getloadavg()[0]
        t = time.perf_counter()
        res = subprocess.run([sys.executable, __file__, '--child', str(n), '--data', str(data)], capture_output=True, text=True)
        if res.returncode: raise SystemExit(f'size {n} failed:\n{res.stderr[-2000:]}')
        rows[n] = dict(json.loads(res.stdout.strip().splitlines()[-1]), wall_s=time.perf_counter() - t, load_before=load)
        print(f'{n:>7,} tracks: {rows[n]["wall_s"]:.0f} s, peak {rows[n]["peak_rss_mb"]:.0f} MB', flush=True)
    print('\n| tracks | Easy task s | K-Means s | GMM s | whole process s | peak memory MB | load before |')
    print('|---|---|---|---|---|---|---|')
    for n, r in rows.items():
        print(f"| {n:,} | {r['easy_task_s']:.0f} | {r['kmeans_s']:.1f} | {r['gmm_s']:.1f} | {r['wall_s']:.0f} | {r['peak_rss_mb']:.0f} | {r['load_before']:.1f} |")
    meta = dict(machine=platform.machine(), cpus=os.cpu_count(), python=platform.python_version(),
                data='real rows of gtzan_banglabeats_30s.csv resampled with 5% Gaussian noise')
    Path('results').mkdir(exist_ok=True)
    Path('results/benchmark_scale.json').write_text(json.dumps(dict(meta, sizes={str(k): v for k, v in rows.items()}), indent=1))
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    ns = np.array(list(rows)); fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in (('easy_task_s', 'Easy task'), ('kmeans_s', 'K-Means'), ('gmm_s', 'GMM'), ('wall_s', 'whole process')):
        axes[0].plot(ns, [rows[n][key] for n in ns], 'o-', label=label)
    axes[0].plot(ns, rows[ns[0]]['wall_s']*ns/ns[0], 'k:', label='linear from the first size')
    axes[1].plot(ns, [rows[n]['peak_rss_mb'] for n in ns], 'o-', label='peak resident memory')
    axes[1].axhline(4096, color='r', ls='--', label='4 GB aim')
    for ax, y in zip(axes, ('seconds', 'MB')):
        ax.set_xscale('log'); ax.set_yscale('log'); ax.set_xlabel('tracks (resampled real rows)'); ax.set_ylabel(y); ax.legend(fontsize=8)
    fig.suptitle(f'musiccluster at scale, {os.cpu_count()} CPU cores'); fig.tight_layout(); fig.savefig('results/benchmark_scale.png', dpi=110)

if __name__ == '__main__': main()
