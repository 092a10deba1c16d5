"""The GPU path: every model family trains on the GPU, and musicnn gives the CPU's embeddings there, how much faster.

Run from the repository root on a machine with CUDA: `python benchmarks/bench_gpu.py [--out gpu_check.json]
[--weights FOLDER] [--clips 40]`. Needs no data folder: the models fit small random inputs (`device='auto'` must pick
CUDA, and every fit's parameters must sit there), and musicnn embeds synthetic 30 s clips (tones, noise and clicks, from a
fixed seed) on the CPU and on the GPU. `--weights`: a folder holding musicnn's checkpoints (`fetch_musicnn`), for a
machine without the package registry. Writes a JSON report and prints it; exits 1 when a check fails, 2 without CUDA.

Reported for musicnn: the largest absolute difference between the two devices' track embeddings (penultimate layer), over
the largest absolute value, and seconds per clip for each device (the first pass, with the weights' loading and CUDA's
start, apart from a second pass).
"""
import argparse, json, os, platform, sys, time
from pathlib import Path
import numpy as np

def clips(n:int, sr:int=16000, seconds:float=30.0, seed:int=0)->list:
    "`n` synthetic mono clips: a few harmonic tones that change every second, noise and clicks at a tempo, float32."
    rng = np.random.default_rng(seed); t = np.arange(int(sr*seconds))/sr; out = []
    for _ in range(n):
        f0 = rng.uniform(80, 600, int(seconds) + 1)[(t).astype(int)]
        y = sum(np.sin(2*np.pi*np.cumsum(f0*h)/sr)/h for h in range(1, 4))
        y += 0.3*rng.standard_normal(len(t))*(np.sin(2*np.pi*rng.uniform(0.2, 2)*t) > 0)
        beat = (np.arange(len(t)) % int(sr*60/rng.uniform(70, 160))) < 200
        out.append((0.3*y/np.abs(y).max() + 0.5*beat*rng.standard_normal(len(t))).astype(np.float32).clip(-1, 1))
    return out

def check_models()->list:
    "Fit each model family on small random data with device='auto'; its parameters must be on CUDA, its mu finite."
    import torch
    from musiccluster.basic_vae import VAEEstimator
    from musiccluster.vade import VaDEEstimator
    import musiccluster.multimodal  # noqa: F401 (registers the multi-view architecture)
    from musiccluster.plans import CONV_RECIPE, MFCC_RECIPE
    rng = np.random.default_rng(0); rows = []
    feats = lambda *shape: rng.normal(size=(600, *shape)).astype(np.float32)
    views = np.hstack([feats(57), np.where(np.arange(600)[:, None] % 3 == 0, np.nan, feats(200))])  # the second view missing in a third
    genre = rng.choice(['a', 'b', 'c'], 600)  # the conditional VAE's declared condition
    cases = {  # name: (estimator, X, condition)
        'MLP VAE (57 features)': (VAEEstimator(epochs=20), feats(57), None),
        'beta-VAE, beta 4': (VAEEstimator(beta=4.0, epochs=20), feats(57), None),
        'conditional VAE (3 values)': (VAEEstimator(epochs=20, condition='genre'), feats(57), genre),
        'conv VAE, log-mel (CONV_RECIPE)': (VAEEstimator(**{**CONV_RECIPE, 'epochs': 5}), feats(64, 129), None),
        'conv VAE, MFCC sequences (MFCC_RECIPE)': (VAEEstimator(**{**MFCC_RECIPE, 'epochs': 5}), feats(20, 129), None),
        'MVAE (57 + 200, a view missing in a third)': (VAEEstimator(arch='mvae', arch_kwargs=dict(dims=(57, 200)), epochs=20), views, None),
        'VaDE (K = 5)': (VaDEEstimator(5, pretrain_epochs=10, epochs=20), feats(57), None),
    }
    for name, (est, X, c) in cases.items():
        t = time.perf_counter()
        try:
            mu = est.fit(X).transform(X) if c is None else est.fit(X, condition=c).transform(X, condition=c)
            if torch.cuda.is_available(): torch.cuda.synchronize()
            dev = str(next(est.model_.parameters()).device)
            rows.append(dict(model=name, ok=bool(dev.startswith('cuda') and np.isfinite(mu).all()), device=dev,
                             seconds=round(time.perf_counter() - t, 2), epochs=len(est.history_), mu_shape=list(mu.shape)))
        except Exception as e:
            rows.append(dict(model=name, ok=False, error=f'{type(e).__name__}: {e}'))
        print(rows[-1], flush=True)
    return rows

def check_musicnn(n:int, weights)->dict:
    "musicnn's track embeddings on the CPU and on CUDA: their largest difference and each device's seconds per clip."
    import torch
    from musiccluster.musicnn import musicnn_embeddings
    ys = clips(n)
    out, emb = {}, {}
    for dev in ('cpu', 'cuda'):
        for attempt in ('first', 'second'):
            t = time.perf_counter()
            e = musicnn_embeddings(ys, sr=16000, device=dev, weights=weights)
            if dev == 'cuda': torch.cuda.synchronize()
            out[f'{dev}_{attempt}_s_per_clip'] = round((time.perf_counter() - t)/n, 4)
        emb[dev] = np.asarray(e.tracks, np.float64)
        print(dev, out, flush=True)
    diff = np.abs(emb['cpu'] - emb['cuda']).max()/np.abs(emb['cpu']).max()
    out.update(clips=n, clip_seconds=30, embedding_shape=list(emb['cpu'].shape), max_rel_difference=float(diff), ok=bool(diff < 1e-3),
               speedup_second_pass=round(out['cpu_second_s_per_clip']/out['cuda_second_s_per_clip'], 1))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='gpu_check.json'); ap.add_argument('--weights', default=None); ap.add_argument('--clips', type=int, default=40)
    a = ap.parse_args()
    import torch, sklearn
    if not torch.cuda.is_available(): print('skipped: no CUDA here'); sys.exit(2)
    report = dict(gpu=torch.cuda.get_device_name(0), torch=torch.__version__, sklearn=sklearn.__version__, numpy=np.__version__,
                  python=platform.python_version(), cpus=os.cpu_count())
    print(report, flush=True)
    report['models'] = check_models()
    try: report['musicnn'] = check_musicnn(a.clips, a.weights)
    except Exception as e: report['musicnn'] = dict(ok=False, error=f'{type(e).__name__}: {e}')
    tmp = Path(a.out).with_suffix('.tmp'); tmp.write_text(json.dumps(report, indent=1)); os.replace(tmp, a.out)
    print(json.dumps(report, indent=1))
    sys.exit(0 if all(r['ok'] for r in report['models']) and report['musicnn']['ok'] else 1)

if __name__ == '__main__': main()
