#!/usr/bin/env python3
"""Rebuild the data folder that the notebooks' real-data cells and the benchmarks read ($MUSICCLUSTER_DATA), from public sources.

    python tools/build_data.py DEST [--parts game-music,jamendolyrics,gtzan-banglabeats,lyrics] [--force] ...

Parts (each written to a staging folder beside its place and renamed into place when whole; an existing part is never
replaced without --force):

  game-music         DEST/audio/game-music/: 313 30-s clips cut from five games' soundtracks in Debian's packages
                     (`apt-get download`, `dpkg -x`: a Debian or Ubuntu machine, Colab included; no root needed when
                     the package lists are current). --work DIR keeps the downloaded .deb files for the next run.
  jamendolyrics      DEST/audio/jamendolyrics/: ten songs of JamendoLyrics (github.com/f90/jamendolyrics; each song CC),
                     downloaded from GitHub, or copied from a clone with --from-local PATH; tracks.csv and manifest.csv.
  gtzan-banglabeats  DEST/features/gtzan_banglabeats_30s.csv: the 57 GTZAN-style features of every 30-s clip of GTZAN and
                     BanglaBeats, computed by `musiccluster features` from the audio (--gtzan PATH --banglabeats PATH,
                     the unpacked Kaggle downloads), or joined from precomputed tables (--gtzan-features CSV
                     --banglabeats-features CSV).
  lyrics             DEST/lyrics/bilingual_lyrics.csv: English and Bangla lyrics tables you give (--lyrics-en CSV
                     --lyrics-bn CSV), 1,000 songs of each, in the columns language, genre, title, artist, lyrics.

Checks (no DEST): --check-game-music builds the game-music part into a temporary folder and compares it with the
reference copy ($MUSICCLUSTER_DATA or shared/data found upwards, or --reference DIR): the same manifest rows, the same
file list, the same licence files and the same decoded audio. --check-jamendolyrics rebuilds the JamendoLyrics manifest
offline from the reference copy's files and compares tracks.csv and manifest.csv byte for byte.

Errors are one line (MUSICCLUSTER_DEBUG=1 for the traceback). Needs numpy, pandas, soundfile and librosa (musiccluster's
own requirements); the gtzan-banglabeats part needs musiccluster itself.
"""
import argparse, contextlib, csv, glob, hashlib, io, os, re, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.parse
import urllib.request, zipfile
from pathlib import Path

PARTS = ('game-music', 'jamendolyrics', 'gtzan-banglabeats', 'lyrics')
TARGETS = {'game-music': 'audio/game-music', 'jamendolyrics': 'audio/jamendolyrics',
           'gtzan-banglabeats': 'features/gtzan_banglabeats_30s.csv', 'lyrics': 'lyrics/bilingual_lyrics.csv'}

KAGGLE = """\
GTZAN and BanglaBeats come from Kaggle (an account and ~/.kaggle/kaggle.json, or KAGGLE_USERNAME and KAGGLE_KEY):
  pip install kaggle
  kaggle datasets download -d andradaolteanu/gtzan-dataset-music-genre-classification -p raw/gtzan --unzip
  kaggle datasets download -d thisisjibon/banglabeats3sec -p raw/banglabeats --unzip
  python tools/build_data.py DEST --parts gtzan-banglabeats --gtzan raw/gtzan --banglabeats raw/banglabeats"""

class Fail(Exception):
    "An error the user can act on: printed as one line."

def say(*a): print(*a, flush=True)

# ---------------------------------------------------------------------------------------------------------------- staging
@contextlib.contextmanager
def staged(final:Path, force:bool, is_dir:bool):
    """Yield a staging path beside `final` (a folder, or a file); on success it replaces `final` by renames (the old
    copy, with --force, is moved aside first and removed last); on failure the staging path is removed."""
    final = Path(final)
    if final.exists() or final.is_symlink():
        if not force: raise Fail(f"{final} exists: pass --force to replace it")
    final.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{int(time.time())}"
    stage = final.parent/f".{final.name}.build-data-partial-{tag}"
    old = final.parent/f".{final.name}.build-data-old-{tag}"
    if is_dir: stage.mkdir()
    try:
        yield stage
        if final.exists() or final.is_symlink(): os.replace(final, old)
        try: os.replace(stage, final)
        except BaseException:
            if old.exists() or old.is_symlink(): os.replace(old, final)  # put the old copy back
            raise
    except BaseException:
        if stage.is_dir() and not stage.is_symlink(): shutil.rmtree(stage, ignore_errors=True)
        elif stage.exists(): stage.unlink()
        raise
    if old.is_dir() and not old.is_symlink(): shutil.rmtree(old, ignore_errors=True)
    elif old.exists() or old.is_symlink(): old.unlink()

def write_csv_rows(path:Path, columns:list, rows:list, lineterminator:str='\r\n'):
    "Rows (dicts) as CSV with the csv module (the reference JamendoLyrics tables use its default CRLF line ends)."
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator=lineterminator)
        w.writeheader(); w.writerows(rows)

