"""Execute the notebooks top to bottom, slow real-data cells included, and save their outputs (tables, plots) in place.

The committed notebooks then show, on GitHub and in Colab before anything runs, what the narratives produce on the
real data. Run from the repository root with the data folder present (`$MUSICCLUSTER_DATA`, or `shared/data` beside
the checkout):

    python tools/run_narratives.py                 # every notebook in nbs/
    python tools/run_narratives.py 02_conv_vae 06_audit

then `nbdev_clean` (it keeps outputs: `clear_all = False` in settings.ini) and commit. CI does not check outputs, only
that the exported code and the README are in sync. A notebook that fails is left as it was and named at the end;
the others are still written. Progress bars are stored at their final state and plots at most
`MAX_WIDTH` px wide in 256 colours, so a notebook stays small. Cells marked `#| eval: false` are skipped, as `nbdev_test` skips them.
"""
import os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

MAX_WIDTH = 1200  # px: wider figures are scaled down before they are stored

def _collapse(text:str)->str:
    "Each line as a terminal shows it: the text after its last carriage return (a progress bar's final state)."
    return '\n'.join(line.rsplit('\r', 1)[-1] for line in text.split('\n'))

def _shrink(png_b64:str)->str:
    "A PNG at most `MAX_WIDTH` px wide in 256 colours: a plot's bytes in the committed notebook cut by about 4x."
    import base64, io
    from PIL import Image
    im = Image.open(io.BytesIO(base64.b64decode(png_b64))).convert('RGB')
    if im.width > MAX_WIDTH: im = im.resize((MAX_WIDTH, round(im.height*MAX_WIDTH/im.width)), Image.LANCZOS)
    buf = io.BytesIO(); im.quantize(256, dither=Image.Dither.NONE).save(buf, 'PNG', optimize=True)
    return base64.b64encode(buf.getvalue()).decode()

def tidy(nb):
    "Outputs as a reader should see them on GitHub: progress bars at their final state, plots at a sensible size."
    for cell in nb.cells:
        for o in cell.get('outputs', []):
            if o.get('output_type') == 'stream': o['text'] = _collapse(''.join(o['text']))
            png = o.get('data', {}).get('image/png')
            if png: o['data']['image/png'] = _shrink(''.join(png))
    return nb

def _skip(cell): return cell.cell_type == 'code' and '#| eval: false' in cell.source

def run(path:Path)->float:
    "Execute one notebook in its own folder and write it back with outputs; returns seconds. Raises on a failing cell."
    nb = read_nb(path); t = time.time(); here = os.getcwd()
    os.chdir(path.parent)  # as nbdev_test does: a notebook's relative paths (../results/...) start from its folder
    try:
        sh = CaptureShell(path.parent.resolve())
        for cell in nb.cells:  # execnb keeps a cell's old outputs when it prints nothing now: start every cell empty
            if cell.cell_type == 'code' and not _skip(cell): cell.outputs = []
        sh.run_all(nb, exc_stop=True, preproc=_skip)
    finally: os.chdir(here)
    write_nb(tidy(nb), path)
    return time.time() - t

def main(names):
    "One notebook: run it here. Several: each in its own Python process, so no figure, backend or import leaks between them."
    paths = [Path('nbs')/f'{n}.ipynb' for n in names] or sorted(Path('nbs').glob('*.ipynb'))
    if len(paths) > 1:
        import subprocess
        failed = [p.name for p in paths if subprocess.run([sys.executable, __file__, p.stem]).returncode]
        if failed: sys.exit(f"failed: {', '.join(failed)}")
        return
    try: print(f'{paths[0].name}: {run(paths[0]):.0f} s', flush=True)
    except Exception as e: sys.exit(f'{paths[0].name}: FAILED, left as it was ({type(e).__name__}: {str(e)[:300]})')

if __name__ == '__main__': main(sys.argv[1:])
