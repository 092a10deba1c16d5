"""Which representation should the user's path (`musiccluster run FOLDER`) cluster? NMI against a hidden answer key, K chosen without labels.

Run from the repository root, after `python benchmarks/make_fulltracks.py` (the full-length library):

    python benchmarks/recommend.py [--clips DATA/audio/game-music/manifest.csv] [--full /tmp/fulltracks] [--seeds 5]

Two collections, the game as the answer key (never shown to a model):
  clips  the 313 30-s game-music clips of the manifest; every representation is computed per clip (models fitted on the
         clips), then its vectors are averaged per source track (the manifest's `source_track`) and those tracks clustered;
         label = the game.
  full   the full-length tracks in FOLDER/<game>/<file>, read with `labels_from_folders=False` (folder names are not passed
         to any model); label = the game folder, taken from the path by this script only for scoring.
Representations: hand features (musiccluster.prepare.collect's `.table`, standardised), musicnn (MTT_musicnn penultimate
layer, standardised: what the user's path clusters), PCA(16) on the standardised musicnn, and a VAE on the standardised
musicnn (`VAEEstimator(latent_dim=16, device='cpu', seed=seed)`).
Per seed: fit (VAE only: seed=seed), `choose_k(Z, seed=seed)`, `KMeans(K, random_state=seed, n_init=10)`, NMI vs game
(sklearn's normalized_mutual_info_score), and chance NMI = mean NMI of 20 random permutations of the predicted labels.
Features and embeddings come from musiccluster's default cache folder, so reruns are fast.
Writes benchmarks/recommend.csv (one row per collection, representation, seed) and benchmarks/recommend.md.
"""
import argparse, datetime, os, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.decomposition import PCA
from sklearn.cluster import KMeans
from sklearn.metrics import normalized_mutual_info_score as nmi

HERE = Path(__file__).resolve().parent
REPS = ['hand features', 'musicnn', 'PCA(16) on musicnn', 'VAE(16) on musicnn']

def load(sources, labels_from_folders=None):
    from musiccluster.prepare import collect, musicnn_embeddings
    feats = collect(sources, n_jobs=-1, progress=False, labels_from_folders=labels_from_folders)
    M, _, _, m_skipped = musicnn_embeddings(feats, 'MTT_musicnn', cache=True, device='cpu', progress=False)
    H = feats.table.select_dtypes('number').to_numpy(np.float64)
    keep = np.isfinite(M).all(1) & np.isfinite(H).all(1)
    notes = []
    if len(feats.skipped): notes.append(f'{len(feats.skipped)} files skipped by collect: {feats.skipped.to_dict("records")}')
    if (~keep).any(): notes.append(f'{(~keep).sum()} tracks dropped for non-finite musicnn or hand features')
    return feats.tracks[keep].reset_index(drop=True), H[keep], M[keep].astype(np.float64), notes

def representations(H, M, seed):
    hs = StandardScaler().fit_transform(H); hs = hs[:, np.isfinite(hs).all(0) & (hs.std(0) > 0)]
    ms = StandardScaler().fit_transform(M); ms = ms[:, ms.std(0) > 0]
    from musiccluster.basic_vae import VAEEstimator
    t = time.perf_counter(); vae = VAEEstimator(latent_dim=16, device='cpu', seed=seed).fit(ms); Zv = vae.transform(ms); tv = time.perf_counter() - t
    return {'hand features': hs, 'musicnn': ms, 'PCA(16) on musicnn': PCA(16, random_state=seed).fit_transform(ms),
            'VAE(16) on musicnn': Zv}, tv

