"""Execute the notebooks top to bottom, slow real-data cells included, and save their outputs (tables, plots) in place.

The committed notebooks then show, on GitHub and in Colab before anything runs, what the narratives produce on the
real data. Run from the repository root with the data folder present (`$MUSICCLUSTER_DATA`, or `shared/data` beside
the checkout):

    python tools/run_narratives.py                 # every notebook in nbs/
    python tools/run_narratives.py 02_conv_vae 06_audit

then `nbdev_clean` (it keeps outputs: `clear_all = False` in settings.ini) and commit. CI does not check outputs, only
that the exported code and the README are in sync. A notebook that fails is left as it was and named at the end;
the others are still written. Cells marked `#| eval: false` are skipped, as `nbdev_test` skips them.
"""
import sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

def _skip(cell): return cell.cell_type == 'code' and '#| eval: false' in cell.source

def run(path:Path)->float:
    "Execute one notebook in its own folder and write it back with outputs; returns seconds. Raises on a failing cell."
    nb = read_nb(path); t = time.time()
    sh = CaptureShell(path.parent)
    sh.run_all(nb, exc_stop=True, preproc=_skip)
    write_nb(nb, path)
    return time.time() - t

def main(names):
    paths = [Path('nbs')/f'{n}.ipynb' for n in names] or sorted(Path('nbs').glob('*.ipynb'))
    failed = []
    for p in paths:
        try: print(f'{p.name}: {run(p):.0f} s', flush=True)
        except Exception as e: failed.append(p.name); print(f'{p.name}: FAILED, left as it was ({type(e).__name__}: {str(e)[:300]})', flush=True)
    if failed: sys.exit(f"failed: {', '.join(failed)}")

if __name__ == '__main__': main(sys.argv[1:])
