"""Re-run chosen cells of a notebook and store their outputs, without running the rest (slow cells that read runs back).

Runs, in one fresh shell: the notebook's import cells (code cells made only of imports and nbdev directives), then
`--setup` code, then the chosen cells in notebook order; each chosen cell's outputs replace its stored ones. An
error stops it and changes nothing. Then run `nbdev_clean`.

    python tools/run_cells.py nbs/31_experiments.ipynb CELL_ID [CELL_ID ...] [--setup "runs = Path('runs')"] [--cwd DIR]
"""
from __future__ import annotations
import argparse, ast, json, os, sys
from pathlib import Path


def is_import_cell(src:str)->bool:
    "A code cell of imports (and directives, comments) only."
    body = '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith('#'))
    try: tree = ast.parse(body)
    except SyntaxError: return False
    return bool(tree.body) and all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)


def main(argv=None)->int:
    from execnb.shell import CaptureShell
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebook', type=Path)
    ap.add_argument('cells', nargs='+', help='ids of the cells to run')
    ap.add_argument('--setup', default='', help='code run after the imports, before the cells')
    ap.add_argument('--cwd', type=Path, default=None, help='working directory of the shell (default: the notebook folder)')
    a = ap.parse_args(argv)
    path = a.notebook.resolve()
    nb = json.loads(path.read_text(encoding='utf-8'))
    ids = [c.get('id') for c in nb['cells']]
    missing = [i for i in a.cells if i not in ids]
    if missing: ap.error(f'{path.name} has no cell {missing[0]}')
    os.chdir(a.cwd or path.parent)
    sh = CaptureShell()
    def run(src, what):
        out = sh.run(src)
        if sh.exc: sys.exit(f'{what} failed: {sh.exc!r}')
        return out
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'code' and is_import_cell(src): run(src, f"import cell {c.get('id')}")
    if a.setup: run(a.setup, '--setup')
    for c in nb['cells']:
        if c.get('id') in a.cells:
            c['outputs'] = run(''.join(c['source']), f"cell {c['id']}")
            print(f"cell {c['id']}: {len(c['outputs'])} output(s)")
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())
