"""How long the user's path takes on a real library: `musiccluster run FOLDER --out OUT`, nothing else, on full-length tracks.

Run from the repository root, after laying out the library with `python benchmarks/make_fulltracks.py`:

    python benchmarks/bench_library.py --folder /tmp/fulltracks [--work /tmp/bench_library] [--scale 300,1000] [--budget 1500]

Each measurement runs the command as a subprocess under `/usr/bin/time -v` (its 'Maximum resident set size' is the largest
single process) while psutil polls the whole process tree every 0.2 s (the sum of the tree's RSS; shared pages are counted
once per process, so this over-states a little).

* cold: a fresh, empty `MUSICCLUSTER_CACHE` folder with only musicnn's weights copied in beforehand (from
  ~/.cache/musiccluster/musicnn, without its embeddings/ cache, so nothing is downloaded), and `NUMBA_CACHE_DIR` unset, so
  numba compiles into that fresh cache (its `numba-v2` folder). The audio files themselves may sit in the OS page cache.
* warm: the same cache again, a second run with a new --out.
* scale: the 100 tracks repeated to N (each repeat a copy under another name, `r<j>_<file>`, its bytes made distinct so the
  content-hash caches do not hit: Ogg files get a new stream serial number with the page CRCs recomputed, MP3 files an
  ID3v1 tag appended; the decoded audio is identical), each run cold with fresh caches. The 100-track point is the cold
  run above. A size is skipped when the cold-100 time scaled linearly would not fit in what is left of --budget (seconds,
  whole script), and a run still going when the budget ends is stopped and reported as such.

Writes benchmarks/bench_library.csv (one row per run) and benchmarks/bench_library.md; logs of every run are in --work.
"""
import argparse, csv, datetime, json, os, re, shutil, signal, struct, subprocess, sys, time, zlib
from pathlib import Path
import psutil, soundfile as sf

HERE = Path(__file__).resolve().parent
AUDIO = {'.ogg', '.mp3', '.wav', '.flac'}

# --- byte-distinct repeats (same audio) ---
_REV = bytes(int(f'{i:08b}'[::-1], 2) for i in range(256))
def _ogg_crc(b:bytes)->int:  # Ogg's CRC-32 (poly 0x04c11db7, not reflected, init 0) through zlib's reflected one
    return int(f'{zlib.crc32(b.translate(_REV), 0xFFFFFFFF) ^ 0xFFFFFFFF:032b}'[::-1], 2)

def _reserial_ogg(data:bytes, salt:int)->bytes:
    out, i = bytearray(data), 0
    while i < len(out):
        if out[i:i+4] != b'OggS': raise ValueError(f'not an Ogg page at byte {i}')
        nseg = out[i+26]; end = i + 27 + nseg + sum(out[i+27:i+27+nseg])
        page = bytearray(out[i:end]); page[22:26] = b'\0\0\0\0'
        struct.pack_into('<I', page, 14, struct.unpack_from('<I', page, 14)[0] ^ salt)
        struct.pack_into('<I', page, 22, _ogg_crc(bytes(page)))
        out[i:end] = page; i = end
    return bytes(out)

