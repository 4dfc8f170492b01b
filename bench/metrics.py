"""Speed of the vectorised DCASE2023 SELD metrics against the plain per-block, per-frame loop of the same definition.

Run: python bench/metrics.py [--recordings 54] [--seconds 60] [--repeats 7] [--seed 0]
Scores the same random scenes (STARSS22 class mix, up to 3 overlapping events, imperfect predictions; see
`magenta_nb.testing.random_scenes`) with `seld_counts` (vectorised) and `seld_counts_reference` (plain loop with one
Hungarian call per frame), in both the official and the corrected mode. Prints the median times, their ratio
(target: >= 50x) and the largest difference of every count and every score, which must be 0 up to float rounding.
"""
import argparse, statistics, time
from dataclasses import fields
import numpy as np
from magenta_nb.testing import random_scenes
from magenta_nb.metrics import seld_counts, seld_counts_reference, seld_scores, SELDMetrics


def median_times(fns, repeats):
    """Median wall time and last result of each function; runs are interleaved so that load from other processes
    hits all alike. `repeats` maps a name to its number of runs (after one warm-up run each)."""
    results = {k: fn() for k, fn in fns.items()}
    times = {k: [] for k in fns}
    for i in range(max(repeats.values())):
        for k, fn in fns.items():
            if i >= repeats[k]: continue
            t0 = time.perf_counter(); results[k] = fn(); times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}, results


def count_differences(a, b):
    "Largest absolute difference of each count."
    return {f.name: float(np.max(np.abs(np.asarray(getattr(a, f.name)) - np.asarray(getattr(b, f.name)))))
            for f in fields(a)}


def score_differences(a, b):
    "Largest absolute difference of each score, overall and over classes."
    out = {k: abs(a[k] - b[k]) for k in ('ER', 'F', 'LE', 'LR', 'SELD')}
    for k in ('F', 'LE', 'LR'):
        x = np.array([a['per_class'][c][k] for c in a['per_class']])
        y = np.array([b['per_class'][c][k] for c in b['per_class']])
        same_nan = np.isnan(x) & np.isnan(y)
        out[f'per-class {k}'] = float(np.max(np.where(same_nan, 0., np.abs(x - y)), initial=0.))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--recordings', type=int, default=54)
    ap.add_argument('--seconds', type=int, default=60)
    ap.add_argument('--repeats', type=int, default=7, help='runs of the vectorised version (the loop runs 3 times)')
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    scenes = random_scenes(args.recordings, n_frames=10 * args.seconds, seed=args.seed)
    refs, preds = zip(*scenes)
    n_ref, n_pred = sum(map(len, refs)), sum(map(len, preds))
    print(f'{args.recordings} recordings of {args.seconds} s: {n_ref} reference rows, {n_pred} predicted rows, '
          f'up to 3 overlapping events')
    for official in (True, False):
        lengths = [10 * args.seconds] * len(refs)
        def accumulate():
            m = SELDMetrics(official=official)
            for r, p, n in zip(refs, preds, lengths): m.update(r, p, n)
            return m.compute()
        t, res = median_times({'fast': lambda: seld_counts(refs, preds, official=official, n_frames=lengths),
                               'plain': lambda: seld_counts_reference(refs, preds, official=official, n_frames=lengths),
                               'acc': accumulate},
                              {'fast': args.repeats, 'plain': 3, 'acc': args.repeats})
        fast, plain = res['fast'], res['plain']
        print(f"\nofficial={official}: vectorised {1e3 * t['fast']:.1f} ms, plain loop {1e3 * t['plain']:.0f} ms, "
              f"ratio {t['plain'] / t['fast']:.0f}x  (SELDMetrics update+compute: {1e3 * t['acc']:.1f} ms)")
        diffs = count_differences(fast, plain)
        print('  max |difference| of counts: ' + ', '.join(f'{k} {v:.1e}' for k, v in diffs.items()))
        for average in ('macro', 'micro'):
            sf, sp = seld_scores(fast, average, official), seld_scores(plain, average, official)
            print(f'  {average} scores ' + ', '.join(f"{k} {sf[k]:.4f}" for k in ('ER', 'F', 'LE', 'LR', 'SELD')))
            print(f'    max |difference|: ' + ', '.join(f'{k} {v:.1e}' for k, v in score_differences(sf, sp).items()))


if __name__ == '__main__':
    main()