# ------------------------------------------------------------------------------------------------------------ game-music
# The logic of the reference folder's build.py (audio/game-music/build.py), carried here because that folder is not in
# this repository: same packages, same file globs, same clip positions, same names, same encoding, same manifest.
GM_PACKAGES = {  # game (the label) -> (Debian package, glob of its music files inside the package)
    'ufoai': ('ufoai-music', 'usr/share/games/ufoai/base/0music.pk3'),
    'drascula': ('drascula-music', 'usr/share/scummvm/drascula/audio/*.ogg'),
    'hyperrogue': ('hyperrogue-music', 'usr/share/hyperrogue/music/*.ogg'),
    'planetblupi': ('planetblupi-music-ogg', 'usr/share/**/*.ogg'),
    'asc': ('asc-music', 'usr/share/**/*.mp3'),
}
GM_VERSIONS = {'ufoai-music': '2.5-2', 'drascula-music': '1.0+ds4-2', 'hyperrogue-music': '12.0q-1',  # Debian 12 (bookworm),
               'planetblupi-music-ogg': '1.14.2-3', 'asc-music': '1.3-6'}                            # which the reference used
GM_LICENCES = {'ufoai': 'CC-BY-3.0 / CC-BY-SA-3.0', 'drascula': 'Drascula licence (free redistribution)',
               'hyperrogue': 'CC-BY-SA / GPL (see the copyright file)', 'planetblupi': 'GPL-3+', 'asc': 'GPL-2+'}
GM_EXPECTED = {'ufoai': (63, 181), 'drascula': (28, 62), 'hyperrogue': (17, 31), 'planetblupi': (10, 30), 'asc': (3, 9)}
SR, CLIP, SKIP = 22050, 30.0, 10.0

def gm_tracks_of(root:Path, pattern:str, work:Path)->list:
    files = [Path(f) for f in glob.glob(str(root/pattern), recursive=True) if os.path.isfile(f) and not os.path.islink(f)]
    out = []
    for f in files:
        if f.suffix == '.pk3':
            dest = work/'pk3'/f.stem
            with zipfile.ZipFile(f) as z: z.extractall(dest)
            out += sorted(p for p in dest.rglob('*.ogg'))
        else: out.append(f)
    return sorted(out)