def make_repeats(src:Path, dest:Path, n_total:int)->int:
    "`dest`/<game>/<file> for the originals, then `r<j>_<file>` repeats, until `n_total` files; returns the count."
    files = sorted(p for p in src.rglob('*') if p.is_file() and p.suffix.lower() in AUDIO)
    if dest.exists(): shutil.rmtree(dest)
    n = 0
    for j in range(-(-n_total // len(files))):
        for f in files:
            if n == n_total: return n
            rel = f.relative_to(src); d = dest/rel.parent/(f.name if j == 0 else f'r{j}_{f.name}')
            d.parent.mkdir(parents=True, exist_ok=True)
            if j == 0: shutil.copy(f, d)
            else:
                data = f.read_bytes()
                if f.suffix.lower() == '.ogg': data = _reserial_ogg(data, 0x5A5A0000 + j)
                elif f.suffix.lower() == '.mp3': data = data + b'TAG' + f'repeat {j}'.encode().ljust(125, b'\0')
                else: raise ValueError(f'no byte-distinct repeat for {f.suffix}')
                d.write_bytes(data)
            n += 1
    return n

# --- one measured run ---
def fresh_cache(path:Path, weights:Path):
    if path.exists(): shutil.rmtree(path)
    path.mkdir(parents=True)
    shutil.copytree(weights, path/'musicnn', ignore=shutil.ignore_patterns('embeddings'))

def measure(folder:Path, out:Path, cache:Path, log:Path, timeout:float)->dict:
    cmd = ['musiccluster', 'run', str(folder), '--out', str(out)]
    env = dict(os.environ, MUSICCLUSTER_CACHE=str(cache)); env.pop('NUMBA_CACHE_DIR', None)
    tfile = log.with_suffix('.time')
    if out.exists(): shutil.rmtree(out)
    load_before = os.getloadavg()
    t0 = time.perf_counter(); peak = 0; stopped = False; loads = []
    with open(log, 'w') as lf:
        p = subprocess.Popen(['/usr/bin/time', '-v', '-o', str(tfile)] + cmd, stdout=lf, stderr=subprocess.STDOUT, env=env,
                             start_new_session=True)
        root = psutil.Process(p.pid)
        while p.poll() is None:
            try:
                procs = [root] + root.children(recursive=True)
                peak = max(peak, sum(q.memory_info().rss for q in procs if q.is_running()))
            except psutil.Error: pass
            loads.append(os.getloadavg()[0])
            if time.perf_counter() - t0 > timeout:
                os.killpg(p.pid, signal.SIGTERM); stopped = True; p.wait(); break
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    tv = tfile.read_text() if tfile.exists() else ''
    m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', tv)
    cpu = sum(float(x) for x in re.findall(r'(?:User|System) time \(seconds\): ([\d.]+)', tv)) or None
    kk = re.findall(r'K = (\d+) \(chosen without labels\)', log.read_text(errors='replace'))
    n_rows = sum(1 for _ in open(out/'clusters.csv')) - 1 if (out/'clusters.csv').exists() else None
    return dict(command=' '.join(cmd), exit=p.returncode, stopped_at_budget=stopped, wall_s=round(wall, 1),
                peak_rss_tree_mb=round(peak/2**20), max_rss_one_process_mb=round(int(m.group(1))/1024) if m else None,
                load1_before=round(load_before[0], 2), load5_before=round(load_before[1], 2), load1_after=round(os.getloadavg()[0], 2),
                cpu_s=round(cpu, 1) if cpu else None, load1_max_during=round(max(loads), 2) if loads else None,
                k_chosen=int(kk[-1]) if kk else None, clusters_csv_rows=n_rows, log=str(log))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--folder', default='/tmp/fulltracks'); ap.add_argument('--work', default='/tmp/bench_library')
    ap.add_argument('--scale', default='300,1000'); ap.add_argument('--budget', type=float, default=1500)
    ap.add_argument('--weights', default=str(Path.home()/'.cache'/'musiccluster'/'musicnn'))
    a = ap.parse_args()
    t_start = time.perf_counter()
    folder, work, weights = Path(a.folder), Path(a.work), Path(a.weights)
    work.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in folder.rglob('*') if p.is_file() and p.suffix.lower() in AUDIO)
    durs = [sf.info(str(f)).duration for f in files]
    per_game = {}
    for f, d in zip(files, durs): g = f.relative_to(folder).parts[0]; per_game.setdefault(g, []).append(d)
    common = dict(date=datetime.datetime.now().strftime('%Y-%m-%d %H:%M'), nproc=os.cpu_count(), host_cpus_affinity=len(os.sched_getaffinity(0)))
    rows = []
    def record(label, n, r):
        row = dict(label=label, n_tracks=n, **common, **r); rows.append(row)
        print(json.dumps(row), flush=True); write(rows, per_game, folder, a, t_start)
    cache = work/'cache'
    fresh_cache(cache, weights)
    record('cold', len(files), measure(folder, work/'out_cold', cache, work/'cold.log', a.budget))
    record('warm', len(files), measure(folder, work/'out_warm', cache, work/'warm.log', a.budget))
    cold100 = rows[0]['wall_s']
    for n in [int(x) for x in a.scale.split(',') if x]:
        left = a.budget - (time.perf_counter() - t_start)
        predicted = cold100*n/len(files)
        if predicted > left:
            record(f'scale cold (skipped)', n, dict(command='', wall_s=None, note=f'skipped: predicted {predicted:.0f} s (cold {len(files)} scaled) > {left:.0f} s left of the {a.budget:.0f} s budget'))
            continue
        sf_ = work/f'scale_{n}'
        t = time.perf_counter(); made = make_repeats(folder, sf_, n); prep = time.perf_counter() - t
        c = work/f'cache_{n}'; fresh_cache(c, weights)
        r = measure(sf_, work/f'out_scale_{n}', c, work/f'scale_{n}.log', left - prep)
        r['note'] = f'{made} files: the {len(files)} plus byte-distinct repeats (same audio); making them took {prep:.0f} s (not timed)'
        record('scale cold', made, r)
        shutil.rmtree(sf_); shutil.rmtree(c)
    write(rows, per_game, folder, a, t_start)

def write(rows, per_game, folder, a, t_start):
    keys = ['label', 'n_tracks', 'wall_s', 'cpu_s', 'peak_rss_tree_mb', 'max_rss_one_process_mb', 'exit', 'stopped_at_budget', 'k_chosen',
            'clusters_csv_rows', 'load1_before', 'load1_max_during', 'load5_before', 'load1_after', 'nproc', 'host_cpus_affinity', 'date', 'command', 'log', 'note']
    with open(HERE/'bench_library.csv', 'w', newline='') as fh:
        w = csv.DictWriter(fh, keys, extrasaction='ignore'); w.writeheader(); w.writerows(rows)
    L = ['# `musiccluster run FOLDER --out OUT` on a real library of full-length tracks', '',
         f'Made by `python benchmarks/bench_library.py --folder {a.folder} --work {a.work} --scale {a.scale} --budget {a.budget:.0f}` '
         f'on {rows[0]["date"] if rows else "?"}; {os.cpu_count()} cores (nproc), no GPU. Raw rows: bench_library.csv; logs of every run in {a.work}.', '',
         '## The library', '',
         f'{sum(len(v) for v in per_game.values())} full-length tracks in {folder}/<game>/<file>, laid out by `python benchmarks/make_fulltracks.py` from the '
         'Debian packages named in the data folder\'s audio/game-music/build.py (`apt-get download`, `dpkg -x`, ufoai\'s 0music.pk3 unzipped; files under 20 s skipped '
         'as sound effects, as build.py does). Only ufoai has more than 28 tracks; it was cut to 42 (evenly spaced in sorted order) so the total '
         'is 100: the other four games have fewer than 25 usable tracks each, except drascula (28, all kept).', '',
         '| game | tracks | total min | shortest s | median s | longest s |', '|---|---|---|---|---|---|']
    for g, d in sorted(per_game.items()):
        s = sorted(d); L.append(f'| {g} | {len(d)} | {sum(d)/60:.1f} | {s[0]:.0f} | {s[len(s)//2]:.0f} | {s[-1]:.0f} |')
    L += ['', 'Note: on the user\'s path musiccluster reads 30 s of each file, three 10 s windows at 1/6, 1/2 and 5/6 of it (features '
          'and musicnn both: `FeatureParams.windows = 3`), so the length of a track barely changes the work; decoding seeks to each window.', '',
          '## Results', '', '| run | tracks | wall s | CPU s (user+sys) | peak RSS, process tree (MB) | max RSS, one process (MB) | K | exit | load 1 min before / max during | note |',
          '|---|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        L.append(f"| {r['label']} | {r['n_tracks']} | {r.get('wall_s')} | {r.get('cpu_s', '')} | {r.get('peak_rss_tree_mb', '')} | {r.get('max_rss_one_process_mb', '')} | "
                 f"{r.get('k_chosen', '')} | {r.get('exit', '')}{' (stopped at budget)' if r.get('stopped_at_budget') else ''} | "
                 f"{r.get('load1_before', '')} / {r.get('load1_max_during', '')} | {r.get('note', '')} |")
    L += ['', f'Aims: cold under 180 s and warm under 30 s for 100 tracks.', '',
          'CPU s is the user+sys time of the whole process tree (/usr/bin/time -v); with 2 cores, wall s near CPU s / 2 means the run had the '
          'machine, and a 1-min load average during the run well above 2 means other processes competed for the cores.', '',
          'How each run was measured: see the docstring of benchmarks/bench_library.py (cold = fresh MUSICCLUSTER_CACHE with only '
          'musicnn\'s weights copied in, NUMBA_CACHE_DIR unset; warm = same cache, new --out; scale = byte-distinct repeats, fresh caches).', '']
    (HERE/'bench_library.md').write_text('\n'.join(L))

if __name__ == '__main__': main()
