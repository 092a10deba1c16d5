"""Streaming feature extraction: peak memory of `musiccluster features` against the number of files.

One 30 s synthetic clip is hard-linked under N names (no disk space); its features are computed once and every
other file is a cache hit, so what is measured is what grows with N: holding every track's segments in memory
(`extract_audio` without `segments_to`, then `features_files` written by `runfolder.Stage`), against streaming them into the output folder
(`features_command`, which `musiccluster features` runs). Each (size, mode) runs in its own process, so its peak
resident memory (VmHWM, see `peak_rss_mb`) is its own. Both give the same files, checked on the smallest size.

Run from the repository root: `python benchmarks/bench_stream.py [--sizes 500 2000 8000]`. It prints a Markdown
table and writes results/benchmark_stream.json. It needs about 0.45 MB of free disk per file for the output folders.
"""
import argparse, json, os, platform, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path

def one(manifest:str, cache:str, out:str, mode:str)->dict:
    "Featurise the manifest into `out`, holding or streaming the segments (run in a child process)."
    from musiccluster.prepare import features_command  # imported before the clock starts, in both modes
    from musiccluster.collection import load_manifest
    from musiccluster.features import extract_audio, features_files
    from musiccluster.runfolder import Stage
    t = time.perf_counter()
    if mode == 'streamed': features_command([manifest], out=out, jobs=1, cache=cache, progress=False)
    else: Stage(out, out).put_all(features_files(extract_audio(load_manifest(manifest), cache_dir=cache, n_jobs=1, progress=False)))
    return dict(seconds=time.perf_counter() - t, peak_rss_mb=peak_rss_mb())

def peak_rss_mb()->float:
    """This process's peak resident memory in MB: VmHWM on Linux, which starts afresh at exec. ru_maxrss does not: a child
    keeps its parent's peak from the fork, which made a streamed run look as large as this script's own process."""
    try: return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))/1024
    except OSError: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/(1024 if sys.platform != 'darwin' else 1024**2)

def main(sizes, keep_going=True):
    import numpy as np, pandas as pd
    from musiccluster.collection import make_synthetic_collection
    from musiccluster.features import extract_audio
    root = Path(tempfile.mkdtemp(prefix='bench-stream-'))
    try:
        clip = make_synthetic_collection(root/'one', n_per_genre=1, seconds=30.0, genres=('drone',))
        cache = root/'cache'; extract_audio(clip, cache_dir=cache, n_jobs=1, progress=False)  # the one real extraction
        rows = []
        for n in sizes:
            audio = root/f'audio{n}'; audio.mkdir()
            for i in range(n): os.link(clip.audio_path[0], audio/f'track{i:06d}.wav')
            man = audio/'manifest.csv'
            pd.DataFrame(dict(track_id=[f'track{i:06d}' for i in range(n)], audio_path=[f'track{i:06d}.wav' for i in range(n)],
                              genre='drone')).to_csv(man, index=False)
            for mode in ('held', 'streamed'):
                out = root/f'out-{mode}-{n}'
                code = f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from bench_stream import one; " \
                       f"print(json.dumps(one({str(man)!r}, {str(cache)!r}, {str(out)!r}, {mode!r})))"
                r = json.loads(subprocess.run([sys.executable, '-c', code], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
                rows.append(dict(files=n, mode=mode, seconds=round(r['seconds'], 1), peak_rss_mb=round(r['peak_rss_mb']),
                                 logmel_mb=round((out/'logmel.npy').stat().st_size/1e6)))
                print(rows[-1], flush=True)
            if n == sizes[0]:
                for f in ('logmel.npy', 'mfcc_seq.npy'):
                    assert np.array_equal(np.load(root/f'out-held-{n}'/f, mmap_mode='r'), np.load(root/f'out-streamed-{n}'/f, mmap_mode='r')), f
            for mode in ('held', 'streamed'): shutil.rmtree(root/f'out-{mode}-{n}')
            shutil.rmtree(audio)
    finally: shutil.rmtree(root, ignore_errors=True)
    load = os.getloadavg()
    print(f"\n{platform.node()}: {os.cpu_count()} cores, load average {load[0]:.1f} at the end; every file a cache hit\n")
    print('| files | segments held in memory: peak RSS | streamed to disk: peak RSS | log-mel written |\n|---|---|---|---|')
    by = {(r['files'], r['mode']): r for r in rows}
    for n in sizes:
        h, s = by[n, 'held'], by[n, 'streamed']
        print(f"| {n:,} | {h['peak_rss_mb']:,} MB ({h['seconds']} s) | {s['peak_rss_mb']:,} MB ({s['seconds']} s) | {s['logmel_mb']:,} MB |")
    Path('results').mkdir(exist_ok=True)
    Path('results/benchmark_stream.json').write_text(json.dumps(dict(rows=rows, cores=os.cpu_count(), load_average_end=load,
        note='one 30 s clip hard-linked N times; every file a cache hit; peak RSS per process (VmHWM)'), indent=1))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sizes', type=int, nargs='+', default=[500, 2000, 8000])
    main(ap.parse_args().sizes)