def gm_clip_starts(duration:float)->list:
    if duration < 20: return []
    if duration < SKIP + CLIP: return [0.0]
    usable = duration - SKIP
    n = int(min(3, usable // CLIP))
    width = usable / n
    return [SKIP + i*width + (width - CLIP)/2 for i in range(n)]

def gm_cut(job)->list:
    "Cut the clips of one source file into `out`; its manifest rows (run in a worker process)."
    game, pkg, f, out = job
    import numpy as np, soundfile as sf, librosa
    dur = sf.info(str(f)).duration
    stem = re.sub(r'[^A-Za-z0-9_-]+', '_', f.stem)
    rows = []
    for k, t0 in enumerate(gm_clip_starts(dur)):
        y, _ = librosa.load(str(f), sr=SR, mono=True, offset=t0, duration=CLIP)
        y = np.clip(y, -1.0, 1.0)
        rel = Path('clips')/game/f'{game}__{stem}__{k}.ogg'
        (out/rel).parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(out/rel), y, SR, format='OGG', subtype='VORBIS')
        rows.append(dict(track_id=f'{game}__{stem}__{k}', audio_path=str(rel), genre=game, language='',
                         source_track=f'{game}/{f.name}', clip_start_s=round(t0, 2), package=pkg))
    return rows

def gm_fetch(pkg:str, work:Path)->Path:
    "The package's .deb in `work`, downloaded with `apt-get download` when not there."
    debs = sorted(work.glob(f'{pkg}_*.deb'))
    if debs: return debs[-1]
    if not shutil.which('apt-get'):
        raise Fail(f"game-music needs Debian's apt-get to download {pkg} (a Debian or Ubuntu machine, Colab included); "
                   f"or put the .deb files in --work DIR: apt-get download {' '.join(p for p, _ in GM_PACKAGES.values())}")
    r = subprocess.run(['apt-get', 'download', pkg], cwd=work, capture_output=True, text=True)
    debs = sorted(work.glob(f'{pkg}_*.deb'))
    if r.returncode or not debs:
        why = (r.stderr.strip().splitlines() or ['no .deb written'])[-1]
        raise Fail(f"apt-get download {pkg} failed ({why}): run `apt-get update` first (the packages are in Debian's main "
                   f"archive; on Ubuntu, universe)")
    return debs[-1]

def gm_version(deb:Path)->str:
    m = re.match(r'[^_]+_([^_]+)_', deb.name)
    return urllib.parse.unquote(m.group(1)).replace('%3a', ':') if m else '?'

def build_game_music(out:Path, work:Path, jobs:int):
    "Rebuild audio/game-music into the (staging) folder `out`: clips/, manifest.csv, licenses/, README.md."
    import pandas as pd
    from concurrent.futures import ProcessPoolExecutor
    if not shutil.which('dpkg-deb') and not shutil.which('dpkg'):
        raise Fail("game-music needs dpkg (dpkg -x unpacks the packages): a Debian or Ubuntu machine, Colab included")
    work.mkdir(parents=True, exist_ok=True)
    jobsl, versions = [], {}
    for game, (pkg, pattern) in GM_PACKAGES.items():
        deb = gm_fetch(pkg, work); versions[pkg] = gm_version(deb)
        root = work/'pkgs'/pkg
        if not root.exists():
            tmp = work/'pkgs'/f'.{pkg}.partial'
            shutil.rmtree(tmp, ignore_errors=True); tmp.parent.mkdir(parents=True, exist_ok=True)
            r = subprocess.run(['dpkg', '-x', str(deb), str(tmp)], capture_output=True, text=True)
            if r.returncode: raise Fail(f"dpkg -x {deb.name} failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}")
            os.replace(tmp, root)
        cp = root/'usr/share/doc'/pkg/'copyright'
        if cp.is_file(): (out/'licenses').mkdir(exist_ok=True); shutil.copyfile(cp, out/'licenses'/f'{pkg}.copyright')
        jobsl += [(game, pkg, f, out) for f in gm_tracks_of(root, pattern, work)]
    other = {p: v for p, v in versions.items() if GM_VERSIONS.get(p) != v}
    if other: say(f"note: package versions differ from the reference's (Debian 12): {other}; clips may differ")
    say(f"game-music: cutting clips from {len(jobsl)} files of {len(GM_PACKAGES)} packages ({jobs} processes)")
    t = time.time()
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as ex: parts = list(ex.map(gm_cut, jobsl, chunksize=1))
    else: parts = [gm_cut(j) for j in jobsl]
    rows = [r for p in parts for r in p]
    df = pd.DataFrame(rows)
    df.to_csv(out/'manifest.csv', index=False)
    summary = df.groupby('genre', sort=False).agg(clips=('track_id', 'size'), tracks=('source_track', 'nunique'))
    say(summary.to_string()); say(f"{len(df)} clips in {time.time() - t:.0f} s")
    table = '\n'.join(f"| {g} | {GM_PACKAGES[g][0]} {versions[GM_PACKAGES[g][0]]} | {r.tracks} | {r.clips} | {GM_LICENCES[g]} |"
                      for g, r in summary.iterrows())
    (out/'README.md').write_text(f"""# game-music: {len(df)} real 30-second clips from five games' soundtracks

Rebuilt by musiccluster's `tools/build_data.py` from Debian's game-music packages (real recordings, no synthesis).
Labels are the game, so a "genre" here mixes composer, era and production style: a real-audio style set, not a genre
benchmark.

| game (label) | Debian package | source tracks | clips | licence (see `licenses/`) |
|---|---|---|---|---|
{table}

- `manifest.csv`: `track_id, audio_path` (relative to this folder), `genre` (the game), `language` (empty: mostly
  instrumental), `source_track` (the file a clip was cut from), `clip_start_s`, `package`.
- Clips: mono, 22,050 Hz, Ogg Vorbis, up to three per source track, evenly spaced after the first 10 s (tracks of 20-40 s
  give one clip from their start; shorter files are skipped). **Clips of one source track are not independent**: never
  let clips of one track sit on both sides of a split.
""", encoding='utf-8')

# --------------------------------------------------------------------------------------------------------- jamendolyrics
JAMENDO_REPO = 'https://raw.githubusercontent.com/f90/jamendolyrics/master/'
JAMENDO_SONGS = [  # (Filepath in JamendoLyrics.csv, git blob SHA-1 of mp3/<it>, of lyrics/<stem>.txt), in the reference's order
    ('Confession_-_Quesabe.mp3', '713a7233542420f562e648e1ef9a5a470d9fda27', '54c3d9e145ab4f854016ef3f87d10208b2fbc32b'),
    ('de_bonne_humeur_-_Le_Nez_Tordu.mp3', 'ecfee74b197de20d97a4c725656d78ce1a065868', 'c249503560ef0ce61ef9deae05856cc91bd638b5'),
    ('Fantasma_-_Los_Rombos.mp3', 'fe484f3f1e4f5bcfd733133e3a75ca5efedce8bd', '942ff2aa42b291ec437673ef3188f0234944959c'),
    ('Guayeteo_-_JhoyKing.mp3', '4e82ba13f1c78e99891208938631409cb886f9e0', '8d758cf8f597e02d3f8639927814ba537bb03099'),
    ('Mes_Larmes_-_kobzx2z.mp3', '525871d07bbc003efe39f154d131c82310e54566', 'ba4d2b64f0bf302d549b9bebe5c7968b746403f4'),
    ('Yuanan_-_Miedo_-_Yuanan.mp3', '348a3d5a0f09abb09dedf90e09fac332a52df99c', '983ae61b2126941295f4bfbf8efa6dd481dd8d94'),
    ('Séculaire_feat._Nÿme_-_saru.mp3', '57137c68cfb2eb94ed850bf4e3e52305eaba6abf', 'f59cbf4bc904663e8c815eb72e8c6427546930c3'),
    ('te_amo_-_fabios_la_nueva_expresion_de_la_cancion.mp3', '263c13426f0dd02e30523d3b927756621e43d492', 'a21eed2109f2fb693024aa00d9e3d28e582be32e'),
    ('Veränderung_-_doromusis.mp3', '78a63985fc957a364f3eab89eb22b175b0deb6e4', '51b8b62b6077c6c652f8bb7dfea1113362338ed8'),
    ('Le_royaume_des_glous_glous_-_Raoul_de_QSM.mp3', '8cdaacff89ef93fe698799b450c611a11f519774', '26fb061052c01713a86cb4f7b2ba072e975cf48c'),
]
JAMENDO_MANIFEST = ['track_id', 'audio_path', 'lyrics_path', 'language', 'genre', 'artist', 'title', 'license']

def git_blob_sha1(data:bytes)->str: return hashlib.sha1(b'blob %d\0' % len(data) + data).hexdigest()

def jamendo_get(rel:str, local:Path|None)->bytes:
    "One file of the JamendoLyrics repository, from a local copy or from GitHub."
    if local is not None:
        p = local/rel
        if rel == 'README.md' and not p.is_file(): p = local/'README.upstream.md'  # the layout this tool writes
        if not p.is_file(): raise Fail(f"jamendolyrics: {p} not found: --from-local wants a clone of github.com/f90/jamendolyrics")
        return p.read_bytes()
    url = JAMENDO_REPO + urllib.parse.quote(rel)
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={'User-Agent': 'musiccluster-build-data'}), timeout=60) as r:
            return r.read()
    except (urllib.error.URLError, OSError) as e:
        raise Fail(f"jamendolyrics: cannot download {url} ({getattr(e, 'reason', e)}): it needs internet access to GitHub; "
                   f"or clone https://github.com/f90/jamendolyrics elsewhere and pass --from-local PATH") from e

