"""Issue 11: a conv VAE recipe that fits the Medium task into a 2-core CPU budget, chosen without labels.

Run from the repository root: `python benchmarks/conv_recipe.py [--epochs 40] [--out benchmarks/conv_recipe]`.
Needs the game-music clips of the data folder (`$MUSICCLUSTER_DATA` or `shared/data` beside the checkout); their features
come from (and go to) the feature cache. Writes `<out>.csv` (one row per setting and epoch: training and validation
ELBO parts) and `<out>.md` (seconds per epoch, the best validation loss and its epoch, per setting).

Labels are never read: a setting is judged by its cost per epoch and its validation ELBO. Every setting's decoder
outputs the full 64 x 129 patch (a pooled model repeats its mean over each window), so validation losses are in the
same units (nats per patch) and comparable across settings. One seed: the curve's shape, not its spread, is the point.
"""
import argparse, os, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from musiccluster.core import find_data_folder
from musiccluster.prepare import collect
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
    ap.add_argument('--summary-only', action='store_true', help='rewrite <out>.md from <out>.csv without training')
    ap.add_argument('--note', default='', help='a line for the summary (the machine, its load)')
    a = ap.parse_args()
    if a.summary_only: return write_summary(pd.read_csv(f'{a.out}.csv'), a.out, note=a.note)
    data = find_data_folder()
    if data is None or not (data/'audio/game-music/manifest.csv').exists():
        print('skipped: the game-music clips are not in the data folder'); return
    X = collect([data/'audio/game-music/manifest.csv'], n_jobs=2, progress=False).logmel
    print(f'{len(X)} log-mel patches of {X.shape[1:]}; the models train on one torch thread (VAEEstimator n_threads=1)')
    rows, load0 = [], os.getloadavg()[0]
    for name, (pool, channels, bs) in SETTINGS.items():
        if a.only and name not in a.only: continue
        t = time.time()
        est = VAEEstimator(arch='conv2d', batch_size=bs, epochs=a.epochs, warmup_epochs=10, patience=a.epochs, seed=0,
                           progress=False, arch_kwargs=dict(channels=channels, pool=pool)).fit(X)
        h = est.history_.assign(setting=name, seconds=round(time.time() - t, 1))
        rows.append(h); print(summarize(h).iloc[0].to_dict(), flush=True)
    write_summary(pd.concat(rows), a.out, note=f'Load average {load0:.1f} when it started; {len(X)} patches of {X.shape[1]} x {X.shape[2]}. {a.note}')

def summarize(hist:pd.DataFrame)->pd.DataFrame:
    "One row per setting: seconds per epoch, the best validation loss (nats per patch) and its epoch, the loss at epoch 20."
    def one(h):
        best = h.val_loss.idxmin()
        return pd.Series(dict(s_per_epoch=round(h.seconds.iloc[0]/len(h), 2), epochs=len(h), best_val_loss=round(h.val_loss[best], 1),
                              best_epoch=int(h.epoch[best]), val_loss_epoch_20=round(h.val_loss.iloc[min(19, len(h) - 1)], 1)))
    return hist.groupby('setting', sort=False).apply(one).reset_index().astype(dict(epochs=int, best_epoch=int))

def write_summary(hist:pd.DataFrame, out:str, note:str):
    "Write `<out>.csv` (the curves) and `<out>.md` (the summary), each whole or not at all."
    from musiccluster.core import md_table, write_csv, atomic_path
    write_csv(hist, f'{out}.csv')
    text = (f"# Conv VAE settings on the game-music log-mel patches: one seed, no early stopping\n\n{note}\n\n"
            "Validation loss: the negative ELBO in nats per 64 x 129 patch (lower is better), comparable across settings.\n\n"
            + md_table(summarize(hist)) + '\n')
    with atomic_path(f'{out}.md') as tmp: Path(tmp).write_text(text, encoding='utf-8')

if __name__ == '__main__': main()
