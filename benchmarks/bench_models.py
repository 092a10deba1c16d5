"""Training speed of the VAE family on this machine.

- MLP VAE (the Easy task's model) on the 2,617 x 57 real features of the data folder: wall time per
  epoch and to convergence (early stopping), with defaults (latent 16, batch 256).
- Convolutional VAE on 1,000 real log-mel segments (64 mel bands x 129 frames, 3 s each) cut from
  the JamendoLyrics songs: wall time per epoch.

Run from the repository root: `python benchmarks/bench_models.py [--data DATA_FOLDER] [--seeds 3]`.
It prints a Markdown table and writes results/benchmark_models.json.
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
import numpy as np, torch
from musiccluster.core import find_data_folder
from musiccluster.collection import load_features_csv, load_manifest
from musiccluster.features import extract_audio, FeatureParams
from musiccluster.basic_vae import VAEEstimator

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=None, help='the data folder (default: $MUSICCLUSTER_DATA, or shared/data beside the checkout)')
    ap.add_argument('--seeds', type=int, default=3, help='repetitions (seeds) of each fit')
    ap.add_argument('--device', default='auto')
    args = ap.parse_args()
    data = Path(args.data) if args.data else find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA or pass --data)')
    _, X = load_features_csv(data/'features'/'gtzan_banglabeats_30s.csv')
    rows = {}
    fits = []
    for seed in range(args.seeds):
        t = time.perf_counter(); est = VAEEstimator(seed=seed, device=args.device).fit(X.values); s = time.perf_counter() - t
        fits.append((s, len(est.history_)))
    rows['MLP VAE, 2,617 x 57 features'] = dict(fit_s=[f[0] for f in fits], epochs=[f[1] for f in fits],
                                                 per_epoch_s=[f[0]/f[1] for f in fits])
    jam = load_manifest(data/'audio'/'jamendolyrics'/'manifest.csv')
    feats = extract_audio(jam, FeatureParams(clip_seconds=None), cache_dir=Path(tempfile.mkdtemp()), progress=False)
    n_real = len(feats.logmel)  # the real segments, repeated up to 1,000 (timing depends on shape, not content)
    seg = feats.logmel[np.resize(np.random.default_rng(0).permutation(n_real), 1000)]
    per = []
    for seed in range(args.seeds):
        est = VAEEstimator(arch='conv2d', epochs=3, warmup_epochs=1, batch_size=64, seed=seed, device=args.device, val_fraction=0.0)
        t = time.perf_counter(); est.fit(seg); per.append((time.perf_counter() - t)/3)
    rows[f'conv VAE, {len(seg)} log-mel segments {seg.shape[1]}x{seg.shape[2]} ({n_real} real, repeated)'] = dict(per_epoch_s=per)
    dev = 'cuda' if torch.cuda.is_available() and args.device in ('auto', 'cuda') else 'cpu'
    print(f"device {dev}, {torch.get_num_threads()} torch threads, {os.cpu_count()} cores, {args.seeds} seeds (mean ± std)\n")
    print('| model | s per epoch | epochs to convergence | s to convergence |\n|---|---|---|---|')
    ms = lambda v, d=3: f"{np.mean(v):.{d}f} ± {np.std(v):.{d}f}" if v else '—'
    for k, r in rows.items():
        print(f"| {k} | {ms(r['per_epoch_s'])} | {ms(r.get('epochs', []), 0)} | {ms(r.get('fit_s', []), 1)} |")
    Path('results').mkdir(exist_ok=True)
    with open('results/benchmark_models.json', 'w') as f:
        json.dump(dict(device=dev, threads=torch.get_num_threads(), cores=os.cpu_count(), machine=platform.machine(), results=rows), f, indent=1)

if __name__ == '__main__': main()