def jamendo_rows(listing:bytes)->tuple[list, list]:
    "The ten songs' rows of JamendoLyrics.csv (all its columns, as text) in the reference's order, and the manifest rows."
    rows = list(csv.DictReader(io.StringIO(listing.decode('utf-8-sig'))))
    if not rows or 'Filepath' not in rows[0]: raise Fail("jamendolyrics: JamendoLyrics.csv has no Filepath column")
    by = {r['Filepath']: r for r in rows}
    missing = [f for f, _, _ in JAMENDO_SONGS if f not in by]
    if missing: raise Fail(f"jamendolyrics: JamendoLyrics.csv lists none of {missing}")
    tracks = [by[f] for f, _, _ in JAMENDO_SONGS]
    man = [dict(track_id=Path(r['Filepath']).stem, audio_path=f"mp3/{r['Filepath']}", lyrics_path=f"lyrics/{Path(r['Filepath']).stem}.txt",
                language=r['Language'].lower(), genre=r['Genre'].lower(), artist=r['Artist'], title=r['Title'],
                license=r['LicenseType']) for r in tracks]
    return tracks, man

def build_jamendolyrics(out:Path, local:Path|None):
    "Rebuild audio/jamendolyrics into the (staging) folder `out`: mp3/, lyrics/, JamendoLyrics.csv, tracks.csv, manifest.csv."
    listing = jamendo_get('JamendoLyrics.csv', local)
    tracks, man = jamendo_rows(listing)
    (out/'mp3').mkdir(); (out/'lyrics').mkdir()
    (out/'JamendoLyrics.csv').write_bytes(listing)
    for rel, name in (('LICENSE', 'LICENSE'), ('README.md', 'README.upstream.md')): (out/name).write_bytes(jamendo_get(rel, local))
    changed = []
    for f, sha_mp3, sha_txt in JAMENDO_SONGS:
        for rel, sha in ((f'mp3/{f}', sha_mp3), (f'lyrics/{Path(f).stem}.txt', sha_txt)):
            data = jamendo_get(rel, local)
            if git_blob_sha1(data) != sha: changed.append(rel)
            (out/rel).write_bytes(data)
        say(f"  {f}")
    if changed: say(f"note: {len(changed)} files differ from the reference's copy (upstream changed them?): {changed[:4]}")
    write_csv_rows(out/'tracks.csv', list(tracks[0].keys()), tracks)
    write_csv_rows(out/'manifest.csv', JAMENDO_MANIFEST, man)
    say(f"jamendolyrics: {len(man)} songs ({', '.join(sorted({m['language'] for m in man}))})")

# ----------------------------------------------------------------------------------------------------- gtzan-banglabeats
GTZAN_GENRES = ('blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock')
FEATURES = ['chroma_stft_mean', 'chroma_stft_var', 'rms_mean', 'rms_var', 'spectral_centroid_mean', 'spectral_centroid_var',
            'spectral_bandwidth_mean', 'spectral_bandwidth_var', 'rolloff_mean', 'rolloff_var', 'zero_crossing_rate_mean',
            'zero_crossing_rate_var', 'harmony_mean', 'harmony_var', 'perceptr_mean', 'perceptr_var', 'tempo'] + \
           [f'mfcc{i}_{s}' for i in range(1, 21) for s in ('mean', 'var')]  # = musiccluster.collection.GTZAN_COLUMNS
