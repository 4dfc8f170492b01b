"""Copy the small text records of a finished experiment into results/<name>/, where the results page reads them.

Copies `ablation.json` (when the folder has one), `table1.csv`, the synthetic corpus's `synth.json` (as `synth.json`,
when the runs trained on the preset's corpus in `data/`: it says how the corpus was made) and, for every run, `runs/<run>/result.json` and
`runs/<run>/history.json`; never checkpoints, corpora or figures. An existing results/<name>/ is replaced whole, so
a page rebuilt after a new run shows that run and nothing older.

    python tools/collect_results.py runs/cpu-hour cpu-hour
"""
from __future__ import annotations
import argparse, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def collect(run_dir:Path, name:str, results:Path=ROOT/'results')->Path:
    "Copy the records of run_dir into results/name (replacing it); return that folder."
    runs = sorted(run_dir.glob('runs/*/result.json'))
    if not runs: raise SystemExit(f'{run_dir}: no runs/*/result.json (no finished runs to collect)')
    results.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=results, prefix=f'.{name}-'))
    try:
        for f in ('ablation.json', 'table1.csv'):
            if (run_dir/f).exists(): shutil.copy2(run_dir/f, staging/f)
        if (run_dir/'data'/'synth.json').exists(): shutil.copy2(run_dir/'data'/'synth.json', staging/'synth.json')
        for r in runs:
            dest = staging/'runs'/r.parent.name; dest.mkdir(parents=True)
            for f in ('result.json', 'history.json'):
                if (r.parent/f).exists(): shutil.copy2(r.parent/f, dest/f)
        target = results/name
        if target.exists(): shutil.rmtree(target)
        staging.rename(target)
    finally: shutil.rmtree(staging, ignore_errors=True)
    return target


def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('run_dir', type=Path, help='an ablate --out folder')
    ap.add_argument('name', help='the folder name under results/ (the preset, say)')
    a = ap.parse_args(argv)
    out = collect(a.run_dir, a.name)
    print(f'{out}: {len(list(out.glob("runs/*/result.json")))} runs, '
          f'{sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1024:.0f} KiB')
    return 0


if __name__ == '__main__':
    sys.exit(main())
