"""Lyrics from the audio (issue 36): how well does Whisper base hear sung lyrics, and what is a lyrics view built from its
transcripts worth next to the real lyrics?

Run from the repository root (needs `pip install -e ".[dev]"`: faster-whisper, jiwer and the two Whisper base wheels;
`apt-get install espeak-ng` for the spoken clips):

    python benchmarks/whisper_jamendo.py [--data DATA] [--seeds 10] [--cache DIR]

Songs: the ten JamendoLyrics songs of DATA/audio/jamendolyrics/manifest.csv (French, Spanish, German; real lyrics and
labels), read with `musiccluster.collection.load_manifest`. Each is transcribed by `musiccluster.lyrics.transcribe_lyrics`
(Whisper base from the PyPI wheels, int8 on the CPU, beam 5) four times: language detected or forced from the manifest's
`language` column, each without the VAD (`vad_filter=False`, the default) and with it (Silero VAD). The transcript cache is a fresh
temporary folder (unless --cache), so every pass is cold.
WER: jiwer, after lower-casing, removing punctuation (Unicode P*) and collapsing spaces, on reference and hypothesis alike;
per song, and per language and overall over all words (jiwer's corpus WER, not a mean of per-song WERs).
Lyrics views: TF-IDF (`lyrics_tfidf`, what `prepare.embed_lyrics` uses by default) and multilingual E5 (`e5_embeddings`)
of the real lyrics and of the transcripts of each pass. Each view is clustered by K-Means
(n_init=10, seeds 0..SEEDS-1) with K = the number of classes (languages: 3, genres: 5); labels are used only to set K and to
score (NMI, sklearn). With 10 songs NMI is large by chance: chance NMI = mean NMI of 100 random permutations of the
predicted labels.
Spoken control: the first four lines of the first English and the first Bangla lyric of DATA/lyrics/bilingual_lyrics.csv,
said by espeak-ng (voices en, bn), transcribed detected and forced (no VAD); WER and CER (characters) against the text.
Made-up words: ten 30-s game-music clips of DATA/audio/game-music (no lyrics), language detected, VAD on and off; the
words written per clip.
Writes benchmarks/whisper_jamendo.csv (one row per song or clip and pass; scores only, no lyrics or transcripts) and
benchmarks/whisper_jamendo.md.
"""
import argparse, datetime, os, platform, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd

HERE = Path(__file__).resolve().parent
PASSES = {'detected': (False, False), 'forced': (True, False), 'detected, VAD': (False, True), 'forced, VAD': (True, True)}  # name -> (language forced, VAD)

def normalise():
    "jiwer's transform for both sides: lower case, no punctuation, single spaces, words."
    import jiwer
    return jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(), jiwer.Strip(),
                          jiwer.ReduceToListOfListOfWords()])

def n_words(text):
    "Words in a text after the same normalisation (so '¶ ¶ ¶' or '. . .' are no words)."
    return len(normalise()(text)[0]) if isinstance(text, str) and text.strip() else 0

def wer(refs, hyps):
    "Corpus WER of lists of references and hypotheses (a missing hypothesis counts as nothing heard)."
    import jiwer
    words = normalise()
    hyps = [h if isinstance(h, str) and h.strip() else '' for h in hyps]
    return jiwer.process_words(list(refs), hyps, reference_transform=words, hypothesis_transform=words).wer

def cer(ref, hyp):
    import jiwer
    chars = jiwer.Compose([jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(), jiwer.Strip(),
                           jiwer.ReduceToListOfListOfChars()])
    return jiwer.cer(ref, hyp or '', reference_transform=chars, hypothesis_transform=chars)

def bengali_share(text):
    "The share of a text's letters in the Bengali block (U+0980 to U+09FF): 0 for Latin-script output."
    letters = [c for c in str(text) if c.isalpha()]
    return sum('\u0980' <= c <= '\u09ff' for c in letters) / len(letters) if letters else np.nan

def uptime():
    return subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()

