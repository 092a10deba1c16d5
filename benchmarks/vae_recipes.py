"""Issue 10: does any recipe make the VAE family beat UMAP + K-Means on the 57 audio features of the 2,617 tracks?

Run from the repository root: `python benchmarks/vae_recipes.py [--seeds 5] [--out benchmarks/vae_recipes]`.
Writes `<out>.csv` (one row per seed, representation, clusterer and label) and `<out>.md` (the summary).

Labels only score. Every choice is made without them:
- input transform of the `*_var` columns (none / log / quantile), by the mean Silhouette of the VAE's K-Means partitions;
- latent size and KL regime (for that transform), by validation ELBO (recon + KL, comparable within one transform);
- K-Means vs GMM on a latent, by Silhouette of the partition.
Representations are fitted once per seed on all tracks and scored on each label's tracks (as `04d_experiments`);
VaDE needs K when it is fitted, so it is fitted per label (on that label's tracks), starting from one autoencoder
per seed pretrained on all tracks (also the N2D autoencoder).
"""
import argparse, time
import numpy as np, pandas as pd
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from sklearn.metrics import normalized_mutual_info_score, silhouette_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
import torch, umap
from musiccluster.core import find_data_folder
from musiccluster.collection import load_collection
from musiccluster.basic_vae import VAEEstimator
from musiccluster.vade import VaDEEstimator
from musiccluster.features import tame_tails

PATIENCE = 10  # early-stopping patience of every VAE-family fit (the estimators' default is 30): CPU budget
SPECS = [('genre', 18, None), ('language', 2, None), ('genre', 10, 'en'), ('genre', 8, 'bn')]

def spec_name(label, k, lang): return f'{label} K={k}' + (f' ({lang})' if lang else '')

def cluster(Z, method, k, seed):
    if method == 'kmeans': return KMeans(k, n_init=10, random_state=seed).fit_predict(Z)
    return GaussianMixture(k, covariance_type='full', reg_covar=1e-4, random_state=seed).fit(Z).predict(Z)

def score(rows, name, Z, tracks, seed, clusterers, fit_s, scale=False, **extra):
    """Cluster Z on each label's tracks with each clusterer; one row per (clusterer, label) with NMI and Silhouette.
    `scale`: standardise Z first (raw features only: standardising a VAE latent blows its inactive dimensions up to
    unit variance, which cost the VAE 0.07 genre NMI in a first run)."""
    if scale: Z = StandardScaler().fit_transform(Z)
    for label, k, lang in SPECS:
        m = np.ones(len(tracks), bool) if lang is None else (tracks.language == lang).to_numpy()
        for c in clusterers:
            y = cluster(Z[m], c, k, seed)
            rows.append(dict(model=name, clusterer=c, label=spec_name(label, k, lang), seed=seed, fit_s=fit_s,
                             nmi=normalized_mutual_info_score(tracks[label].to_numpy()[m], y),
                             silhouette=silhouette_score(Z[m], y) if len(set(y)) > 1 else np.nan, **extra))

def elbo(est):
    "Validation ELBO (recon + KL, nats per track; lower is better) at the restored epoch."
    h = est.history_; i = h.val_loss[h.epoch >= est.warmup_epochs].idxmin()
    return float(h.val_recon[i] + h.val_kl[i])

def timed(f):
    t = time.time(); out = f(); return out, time.time() - t

def umap16(seed): return umap.UMAP(n_components=16, n_neighbors=30, min_dist=0.0, random_state=seed)

