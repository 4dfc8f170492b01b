"""Compare `magenta_nb score` with the official DCASE2023 or DCASE2024 scoring code on random scenes: numbers and time.

The official code is not part of this repository: pass a copy of the DCASE2023 Task 3 baseline repository
(github.com/sharathadavanne/seld-dcase2023) with --official, and with --python an interpreter that has its
dependencies (numpy, scipy, scikit-learn, joblib, IPython, matplotlib, librosa; with numpy >= 1.24 the runner
defines the removed alias `np.float = float` the official code uses, which numpy documents as the same type). The
script

1. writes --recordings random recordings (`magenta_nb.testing.random_scenes`, one minute each by default) as DCASE
   CSV files: the references in the polar STARSS layout (frame, class, source, azimuth, elevation) under
   REF/dev-test/, the predictions in the baseline's 7-column Cartesian output layout under PRED/;
2. scores them with the official `ComputeSELDResults(...).get_SELD_Results(PRED)` (macro average, 20° threshold)
   and with `magenta_nb score REF PRED --json` (official mode, the default), and prints both and their largest
   difference;
3. times each as a whole process, the way a user runs it, median of --repeats runs, interleaved.

With `--task 2024`, --official is a copy of the DCASE2024 baseline (github.com/partha2409/DCASE2024_seld_baseline):
the references get distances (whole cm, 0.5-5 m) in STARSS23's 6-column layout, the predictions distances in metres
(off by up to +-60 %) in the baseline's 7-column layout, and both are scored at frame level with distances
(`evaluate_distance=True`, thresholds 20 deg, no absolute limit, relative 1.0) and with `magenta_nb score --task 2024`;
the keys compared are F, DOAE (the official AngE), DE, RDE and SELD. The runner gives the official scoring modules
stand-ins for the two imports they never use when scoring (`cls_vid_features`, which needs torchvision, and `cv2`),
and, with numpy >= 2, the alias `np.NaN` (numpy documents it as `np.nan`) its scoring code uses.

Nothing here asserts a time. Run it on a quiet machine:

    python bench/official_score.py --official PATH/TO/seld-dcase2023 --python PATH/TO/python [--recordings 54]
    python bench/official_score.py --task 2024 --official PATH/TO/DCASE2024_seld_baseline --python PATH/TO/python

`--record results/bench/official_score_2024.json` (and `_2023`) also writes the result as a small JSON record with the
machine, which the results page (nbs/05_results.ipynb) shows.
"""
from __future__ import annotations
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
from magenta_nb.metadata import Events, write_metadata
from magenta_nb.testing import random_scenes

# Run by the official code's interpreter: score PRED against the split folders of REF, print the five numbers as JSON.
OFFICIAL_RUNNER = """
import contextlib, io, json, os, sys
official, ref, pred = sys.argv[1:4]
sys.path.insert(0, official)
import numpy as np
if not hasattr(np, 'float'): np.float = float     # the official code uses the alias numpy 1.24 removed (same type)
with contextlib.redirect_stdout(io.StringIO()):          # parameters.get_params() prints every setting
    import parameters, cls_compute_seld_results
    params = parameters.get_params()
    params['average'], params['lad_doa_thresh'] = 'macro', 20
    scorer = cls_compute_seld_results.ComputeSELDResults(params, ref_files_folder=ref)
    ER, F, LE, LR, SELD, _ = scorer.get_SELD_Results(pred)
print(json.dumps(dict(ER=float(ER), F=float(F), LE=float(LE), LR=float(LR), SELD=float(SELD))))
"""
KEYS = ('ER', 'F', 'LE', 'LR', 'SELD')

OFFICIAL_RUNNER_2024 = """
import contextlib, io, json, os, sys, types
official, ref, pred = sys.argv[1:4]
sys.path.insert(0, official)
import numpy as np
for alias, value in (('float', float), ('NaN', np.nan)):   # aliases numpy 1.24 / 2.0 removed (the same objects)
    if alias not in np.__dict__: setattr(np, alias, value)
sys.modules.setdefault('cls_vid_features', types.SimpleNamespace(VideoFeatures=None))   # unused when scoring
try: import cv2
except ImportError: sys.modules['cv2'] = types.ModuleType('cv2')                          # unused when scoring
with contextlib.redirect_stdout(io.StringIO()):
    import parameters, cls_compute_seld_results
    params = parameters.get_params()
    params.update(average='macro', lad_doa_thresh=20, lad_dist_thresh=float('inf'), lad_reldist_thresh=1.,
                  segment_based_metrics=False, evaluate_distance=True)
    scorer = cls_compute_seld_results.ComputeSELDResults(params, ref_files_folder=ref)
    ER, F, AngE, DistE, RelDistE, LR, SELD, _ = scorer.get_SELD_Results(pred)
print(json.dumps(dict(ER=float(ER), F=float(F), DOAE=float(AngE), DE=float(DistE), RDE=float(RelDistE), LR=float(LR),
                      SELD=float(SELD))))
"""
KEYS_2024 = ('F', 'DOAE', 'DE', 'RDE', 'SELD')


