"""The first command a newcomer runs: `musiccluster run --out DIR`, the synthetic demo (48 tracks, the three tasks, 5 seeds).

Run from the repository root: `python benchmarks/bench_demo.py [--rounds N]`. Each round runs the command twice in a
fresh process: cold, with new empty caches (`MUSICCLUSTER_CACHE`, and numba's cache inside it, so librosa's numba code
compiles), then warm, on the caches the cold run filled. Prints the wall times with the load average before each,
and adds the rows to results/benchmark_demo.json.
"""
import argparse, json, os, platform, subprocess, tempfile, time
from pathlib import Path

def timed(out:Path, cache:Path)->dict:
    "Wall time of one demo run into `out` with the feature and numba caches in `cache`, and the load before it."
    env = {k: v for k, v in os.environ.items() if k not in ('NUMBA_CACHE_DIR', 'XDG_CACHE_HOME')}
    env['MUSICCLUSTER_CACHE'] = str(cache)
    load, t = os.getloadavg()[0], time.perf_counter()
    subprocess.run(['musiccluster', 'run', '--out', str(out)], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    cfg = json.loads((out/'config.json').read_text())
    return dict(wall_s=round(wall, 1), load_before=round(load, 2), command_s=cfg['command_s'], task_seconds=cfg['task_seconds'])

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
    path = Path('results/benchmark_demo.json')
    old = json.loads(path.read_text()) if path.exists() else []
    stamp = dict(date=time.strftime('%Y-%m-%d'), cores=os.cpu_count(), machine=platform.machine())
    path.write_text(json.dumps(old + [dict(stamp, **row) for row in rows], indent=1) + '\n')

if __name__ == '__main__': main()