COLUMNS = ['filename', 'length', *FEATURES, 'label', 'language']  # the reference CSV's header (Kaggle's features_30_sec.csv + language)
AUDIO = ('.wav', '.au', '.mp3', '.ogg', '.flac', '.m4a', '.aiff', '.aif')

def genre_root(path:Path, known:tuple|None)->Path:
    "The folder of genre sub-folders under an unpacked download (GTZAN: Data/genres_original or genres; BanglaBeats: any)."
    if not path.is_dir(): raise Fail(f"{path}: not a folder")
    cands = [path, *sorted(p for p in path.rglob('*') if p.is_dir())]
    def score(d):
        subs = [s for s in d.iterdir() if s.is_dir()]
        with_audio = [s for s in subs if any(f.suffix.lower() in AUDIO for f in s.iterdir() if f.is_file())]
        if known: return sum(s.name.lower() in known for s in with_audio)
        return len(with_audio)
    best = max(cands, key=score)
    if score(best) < (len(known) if known else 2):
        raise Fail(f"{path}: no folder of genre sub-folders with audio files found"
                   + (f" (GTZAN's {', '.join(known[:3])}, ...)" if known else ""))
    return best

def list_audio(root:Path, source:str, language:str, label_case)->list:
    rows = []
    for g in sorted(p for p in root.iterdir() if p.is_dir()):
        for f in sorted(g.rglob('*')):
            if f.is_file() and f.suffix.lower() in AUDIO and not f.name.startswith('.'):
                rows.append(dict(track_id=f'{source}/{g.name}/{f.relative_to(g)}', audio_path=str(f.resolve()),
                                 genre=label_case(g.name), language=language, filename=f.name))
    return rows

def samples_at_sr(path:str)->int:
    "The clip's length in samples at 22,050 Hz (Kaggle's `length` column: len(librosa.load(path)[0]))."
    import math, soundfile as sf
    i = sf.info(path)
    return i.frames if i.samplerate == SR else math.ceil(i.frames*SR/i.samplerate)

def musiccluster_cmd()->list:
    return [sys.executable, '-c', 'import sys; from musiccluster.cli import main; sys.exit(main())']

def build_features(out_csv:Path, gtzan:Path, bangla:Path, work:Path, jobs:int):
    "Compute the 2,617-track table with `musiccluster features` from the two unpacked datasets' audio."
    import pandas as pd, soundfile as sf
    g_root, b_root = genre_root(gtzan, GTZAN_GENRES), genre_root(bangla, None)
    say(f"GTZAN: {g_root}\nBanglaBeats: {b_root}")
    rows = list_audio(g_root, 'gtzan', 'eng', str.lower) + list_audio(b_root, 'banglabeats', 'bng', str)
    short = []
    for r in rows[-5:]:
        with contextlib.suppress(Exception): short += [r['audio_path']] if sf.info(r['audio_path']).duration < 25 else []
    if short: say(f"warning: BanglaBeats files shorter than 25 s ({Path(short[0]).name}): the reference table holds 30-s clips, "
                  "not the 3-s segments")
    man = pd.DataFrame(rows)
    work.mkdir(parents=True, exist_ok=True)
    man[['track_id', 'audio_path', 'genre', 'language']].to_csv(work/'manifest.csv', index=False)
    feats = work/'features'
    cmd = musiccluster_cmd() + ['features', str(work/'manifest.csv'), '--out', str(feats), '--allow-outside', '--overwrite']
    if jobs: cmd += ['--jobs', str(jobs)]
    say(f"{len(man)} tracks ({(man.language == 'eng').sum()} GTZAN, {(man.language == 'bng').sum()} BanglaBeats): musiccluster features ...")
    r = subprocess.run(cmd)
    if r.returncode: raise Fail(f"musiccluster features failed (exit {r.returncode}): is musiccluster installed (pip install -e .)?")
    X = pd.read_csv(feats/'audio_features.csv', dtype={'track_id': str}).set_index('track_id')
    missing = [c for c in FEATURES if c not in X.columns]
    if missing: raise Fail(f"musiccluster features wrote no {missing[:3]}: not the GTZAN feature set this table needs")
    skipped = pd.read_csv(feats/'skipped.csv')
    if len(skipped): say(f"skipped by musiccluster features ({len(skipped)}): " + '; '.join(f"{Path(str(p)).name}: {w}" for p, w in skipped.head(5).values))
    man = man.set_index('track_id').loc[[t for t in man.track_id if t in X.index]]
    table = pd.DataFrame(dict(filename=man.filename, length=[samples_at_sr(p) for p in man.audio_path]), index=man.index)
    table = table.join(X[FEATURES]).assign(label=man.genre, language=man.language)
    table['source'] = (table.language == 'bng').astype(int)
    table = table.sort_values(['source', 'filename'], kind='stable')[COLUMNS]
    table.to_csv(out_csv, index=False)
    say(f"gtzan-banglabeats: {len(table)} tracks, {len(COLUMNS)} columns")

