"""Render nbs/index.ipynb to README.md (what `nbdev_readme` does, without Quarto, which cannot be installed offline).

Markdown cells are copied; code cells are shown as Python blocks with their text outputs; cells marked
`#| hide` are left out. Run from the repository root: `python tools/make_readme.py`. CI checks README.md
is in sync with the notebook.
"""
import json, sys
from pathlib import Path

def render(nb_path='nbs/index.ipynb'):
    cells = json.loads(Path(nb_path).read_text(encoding='utf-8'))['cells']
    out = []
    for c in cells:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#| hide'): continue
        if c['cell_type'] == 'markdown': out.append(src); continue
        code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
        out.append(f'```python\n{code}\n```')
        texts = [''.join(o.get('text', '')) or ''.join(o.get('data', {}).get('text/plain', '')) for o in c.get('outputs', [])]
        if any(texts): out.append('```\n' + ''.join(texts).rstrip() + '\n```')
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        sys.exit(0 if Path('README.md').read_text(encoding='utf-8') == text else 'README.md is out of sync with nbs/index.ipynb: run python tools/make_readme.py')
    Path('README.md').write_text(text, encoding='utf-8')
