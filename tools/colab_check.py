"""Every notebook, top to bottom, as a Colab user runs it: Python 3.12, the package installed without the dev extras,
each notebook executed from an empty working folder outside the clone, and no data folder.

    python tools/colab_check.py                      # a fresh venv under the temp folder, all notebooks
    python tools/colab_check.py --python python3.12 --only 00_core 08_assign

Builds a venv with `--python`, installs torch the README's way and then this checkout as a plain package
(`pip install .`, no `-e`, no `[dev]`) plus `nbclient` and `ipykernel` to execute notebooks, copies each notebook alone
into a new empty folder, and executes it there with nbclient (`#| slow` cells included: without a data folder they print
why they skip). Exits 1 naming each notebook that raised; prints 'N passed, N failed'.
"""
import argparse, os, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUNNER = '''
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
nb.cells.insert(0, nbformat.v4.new_code_cell(
    f"import sys; assert sys.executable.startswith({sys.prefix!r}), f'the kernel runs {{sys.executable}}, not this venv'"))
NotebookClient(nb, timeout=900, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()
'''

def venv(python:str, where:Path)->Path:
    """A fresh venv with torch (the README's line), this checkout as a plain package, nbclient and ipykernel (its own
    python3 kernel, nothing registered for the user); its python."""
    subprocess.run([python, '-m', 'venv', str(where)], check=True)
    py = where/'bin'/'python'
    pip = [str(py), '-m', 'pip', 'install', '-q', '--disable-pip-version-check']
    subprocess.run(pip + ['torch==2.13.0'], check=True)
    subprocess.run(pip + [str(ROOT), 'nbclient', 'ipykernel'], check=True)
    return py

def run_one(py:Path, nb:Path, env:dict)->tuple:
    "Execute one notebook alone in an empty folder; (ok, seconds, the tail of the error)."
    work = Path(tempfile.mkdtemp(prefix=f'colab-{nb.stem}-'))
    shutil.copy(nb, work/nb.name)
    t = time.time()
    r = subprocess.run([str(py), '-c', RUNNER, str(work/nb.name), str(work)], cwd=work, env=env, capture_output=True, text=True)
    shutil.rmtree(work, ignore_errors=True)
    return r.returncode == 0, time.time() - t, (r.stderr or r.stdout)[-1500:]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--python', default=shutil.which('python3.12') or 'python3.12', help='the interpreter of the venv (Colab: 3.12)')
    ap.add_argument('--venv', default=None, help='reuse or make the venv here (default: a new one in the temp folder)')
    ap.add_argument('--only', nargs='*', default=None, help='notebook names without .ipynb (default: all)')
    a = ap.parse_args()
    where = Path(a.venv) if a.venv else Path(tempfile.mkdtemp(prefix='colab-venv-'))
    py = where/'bin'/'python' if (where/'bin'/'python').exists() else venv(a.python, where)
    env = {k: v for k, v in os.environ.items() if k not in ('MUSICCLUSTER_DATA', 'CI', 'PYTHONPATH', 'VIRTUAL_ENV')}
    env['PATH'] = f"{where/'bin'}{os.pathsep}{env.get('PATH', '')}"
    env['JUPYTER_DATA_DIR'] = tempfile.mkdtemp(prefix='colab-jupyter-')  # no kernelspec of the user's: the venv's own python3
    nbs = sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if a.only is None or p.stem in a.only)
    failed = []
    for nb in nbs:
        ok, s, tail = run_one(py, nb, env)
        print(f"{'ok    ' if ok else 'FAILED'} {nb.name} ({s:.0f} s)", flush=True)
        if not ok: failed.append(nb.name); print(tail, flush=True)
    print(f"colab_check: {len(nbs) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)