def main(seeds=5, out='benchmarks/vae_recipes'):
    torch.set_num_threads(1)  # two threads on two shared cores ran 8x slower here (oversubscription)
    data = find_data_folder()
    if data is None: print('skipped: no data folder (set MUSICCLUSTER_DATA)'); return
    tracks, X = load_collection(data/'features'/'gtzan_banglabeats_30s.csv')
    inputs = {kind: tame_tails(X.columns, kind).fit_transform(X.values) for kind in ('none', 'log', 'quantile')}
    rows, both = [], ('kmeans', 'gmm')
    fast = dict(device='cpu', patience=PATIENCE)
    vae = lambda seed, **kw: VAEEstimator(seed=seed, **fast, **{'latent_dim': 16, **kw})
    t0 = time.time()
    # Stage 1: baselines and the VAE on each input transform
    for s in range(seeds):
        for kind in ('none', 'log'):
            score(rows, f'raw ({kind})', inputs[kind], tracks, s, ('kmeans',), 0.0, scale=True, family='baseline', transform=kind)
        Z, t = timed(lambda: make_pipeline(StandardScaler(), umap16(s)).fit_transform(inputs['none']))
        score(rows, 'UMAP (none)', Z, tracks, s, both, t, family='baseline', transform='none')
        for kind in ('none', 'log', 'quantile'):
            est, t = timed(lambda: vae(s).fit(inputs[kind]))
            score(rows, f'VAE d16 ({kind})', est.transform(inputs[kind]), tracks, s, both, t, family='vae', transform=kind, elbo=elbo(est))
        print(f'stage 1, seed {s}: {time.time() - t0:.0f} s', flush=True)
    df = pd.DataFrame(rows)
    sil = df[df.model.str.startswith('VAE d16') & (df.clusterer == 'kmeans')].groupby('transform').silhouette.mean()
    best_t = sil.idxmax()
    print('transform chosen by mean Silhouette of the VAE K-Means partitions:', sil.round(3).to_dict(), '->', best_t, flush=True)
    # Stage 2: on the chosen transform, latent size and KL regime; VaDE; N2D
    Xt = inputs[best_t]
    grid = {'VAE d8': dict(latent_dim=8), 'VAE d16 free bits 0.5': dict(free_bits=0.5)}
    for s in range(seeds):
        for name, kw in grid.items():
            est, t = timed(lambda: vae(s, **kw).fit(Xt))
            score(rows, f'{name} ({best_t})', est.transform(Xt), tracks, s, both, t, family='vae', transform=best_t, elbo=elbo(est))
        base = VaDEEstimator(latent_dim=10, seed=s, **fast)
        ae, t_ae = timed(lambda: base.pretrain(Xt))
        codes = ae.transform(Xt)
        score(rows, f'AE d10 ({best_t})', codes, tracks, s, ('kmeans',), t_ae, family='baseline', transform=best_t)
        Z, t = timed(lambda: make_pipeline(StandardScaler(), umap16(s)).fit_transform(codes))
        score(rows, f'N2D: AE d10 -> UMAP ({best_t})', Z, tracks, s, both, t_ae + t, family='vae', transform=best_t)
        for label, k, lang in SPECS:
            m = np.ones(len(tracks), bool) if lang is None else (tracks.language == lang).to_numpy()
            est, t = timed(lambda: VaDEEstimator(n_clusters=k, latent_dim=10, seed=s, **fast).fit(Xt[m], pretrained=ae))
            y, mu = est.labels_, est.transform(Xt[m])
            truth = tracks[label].to_numpy()[m]
            for c, yc in (('own predict', y), ('kmeans', cluster(mu, 'kmeans', k, s))):
                rows.append(dict(model=f'VaDE d10 ({best_t})', clusterer=c, label=spec_name(label, k, lang), seed=s, fit_s=t_ae + t,
                                 nmi=normalized_mutual_info_score(truth, yc), family='vae', transform=best_t, elbo=elbo(est),
                                 silhouette=silhouette_score(mu, yc) if len(set(yc)) > 1 else np.nan, n_used=len(set(y))))
        print(f'stage 2, seed {s}: {time.time() - t0:.0f} s', flush=True)
    df = pd.DataFrame(rows)
    df.to_csv(f'{out}.csv', index=False)
    summary = (df.groupby(['label', 'family', 'model', 'clusterer'], sort=False)
                 .agg(nmi_mean=('nmi', 'mean'), nmi_std=('nmi', 'std'), silhouette=('silhouette', 'mean'),
                      elbo=('elbo', 'mean'), fit_s=('fit_s', 'mean'), n=('seed', 'nunique')).reset_index())
    lines = [f'# VAE recipes: {seeds} seeds, {time.time() - t0:.0f} s in all', '',
             f'Transform chosen by Silhouette (mean over the VAE d16 K-Means partitions): {best_t} {sil.round(3).to_dict()}', '']
    for label, g in summary.groupby('label', sort=False):
        g = g.copy(); g['NMI'] = g.nmi_mean.map('{:.3f}'.format) + ' ± ' + g.nmi_std.map('{:.3f}'.format)
        lines += [f'## {label}', '', g[['family', 'model', 'clusterer', 'NMI', 'silhouette', 'elbo', 'fit_s', 'n']]
                  .to_string(index=False, float_format='{:.3f}'.format), '']
    open(f'{out}.md', 'w').write('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, default=5); p.add_argument('--out', default='benchmarks/vae_recipes')
    main(**vars(p.parse_args()))