def write_scenes(root:Path, n:int, seconds:int, seed:int, distances:bool=False)->tuple[Path, Path]:
    "Reference and prediction folders of `n` random recordings (with distances: cm in references, metres in predictions)."
    ref, pred = root/'ref', root/'pred'
    rng = np.random.default_rng(seed + 1)
    for i, (r, p) in enumerate(random_scenes(n, n_frames=10*seconds, seed=seed)):
        name = f'fold4_room{1 + i % 9}_mix{i:03d}.csv'
        if distances:
            d = np.round(rng.uniform(50, 500, len(r)))
            r = Events(r.frame, r.class_idx, r.source, r.azimuth, r.elevation, d)
            near = np.clip(np.searchsorted(r.frame, p.frame), 0, max(len(r) - 1, 0))   # a reference row nearby in time
            guess = d[near] if len(r) else rng.uniform(50, 500, len(p))
            p = Events(p.frame, p.class_idx, p.source, p.azimuth, p.elevation, guess / 100 * rng.uniform(0.4, 1.6, len(p)))
        write_metadata(ref/'dev-test'/name, r)
        write_metadata(pred/name, p, cartesian=True, decimals=4 if distances else None)
    return ref, pred


def run(argv:list, env=None)->tuple[float, str]:
    "Wall time of one whole process, and its stdout; exits on failure."
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0: sys.exit(f'{argv[0]} failed ({r.returncode}):\n{r.stderr[-2000:]}')
    return dt, r.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--task', choices=('2023', '2024'), default='2023', help='which DCASE metrics (default 2023)')
    parser.add_argument('--official', type=Path, required=True,
                        help='copy of the seld-dcase2023 (2023) or DCASE2024_seld_baseline (2024) repository')
    parser.add_argument('--python', default=sys.executable, help="interpreter with the official code's dependencies")
    parser.add_argument('--recordings', type=int, default=54, help='number of random recordings (STARSS22 test: 54)')
    parser.add_argument('--seconds', type=int, default=60, help='length of each recording')
    parser.add_argument('--repeats', type=int, default=5, help='timed runs of each')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--record', type=Path, default=None, metavar='FILE',
                        help='also write the result as JSON, with the machine (e.g. results/bench/official_score_2024.json, '
                             'which the results page shows)')
    parser.add_argument('--official-commit', default=None, help='the commit of the official copy, kept in the record')
    args = parser.parse_args()
    if not (args.official/'cls_compute_seld_results.py').is_file():
        sys.exit(f'--official {args.official}: no cls_compute_seld_results.py there')
    magenta = shutil.which('magenta_nb') or sys.exit('the magenta_nb command is not on PATH')
    root = Path(tempfile.mkdtemp())
    try:
        ref, pred = write_scenes(root, args.recordings, args.seconds, args.seed, distances=args.task == '2024')
        ours_cmd = [magenta, 'score', str(ref), str(pred), '--json', str(root/'ours.json'), '--task', args.task]
        runner = OFFICIAL_RUNNER_2024 if args.task == '2024' else OFFICIAL_RUNNER
        theirs_cmd = [args.python, '-c', runner, str(args.official), str(ref), str(pred)]
        _, out = run(theirs_cmd); theirs = json.loads(out.strip().splitlines()[-1])
        run(ours_cmd); ours = json.loads((root/'ours.json').read_text())
        times = {'magenta_nb score': [], 'official': []}
        for _ in range(args.repeats):                      # interleaved, so load changes hit both alike
            times['magenta_nb score'].append(run(ours_cmd)[0])
            times['official'].append(run(theirs_cmd)[0])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    keys = KEYS_2024 if args.task == '2024' else KEYS
    print(f'DCASE{args.task} metrics, {args.recordings} random recordings of {args.seconds} s; official code from '
          f'{args.official}; load average {os.getloadavg()[0]:.2f}')
    print(f"{'':18}" + ''.join(f'{k:>14}' for k in keys))
    for name, r in (('official', theirs), ('magenta_nb score', ours)):
        print(f'{name:18}' + ''.join(f'{r[k]:14.8f}' for k in keys))
    diff = max(abs(ours[k] - theirs[k]) for k in keys)
    print(f'largest difference: {diff:.2e}')
    med = {k: statistics.median(v) for k, v in times.items()}
    for k, v in med.items(): print(f'{k:18} whole process, median of {args.repeats}: {v:.2f} s')
    print(f"magenta_nb score / official: {med['magenta_nb score'] / med['official']:.2f}")
    if args.record is not None: write_record(args, keys, theirs, ours, diff, med)


OFFICIAL_REPOSITORY = {'2023': 'sharathadavanne/seld-dcase2023', '2024': 'partha2409/DCASE2024_seld_baseline'}

def write_record(args, keys, theirs:dict, ours:dict, diff:float, med:dict):
    "The comparison as a small JSON record: what ran, both results, the times, and where (no machine paths)."
    from magenta_nb.experiments import run_environment
    from magenta_nb.metadata import replacing
    record = {'bench': 'official_score', 'task': args.task, 'official_repository': OFFICIAL_REPOSITORY[args.task],
              'official_commit': args.official_commit, 'recordings': args.recordings, 'seconds': args.seconds,
              'repeats': args.repeats, 'seed': args.seed, 'keys': list(keys),
              'official': {k: theirs[k] for k in keys}, 'magenta_nb': {k: ours[k] for k in keys},
              'largest_difference': diff, 'median_seconds': med, 'ratio': med['magenta_nb score'] / med['official'],
              'load_average': os.getloadavg()[0], 'environment': run_environment()}
    with replacing(args.record) as tmp: tmp.write_text(json.dumps(record, indent=1))
    print(f'wrote {args.record}')


if __name__ == '__main__':
    main()
