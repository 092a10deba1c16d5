"""Feature extraction speed: musiccluster's `extract_audio` against a plain per-file librosa loop.

Both compute the same features of the same 30 s clips (GTZAN 57, MFCC + delta statistics, 64-band
log-mel); the plain loop calls `librosa.load` and each `librosa.feature` function on the waveform,
as tutorials do. Run from the repository root:

    python benchmarks/bench_features.py [--data DATA_FOLDER] [--repeat 3]

It prints a Markdown table (audio seconds per wall second) and writes results/benchmark_features.json.
"""
import argparse, json, os, platform, tempfile, time
from pathlib import Path
import numpy as np, librosa, soundfile as sf
from musiccluster.core import find_data_folder
from musiccluster.features import extract_audio
from musiccluster.collection import track_table

def plain_librosa(path, sr=22050, clip=30.0):
    "The baseline: one file at a time, each feature from the waveform."
    dur = sf.info(path).duration
    y, sr = librosa.load(path, sr=sr, offset=max(0.0, (dur - clip)/2), duration=clip)
    feats = [librosa.feature.chroma_stft(y=y, sr=sr), librosa.feature.rms(y=y), librosa.feature.spectral_centroid(y=y, sr=sr),
             librosa.feature.spectral_bandwidth(y=y, sr=sr), librosa.feature.spectral_rolloff(y=y, sr=sr),
             librosa.feature.zero_crossing_rate(y), *librosa.effects.hpss(y)]
    mfcc = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=20)
    stats = [np.r_[f.mean(), f.var()] for f in feats] + [librosa.feature.tempo(y=y, sr=sr), mfcc.mean(1), mfcc.var(1),
             librosa.feature.delta(mfcc).std(1)]
    logmel = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr, n_mels=64), ref=np.max)
    return np.concatenate([np.ravel(s) for s in stats]), logmel

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', default=None, help='the data folder (default: $MUSICCLUSTER_DATA, or shared/data beside the checkout)')
    ap.add_argument('--repeat', type=int, default=3, help='timed repetitions of each method')
    args = ap.parse_args()
    data = Path(args.data) if args.data else find_data_folder()
    if data is None: raise SystemExit('skipped: no data folder (set MUSICCLUSTER_DATA or pass --data)')
    files = sorted((data/'audio'/'jamendolyrics'/'mp3').glob('*.mp3'))
    files += [p for p in sorted((data/'audio'/'librosa').glob('*.ogg')) if not p.name.endswith('.hq.ogg') and p.stat().st_size > 1000]
    tracks = track_table([dict(track_id=p.stem, audio_path=str(p)) for p in files])
    audio_s = sum(min(30.0, sf.info(p).duration) for p in files)
    plain_librosa(files[0]); extract_audio(tracks.iloc[:1], cache_dir=None, n_jobs=1, progress=False)  # warm-up (JIT, FFT plans)
    def timed(fn):
        ts = []
        for _ in range(args.repeat):
            t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
        return float(np.median(ts)), ts
    cache = Path(tempfile.mkdtemp())
    rows = {'plain librosa loop (1 core)': timed(lambda: [plain_librosa(p) for p in files]),
            'musiccluster, 1 core, no cache': timed(lambda: extract_audio(tracks, cache_dir=None, n_jobs=1, progress=False)),
            'musiccluster, all cores, no cache': timed(lambda: extract_audio(tracks, cache_dir=None, n_jobs=-1, progress=False))}
    extract_audio(tracks, cache_dir=cache, n_jobs=-1, progress=False)
    rows['musiccluster, all cores, cached'] = timed(lambda: extract_audio(tracks, cache_dir=cache, n_jobs=-1, progress=False))
    base = rows['plain librosa loop (1 core)'][0]
    print(f"{len(files)} files, {audio_s:.0f} s of audio (30 s clips), {os.cpu_count()} cores, median of {args.repeat}\n")
    print('| method | wall s | audio s / wall s | speed-up |\n|---|---|---|---|')
    for k, (t, _) in rows.items(): print(f'| {k} | {t:.2f} | {audio_s/t:.0f} | {base/t:.1f}x |')
    out = dict(files=len(files), audio_seconds=audio_s, cores=os.cpu_count(), machine=platform.machine(), repeat=args.repeat,
               results={k: dict(median_s=t, runs_s=ts, audio_s_per_s=audio_s/t, speedup=base/t) for k, (t, ts) in rows.items()})
    Path('results').mkdir(exist_ok=True)
    with open('results/benchmark_features.json', 'w') as f: json.dump(out, f, indent=1)

if __name__ == '__main__': main()
