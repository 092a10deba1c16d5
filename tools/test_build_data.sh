#!/usr/bin/env bash
# Tests of tools/build_data.py (CI: bash tools/test_build_data.sh; about 2.5 min on 2 cores, most of it the game-music build).
#  1. jamendolyrics: the tables rebuilt offline from the reference copy's files equal its tracks.csv and manifest.csv byte for byte
#  2. one-line errors, and an existing part is never replaced without --force (nothing downloaded)
#  3. gtzan-banglabeats: the path through `musiccluster features` on stand-in GTZAN/BanglaBeats folders of 12 real clips
#     (game-music clips under GTZAN's names: the mechanics and the header, not GTZAN's values)
#  4. game-music for real: apt-get download of the five Debian packages, the clips cut, compared with the reference copy
# The reference copy is $MUSICCLUSTER_DATA or shared/data beside the checkout; without it 1 and 3 skip and 4 checks counts only.
set -euo pipefail
cd "$(dirname "$0")/.."
tool="python tools/build_data.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ref=$(python -c "import sys; sys.path.insert(0, 'tools'); import build_data as b; r = b.find_reference(None); print(r or '')")

echo "== 1. jamendolyrics tables, offline"
$tool --check-jamendolyrics

echo "== 2. errors and --force"
fails() {  # fails EXPECTED-TEXT COMMAND...: the command exits non-zero with one stderr line holding the text
  local want=$1; shift
  if "$@" > "$tmp/out" 2> "$tmp/err"; then echo "should have failed: $*"; exit 1; fi
  grep -qF -- "$want" "$tmp/err" || { echo "expected '$want' from: $*"; cat "$tmp/err"; exit 1; }
  test "$(wc -l < "$tmp/err")" -eq 1 || { echo "not one line: $*"; cat "$tmp/err"; exit 1; }
}
fails "unknown part 'foo'" $tool "$tmp/d" --parts foo
fails "needs --gtzan PATH and --banglabeats PATH" $tool "$tmp/d" --parts gtzan-banglabeats
fails "--lyrics-en CSV --lyrics-bn CSV" $tool "$tmp/d" --parts lyrics
fails "give DEST" $tool
mkdir -p "$tmp/d/audio/game-music"; echo mine > "$tmp/d/audio/game-music/keep.txt"
fails "exists: pass --force" $tool "$tmp/d" --parts game-music
test "$(cat "$tmp/d/audio/game-music/keep.txt")" = mine
test -z "$(find "$tmp/d" -name '.*build-data-*')" || { echo "staging left behind"; exit 1; }
echo "ok"

if [ -n "$ref" ] && [ -d "$ref/audio/game-music/clips" ]; then
  echo "== 3. gtzan-banglabeats through musiccluster features (stand-in folders)"
  python - "$ref" "$tmp/raw" <<'PY'
import sys, soundfile as sf, pandas as pd
from pathlib import Path
ref, raw = Path(sys.argv[1])/'audio'/'game-music', Path(sys.argv[2])
m = pd.read_csv(ref/'manifest.csv')
gtzan = ('blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock')
for i, (src, g) in enumerate([('gtzan/Data/genres_original', g) for g in gtzan] + [('banglabeats/data', 'Adhunik'), ('banglabeats/data', 'Rock')]):
    y, sr = sf.read(ref/m.audio_path[i*25])
    (raw/src/g).mkdir(parents=True, exist_ok=True)
    sf.write(raw/src/g/f'{g}.00000.wav', y, sr)
PY
  $tool "$tmp/d" --parts gtzan-banglabeats --gtzan "$tmp/raw/gtzan" --banglabeats "$tmp/raw/banglabeats" 2>&1 | grep -v 'audio features:'
  python - "$tmp/d/features/gtzan_banglabeats_30s.csv" "$ref/features/gtzan_banglabeats_30s.csv" <<'PY'
import sys, pandas as pd
from musiccluster.collection import load_collection
new, ref = pd.read_csv(sys.argv[1]), pd.read_csv(sys.argv[2], nrows=1)
assert list(new.columns) == list(ref.columns), (list(new.columns), list(ref.columns))
assert len(new) == 12 and new.language.tolist() == ['eng']*10 + ['bng']*2 and new.length.eq(661500).all(), new[['filename', 'length', 'language']]
tracks, X = load_collection(sys.argv[1])
assert X.shape == (12, 57) and tracks.genre.nunique() == 12
print(f"ok: {len(new)} rows, the reference's {len(new.columns)} columns; musiccluster loads it")
PY
else echo "== 3. skipped: no reference data folder"; fi

echo "== 4. game-music from Debian's packages, compared with the reference"
$tool --check-game-music