def transcribe_passes(tracks, cache, rows, times):
    from musiccluster.lyrics import transcribe_lyrics
    out = {}
    for name, (forced, vad) in PASSES.items():
        t = time.perf_counter()
        res = transcribe_lyrics(tracks.audio_path, language=tracks.language if forced else None, cache_dir=cache, progress=False,
                                vad_filter=vad)
        times[f'songs, language {name}'] = time.perf_counter() - t
        times[f'cached {name}'] = int(res.cached.sum())  # transcripts read back, not heard: that pass's time is not cold
        out[name] = res
        for tr, r in zip(tracks.itertuples(), res.itertuples()):
            rows.append(dict(kind='song', item=tr.track_id, language=tr.language, genre=tr.genre, language_pass=name,
                             detected=r.language, language_probability=r.language_probability, wer=wer([tr.lyrics], [r.text]),
                             cer=np.nan, ref_words=n_words(tr.lyrics), hyp_words=n_words(r.text),
                             error=r.error, transcript=r.text))
    t = time.perf_counter()
    again = transcribe_lyrics(tracks.audio_path, cache_dir=cache, progress=False)
    times['songs, language detected, cached'] = time.perf_counter() - t
    assert again.cached.all(), again
    return out

def nmi_table(views, tracks, seeds):
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score as nmi
    rows = []
    for (emb, source), Z in views.items():
        for label in ('language', 'genre'):
            y = tracks[label].to_numpy()
            k = len(set(y))
            scores, chance = [], []
            for seed in range(seeds):
                pred = KMeans(k, n_init=10, random_state=seed).fit_predict(Z)
                scores.append(nmi(y, pred))
                rng = np.random.default_rng(seed)
                chance.append(np.mean([nmi(y, rng.permutation(pred)) for _ in range(100)]))
            rows.append(dict(embedding=emb, lyrics=source, label=label, K=k, nmi=np.mean(scores), nmi_std=np.std(scores),
                             chance_nmi=np.mean(chance)))
    return pd.DataFrame(rows)

def spoken(data, folder, rows, times):
    "espeak-ng says the first four lines of one English and one Bangla lyric; Whisper writes them down."
    from musiccluster.lyrics import transcribe_lyrics
    if shutil.which('espeak-ng') is None: return 'espeak-ng is not installed: no spoken clips'
    lyr = pd.read_csv(data/'lyrics'/'bilingual_lyrics.csv')
    for lang, voice in (('en', 'en'), ('bn', 'bn')):
        first = lyr[lyr.language == lang].iloc[0]
        text = ' '.join([l.strip() for l in first.lyrics.splitlines() if l.strip()][:4])
        wav = folder/f'spoken_{lang}.wav'
        subprocess.run(['espeak-ng', '-v', voice, '-w', str(wav), text], check=True)
        for name, (forced, _) in list(PASSES.items())[:2]:
            t = time.perf_counter()
            r = transcribe_lyrics([wav], language=lang if forced else None, cache_dir=folder/'cache', progress=False).iloc[0]
            times[f'espeak {lang}, language {name}'] = time.perf_counter() - t
            rows.append(dict(kind='espeak', item=f'{first.title} (bilingual_lyrics.csv, {lang}, first 4 lines)', language=lang,
                             genre=first.genre, language_pass=name, detected=r.language, language_probability=r.language_probability,
                             wer=wer([text], [r.text]), cer=cer(text, r.text), ref_words=n_words(text),
                             hyp_words=n_words(r.text), error=r.error, transcript=r.text,
                             bengali_share=bengali_share(r.text)))
    return None

def instrumental(data, folder, rows, times):
    "Ten game-music clips (two source tracks per game, no lyrics anywhere): how many words does Whisper write, VAD on and off?"
    from musiccluster.collection import load_manifest
    from musiccluster.lyrics import transcribe_lyrics
    clips = load_manifest(data/'audio'/'game-music'/'manifest.csv')
    clips = clips.groupby('source_track').head(1).groupby('genre').head(2).reset_index(drop=True)
    for name, vad in (('detected', False), ('detected, VAD', True)):
        t = time.perf_counter()
        res = transcribe_lyrics(clips.audio_path, cache_dir=folder/'cache', progress=False, vad_filter=vad)
        times[f'game music, {name}'] = time.perf_counter() - t
        for c, r in zip(clips.itertuples(), res.itertuples()):
            rows.append(dict(kind='instrumental', item=c.track_id, genre=c.genre, language_pass=name, detected=r.language,
                             language_probability=r.language_probability, ref_words=0,
                             hyp_words=n_words(r.text), error=r.error, transcript=r.text))