def join_precomputed(out_csv:Path, gtzan_csv:Path, bangla_csv:Path):
    "The table from precomputed GTZAN-style feature tables (Kaggle's features_30_sec.csv of each), with `language`."
    import pandas as pd
    parts = []
    for path, lang in ((gtzan_csv, 'eng'), (bangla_csv, 'bng')):
        if not Path(path).is_file(): raise Fail(f"{path}: features CSV not found")
        d = pd.read_csv(path, dtype={'filename': str})
        missing = [c for c in COLUMNS[:-1] if c not in d.columns]
        if missing: raise Fail(f"{path}: not a GTZAN-style features_30_sec.csv (missing {missing[:4]})")
        parts.append(d[COLUMNS[:-1]].assign(language=lang).sort_values('filename', kind='stable'))
    table = pd.concat(parts, ignore_index=True)
    table.to_csv(out_csv, index=False)
    say(f"gtzan-banglabeats: {len(table)} tracks from precomputed tables")

# ---------------------------------------------------------------------------------------------------------------- lyrics
LYRICS_COLUMNS = ['language', 'genre', 'title', 'artist', 'lyrics']
ALIASES = {'lyrics': ('lyrics', 'lyric', 'text', 'song_lyrics'), 'genre': ('genre', 'tag', 'category', 'label'),
           'title': ('title', 'song', 'song_name', 'name', 'track'), 'artist': ('artist', 'singer', 'band', 'artist_name')}

def lyrics_table(path:Path, language:str, n:int, seed:int):
    import pandas as pd
    if not Path(path).is_file(): raise Fail(f"{path}: lyrics CSV not found")
    d = pd.read_csv(path, dtype=str)
    low = {c.lower().strip(): c for c in d.columns}
    cols = {k: next((low[a] for a in names if a in low), None) for k, names in ALIASES.items()}
    if cols['lyrics'] is None: raise Fail(f"{path}: no lyrics column (one of {', '.join(ALIASES['lyrics'])})")
    out = pd.DataFrame({k: d[c] if c else None for k, c in cols.items()}).assign(language=language)
    out = out[out.lyrics.fillna('').str.strip().str.len() > 0].drop_duplicates('lyrics')
    if len(out) < n: say(f"note: {path} has {len(out)} songs with lyrics, fewer than {n}: all kept")
    return out.sample(min(n, len(out)), random_state=seed)[LYRICS_COLUMNS]

def build_lyrics(out_csv:Path, en:Path|None, bn:Path|None, n:int, seed:int):
    import pandas as pd
    if not en or not bn:
        raise Fail("lyrics: no download: the reference bilingual_lyrics.csv records no source (its README says only 'lyrics are "
                   "the rights holders''); give real lyrics tables with --lyrics-en CSV --lyrics-bn CSV (see data/README.md)")
    table = pd.concat([lyrics_table(en, 'en', n, seed), lyrics_table(bn, 'bn', n, seed)], ignore_index=True)
    table.to_csv(out_csv, index=False)
    say(f"lyrics: {len(table)} songs ({table.language.value_counts().to_dict()})")

# ---------------------------------------------------------------------------------------------------------------- checks
def find_reference(given:str|None)->Path|None:
    "The reference data folder: --reference, else $MUSICCLUSTER_DATA, else a shared/data folder upwards of here or the cwd."
    if given: return Path(given)
    env = os.environ.get('MUSICCLUSTER_DATA')
    if env and Path(env).is_dir(): return Path(env)
    for start in (Path.cwd().resolve(), Path(__file__).resolve().parent):
        for d in (start, *start.parents):
            if (d/'shared'/'data').is_dir(): return d/'shared'/'data'
    return None

def tree(root:Path)->set: return {str(p.relative_to(root)) for p in root.rglob('*') if p.is_file()}

