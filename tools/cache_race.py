"""Two musiccluster processes at once on one empty cache folder, repeated: the race behind `nbdev_test`'s first-run crashes.

Each trial makes an empty cache folder (`MUSICCLUSTER_CACHE`, `XDG_CACHE_HOME`, no `NUMBA_CACHE_DIR`), starts two processes
at the same instant that import `musiccluster.features` (librosa 0.11's gufuncs compile at import) and extract a small
collection (librosa 1.0's compile at their first call), then two more processes that only load what the first two
cached. A trial fails when any process does not exit 0 (a damaged numba cache shows as -11, SIGSEGV). Before
`core.numba_cache_lock` this failed 3 trials in 6 with librosa 0.11; with librosa 1.0.1 (Python 3.12) the
extraction under the lock at import alone still crashed 3 runs in 3, which `features._warm_numba` under the lock fixed.

    /tmp/venv312/bin/python tools/cache_race.py --trials 5   # another interpreter: run the script with it

    python tools/cache_race.py --trials 10              # the race on the library's import
    python tools/cache_race.py --trials 10 --nbdev      # two notebooks' fast tests at once (nbdev_test), as in the issue
    python tools/cache_race.py --trials 10 --suite      # the README's test command, whole, each time on new empty caches
"""
import argparse, os, subprocess, sys, tempfile, time
from pathlib import Path

CODE = '''import sys, time
t = float(sys.argv[1])
while time.time() < t: time.sleep(0.001)
import tempfile
from pathlib import Path
import numpy as np
from musiccluster.collection import make_synthetic_collection
from musiccluster.features import extract_audio
import librosa
tracks = make_synthetic_collection(Path(tempfile.mkdtemp()), n_per_genre=1, seconds=4.0, genres=('drone', 'pulse'))
extract_audio(tracks, cache_dir=None, n_jobs=1, progress=False)  # librosa 1.0 compiles its gufuncs here, at their first call
librosa.util.localmax(np.random.rand(100))
'''

def trial(nbdev:bool, suite:bool=False)->list:
    "Exit codes of the two concurrent processes, then of the two that load the cache; or of the whole `nbdev_test`."
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as d:
        env = {k: v for k, v in os.environ.items() if k != 'NUMBA_CACHE_DIR'} | dict(MUSICCLUSTER_CACHE=d, XDG_CACHE_HOME=d)
        if suite:  # the README's command as a newcomer runs it: every cache new (numba's lives under MUSICCLUSTER_CACHE)
            log = root/'benchmarks'/'first_run.log'
            with open(log, 'a') as f: return [subprocess.run(['nbdev_test'], env=env, cwd=root, stdout=f, stderr=subprocess.STDOUT).returncode]
        if nbdev:
            cmds = [['nbdev_test', '--path', str(root/'nbs'/nb)] for nb in ('00_features.ipynb', '00a_musicnn.ipynb')]
            ps = [subprocess.Popen(c, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmds]
            return [p.wait() for p in ps]
        start = str(time.time() + 3)
        ps = [subprocess.Popen([sys.executable, '-c', CODE, start], env=env, stderr=subprocess.DEVNULL) for _ in range(2)]
        codes = [p.wait() for p in ps]
        return codes + [subprocess.run([sys.executable, '-c', CODE, '0'], env=env, stderr=subprocess.DEVNULL).returncode for _ in range(2)]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--trials', type=int, default=10)
    ap.add_argument('--nbdev', action='store_true', help="run two notebooks' tests at once instead of the import")
    ap.add_argument('--suite', action='store_true', help="run the README's `nbdev_test`, whole, on new empty caches each trial")
    a = ap.parse_args()
    failed, t0 = 0, time.time()
    for i in range(a.trials):
        t = time.time()
        codes = trial(a.nbdev, a.suite)
        failed += any(codes)
        print(f'trial {i + 1}: exit codes {codes} ({time.time() - t:.0f} s, load average {os.getloadavg()[0]:.1f})', flush=True)
    print(f"{a.trials - failed} passed, {failed} failed ({time.time() - t0:.0f} s, load average {os.getloadavg()[0]:.1f})")
    sys.exit(1 if failed else 0)
