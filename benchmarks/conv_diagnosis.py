"""Issue 20: why the Medium task's conv VAE is weak on the game-music clips, and which label-free changes help.

Run from the repository root: `python benchmarks/conv_diagnosis.py [--seeds 3] [--only NAME ...] [--out benchmarks/conv_diagnosis]`.
Needs the game-music clips of the data folder (`$MUSICCLUSTER_DATA` or `shared/data` beside the checkout); features come
from (and go to) the feature cache (the 6 s patches are extracted once, about 2 minutes on 2 cores).

Part 1, the diagnosis (the recipe before this study, `RECIPE_BEFORE`, seed 0): the KL of each latent dimension (collapse?),
the largest |correlation| of the active dimensions' `mu` with a patch's loudness (mean dB re. the clip's peak), its
spectral centroid (the power-weighted mean mel band) and its position in the clip, and the reconstruction error against
the per-band mean (the share of the standardised patch's variance that the decoder explains).

Part 2, the settings: each fitted over `--seeds`, its segment `mu` pooled per clip (the mean, as `experiments.embed`
does, or the mean and standard deviation over the clip's segments), then per source track (the mean over its clips, as
`results/game-music` scores `genre [per source track]`), and K-Means with K = 5. Labels only score (NMI); the label-free
criteria printed beside them are the best validation loss (the negative ELBO in nats per patch: comparable only between
settings with the same input), the number of active dimensions and the Silhouette of the K-Means partition. Writes
`<out>.csv` (one row per setting, pooling and seed) and `<out>.md` (the diagnosis and the table of means and spreads).
"""
import argparse, os, time
from pathlib import Path
import numpy as np, pandas as pd
from musiccluster.core import find_data_folder, md_table, write_csv, atomic_path
from musiccluster.features import FeatureParams
from musiccluster.prepare import collect
from musiccluster.basic_vae import VAEEstimator
from musiccluster.plans import CONV_RECIPE, MFCC_RECIPE
from musiccluster.conv_vae import track_embeddings
from musiccluster.disentanglement import kl_per_dimension
from musiccluster.clustering_eval import cluster, external_metrics, internal_metrics
from musiccluster.experiments import per_group

ACTIVE_NATS = 0.05  # a latent dimension whose mean KL is below this carries (almost) nothing
DIAGNOSED = ('recipe (3 s, d16, 40 epochs)', 'patch level removed')  # part 1 for these, seed 0

# the Medium task's recipe before this study; `plans.CONV_RECIPE` is now this with `remove_level=True, latent_dim=32`
RECIPE_BEFORE = dict(CONV_RECIPE, remove_level=False, latent_dim=16)

def recipe(**change):
    "The recipe before this study with some settings changed (`arch_kwargs` merged)."
    kw = {**RECIPE_BEFORE, **{k: v for k, v in change.items() if k != 'arch_kwargs'}}
    kw['arch_kwargs'] = {**RECIPE_BEFORE['arch_kwargs'], **change.get('arch_kwargs', {})}
    return kw

def level_removed(X:np.ndarray)->np.ndarray:
    "Each patch minus its mean dB: its level relative to the clip's peak goes, its spectral shape and texture stay."
    return X - X.mean(axis=(1, 2), keepdims=True)

SETTINGS = {  # name: (input, segment seconds, estimator settings, transform of the patches)
    'recipe (3 s, d16, 40 epochs)': ('logmel', 3.0, recipe(), None),
    'patch level removed': ('logmel', 3.0, recipe(), level_removed),
    'patch level removed, latent 32': ('logmel', 3.0, recipe(latent_dim=32), level_removed),
    'free bits 0.5 nats': ('logmel', 3.0, recipe(free_bits=0.5), None),
    'latent 32': ('logmel', 3.0, recipe(latent_dim=32), None),
    '6 s patches (pool 2x8)': ('logmel', 6.0, recipe(arch_kwargs=dict(pool=(2, 8))), None),
    '1-D conv on MFCC sequences': ('mfcc_seq', 3.0, MFCC_RECIPE, None),
    '120 epochs (patience 10)': ('logmel', 3.0, recipe(epochs=120, patience=10), None),
}

def load(data:Path, seconds:float):
    feats = collect([data/'audio/game-music/manifest.csv'], params=FeatureParams(segment_seconds=seconds), n_jobs=2, progress=False)
    return feats

def descriptors(X:np.ndarray, segment_track:np.ndarray)->pd.DataFrame:
    "Per patch: loudness (mean dB re. the clip's peak), spectral centroid (power-weighted mean mel band), position in its clip."
    power = 10**(X/10)
    centroid = (power*np.arange(X.shape[1])[None, :, None]).sum((1, 2))/power.sum((1, 2))
    position = pd.Series(segment_track).groupby(segment_track).cumcount().to_numpy()
    return pd.DataFrame(dict(loudness=X.mean((1, 2)), centroid=centroid, position=position))

def diagnose(est, X, segment_track, logmel)->dict:
    "KL per dimension, what the active dimensions follow (descriptors of the untransformed `logmel`), and the decoder's share of the variance."
    kl = kl_per_dimension(est, X)
    mu = est.transform(X)
    d = descriptors(logmel, segment_track)
    active = np.flatnonzero(kl > ACTIVE_NATS)
    corr = {c: np.array([abs(np.corrcoef(mu[:, j], d[c])[0, 1]) for j in active]) for c in d}
    Xs, R = est._scale(X), est._scale(est.reconstruct(X))
    explained = 1 - ((Xs - R)**2).mean()/((Xs - Xs.mean(0, keepdims=True).mean(2, keepdims=True))**2).mean()
    return dict(kl=kl, active=active, corr=corr, explained=float(explained), mu=mu, descriptors=d)

