"""Render nbs/index.ipynb to README.md (what `nbdev_readme` does, without Quarto, which cannot be installed offline).

Markdown cells are copied; code cells are shown as Python blocks with their text outputs; cells marked
`#| hide` are left out. A markdown line of the form

    <!-- results: results/summary.csv task=hard&clusterer=kmeans&metrics=nmi,ari&labels=genre,language -->

is replaced by a table built from that committed summary (mean ± std over seeds), so README numbers
always come from the results a command wrote. Run from the repository root: `python tools/make_readme.py`;
`--check` fails when README.md is out of date (CI runs it).
"""
import json, re, sys
from pathlib import Path
import pandas as pd

_MARK = re.compile(r'^<!-- results: (\S+) (.*?) -->$', re.M)

def results_table(path, task, clusterer='kmeans', metrics='nmi,ari', labels='genre,language', setting='unsupervised'):
    s = pd.read_csv(path)
    tasks = task.split(',')  # several tasks: a model's rows from the first task that has it (a model is fitted once per seed)
    s = s[s.task.isin(tasks) & (s.clusterer == clusterer) & (s.setting == setting)]
    if 'k_choice' in s: s = s[s.k_choice == 'labels']  # K = the number of classes; the label-free K has its own table
    s = s.assign(_t=s.task.map(tasks.index)).sort_values('_t', kind='stable')
    s = s[s._t == s.groupby('model')._t.transform('min')]
    labels, metrics = labels.split(','), metrics.split(',')
    cols = [(l, m) for l in labels for m in metrics]
    head = '| model | ' + ' | '.join(f'{m.upper() if len(m) <= 3 else m} {l}' for l, m in cols) + ' |'
    lines = [head, '|---' * (len(cols) + 1) + '|']
    for model, g in s.groupby('model', sort=False):
        cells = []
        for l, m in cols:
            r = g[(g.label == l) & (g.metric == m)]
            cells.append('—' if r.empty or pd.isna(r['mean'].iloc[0]) else f"{r['mean'].iloc[0]:.3f} ± {r['std'].fillna(0).iloc[0]:.3f}")
        lines.append(f'| {model} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)

_AUTOK = re.compile(r'^<!-- auto-k: (\S+) -->$', re.M)

def auto_k_table(folders, labels=('genre', 'language')):
    """The K chosen without labels against the number of classes, and K-Means NMI at each (mean ± std over seeds), for the
    offered representations of each run folder (comma-separated), from its config.json and summary.csv."""
    lines = ['| collection | representation | label (classes) | K chosen | NMI at K = classes | NMI at K chosen |', '|---|---|---|---|---|---|']
    fmt = lambda r: '—' if r.empty or pd.isna(r['mean'].iloc[0]) else f"{r['mean'].iloc[0]:.3f} ± {r['std'].fillna(0).iloc[0]:.3f}"
    for folder in folders.split(','):
        cfg = json.loads((Path(folder)/'config.json').read_text(encoding='utf-8'))
        s = pd.read_csv(Path(folder)/'summary.csv')
        s = s[(s.clusterer == 'kmeans') & (s.metric == 'nmi') & (s.setting == 'unsupervised')]
        for model, k in cfg.get('k_user', {}).items():
            for label in labels:
                if label not in cfg['label_k']: continue
                g = s[(s.model == model) & (s.label == label)]
                if g.empty: continue
                g = g[g.task == g.task.iloc[0]]  # a model's rows from the first task that has it
                lines.append(f"| {Path(folder).name} | {model} | {label} ({cfg['label_k'][label]}) | {k} | "
                             f"{fmt(g[g.k_choice == 'labels'])} | {fmt(g[g.k_choice.isin(['auto', 'fixed'])])} |")
    return '\n'.join(lines)

def _fill(md):
    def repl(m):
        kw = dict(kv.split('=', 1) for kv in m.group(2).split('&'))
        return results_table(m.group(1), **kw)
    return _AUTOK.sub(lambda m: auto_k_table(m.group(1)), _MARK.sub(repl, md))

def render(nb_path='nbs/index.ipynb'):
    cells = json.loads(Path(nb_path).read_text(encoding='utf-8'))['cells']
    out = []
    for c in cells:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown': out.append(_fill(src)); continue
        code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
        out.append(f'```python\n{code}\n```')
        texts = [''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/plain', '')) for o in c.get('outputs', [])]
        if any(texts): out.append('```\n' + ''.join(texts).rstrip() + '\n```')
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        sys.exit(0 if Path('README.md').read_text(encoding='utf-8') == text else 'README.md is out of sync with nbs/index.ipynb or results/: run python tools/make_readme.py')
    Path('README.md').write_text(text, encoding='utf-8')
