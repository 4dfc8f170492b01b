"""Choosing the cpu-hour recipe on the baseline alone: A0 on the balanced corpus, scored on dev-val only.

The protocol of issue 10: settings are chosen on A0 (never by looking at M4) and on the validation split (never on
dev-test). This script trains A0 with one seed for each candidate recipe on the `balanced` preset's corpus (every
class equally often, so a class that stays silent is one the budget cannot teach, not one the long tail hides) and
prints the best validation SELD error and the number of classes detected on dev-val (F≤20° > 0 at the best
checkpoint). Each candidate gets about the same compute (one core for about 12 minutes at the measured rates), so
the comparison is between ways of spending one budget.

    python bench/tune_a0.py [--out runs/tune] [--only NAME,NAME]

Runs two candidates side by side (one per core); finished candidates are reused when re-run. Not a test.
"""
from __future__ import annotations
import argparse, json
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
import torch
from magenta_nb.experiments import PRESETS, run_one, _synthetic_corpus
from magenta_nb.learner import load_model, evaluate
from magenta_nb.model import SELDNET_SMALL, SELDNET_TINY
from magenta_nb.data import SELDDataset

BALANCED = PRESETS['balanced']
CANDIDATES = {   # name: (model, peak learning rate, epochs); same order of compute
    'small-lr2e-3-24ep': (SELDNET_SMALL, 2e-3, 24),
    'small-lr5e-3-24ep': (SELDNET_SMALL, 5e-3, 24),
    'tiny-lr5e-3-40ep': (SELDNET_TINY, 5e-3, 40),   # tiny steps are ~1.7x faster (bench/train.py shapes)
}


def candidate(name:str, data_root:Path, out:Path)->dict:
    model, lr, epochs = CANDIDATES[name]
    torch.set_num_threads(1)                                   # one core per candidate, two side by side
    exp = replace(BALANCED, name=name, seeds=(0,), model=model, train=replace(BALANCED.train, lr=lr, epochs=epochs))
    run_dir = out/name/'runs'/'A0-seed0'
    res = run_one(data_root, run_dir, 'A0', 0, exp, valid_split='dev-val', test_split='dev-test', progress=False)
    best = load_model(run_dir/'best.pt')[0]
    train = SELDDataset(data_root, 'dev-train', progress=False); train.normalizer = train.fit_normalizer(progress=False)
    val = SELDDataset(data_root, 'dev-val', normalizer=train.normalizer, progress=False)
    scores = evaluate(best, val)
    return {'name': name, 'best_valid_SELD': min(s for _, s in res['valid_curve']),
            'valid_classes_detected': sum(d['F'] > 0 for d in scores['per_class'].values()),
            'minutes': res['minutes']}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', type=Path, default=Path('runs/tune'), help='output folder (corpus and runs)')
    p.add_argument('--only', default=','.join(CANDIDATES), help='comma-separated candidate names')
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    root = _synthetic_corpus(a.out/'balanced', BALANCED, progress=True, workers=2)
    names = a.only.split(',')
    for split in ('dev-train', 'dev-val', 'dev-test'): SELDDataset(root, split, progress=True)   # fill the cache once
    with ProcessPoolExecutor(2, mp_context=mp.get_context('spawn')) as pool:
        rows = list(pool.map(candidate, names, [root] * len(names), [a.out] * len(names)))
    print('| candidate (A0, balanced, seed 0) | best valid SELD | classes detected on dev-val | minutes |')
    print('|---|---|---|---|')
    for r in rows:
        print(f"| {r['name']} | {r['best_valid_SELD']:.3f} | {r['valid_classes_detected']}/13 | {r['minutes']:.1f} |")
    (a.out/'tune.json').write_text(json.dumps(rows, indent=1))


if __name__ == '__main__':
    main()
