"""A real music library for the user-path benchmarks: full-length game soundtracks from Debian, kept as people keep music.

    python benchmarks/make_fulltracks.py [--work /tmp/gmdeb] [--out /tmp/fulltracks]     # root, with apt-get

Downloads the five game-music packages that the data folder's game-music clips were cut from (`apt-get download`, not
installed), unpacks them with `dpkg -x` (ufoai's music sits in a zip, `0music.pk3`), and lays the tracks out as
`OUT/<game>/<file>`: files under 20 s are left out (sound effects, as the clips' build.py does), and ufoai, the only game
with many more tracks than the others, is cut to 42 evenly spaced in sorted order, so that there are 100 in all. Writes
`OUT/../fulltracks_inventory.csv` (game, file, duration_s, bytes). The game is the hidden answer key of
`benchmarks/recommend.py`; no model is ever given the folder names. Licences: each package's copyright file.
"""
import argparse, glob, os, shutil, subprocess, zipfile
from pathlib import Path
import pandas as pd, soundfile as sf

PACKAGES = {  # game -> (Debian package, glob of its music inside the unpacked package or the unzipped pk3)
    'ufoai': ('ufoai-music', 'pk3/**/*.ogg'),
    'drascula': ('drascula-music', 'pkgs/drascula-music/usr/share/scummvm/drascula/audio/*.ogg'),
    'hyperrogue': ('hyperrogue-music', 'pkgs/hyperrogue-music/usr/share/hyperrogue/music/*.ogg'),
    'planetblupi': ('planetblupi-music-ogg', 'pkgs/planetblupi-music-ogg/usr/share/**/*.ogg'),
    'asc': ('asc-music', 'pkgs/asc-music/usr/share/**/*.mp3'),
}
CAP = {'ufoai': 42}   # tracks kept per game, where a game has more
MIN_SECONDS = 20      # shorter files are sound effects

def unpack(work:Path):
    "Each package downloaded and unpacked once into `work/pkgs/<package>`; ufoai's pk3 into `work/pk3`."
    for pkg, _ in PACKAGES.values():
        dest = work/'pkgs'/pkg
        if dest.is_dir(): continue
        if not glob.glob(str(work/f'{pkg}_*.deb')): subprocess.run(['apt-get', 'download', pkg], cwd=work, check=True)
        dest.parent.mkdir(parents=True, exist_ok=True)  # dpkg -x makes the last folder only
        subprocess.run(['dpkg', '-x', glob.glob(str(work/f'{pkg}_*.deb'))[0], str(dest)], check=True)
    if not (work/'pk3').is_dir():
        pk3 = next(Path(work/'pkgs'/'ufoai-music').rglob('0music.pk3'))
        with zipfile.ZipFile(pk3) as z: z.extractall(work/'pk3')

def lay_out(work:Path, out:Path)->pd.DataFrame:
    "The library, `out/<game>/<file>`, and its inventory."
    if out.exists(): shutil.rmtree(out)
    rows = []
    for game, (_, pattern) in PACKAGES.items():
        files = sorted(f for f in glob.glob(str(work/pattern), recursive=True) if os.path.isfile(f) and not os.path.islink(f))
        files = [f for f in files if sf.info(f).duration >= MIN_SECONDS]
        cap = CAP.get(game, len(files))
        if len(files) > cap: files = [files[round(i*(len(files) - 1)/(cap - 1))] for i in range(cap)]
        (out/game).mkdir(parents=True)
        for f in files:
            d = out/game/Path(f).name
            shutil.copy(f, d)
            rows.append(dict(game=game, file=d.name, duration_s=round(sf.info(str(d)).duration, 1), bytes=d.stat().st_size))
    return pd.DataFrame(rows)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--work', default='/tmp/gmdeb', help='where the packages are downloaded and unpacked')
    ap.add_argument('--out', default='/tmp/fulltracks', help='the library to lay out (replaced)')
    a = ap.parse_args()
    work, out = Path(a.work), Path(a.out)
    work.mkdir(parents=True, exist_ok=True)
    unpack(work)
    inv = lay_out(work, out)
    inv.to_csv(out.parent/'fulltracks_inventory.csv', index=False)
    print(inv.groupby('game').duration_s.agg(['count', 'sum', 'min', 'median', 'max']).round(1))
    print(f'{len(inv)} tracks, {inv.duration_s.sum()/60:.1f} min, in {out}')