def pooled(mu, segment_track, n_tracks, how):
    m = track_embeddings(mu, segment_track, n_tracks)
    if how == 'mean': return m
    sd = pd.DataFrame(mu).groupby(segment_track).std(ddof=0).reindex(range(n_tracks)).to_numpy(np.float32)
    return np.hstack([m, sd])

def score(Z, tracks, seed)->dict:
    "K-Means (K = 5) per source track: NMI against the game (labels only score) and the partition's Silhouette."
    Zg, tg = per_group(Z, tracks)
    Zg = (Zg - Zg.mean(0))/np.where(Zg.std(0) > 1e-8, Zg.std(0), 1)  # every dimension on one scale, as the baselines' StandardScaler
    cl = cluster(Zg, 'kmeans', k=tg.genre.nunique(), seed=seed)
    return dict(nmi=external_metrics(tg.genre.to_numpy(), cl.labels)['nmi'], silhouette=internal_metrics(Zg, cl.labels, seed=seed)['silhouette'])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', type=int, default=3); ap.add_argument('--out', default='benchmarks/conv_diagnosis')
    ap.add_argument('--only', nargs='*', help='names of settings to run (default: all)')
    ap.add_argument('--no-diagnosis', action='store_true', help='skip part 1')
    a = ap.parse_args()
    data = find_data_folder()
    if data is None or not (data/'audio/game-music/manifest.csv').exists():
        print('skipped: the game-music clips are not in the data folder'); return
    load0, t0, feats = os.getloadavg()[0], time.time(), {}
    rows, md = [], []
    for name, (inp, seconds, kw, transform) in SETTINGS.items():
        if a.only and name not in a.only: continue
        if seconds not in feats: feats[seconds] = load(data, seconds)
        f = feats[seconds]; X = getattr(f, inp) if transform is None else transform(getattr(f, inp))
        for seed in range(a.seeds):
            t = time.time()
            est = VAEEstimator(**kw, seed=seed, device='auto').fit(X)
            s = round(time.time() - t, 1)
            mu, kl = est.transform(X), kl_per_dimension(est, X)
            for how in ('mean', 'mean+std'):
                Z = pooled(mu, f.segment_track, len(f.tracks), how)
                rows.append(dict(setting=name, pooling=how, seed=seed, best_val_loss=float(est.history_.val_loss.min()),
                                 epochs=len(est.history_), active_dims=int((kl > ACTIVE_NATS).sum()), seconds=s, **score(Z, f.tracks, seed)))
            print(rows[-2], flush=True)
            if seed == 0 and inp == 'logmel' and name in DIAGNOSED and not a.no_diagnosis:
                md.append(diagnosis_text(name, diagnose(est, X, f.segment_track, f.logmel), X))
    f3 = feats[3.0] if 3.0 in feats else load(data, 3.0)
    hand = ((f3.table - f3.table.mean())/f3.table.std()).to_numpy(np.float32)
    band = np.hstack([track_embeddings(f3.logmel.mean(2), f3.segment_track, len(f3.tracks)),
                      track_embeddings(f3.logmel.std(2), f3.segment_track, len(f3.tracks))])
    for seed in range(a.seeds):
        rows.append(dict(setting='reference: raw hand features (57)', pooling='-', seed=seed, **score(hand, f3.tracks, seed)))
        rows.append(dict(setting='reference: log-mel band mean and std (128)', pooling='-', seed=seed, **score(band, f3.tracks, seed)))
    table = pd.DataFrame(rows)
    write_csv(table, f'{a.out}.csv')
    summary = (table.groupby(['setting', 'pooling'], sort=False)
               .agg(nmi=('nmi', 'mean'), nmi_std=('nmi', 'std'), silhouette=('silhouette', 'mean'), best_val_loss=('best_val_loss', 'mean'),
                    active_dims=('active_dims', 'mean'), seconds=('seconds', 'mean')).round(3).reset_index())
    text = ("# The conv VAE on the game-music clips: diagnosis and label-free settings\n\n"
            f"`python benchmarks/conv_diagnosis.py --seeds {a.seeds}`; 2 CPU cores, load average {load0:.1f} when it started; "
            f"{round((time.time() - t0)/60)} min in all. Per source track (121), K-Means K = 5, dimensions standardised; "
            "NMI against the game scores only. `best_val_loss`: negative ELBO in nats per patch (compare within one input only).\n\n"
            + '\n'.join(md) + "\n## Settings\n\n" + md_table(summary) + '\n')
    with atomic_path(f'{a.out}.md') as tmp: Path(tmp).write_text(text, encoding='utf-8')
    print(text)

def diagnosis_text(name:str, d:dict, X)->str:
    kl = d['kl']; order = np.argsort(-kl)
    top = ', '.join(f'{kl[j]:.2f}' for j in order)
    lines = [f"## Diagnosis: {name}, seed 0, {len(X):,} patches\n",
             f"- KL per latent dimension (nats, largest first): {top}; {len(d['active'])} of {len(kl)} above {ACTIVE_NATS}.",
             f"- The decoder explains {100*d['explained']:.1f}% of the variance of the standardised patches around each band's mean.",
             "- Largest |correlation| of an active dimension's `mu` with: " +
             ', '.join(f"{c} {v.max():.2f} (mean over active dims {v.mean():.2f})" for c, v in d['corr'].items() if len(v)) + '.']
    return '\n'.join(lines) + '\n'

if __name__ == '__main__': main()
