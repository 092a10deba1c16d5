"""Issue 20 on a GPU: does the log-mel conv VAE gain from longer training, full resolution or a larger network?

The Medium task's `plans.CONV_RECIPE` was chosen for a 2-core CPU (40 epochs, the input averaged over 2 bands x 4 frames,
channels 16-32-64). Here the same game-music patches (3 s, each patch's level removed) are fitted on a GPU with:

- `recipe (40 epochs)`: `CONV_RECIPE` as it is, the reference on the same machine and the same input;
- `recipe, 300 epochs`: the same, patience 30 (no step cap);
- `recipe, 300 epochs, channels 32-64-128, latent 64`: a network twice as wide with twice the latent;
- `full resolution, 200 epochs`: no pooling (the whole 64 x 129 patch), patience 20.

The settings are compared without labels by the best validation loss (negative ELBO in nats per patch, one input for all
four) and the Silhouette; NMI against the game (per source track, K-Means K = 5, as `conv_diagnosis.py`) only scores.

Three steps, as a GPU machine may not hold the data folder (run from the repository root):

    python benchmarks/conv_gpu.py export .gpu/patches.npz      # where the data is: the patches, no labels (17 MB)
    python benchmarks/conv_gpu.py fit .gpu/patches.npz fits.npz [--seeds 5] [--jobs 5]   # on the GPU: each fit's patch mu
    python benchmarks/conv_gpu.py score fits.npz [--out benchmarks/conv_gpu]             # where the data is: the table

The export stores the log-mel patches (dB re. each clip's peak, in [-80, 0]) as 8-bit steps of 80/255 dB (0.31 dB), to
travel in a 64 MiB transfer; every setting, the reference included, is fitted on that same input. `fit` runs several
fits at a time on one GPU (`--jobs` processes); it writes each one's seconds, epochs and validation loss beside its mu.
"""
import argparse, functools, json, lzma, os, sys, time
from pathlib import Path
import numpy as np, pandas as pd

SETTINGS = {  # name: changes to plans.CONV_RECIPE (arch_kwargs replaced whole); cheap ones first
    'recipe (40 epochs)': {},
    'recipe, 300 epochs': dict(epochs=300, patience=30, max_steps=None),
    'recipe, 300 epochs, channels 32-64-128, latent 64': dict(epochs=300, patience=30, max_steps=None, latent_dim=64,
                                                              arch_kwargs=dict(channels=(32, 64, 128), pool=(2, 4))),
    'full resolution, 200 epochs': dict(epochs=200, patience=20, max_steps=None, arch_kwargs=dict(channels=(16, 32, 64))),
}
DB_RANGE = 80.0  # log-mel in dB re. each clip's peak lies in [-80, 0] (librosa's power_to_db top_db)
sys.path.insert(0, str(Path(__file__).parent))  # conv_diagnosis, beside this file

def game_music():
    "The game-music clips' features with 3 s segments (`conv_diagnosis.load`); exits with the reason where the data is absent."
    from conv_diagnosis import load
    from musiccluster.core import find_data_folder
    data = find_data_folder()
    if data is None or not (data/'audio/game-music/manifest.csv').exists(): raise SystemExit('skipped: the game-music clips are not in the data folder')
    return load(data, 3.0)

def export(path):
    "The 3 s log-mel patches of the game-music clips and each patch's clip (no labels), 8-bit, to `path`."
    from musiccluster.core import atomic_path
    f = game_music()
    X = np.clip(f.logmel, -DB_RANGE, 0)
    q = np.round(-X/DB_RANGE*255).astype(np.uint8)
    print(f'{len(q):,} patches of {q.shape[1:]}; largest rounding error {np.abs(X + q/255*DB_RANGE).max():.3f} dB')
    with atomic_path(path) as tmp:
        with open(tmp, 'wb') as fh:  # LZMA packs the 8-bit steps a quarter smaller than `savez_compressed`'s zlib
            np.savez(fh, q_xz=np.frombuffer(lzma.compress(q.tobytes()), np.uint8), shape=q.shape, segment_track=f.segment_track, n_tracks=len(f.tracks))

@functools.lru_cache(maxsize=1)  # once per worker process: joblib's workers take several fits each
def patches(path)->tuple:
    "The exported patches in dB (n, 64, 129) float32, each patch's clip (n,) and the number of clips."
    with np.load(path) as z:
        q = np.frombuffer(lzma.decompress(z['q_xz'].tobytes()), np.uint8).reshape(z['shape'])
        return -(q.astype(np.float32)/255*DB_RANGE), z['segment_track'], int(z['n_tracks'])

