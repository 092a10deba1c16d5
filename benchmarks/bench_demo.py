"""The first command a newcomer runs: `musiccluster run --out DIR`, the synthetic demo (48 tracks, the three tasks, 5 seeds).

Run from the repository root: `python benchmarks/bench_demo.py [--rounds N]`. Each round runs the command twice in a
fresh process: cold, with new empty caches (`MUSICCLUSTER_CACHE`, and numba's cache inside it, so librosa's numba code
compiles), then warm, on the caches the cold run filled. Then, each in a fresh process on new empty caches and again
warm, what the demo leaves out costs: `import librosa.beat` after librosa's modules the features read, and the first
UMAP map of 48 points (`clustering_eval.map_2d`). Prints the wall times with the load average before each, and adds
the rows to results/benchmark_demo.json.
"""
import argparse, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path

# what the demo leaves out, each timed after what it needs is loaded (the seconds printed are the part after that)
LEFT_OUT = {'librosa.beat': 'import time; from musiccluster.core import import_librosa; import_librosa(); t = time.perf_counter(); '
                            'import librosa.beat; print(time.perf_counter() - t)',
            'UMAP map': 'import time, numpy as np; from musiccluster.clustering_eval import map_2d; t = time.perf_counter(); '
                        'map_2d(np.random.default_rng(0).normal(size=(48, 16)), 0, methods=("UMAP",)); print(time.perf_counter() - t)'}

def _env(cache:Path)->dict:
    "This environment with the feature and numba caches in `cache`."
    env = {k: v for k, v in os.environ.items() if k not in ('NUMBA_CACHE_DIR', 'XDG_CACHE_HOME')}
    return env | dict(MUSICCLUSTER_CACHE=str(cache))

def timed(out:Path, cache:Path)->dict:
    "Wall time of one demo run into `out` with the feature and numba caches in `cache`, and the load before it."
    load, t = os.getloadavg()[0], time.perf_counter()
    subprocess.run(['musiccluster', 'run', '--out', str(out)], env=_env(cache), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    cfg = json.loads((out/'config.json').read_text())
    return dict(wall_s=round(wall, 1), load_before=round(load, 2), command_s=cfg['command_s'], task_seconds=cfg['task_seconds'])

def left_out(cache:Path)->dict:
    "Seconds of each of `LEFT_OUT` in a fresh process with its caches in `cache`."
    run = lambda code: float(subprocess.run([sys.executable, '-c', code], env=_env(cache), check=True, capture_output=True, text=True).stdout.split()[-1])
    return {name: round(run(code), 1) for name, code in LEFT_OUT.items()}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rounds', type=int, default=1)
    a = ap.parse_args()
    rows = []
    for r in range(a.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            for kind, out in (('cold', 'a'), ('warm', 'b')):
                row = dict(kind=kind, round=r, **timed(Path(tmp)/out, Path(tmp)/'cache'))
                print(f"{kind}: {row['wall_s']} s (load {row['load_before']} before), tasks {row['task_seconds']}", flush=True)
                rows.append(row)
        with tempfile.TemporaryDirectory() as tmp:
            for kind in ('cold', 'warm'):
                row = dict(kind=f'left out, {kind}', round=r, load_before=round(os.getloadavg()[0], 2), seconds=left_out(Path(tmp)))
                print(f"{row['kind']}: {row['seconds']} (load {row['load_before']} before)", flush=True)
                rows.append(row)
    path = Path('results/benchmark_demo.json')
    old = json.loads(path.read_text()) if path.exists() else []
    stamp = dict(date=time.strftime('%Y-%m-%d'), cores=os.cpu_count(), machine=platform.machine())
    path.write_text(json.dumps(old + [dict(stamp, **row) for row in rows], indent=1) + '\n')

if __name__ == '__main__': main()
