"""Which 2-D map the user's path should draw: UMAP against t-SNE, each in a fresh process, as a `musiccluster run` meets it.

    python benchmarks/bench_maps.py [--sizes 18,100,500,1000]

For each size and method, a new Python process imports musiccluster, then times `clustering_eval.map_2d` on random
(n, 200) float32 points (the size of a musicnn embedding): the first call pays UMAP's numba loading (from a warm numba
cache, as on a second run), t-SNE pays nothing of the kind. Writes benchmarks/bench_maps.md; `experiments.user_map`'s
threshold (t-SNE up to 500 tracks) comes from it.
"""
import argparse, os, subprocess, sys, datetime
from pathlib import Path

CODE = '''import sys, time, numpy as np
from musiccluster.clustering_eval import map_2d
Z = np.random.default_rng(0).normal(size=(int(sys.argv[1]), 200)).astype(np.float32)
t = time.perf_counter(); map_2d(Z, 0, methods=(sys.argv[2],)); print(time.perf_counter() - t)'''

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', default='18,100,500,1000')
    sizes = [int(s) for s in ap.parse_args().sizes.split(',')]
    subprocess.run([sys.executable, '-c', CODE, '50', 'UMAP'], check=True, capture_output=True)  # numba's cache filled once
    load = os.getloadavg()[0]
    rows = [(n, m, float(subprocess.run([sys.executable, '-c', CODE, str(n), m], check=True, capture_output=True, text=True).stdout))
            for n in sizes for m in ('UMAP', 't-SNE')]
    lines = ['# The user\'s map: UMAP or t-SNE', '',
             f'Made by `python benchmarks/bench_maps.py --sizes {",".join(map(str, sizes))}` on {datetime.datetime.now():%Y-%m-%d %H:%M}; '
             f'{os.cpu_count()} cores, 1-min load average {load:.1f} before. Seconds of the first `map_2d` call in a fresh process '
             '(random (n, 200) points; numba\'s cache warm).', '', '| tracks | UMAP s | t-SNE s |', '|---|---|---|']
    for n in sizes:
        u, t = (next(s for k, mm, s in rows if k == n and mm == m) for m in ('UMAP', 't-SNE'))
        lines.append(f'| {n} | {u:.1f} | {t:.1f} |')
    out = Path(__file__).resolve().parent/'bench_maps.md'
    out.write_text('\n'.join(lines) + '\n', encoding='utf-8'); print(out.read_text())

if __name__ == '__main__':
    main()
