"""tools/check_xrefs.py finds each kind of stale cross-reference on hand-made notebooks, and passes clean ones."""
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_xrefs import faults


def notebook(path:Path, *cells):
    "Write a notebook of (kind, source) cells."
    nb = {'cells': [{'cell_type': k, 'metadata': {}, 'source': s, **({'outputs': [], 'execution_count': None} if k == 'code' else {})}
                    for k, s in cells], 'metadata': {}, 'nbformat': 4, 'nbformat_minor': 5}
    path.write_text(json.dumps(nb))


def main():
    with tempfile.TemporaryDirectory() as d:
        root = Path(d); nbs = root/'nbs'; nbs.mkdir()
        notebook(nbs/'10_metadata.ipynb', ('code', 'def read_metadata(path): pass\nCLASSES = ()'))
        notebook(nbs/'10a_labels.ipynb', ('code', 'def events_to_adpit(ev): pass'))
        notebook(nbs/'11b_spatial.ipynb', ('code', 'def render_foa(x, u): pass'))
        notebook(nbs/'12_features.ipynb', ('code', 'x = render_foa(1, 2)   # a plane wave (11b_spatial)'))
        test_eq = lambda a, b: None if a == b else sys.exit(f'expected {b!r}, found {a!r}')
        test_eq(faults(nbs), [])                                             # clean: nothing found
        cases = {
            'names notebook 99_missing': ('markdown', 'See `99_missing` for more.'),
            'places `events_to_adpit` in 10_metadata': ('markdown', 'the writer of `10_metadata`, `events_to_adpit`, warns'),
            'places `read_metadata` in 10a_labels': ('markdown', '`read_metadata` (notebook `10a_labels`) reads files'),
            'places `render_foa` in 10_metadata': ('markdown', '`render_foa`/`read_metadata` are in `10_metadata`'),
            "places `events_to_adpit` in 11b_spatial": ('markdown', "`11b_spatial`'s `events_to_adpit`"),
            'a comment places render_foa in 10_metadata': ('code', 'y = render_foa(3, 4)   # (10_metadata)'),
            'cites shared/data/README.md': ('markdown', 'source: shared/data/README.md.'),
            'cites STYLE': ('markdown', "Following STYLE's rule, a loop."),
        }
        for expected, cell in cases.items():
            notebook(nbs/'20_probe.ipynb', cell)
            found = faults(nbs)
            if len(found) != 1 or expected not in found[0]: sys.exit(f'{cell!r}: expected one fault with {expected!r}, found {found}')
        notebook(nbs/'20_probe.ipynb', ('markdown', '`events_to_adpit` of `10a_labels` and `render_foa` in `11b_spatial`; '
                                                    'outputs go to runs/ablation/table1.md; `CLASSES`, `read_metadata` in `10_metadata`'))
        test_eq(faults(nbs), [])
    print(f'test_check_xrefs: {len(cases)} kinds of fault found, clean notebooks pass')


if __name__ == '__main__':
    main()