def compare_game_music(new:Path, ref:Path)->list:
    "Differences between a rebuilt audio/game-music and the reference copy (an empty list: the same)."
    import numpy as np, pandas as pd, soundfile as sf
    bad = []
    a, b = (new/'manifest.csv').read_bytes(), (ref/'manifest.csv').read_bytes()
    ma, mb = (pd.read_csv(p/'manifest.csv', dtype=str, keep_default_na=False) for p in (new, ref))
    if not ma.equals(mb):
        rows = set(map(tuple, ma.values)) ^ set(map(tuple, mb.values))
        bad.append(f"manifest.csv: {len(ma)} rows vs {len(mb)}; {len(rows)} rows in one only, e.g. {sorted(rows)[:2]}")
    say(f"manifest.csv: {len(ma)} rows, {'byte-identical' if a == b else 'same rows' if ma.equals(mb) else 'DIFFERENT'}")
    ta, tb = ({f for f in tree(p) if f.startswith(('clips/', 'licenses/')) or f == 'manifest.csv'} for p in (new, ref))
    if ta != tb: bad.append(f"file list: only rebuilt {sorted(ta - tb)[:3]}, only reference {sorted(tb - ta)[:3]}")
    say(f"files (clips/, licenses/, manifest.csv): {len(ta)} rebuilt, {len(tb)} reference, {'same list' if ta == tb else 'DIFFERENT'}")
    lic = [f for f in ta & tb if f.startswith('licenses/') and (new/f).read_bytes() != (ref/f).read_bytes()]
    if lic: bad.append(f"licence files differ: {lic}")
    clips = sorted(f for f in ta & tb if f.startswith('clips/'))
    same_bytes, same_pcm, worst = 0, 0, (0.0, '')
    for f in clips:
        if (new/f).read_bytes() == (ref/f).read_bytes(): same_bytes += 1; same_pcm += 1; continue
        (ya, sa), (yb, sb) = sf.read(str(new/f), dtype='float32'), sf.read(str(ref/f), dtype='float32')
        if sa != sb or ya.shape != yb.shape: bad.append(f"{f}: {ya.shape}@{sa} vs {yb.shape}@{sb}"); continue
        d = float(np.max(np.abs(ya - yb))) if ya.size else 0.0
        same_pcm += d == 0.0
        if d > worst[0]: worst = (d, f)
    say(f"audio: {len(clips)} clips; {same_bytes} byte-identical, {same_pcm} with identical decoded samples; "
        f"largest sample difference {worst[0]:.3g}{' (' + worst[1] + ')' if worst[1] else ''}")
    if worst[0] > 1e-3: bad.append(f"decoded audio differs by up to {worst[0]:.3g} ({worst[1]})")
    return bad

def check_game_music(args)->int:
    import pandas as pd
    ref = find_reference(args.reference)
    ref_gm = ref/'audio'/'game-music' if ref else None
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix='build-data-check-') as d:
        dest = Path(d)/'data'
        work = Path(args.work) if args.work else Path(d)/'work'
        with staged(dest/TARGETS['game-music'], False, True) as stage: build_game_music(stage, work, args.jobs)
        new = dest/TARGETS['game-music']
        m = pd.read_csv(new/'manifest.csv')
        got = {g: (s.source_track.nunique(), len(s)) for g, s in m.groupby('genre')}
        bad = [] if got == GM_EXPECTED else [f"tracks and clips per game {got}, expected {GM_EXPECTED}"]
        if ref_gm and (ref_gm/'manifest.csv').is_file():
            say(f"comparing with {ref_gm}")
            bad += compare_game_music(new, ref_gm)
        else: say("no reference copy (set MUSICCLUSTER_DATA or --reference): checked the counts only")
    say(f"check-game-music: {'FAIL: ' + ' | '.join(bad) if bad else 'ok'} ({time.time() - t0:.0f} s)")
    return 1 if bad else 0

def check_jamendolyrics(args)->int:
    ref = find_reference(args.reference)
    src = Path(args.from_local) if args.from_local else (ref/'audio'/'jamendolyrics' if ref else None)
    if src is None or not src.is_dir(): say("check-jamendolyrics: skipped: no reference copy (set MUSICCLUSTER_DATA or --reference)"); return 0
    with tempfile.TemporaryDirectory(prefix='build-data-check-') as d:
        final = Path(d)/TARGETS['jamendolyrics']
        with staged(final, False, True) as stage: build_jamendolyrics(stage, src)
        bad = [f for f in ('tracks.csv', 'manifest.csv', 'JamendoLyrics.csv')
               if (ref/'audio'/'jamendolyrics'/f).is_file() and (final/f).read_bytes() != (ref/'audio'/'jamendolyrics'/f).read_bytes()]
        got, want = tree(final), tree(ref/'audio'/'jamendolyrics') if ref else set()
        if want and got != want: bad.append(f"file list: {sorted(got ^ want)[:4]}")
    say(f"check-jamendolyrics: {'FAIL: differ: ' + ', '.join(bad) if bad else 'ok'} (rebuilt offline from {src})")
    return 1 if bad else 0

