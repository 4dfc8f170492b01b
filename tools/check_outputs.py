"""Check that stored notebook outputs show no paths of the machine they ran on; --fix rewrites them.

A reader elsewhere has no /tmp/tmpab12cd/ or /work/ folder: a notebook's temporary folder is shown as `tmp/` (the
name of the notebooks' variable for it) and an experiments folder as `runs/`.

    python tools/check_outputs.py [--fix] [--nbs nbs]
"""
from __future__ import annotations
import argparse, json, re, sys
from pathlib import Path

MACHINE_PATH = re.compile(r'(?<![\w.])(/tmp/tmp\w+/|/(?:work|root|home)/[\w./-]*?runs/|/(?:work|root|home)/[\w.-]+(?:/[\w.-]+)*)')
REWRITES = [(re.compile(r'(?<![\w.])/tmp/tmp\w+/'), 'tmp/'), (re.compile(r'(?<![\w.])/(?:work|root|home)/[\w./-]*?runs/'), 'runs/')]


def _texts(output:dict):
    "The (container, key) pairs of an output that hold text."
    if 'text' in output: yield output, 'text'
    for k, v in output.get('data', {}).items():
        if k.startswith('text/'): yield output['data'], k


def scan(path:Path, fix:bool)->list[str]:
    "Machine paths left in a notebook's outputs (after rewriting them, with fix)."
    nb = json.loads(path.read_text(encoding='utf-8'))
    found, changed = [], False
    for i, c in enumerate(nb['cells']):
        for o in c.get('outputs', []):
            for box, key in _texts(o):
                text = ''.join(box[key]) if isinstance(box[key], list) else box[key]
                if fix:
                    new = text
                    for rx, to in REWRITES: new = rx.sub(to, new)
                    if new != text:
                        box[key] = new.splitlines(keepends=True) if isinstance(box[key], list) else new; changed = True
                        text = new
                found += [f'{path.name} cell {i}: {m.group(1)}' for m in MACHINE_PATH.finditer(text)]
    if changed: path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
    return found


def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--fix', action='store_true', help='rewrite the paths (then run nbdev_clean)')
    ap.add_argument('--nbs', type=Path, default=Path(__file__).resolve().parent.parent/'nbs', help='notebook folder')
    a = ap.parse_args(argv)
    found = [f for p in sorted(a.nbs.glob('*.ipynb')) for f in scan(p, a.fix)]
    for f in found: print(f)
    print(f'check_outputs: {len(found)} machine paths in stored outputs')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
