"""Check that the notebooks' prose points to notebooks that exist, and places symbols where they are defined.

Reads every markdown cell of nbs/*.ipynb (and the comments of code cells) and reports
  - a notebook name (`NN_name`, `NNa_name`, or a link to NN_name.ipynb) with no notebook of that name in nbs/;
  - a symbol placed in a notebook ("`f` of `12_features`", "`f` in `12_features`", "`f` (notebook `12_features`)",
    "`f`/`g` are in `11_synth`", "`12_features`'s `f`", "of `12_features`, `f`", or a call commented "(12_features)")
    when that notebook does not define it, although another does;
  - a document (an upper-case .md file or one under shared/, STYLE, DESIGN) that is not in the repository.
A symbol is defined by a notebook that has `def name`, `class name` or `name =` at the start of a line of a code cell.
Exits 1 and lists each fault with its notebook and cell, or prints a one-line summary.

    python tools/check_xrefs.py [--nbs nbs]
"""
from __future__ import annotations
import argparse, json, re, sys
from pathlib import Path

NB = r'\d\d[a-z]?_[a-z][a-z0-9_]*'
SYM = r'[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*'
NB_NAME = re.compile(rf'(?<![\w/.-])({NB})(?:\.ipynb)?\b')
GROUP = rf'((?:`{SYM}`(?:\(\))?\s*(?:/|and|or)?\s*)+)'
PLACED = [re.compile(GROUP + rf'(?:is |are |lives |live |defined |comes |come )?(?:of|in|from)\s+(?:notebook\s+)?`({NB})`'),
          re.compile(GROUP + rf'\((?:notebook\s+|see\s+)?`({NB})`\)')]
NB_FIRST = [re.compile(rf'`({NB})`\'s\s+`({SYM})`'), re.compile(rf'(?:of|in) `({NB})`,\s+`({SYM})`')]
CALLED = re.compile(r'([A-Za-z_]\w*)\(')
COMMENT_NB = re.compile(rf'\(({NB})\)')
DOC_FILE = re.compile(r'(?<![\w/.-])((?:[\w.-]+/)*[A-Z][A-Z_]*\.md|shared/[\w./-]*\.md)\b')   # documents, not outputs
MISSING_DOCS = re.compile(r"\b(STYLE|DESIGN)(?:'s|\.md)?\b")
DEFINES = re.compile(r'^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)|^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)', re.M)


def cells(path:Path)->list:
    return json.loads(path.read_text(encoding='utf-8'))['cells']


def prose(cell:dict)->str:
    "Markdown as it is; of a code cell, only its comments."
    src = ''.join(cell['source'])
    if cell['cell_type'] == 'markdown': return src
    return '\n'.join(line.split('#', 1)[1] for line in src.splitlines() if '#' in line and not line.lstrip().startswith('#|'))


def definitions(nbs:Path)->dict:
    "{notebook stem: set of names it defines}."
    out = {}
    for p in sorted(nbs.glob('*.ipynb')):
        names = set()
        for c in cells(p):
            if c['cell_type'] != 'code': continue
            for m in DEFINES.finditer(''.join(c['source'])): names.add(m.group(1) or m.group(2))
        out[p.stem] = names
    return out


def faults(nbs:Path)->list[str]:
    defs = definitions(nbs)
    everywhere = set().union(*defs.values()) if defs else set()
    root = nbs.resolve().parent
    found = []
    for p in sorted(nbs.glob('*.ipynb')):
        for i, c in enumerate(cells(p)):
            text, here = prose(c), f'{p.name} cell {i}'
            for m in NB_NAME.finditer(text):
                if m.group(1) not in defs: found.append(f'{here}: names notebook {m.group(1)}, which does not exist')
            for m in DOC_FILE.finditer(text):
                if not (root/m.group(1)).exists() and not (nbs/m.group(1)).exists():
                    found.append(f'{here}: cites {m.group(1)}, which is not in the repository')
            for m in MISSING_DOCS.finditer(text):
                if not (root/f'{m.group(1)}.md').exists():
                    found.append(f'{here}: cites {m.group(1)}, which is not in the repository')
            claims = []
            for rx in PLACED:
                for m in rx.finditer(text): claims += [(s, m.group(2)) for s in re.findall(rf'`({SYM})`', m.group(1))]
            for rx in NB_FIRST: claims += [(m.group(2), m.group(1)) for m in rx.finditer(text)]
            for sym, nb in claims:
                name = sym.split('.')[0]
                if nb in defs and name in everywhere and name not in defs[nb]:
                    where = ', '.join(sorted(k for k, v in defs.items() if name in v))
                    found.append(f'{here}: places `{sym}` in {nb}, which does not define it (defined in {where})')
            if c['cell_type'] == 'code':                   # `f(...)  # ... (12_features)`: one of the calls is from there
                for line in ''.join(c['source']).splitlines():
                    code, _, comment = line.partition('#')
                    code = re.sub(r'^\s*def\s+\w+', '', code)                # the function a line defines is no call
                    for m in COMMENT_NB.finditer(comment):
                        called = {n for n in CALLED.findall(code) if n in everywhere}
                        if m.group(1) in defs and called and not called & defs[m.group(1)]:
                            where = '; '.join(f"{n} in {', '.join(sorted(k for k, v in defs.items() if n in v))}" for n in sorted(called))
                            found.append(f'{here}: a comment places {", ".join(sorted(called))} in {m.group(1)} ({where})')
    return sorted(set(found))


def main(argv=None)->int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--nbs', type=Path, default=Path(__file__).resolve().parent.parent/'nbs', help='notebook folder')
    a = ap.parse_args(argv)
    found = faults(a.nbs)
    for f in found: print(f)
    print(f'check_xrefs: {len(list(a.nbs.glob("*.ipynb")))} notebooks, {len(found)} stale cross-references')
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main())
