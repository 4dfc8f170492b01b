"""Check that every code cell of the notebooks fits on a screen: at most 60 lines (STYLE point 20).

    python tools/check_cells.py [--nbs nbs] [--limit 60]
"""
from __future__ import annotations
import argparse, json, sys
from pathlib import Path


def long_cells(nbs:Path, limit:int=60)->list[str]:
    "'notebook cell i: n lines' for every code cell longer than limit."
    out = []
    for p in sorted(nbs.glob('*.ipynb')):
        for i, c in enumerate(json.loads(p.read_text(encoding='utf-8'))['cells']):
            n = len(''.join(c['source']).split('\n'))
            if c['cell_type'] == 'code' and n > limit: out.append(f'{p.name} cell {i}: {n} lines (at most {limit})')
    return out


def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', type=Path, default=Path(__file__).resolve().parent.parent/'nbs', help='notebook folder')
    ap.add_argument('--limit', type=int, default=60, help='most lines a code cell may have')
    a = ap.parse_args(argv)
    found = long_cells(a.nbs, a.limit)
    for f in found: print(f)
    print(f'check_cells: {len(found)} code cells over {a.limit} lines')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
