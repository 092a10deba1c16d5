"""Do two run folders agree? Compares what a run reports: the scores, the K chosen for the users' clusterings, and their names.

    python tools/compare_runs.py results/jamendolyrics /tmp/again/jamendolyrics

Prints, for metrics.csv, the rows in each and the largest absolute difference of `value` over the rows both hold (keyed by
task, model, clusterer, label, setting, K choice, metric and seed); for config.json, the K of each representation
(`k_user`) in each; for k_choice.csv, the largest difference of each curve column; for clusters.csv, each
representation's cluster names in each. Exit 0 when the scores and the Ks are the same to 1e-9, 1 otherwise.
"""
import argparse, json, sys
from pathlib import Path
import pandas as pd

KEY = ['task', 'model', 'clusterer', 'label', 'setting', 'k_choice', 'metric', 'seed']

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('a', type=Path); ap.add_argument('b', type=Path)
    a, b = ap.parse_args().a, ap.parse_args().b
    ma, mb = pd.read_csv(a/'metrics.csv'), pd.read_csv(b/'metrics.csv')
    both = ma.merge(mb, on=[k for k in KEY if k in ma and k in mb], suffixes=('_a', '_b'))
    diff = (both.value_a - both.value_b).abs()
    worst = both.loc[diff.idxmax()] if len(both) and diff.notna().any() else None
    print(f"metrics.csv: {len(ma)} rows in {a}, {len(mb)} in {b}, {len(both)} in both; {int((diff > 1e-9).sum())} differ; largest |difference| {diff.max():.3g}"
          + (f" ({worst.task}, {worst.model}, {worst.metric}, seed {worst.seed})" if worst is not None and diff.max() > 0 else ''))
    per = both.assign(diff=diff).groupby('metric')['diff'].agg(['max', lambda d: (d > 1e-9).mean()])
    print('  per metric, largest |difference| and share of rows that differ: ' + ', '.join(f'{m} {r.iloc[0]:.3g} ({r.iloc[1]:.0%})' for m, r in per.iterrows()))
    if 'nmi' in per.index:  # what a reader compares: the mean over seeds
        mean = lambda m: m[m.metric == 'nmi'].groupby([k for k in KEY if k not in ('seed', 'metric') and k in m]).value.mean()
        d = (mean(ma) - mean(mb)).abs().dropna()
        print(f'  NMI averaged over seeds: largest |difference| {d.max():.3g} over {len(d)} rows; {int((d > 0.01).sum())} differ by more than 0.01')
    ka, kb = (json.loads((f/'config.json').read_text()).get('k_user', {}) for f in (a, b))
    print('K chosen without labels:', 'the same for every representation' if ka == kb else f'{a}: {ka}; {b}: {kb}')
    if (a/'k_choice.csv').is_file() and (b/'k_choice.csv').is_file():
        ca, cb = pd.read_csv(a/'k_choice.csv'), pd.read_csv(b/'k_choice.csv')
        cc = ca.merge(cb, on=['representation', 'k'], suffixes=('_a', '_b'))
        cols = [c[:-2] for c in cc.columns if c.endswith('_a') and c[:-2] + '_b' in cc and pd.api.types.is_numeric_dtype(cc[c]) and not pd.api.types.is_bool_dtype(cc[c])]
        print('k_choice.csv, largest |difference| per column:', ', '.join(f"{c} {(cc[c + '_a'] - cc[c + '_b']).abs().max():.3g}" for c in cols))
    na, nb = (pd.read_csv(f/'clusters.csv') for f in (a, b))
    for col in [c for c in na.columns if c.endswith(': name') and c in nb]:
        sa, sb = sorted(set(na[col].astype(str))), sorted(set(nb[col].astype(str)))
        print(f"{col[:-6]}: names {'the same' if sa == sb else f'{sa} | {sb}'}")
    sys.exit(0 if (diff.max() <= 1e-9 if len(both) else False) and ka == kb and len(ma) == len(mb) else 1)

if __name__ == '__main__':
    main()