def _fit(name, seed, path):
    import torch
    from musiccluster.basic_vae import VAEEstimator
    from musiccluster.plans import CONV_RECIPE
    torch.set_num_threads(2)
    X, _, _ = patches(path)
    kw = {**CONV_RECIPE, **SETTINGS[name]}
    t = time.perf_counter()
    est = VAEEstimator(**kw, seed=seed, device='auto').fit(X)
    if torch.cuda.is_available(): torch.cuda.synchronize()
    s = time.perf_counter() - t
    return dict(setting=name, seed=seed, seconds=round(s, 1), epochs=len(est.history_), best_val_loss=float(est.history_.val_loss.min()),
                device=str(next(est.model_.parameters()).device)), est.transform(X).astype(np.float32)

def fit(path, out, seeds:int, jobs:int, only=None):
    "Every setting x seed, `jobs` at a time; writes `out` (an npz of the fits' table and each fit's patch mu)."
    import torch
    from joblib import Parallel, delayed
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none'
    print('torch', torch.__version__, '| CUDA:', gpu, flush=True)
    todo = [(n, s) for n in SETTINGS if not only or n in only for s in range(seeds)]
    t = time.perf_counter()
    rows, mus = [], {}
    for (n, s), (row, mu) in zip(todo, Parallel(n_jobs=jobs, return_as='generator')(delayed(_fit)(n, s, path) for n, s in todo)):
        rows.append(row); mus[f'{list(SETTINGS).index(n)}_{s}'] = mu
        print(row, flush=True)
        wall = time.perf_counter() - t
        table = pd.DataFrame(rows).assign(wall_s=round(wall, 1), jobs=jobs, gpu=gpu)
        tmp = Path(out).with_suffix('.tmp.npz')  # after every fit, so that a run cut short keeps what it finished
        np.savez_compressed(tmp, table=table.to_json(orient='records'), **mus); os.replace(tmp, out)
    print(f'{len(rows)} fits in {wall:.0f} s with {jobs} at a time', flush=True)

def score(fits, out):
    "NMI and Silhouette per source track of every fit in `fits` (labels from the data folder), to `out`.{csv,md}."
    from conv_diagnosis import pooled, score as score_one
    from musiccluster.core import md_table, write_csv, atomic_path
    f = game_music()
    with np.load(fits) as z:
        table = pd.DataFrame(json.loads(str(z['table'])))
        rows = [dict(r, **score_one(pooled(z[f"{list(SETTINGS).index(r['setting'])}_{r['seed']}"], f.segment_track, len(f.tracks), 'mean'), f.tracks, r['seed']))
                for r in table.to_dict('records')]
    table = pd.DataFrame(rows)
    write_csv(table, f'{out}.csv')
    summary = (table.groupby('setting', sort=False)
               .agg(nmi=('nmi', 'mean'), nmi_std=('nmi', 'std'), silhouette=('silhouette', 'mean'), best_val_loss=('best_val_loss', 'mean'),
                    best_val_loss_std=('best_val_loss', 'std'), epochs=('epochs', 'mean'), seconds=('seconds', 'mean'), seeds=('seed', 'count'))
               .round(3).reset_index())
    g = table.iloc[0]
    text = ("# The log-mel conv VAE on a GPU: longer training, full resolution, a larger network\n\n"
            f"`python benchmarks/conv_gpu.py fit` on {g.gpu} ({g.jobs} fits at a time, {table.wall_s.max():.0f} s for all {len(table)}), "
            "then `score` here. Game-music, 3 s patches, each patch's level removed; per source track (121), K-Means K = 5, "
            "dimensions standardised; NMI against the game scores only. `best_val_loss`: negative ELBO in nats per patch "
            "(one input for all rows); `seconds`: one fit's wall time while the others ran beside it.\n\n" + md_table(summary) + '\n')
    with atomic_path(f'{out}.md') as tmp: Path(tmp).write_text(text, encoding='utf-8')
    print(text)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='step', required=True)
    e = sub.add_parser('export'); e.add_argument('patches')
    f = sub.add_parser('fit'); f.add_argument('patches'); f.add_argument('fits')
    f.add_argument('--seeds', type=int, default=5); f.add_argument('--jobs', type=int, default=5); f.add_argument('--only', nargs='*')
    s = sub.add_parser('score'); s.add_argument('fits'); s.add_argument('--out', default='benchmarks/conv_gpu')
    a = ap.parse_args()
    if a.step == 'export': export(a.patches)
    elif a.step == 'fit': fit(a.patches, a.fits, a.seeds, a.jobs, a.only)
    else: score(a.fits, a.out)

if __name__ == '__main__': main()
