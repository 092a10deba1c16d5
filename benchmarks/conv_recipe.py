"""Issue 11: a conv VAE recipe that fits the Medium task into a 2-core CPU budget, chosen without labels.

Run from the repository root: `python benchmarks/conv_recipe.py [--epochs 40] [--out benchmarks/conv_recipe]`.
Needs the game-music clips of the data folder (`$MUSICCLUSTER_DATA` or `shared/data` beside the checkout); their features
come from (and go to) the feature cache. Writes `<out>.csv` (one row per setting and epoch: training and validation
ELBO parts) and `<out>.md` (seconds per epoch, the best validation loss and its epoch, per setting).

Labels are never read: a setting is judged by its cost per epoch and its validation ELBO. Every setting's decoder
outputs the full 64 x 129 patch (a pooled model repeats its mean over each window), so validation losses are in the
same units (nats per patch) and comparable across settings. One seed: the curve's shape, not its spread, is the point.
"""
import argparse, time
import numpy as np, pandas as pd, torch
from musiccluster.features import find_shared_data
from musiccluster.experiments import collect
from musiccluster.basic_vae import VAEEstimator
import musiccluster.conv_vae  # registers the conv architectures

SETTINGS = {  # name: (pool (bands, frames), channels, batch size)
    'full 64x129, ch 16-32-64': ((1, 1), (16, 32, 64), 128),
    'pool 1x4 (64x33), ch 16-32-64': ((1, 4), (16, 32, 64), 128),
    'pool 2x4 (32x33), ch 16-32-64': ((2, 4), (16, 32, 64), 128),
    'pool 2x4 (32x33), ch 32-64-128': ((2, 4), (32, 64, 128), 128),
}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=40); ap.add_argument('--out', default='benchmarks/conv_recipe')
    ap.add_argument('--only', nargs='*', help='names of settings to run (default: all)')
    a = ap.parse_args()
    data = find_shared_data()
    if data is None or not (data/'audio/game-music/manifest.csv').exists():
        print('skipped: the game-music clips are not in the data folder'); return
    X = collect([data/'audio/game-music/manifest.csv'], n_jobs=2, progress=False).logmel
    print(f'{len(X)} log-mel patches of {X.shape[1:]}; torch threads {torch.get_num_threads()}')
    rows, summary = [], []
    for name, (pool, channels, bs) in SETTINGS.items():
        if a.only and name not in a.only: continue
        t = time.time()
        est = VAEEstimator(arch='conv2d', batch_size=bs, epochs=a.epochs, warmup_epochs=10, patience=a.epochs, seed=0,
                           progress=False, arch_kwargs=dict(channels=channels, pool=pool)).fit(X)
        s = time.time() - t; h = est.history_.assign(setting=name)
        rows.append(h); best = h.val_loss.idxmin()
        summary.append(dict(setting=name, s_per_epoch=round(s/len(h), 2), epochs=len(h), best_val_loss=round(h.val_loss[best], 1),
                            best_epoch=int(h.epoch[best]), val_loss_epoch_20=round(h.val_loss.iloc[min(19, len(h)-1)], 1)))
        print(summary[-1], flush=True)
    pd.concat(rows).to_csv(f'{a.out}.csv', index=False)
    load = open('/proc/loadavg').read().split()[:3] if __import__('os').path.exists('/proc/loadavg') else '?'
    with open(f'{a.out}.md', 'w') as f:
        f.write(f"# Conv VAE settings on the game-music log-mel patches ({len(X)} x {X.shape[1]} x {X.shape[2]}), one seed, "
                f"{a.epochs} epochs, no early stopping\n\nMachine load after the run: {' '.join(load)}.\n\n"
                + pd.DataFrame(summary).to_markdown(index=False) + '\n')

if __name__ == '__main__': main()
