"""Where musicnn's time goes on this machine: decoding, the spectrogram, the network; the network's arithmetic and the
rate the CPU reaches on it, against a plain matrix product's rate.

Run from the repository root: `python benchmarks/bench_musicnn.py [--clips 40] [--repeats 3]`. Needs the data folder
(`$MUSICCLUSTER_DATA`, or `shared/data` beside the checkout) with the game-music clips. Per 30 s clip (ten 3 s patches),
MTT_musicnn, the default torch threads, the best of `--repeats` rounds after a warm-up: `load_audio` at 16 kHz,
`musicnn_melspec` + `musicnn_patches`, and the network (2, 10 and 64 patches per forward pass); then
`extract_musicnn` end to end with no cache, with 64 patches per pass (the old default) and with the default. The network's multiply-adds are counted from its convolution and dense
shapes (forward hooks). Prints a Markdown table and adds the run to results/benchmark_musicnn.json with the load average.
"""
import argparse, json, os, time
from pathlib import Path
import numpy as np, pandas as pd, torch
from torch import nn

def macs(net, x):
    "Multiply-adds of one forward pass, from the convolutions' and dense layers' output shapes."
    total = []
    def hook(m, inp, out):
        k = int(np.prod(m.weight.shape[1:]))  # in_channels x kernel (conv) or in_features (dense)
        total.append(out.numel()*k)
    hs = [m.register_forward_hook(hook) for m in net.modules() if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear))]
    with torch.no_grad(): net(x)
    for h in hs: h.remove()
    return sum(total)

def best(f, repeats):
    f(); times = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return min(times)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--clips', type=int, default=40); ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    from musiccluster.core import find_data_folder
    from musiccluster.features import load_audio
    from musiccluster.musicnn import load_musicnn, musicnn_melspec, musicnn_patches, extract_musicnn, MUSICNN_SR
    data = find_data_folder()
    clips = sorted((data/'audio'/'game-music'/'clips').rglob('*.ogg'))[:a.clips] if data else []
    if not clips: raise SystemExit('skipped: no game-music clips in the data folder (set MUSICCLUSTER_DATA)')
    load = os.getloadavg()[0]
    net = load_musicnn('MTT_musicnn', device='cpu')
    n = len(clips)
    t_decode = best(lambda: [load_audio(p, MUSICNN_SR, 30.0, 1.0) for p in clips], a.repeats)/n
    ys = [load_audio(p, MUSICNN_SR, 30.0, 1.0) for p in clips]
    t_spec = best(lambda: [musicnn_patches(musicnn_melspec(y)) for y in ys], a.repeats)/n
    P = [torch.from_numpy(musicnn_patches(musicnn_melspec(y))) for y in ys]
    with torch.no_grad():
        t_net = best(lambda: [net(x) for x in P], a.repeats)/n
        allp = torch.cat(P)
        t_net2 = best(lambda: [net(allp[i:i + 2]) for i in range(0, len(allp), 2)], a.repeats)/n
        t_net64 = best(lambda: [net(allp[i:i + 64]) for i in range(0, len(allp), 64)], a.repeats)/n
    per_clip = macs(net, P[0])*len(allp)/len(P[0])/n  # multiply-adds per clip
    A, B = torch.randn(2048, 2048), torch.randn(2048, 2048)
    gemm = 2*2048**3/best(lambda: A @ B, a.repeats)/1e9  # the CPU's float32 rate on a large matrix product, GFLOP/s
    tr = pd.DataFrame(dict(track_id=[f't{i}' for i in range(n)], audio_path=[str(p) for p in clips]))
    extract_musicnn(tr.iloc[:1], cache_dir=None, progress=False, device='cpu')
    t = time.perf_counter(); extract_musicnn(tr, cache_dir=None, progress=False, device='cpu', batch_size=64); t_old = (time.perf_counter() - t)/n
    t = time.perf_counter(); extract_musicnn(tr, cache_dir=None, progress=False, device='cpu'); t_all = (time.perf_counter() - t)/n
    row = dict(clips=n, threads=torch.get_num_threads(), load_before=round(load, 2), decode_s=round(t_decode, 3), spectrogram_s=round(t_spec, 3),
               network_s=round(t_net, 3), network_2_s=round(t_net2, 3), network_64_s=round(t_net64, 3),
               extract_musicnn_64_s=round(t_old, 3), extract_musicnn_s=round(t_all, 3),
               gflop_per_clip=round(2*per_clip/1e9, 1), network_gflops=round(2*per_clip/1e9/t_net2, 1), matmul_gflops=round(gemm, 1),
               run=time.strftime('%Y-%m-%d %H:%M'))
    print(json.dumps(row))
    print(f"\n| per 30 s clip ({n} clips, {row['threads']} threads, load {row['load_before']}) | seconds |\n|---|---|")
    for k, name in [('decode_s', 'decode and resample to 16 kHz (`load_audio`)'), ('spectrogram_s', 'mel spectrogram and patches'),
                    ('network_2_s', 'network, 2 patches per pass (the CPU default)'), ('network_s', 'network, one clip (10 patches) per pass'),
                    ('network_64_s', 'network, 64 patches per pass'),
                    ('extract_musicnn_64_s', '`extract_musicnn(batch_size=64)`, end to end, no cache (the old default: a clip per pass)'),
                    ('extract_musicnn_s', '`extract_musicnn()`, end to end, no cache (2 patches per pass)')]:
        print(f'| {name} | {row[k]} |')
    print(f"\nThe network: {row['gflop_per_clip']} GFLOP per clip, at 2 patches per pass {row['network_gflops']} GFLOP/s; "
          f"a 2048 x 2048 matrix product runs at {row['matmul_gflops']} GFLOP/s here.")
    out = Path('results/benchmark_musicnn.json'); out.parent.mkdir(exist_ok=True)
    rows = json.loads(out.read_text())['rows'] if out.exists() else []
    out.write_text(json.dumps(dict(rows=rows + [row]), indent=1))

if __name__ == '__main__': main()