def score(Z, y, seed):
    from musiccluster.clusters import choose_k
    kc = choose_k(Z, seed=seed)
    pred = KMeans(kc.k, random_state=seed, n_init=10).fit_predict(Z)
    rng = np.random.default_rng(seed)
    chance = float(np.mean([nmi(y, rng.permutation(pred)) for _ in range(20)]))
    return kc.k, float(nmi(y, pred)), chance

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--clips', default=None, help="the game-music clips' manifest (default: the data folder's)")
    ap.add_argument('--full', default='/tmp/fulltracks', help='the library made by benchmarks/make_fulltracks.py')
    ap.add_argument('--seeds', type=int, default=5)
    a = ap.parse_args()
    if a.clips is None:
        from musiccluster.core import find_data_folder
        data = find_data_folder()
        if data is None: sys.exit('no data folder: set MUSICCLUSTER_DATA, or pass --clips')
        a.clips = str(data/'audio'/'game-music'/'manifest.csv')
    command = 'python benchmarks/recommend.py ' + ' '.join(sys.argv[1:])
    rows, info = [], []
    # clips: per clip, then averaged per source track
    t = time.perf_counter()
    tracks, H, M, notes = load([a.clips])
    man = pd.read_csv(a.clips).set_index('track_id')
    src = man.loc[tracks.track_id, 'source_track'].to_numpy(); game_of = man.groupby('source_track').genre.first()
    groups = pd.Index(sorted(set(src)))
    gi = groups.get_indexer(src)
    y_clips = game_of.loc[groups].to_numpy()
    info.append(f'clips: {len(tracks)} clips of {len(groups)} source tracks ({pd.Series(y_clips).value_counts().to_dict()}), '
                f'hand features {H.shape[1]} columns, musicnn {M.shape[1]}; loaded in {time.perf_counter()-t:.0f} s. ' + ' '.join(notes))
    # full-length tracks: game folder from the path, for scoring only
    t = time.perf_counter()
    ftracks, fH, fM, fnotes = load([a.full], labels_from_folders=False)
    y_full = np.array([Path(p).resolve().relative_to(Path(a.full).resolve()).parts[0] for p in ftracks.audio_path])
    info.append(f'full: {len(ftracks)} tracks ({pd.Series(y_full).value_counts().to_dict()}), loaded in {time.perf_counter()-t:.0f} s. ' + ' '.join(fnotes)
                + (f" Note: the tracks table has a non-empty genre column ({ftracks.genre.dropna().unique()[:5].tolist()}), not used." if 'genre' in ftracks and ftracks.genre.notna().any() else ''))
    for seed in range(a.seeds):
        for coll, (HH, MM, y, agg) in {'clips (per source track)': (H, M, y_clips, gi), 'full-length tracks': (fH, fM, y_full, None)}.items():
            reps, tv = representations(HH, MM, seed)
            for name in REPS:
                Z = reps[name]
                if agg is not None: Z = np.stack([Z[agg == g].mean(0) for g in range(len(groups))])
                k, s, c = score(Z, y, seed)
                rows.append(dict(collection=coll, representation=name, seed=seed, n=len(Z), dim=Z.shape[1], k=k, nmi=round(s, 4), chance_nmi=round(c, 4),
                                 vae_fit_s=round(tv, 1) if name.startswith('VAE') else None))
                print(rows[-1], flush=True)
    df = pd.DataFrame(rows); df.to_csv(HERE/'recommend.csv', index=False)
    g = df.groupby(['collection', 'representation'], sort=False)
    s = g.agg(n=('n', 'first'), dim=('dim', 'first'), nmi_mean=('nmi', 'mean'), nmi_std=('nmi', 'std'), chance_mean=('chance_nmi', 'mean'),
              k_values=('k', lambda v: ','.join(map(str, v)))).reset_index()
    L = ['# Which representation for the user\'s path: NMI vs the game, K chosen without labels', '',
         f'Made by `{command}` (from the repository root) on {datetime.datetime.now():%Y-%m-%d %H:%M}; {os.cpu_count()} cores, CPU only. '
         f'Raw rows: recommend.csv. Method: see the docstring of benchmarks/recommend.py.', '', *[f'- {x}' for x in info], '',
         f'NMI mean ± std over {a.seeds} seeds (0..{a.seeds-1}); chance = mean NMI of 20 random permutations of the predicted labels (mean over seeds); '
         'K = `musiccluster.clusters.choose_k` per seed; true number of games: 5.', '']
    for coll in df.collection.unique():
        L += [f'## {coll}', '', '| representation | n | dim | NMI | chance NMI | K per seed |', '|---|---|---|---|---|---|']
        for r in s[s.collection == coll].itertuples():
            L.append(f'| {r.representation} | {r.n} | {r.dim} | {r.nmi_mean:.3f} ± {r.nmi_std:.3f} | {r.chance_mean:.3f} | {r.k_values} |')
        best = s[s.collection == coll].sort_values('nmi_mean', ascending=False).iloc[0]
        L += ['', f'Best here: {best.representation} ({best.nmi_mean:.3f}).', '']
    (HERE/'recommend.md').write_text('\n'.join(L))
    print('\n'.join(L))

if __name__ == '__main__': main()
