"""Check that every code cell of the notebooks fits on a screen (at most 60 lines, STYLE point 20), and that no cell
mixes imports with other code (the docs build re-executes such a cell on its own, out of context, and fails).

    python tools/check_cells.py [--nbs nbs] [--limit 60]
"""
from __future__ import annotations
import argparse, ast, json, sys
from pathlib import Path


def long_cells(nbs:Path, limit:int=60)->list[str]:
    "'notebook cell i: n lines' for every code cell longer than limit."
    out = []
    for p in sorted(nbs.glob('*.ipynb')):
        for i, c in enumerate(json.loads(p.read_text(encoding='utf-8'))['cells']):
            n = len(''.join(c['source']).split('\n'))
            if c['cell_type'] == 'code' and n > limit: out.append(f'{p.name} cell {i}: {n} lines (at most {limit})')
    return out


def mixed_import_cells(nbs:Path)->list[str]:
    "'notebook cell i: imports mixed with other code' for every such code cell (exported cells and nbdev's own excepted)."
    out = []
    for p in sorted(nbs.glob('*.ipynb')):
        for i, c in enumerate(json.loads(p.read_text(encoding='utf-8'))['cells']):
            src = ''.join(c['source'])
            if c['cell_type'] != 'code' or src.lstrip().startswith('#| export') or 'nbdev.nbdev_export()' in src: continue
            try: body = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#', '%', '!')))).body
            except SyntaxError: continue
            imports = [n for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]
            if imports and len(imports) < len(body): out.append(f'{p.name} cell {i}: imports mixed with other code (give them a cell of their own)')
    return out


def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', type=Path, default=Path(__file__).resolve().parent.parent/'nbs', help='notebook folder')
    ap.add_argument('--limit', type=int, default=60, help='most lines a code cell may have')
    a = ap.parse_args(argv)
    found, mixed = long_cells(a.nbs, a.limit), mixed_import_cells(a.nbs)
    for f in found + mixed: print(f)
    print(f'check_cells: {len(found)} code cells over {a.limit} lines, {len(mixed)} cells mixing imports with other code')
    return 1 if found or mixed else 0


if __name__ == '__main__':
    sys.exit(main())