# ------------------------------------------------------------------------------------------------------------------ main
def parser()->argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog='build_data.py', description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=KAGGLE + "\n\nThen: export MUSICCLUSTER_DATA=DEST (see data/README.md).")
    ap.add_argument('dest', nargs='?', help='the data folder to fill (made if missing)')
    ap.add_argument('--parts', default=','.join(PARTS), help=f"comma-separated, of {', '.join(PARTS)} (default: all)")
    ap.add_argument('--force', action='store_true', help='replace parts that exist in DEST')
    ap.add_argument('--work', help='keep downloads and unpacked packages here (default: a temporary folder, removed)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 1, help='worker processes (default: all cores)')
    g = ap.add_argument_group('jamendolyrics')
    g.add_argument('--from-local', metavar='PATH', help='a clone of github.com/f90/jamendolyrics (offline; no download)')
    g = ap.add_argument_group('gtzan-banglabeats')
    g.add_argument('--gtzan', metavar='PATH', help="GTZAN unpacked (Kaggle's download: Data/genres_original/<genre>/*.wav)")
    g.add_argument('--banglabeats', metavar='PATH', help='BanglaBeats unpacked (<genre>/<files> at any depth)')
    g.add_argument('--gtzan-features', metavar='CSV', help="instead of computing: GTZAN's precomputed Data/features_30_sec.csv")
    g.add_argument('--banglabeats-features', metavar='CSV', help="instead of computing: BanglaBeats' 30-s features table, same columns")
    g = ap.add_argument_group('lyrics')
    g.add_argument('--lyrics-en', metavar='CSV', help='English lyrics (columns lyrics, genre, title, artist; common aliases read)')
    g.add_argument('--lyrics-bn', metavar='CSV', help='Bangla lyrics, the same columns')
    g.add_argument('--lyrics-n', type=int, default=1000, help='songs per language (default 1000)')
    g.add_argument('--seed', type=int, default=0, help='seed of the lyrics sample (default 0)')
    g = ap.add_argument_group('checks (no DEST)')
    g.add_argument('--check-game-music', action='store_true', help='build game-music into a temporary folder and compare it with the reference')
    g.add_argument('--check-jamendolyrics', action='store_true', help="rebuild the JamendoLyrics tables offline from the reference's files and compare")
    g.add_argument('--reference', metavar='DIR', help='the reference data folder (default: $MUSICCLUSTER_DATA or shared/data upwards)')
    return ap

def build(args)->int:
    parts = [p.strip() for p in args.parts.split(',') if p.strip()]
    unknown = [p for p in parts if p not in PARTS]
    if unknown: raise Fail(f"unknown part {unknown[0]!r}: choose from {', '.join(PARTS)}")
    dest = Path(args.dest)
    if dest.exists() and not dest.is_dir(): raise Fail(f"{dest} is not a folder")
    for p in parts:  # refuse before any work: no half-done run because the last part exists
        if (dest/TARGETS[p]).exists() and not args.force: raise Fail(f"{dest/TARGETS[p]} exists: pass --force to replace it")
    failed = []
    with contextlib.ExitStack() as stack:
        work = Path(args.work) if args.work else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix='build-data-')))
        for p in parts:
            say(f"== {p} -> {dest/TARGETS[p]}")
            try:
                if p == 'game-music':
                    with staged(dest/TARGETS[p], args.force, True) as s: build_game_music(s, work/'game-music', args.jobs)
                elif p == 'jamendolyrics':
                    with staged(dest/TARGETS[p], args.force, True) as s: build_jamendolyrics(s, Path(args.from_local) if args.from_local else None)
                elif p == 'gtzan-banglabeats':
                    if args.gtzan_features or args.banglabeats_features:
                        if not (args.gtzan_features and args.banglabeats_features): raise Fail("give both --gtzan-features and --banglabeats-features")
                        with staged(dest/TARGETS[p], args.force, False) as s: join_precomputed(s, Path(args.gtzan_features), Path(args.banglabeats_features))
                    else:
                        if not (args.gtzan and args.banglabeats):
                            raise Fail("gtzan-banglabeats needs --gtzan PATH and --banglabeats PATH, the unpacked Kaggle downloads: "
                                       "kaggle datasets download -d andradaolteanu/gtzan-dataset-music-genre-classification --unzip; "
                                       "kaggle datasets download -d thisisjibon/banglabeats3sec --unzip")
                        with staged(dest/TARGETS[p], args.force, False) as s:
                            build_features(s, Path(args.gtzan), Path(args.banglabeats), work/'features', args.jobs)
                else:
                    if not (args.lyrics_en and args.lyrics_bn): build_lyrics(None, None, None, 0, 0)  # its one-line error, before any folder is made
                    with staged(dest/TARGETS[p], args.force, False) as s:
                        build_lyrics(s, args.lyrics_en and Path(args.lyrics_en), args.lyrics_bn and Path(args.lyrics_bn), args.lyrics_n, args.seed)
            except Fail as e:
                if len(parts) == 1: raise
                say(f"build_data: {p}: error: {e}"); failed.append(p)
    done = [p for p in parts if p not in failed]
    say(f"done: {', '.join(done) or 'nothing'}" + (f"; failed: {', '.join(failed)}" if failed else '')
        + (f"\nexport MUSICCLUSTER_DATA={dest.resolve()}" if done else ''))
    return 1 if failed else 0

def main(argv=None)->int:
    args = parser().parse_args(argv)
    try:
        if args.check_game_music or args.check_jamendolyrics:
            if args.dest: raise Fail("the checks take no DEST (they build into a temporary folder)")
            rc = 0
            if args.check_jamendolyrics: rc |= check_jamendolyrics(args)
            if args.check_game_music: rc |= check_game_music(args)
            return rc
        if not args.dest: raise Fail("give DEST, the data folder to fill (or --check-game-music)")
        return build(args)
    except (Fail, OSError, subprocess.CalledProcessError, zipfile.BadZipFile) as e:
        if os.environ.get('MUSICCLUSTER_DEBUG'): raise
        print(f"build_data: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("build_data: interrupted; the part being built was removed, the others are whole", file=sys.stderr)
        return 130

if __name__ == '__main__': sys.exit(main())