def md(df, cols, digits=3):
    from musiccluster.core import md_table
    return md_table(df[cols].round(digits))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--data', type=Path, default=None, help='the data folder (default: musiccluster.core.find_data_folder())')
    ap.add_argument('--seeds', type=int, default=10, help='K-Means seeds per view')
    ap.add_argument('--cache', type=Path, default=None, help='keep the transcripts in this folder (default: a fresh temporary one: cold)')
    args = ap.parse_args()
    from musiccluster.core import find_data_folder
    from musiccluster.collection import load_manifest
    from musiccluster.lyrics import lyrics_tfidf, e5_embeddings, whisper_model_folder
    import faster_whisper
    data = args.data or find_data_folder(HERE)
    if data is None or not (data/'audio'/'jamendolyrics'/'manifest.csv').is_file():
        sys.exit('no data folder with audio/jamendolyrics/manifest.csv (pass --data or set MUSICCLUSTER_DATA)')
    if whisper_model_folder() is None: sys.exit('Whisper base is not installed: pip install -e ".[dev]"')
    load_before, started = uptime(), datetime.datetime.now()
    t_all = time.perf_counter()
    tracks = load_manifest(data/'audio'/'jamendolyrics'/'manifest.csv')
    import soundfile as sf
    audio_s = sum(sf.info(p).duration for p in tracks.audio_path)
    rows, times = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        heard = transcribe_passes(tracks, folder/'cache', rows, times)
        spoken_note = spoken(data, folder, rows, times)
        instrumental(data, folder, rows, times)
    texts = {'real lyrics': tracks.lyrics, **{f'transcripts, language {p}': heard[p].text for p in PASSES}}
    t = time.perf_counter()
    views = {}
    silent = {}  # a song of which nothing was heard has a NaN row: it is put at the origin (an empty text's place)
    for source, tx in texts.items():
        tx = [x if isinstance(x, str) and x.strip() else None for x in tx]
        silent[source] = sum(x is None for x in tx)
        views[('TF-IDF', source)] = np.nan_to_num(lyrics_tfidf(tx))
        views[('e5-small', source)] = np.nan_to_num(e5_embeddings(tx, progress=False))
    nmis = nmi_table(views, tracks, args.seeds)
    times['lyrics views and K-Means'] = time.perf_counter() - t
    times['total'] = time.perf_counter() - t_all
    load_after = uptime()

    res = pd.DataFrame(rows)
    res.drop(columns='transcript').to_csv(HERE/'whisper_jamendo.csv', index=False)
    songs = res[res.kind == 'song']
    per_lang = pd.DataFrame([dict(language=lang, language_pass=p, songs=len(g), words=int(g.ref_words.sum()),
                                  wer=wer(tracks.set_index('track_id').lyrics[g.item], heard[p].set_index(tracks.track_id).text[g.item]),
                                  language_right=f'{int((g.detected == g.language).sum())}/{len(g)}')
                             for (lang, p), g in list(songs.groupby(['language', 'language_pass'])) +
                             [(('all', p), g) for p, g in songs.groupby('language_pass')]])
    wide = songs.pivot(index='item', columns='language_pass', values=['wer', 'detected', 'language_probability'])
    wide.columns = [f'{a} ({b})' for a, b in wide.columns]
    wide = wide.astype({c: float for c in wide.columns if not c.startswith('detected')})
    wide = tracks.set_index('track_id')[['language', 'genre']].join(wide).reset_index(names='song')
    wide['words'] = [n_words(x) for x in tracks.lyrics]
    cmd = 'python benchmarks/whisper_jamendo.py' + ''.join(f' {a}' for a in sys.argv[1:])
    lines = [
        '# Lyrics from the audio: Whisper base on the ten JamendoLyrics songs',
        '',
        f'Made by `{cmd}` (from the repository root) on {started:%Y-%m-%d %H:%M}; {os.cpu_count()} cores, CPU only '
        f'({platform.processor() or platform.machine()}), faster-whisper {faster_whisper.__version__}, model: Whisper base from the '
        f'PyPI wheels (`musiccluster.lyrics.whisper_model_folder`), int8, beam 5, no VAD unless said. Raw rows: whisper_jamendo.csv. '
        'Method: see the docstring of benchmarks/whisper_jamendo.py.',
        '',
        f'- Load before: `{load_before}`; after: `{load_after}`.' + (f' Transcripts kept in `{args.cache}`: a pass that read '
        'them is not cold.' if args.cache else ' Transcript cache: a fresh temporary folder, so every pass is cold.'),
        f'- Audio: 10 songs, {audio_s/60:.1f} min. Wall times (s): ' + ', '.join(f'{k} {v:.1f}' for k, v in times.items()
                                                                            if not k.startswith('cached ')) + '.',
        '- Real-time factor (audio seconds per wall second, model load included, once per pass; only for a pass that heard every '
        'song, none read from the cache): ' + ', '.join(f"{audio_s/times[f'songs, language {p}']:.1f} {p}" if not times[f'cached {p}']
                                                         else f"{p}: {times[f'cached {p}']} of 10 read from the cache" for p in PASSES) + '.',
        '',
        '## Word error rate per language (all words of the songs; lower is better, 1.0 = as many errors as words)',
        '',
        md(per_lang, ['language', 'language_pass', 'songs', 'words', 'wer', 'language_right']),
        '',
        '## Per song',
        '',
        md(wide, ['song', 'language', 'genre', 'words'] + [f'wer ({p})' for p in PASSES] +
                 ['detected (detected)', 'language_probability (detected)']),
        '',
        f'## Lyrics views: NMI of K-Means clusters against the labels (mean ± std over {args.seeds} seeds)',
        '',
        'K = the number of classes; the labels set K and score, nothing else. Chance NMI: the same clusters with their '
        'labels shuffled (100 permutations). Ten songs: differences of 0.1 are within noise. Songs of which nothing was '
        'heard (their view row is put at the origin): ' + ', '.join(f'{k} {v}' for k, v in silent.items()) + '.',
        '',
        md(nmis.assign(nmi=[f'{m:.3f} ± {s:.3f}' for m, s in zip(nmis.nmi, nmis.nmi_std)]),
           ['embedding', 'lyrics', 'label', 'K', 'nmi', 'chance_nmi']),
        '',
        '## Spoken control (espeak-ng, not singing)',
        '',
        spoken_note or md(res[res.kind == 'espeak'], ['item', 'language', 'language_pass', 'detected', 'language_probability',
                                                      'ref_words', 'hyp_words', 'wer', 'cer', 'bengali_share']),
        '',
        'Neither lyrics nor transcripts are written here (the lyrics are their rights holders\'); `bengali_share` is the '
        'share of the transcript\'s letters in Bengali script.',
        '',
        '## Game music without lyrics: words written where no one sings',
        '',
        'Ten 30-s clips of DATA/audio/game-music (the first clip of two source tracks per game; no lyrics exist for them; '
        'that no one sings in them was assumed, but drascula__track1__0 is a song: Whisper writes English lines for it either '
        'way), language detected, VAD on and off: the words written per clip, after the WER normalisation (so a transcript '
        'of pilcrows or dots counts 0 words).',
        '',
        md(res[res.kind == 'instrumental'].pivot(index=['item', 'genre'], columns='language_pass', values='hyp_words')
           .reset_index().rename_axis(columns=None), ['item', 'genre', 'detected', 'detected, VAD']),
    ]
    (HERE/'whisper_jamendo.md').write_text('\n'.join(lines) + '\n', encoding='utf-8')
    print('\n'.join(lines))

if __name__ == '__main__': main()
