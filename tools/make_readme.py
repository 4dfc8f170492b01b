#!/usr/bin/env python
"""Regenerate README.md from nbs/index.ipynb with nbconvert, for machines without Quarto.

    python tools/make_readme.py            # write README.md and README_files/ from the stored outputs of the notebook
    python tools/make_readme.py --check    # exit 1 (listing the differences) if README.md is not what it would write
    python tools/make_readme.py --execute  # first re-run nbs/index.ipynb in place (then nbdev_clean it), then write

What goes into README.md:
- markdown cells verbatim, except that relative links to notebooks (`[x](02_losses.ipynb)`) get the notebook folder
  prefixed (`nbs/02_losses.ipynb`), so they work from the repository root as well as on the documentation site;
- code cells as ```python blocks without their nbdev/Quarto directive lines (`#| ...`), followed by their outputs:
  text as plain ``` blocks, images as files in README_files/ referenced by relative path (with the cell's
  `#| fig-alt:` text, if any, as alternative text);
- `#| hide` cells are dropped, `#| echo: false` cells keep only their outputs, `#| output: false` and `#| eval: false`
  cells only their code; stderr streams are dropped; an error output stops the script.

The result depends only on the sources and stored outputs of the notebook, so running the script twice gives identical
bytes. The last cells of nbs/index.ipynb check that README.md equals what `render` returns.
"""
from __future__ import annotations
import argparse, base64, os, re, subprocess, sys
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import MarkdownExporter
from nbdev.process import extract_directives
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK, README = ROOT/'nbs'/'index.ipynb', ROOT/'README.md'

_TEMPLATE = r"""{%- extends 'markdown/index.md.j2' -%}
{% block input %}
{%- if cell.source.strip() %}
```python
{{ cell.source.strip('\n') }}
```
{%- endif %}
{% endblock input %}
{% block stream %}
```
{{ output.text.strip('\n') }}
```
{% endblock stream %}
{% block data_text scoped %}
```
{{ output.data['text/plain'].strip('\n') }}
```
{% endblock data_text %}
{% block data_png %}
![{{ cell.metadata.get('readme_alt', '') }}]({{ output.metadata.filenames['image/png'] | path2url }})
{% endblock data_png %}
{% block data_jpg %}
![{{ cell.metadata.get('readme_alt', '') }}]({{ output.metadata.filenames['image/jpeg'] | path2url }})
{% endblock data_jpg %}
{% block data_svg %}
![{{ cell.metadata.get('readme_alt', '') }}]({{ output.metadata.filenames['image/svg+xml'] | path2url }})
{% endblock data_svg %}
"""

_directive_line = re.compile(r'^\s*#\s*\|')
_notebook_link = re.compile(r'\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s]+\.ipynb(?:#[^)\s]*)?)\)', re.I)


def read_notebook(path)->nbformat.NotebookNode:
    "The notebook at `path`, as nbformat version 4."
    return nbformat.read(str(path), as_version=4)


def _false(directives, key)->bool:
    return [a.lower() for a in directives.get(key + ':', [])][:1] == ['false']


def readme_cells(nb:nbformat.NotebookNode, # the index notebook (not modified)
                 link_prefix:str='',       # folder of the notebook relative to the README, e.g. 'nbs'
                )->nbformat.NotebookNode:  # a copy holding only what the README shows
    "The cells of `nb` as the README shows them: hidden cells, directive lines and stderr removed, links rewritten."
    out = nbformat.from_dict(nb)
    out.metadata = {k: v for k, v in nb.metadata.items() if k == 'language_info'}
    cells = []
    for i, cell in enumerate(nbformat.from_dict(nb).cells):
        if cell.cell_type == 'markdown':
            if link_prefix:
                cell.source = _notebook_link.sub(lambda m: f']({link_prefix}/{m.group(1)})', cell.source)
            cells.append(nbformat.v4.new_markdown_cell(cell.source))
            continue
        if cell.cell_type != 'code': continue             # raw cells (front matter) are not part of the README
        directives = extract_directives(cell, remove=True)
        if 'hide' in directives: continue
        lines = cell.source.splitlines(keepends=True)
        while lines and _directive_line.match(lines[0]): lines.pop(0)   # Quarto directives that nbdev leaves in place
        source = ''.join(lines)
        outputs = []
        for o in cell.get('outputs', []):
            if o.output_type == 'error':
                raise ValueError(f'cell {i} of the notebook holds an error output ({o.ename}: {o.evalue}); '
                                 f'fix or re-run the notebook before making the README')
            if o.output_type == 'stream' and o.name != 'stdout': continue
            outputs.append(o)
        if _false(directives, 'echo'): source = ''
        if _false(directives, 'output') or _false(directives, 'eval'): outputs = []
        if not source.strip() and not outputs: continue
        new = nbformat.v4.new_code_cell(source)
        new.outputs = outputs
        if directives.get('fig-alt:'): new.metadata['readme_alt'] = ' '.join(directives['fig-alt:'])
        cells.append(new)
    out.cells = cells
    return out


def render(nb_path=NOTEBOOK,  # the index notebook
           readme_path=README, # where the README goes: image paths and links are made relative to its folder
          )->tuple[str, dict[str, bytes]]: # README text, and {path relative to the README folder: bytes} of its images
    "README.md text and image files made from the stored outputs of the notebook."
    nb_path, readme_path = Path(nb_path).resolve(), Path(readme_path).resolve()
    files_dir = readme_path.stem + '_files'
    link_prefix = Path(os.path.relpath(nb_path.parent, readme_path.parent)).as_posix()
    nb = readme_cells(read_notebook(nb_path), '' if link_prefix == '.' else link_prefix)
    config = Config()
    config.ExtractOutputPreprocessor.enabled = True
    config.ExtractOutputPreprocessor.output_filename_template = 'cell{cell_index}_output{index}{extension}'
    exporter = MarkdownExporter(config=config, extra_loaders=[DictLoader({'readme.md.j2': _TEMPLATE})],
                                template_file='readme.md.j2')
    body, resources = exporter.from_notebook_node(nb, resources={'unique_key': readme_path.stem,
                                                                 'output_files_dir': files_dir})
    lines = [line.rstrip() for line in body.strip('\n').splitlines()]
    text = re.sub(r'\n{3,}', '\n\n', '\n'.join(lines)) + '\n'
    files = {Path(k).as_posix(): v if isinstance(v, bytes) else base64.b64decode(v)
             for k, v in sorted(resources.get('outputs', {}).items())}
    return text, files


def differences(readme_path, # README.md on disk
                text:str,    # expected README text
                files:dict,  # expected {relative path: bytes} of its images
               )->list[str]: # one line per difference; empty when README and images are up to date
    "What differs between README.md (and its image folder) on disk and the expected text and files."
    readme_path = Path(readme_path)
    problems = []
    if not readme_path.exists(): problems.append(f'{readme_path} does not exist')
    elif readme_path.read_bytes() != text.encode('utf-8'):
        old, new = readme_path.read_text(encoding='utf-8').splitlines(), text.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
        problems.append(f'{readme_path.name} differs from line {first + 1}: '
                        f'on disk {old[first] if first < len(old) else "<end>"!r}, '
                        f'expected {new[first] if first < len(new) else "<end>"!r}')
    for rel, data in files.items():
        p = readme_path.parent/rel
        if not p.exists(): problems.append(f'{rel} is missing')
        elif p.read_bytes() != data: problems.append(f'{rel} differs')
    files_dir = readme_path.parent/(readme_path.stem + '_files')
    if files_dir.is_dir():
        extra = sorted(p.relative_to(readme_path.parent).as_posix() for p in files_dir.rglob('*') if p.is_file())
        problems += [f'{rel} is not made by the notebook (stale)' for rel in extra if rel not in files]
    return problems


def write(readme_path, text:str, files:dict):
    "Write README.md and its images; remove files of the image folder that the README no longer uses."
    readme_path = Path(readme_path)
    files_dir = readme_path.parent/(readme_path.stem + '_files')
    if files_dir.is_dir():
        for p in sorted(files_dir.rglob('*')):
            if p.is_file() and p.relative_to(readme_path.parent).as_posix() not in files: p.unlink()
    for rel, data in files.items():
        p = readme_path.parent/rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_bytes() != data: p.write_bytes(data)
    if files_dir.is_dir() and not any(files_dir.iterdir()): files_dir.rmdir()
    readme_path.write_bytes(text.encode('utf-8'))


def execute(nb_path=NOTEBOOK, readme_path=README, timeout:int=600):
    "Re-run the notebook in place, then `nbdev_clean` it (its last cells check the README, so it is refreshed first)."
    from nbconvert.preprocessors import ExecutePreprocessor
    nb_path = Path(nb_path)
    write(readme_path, *render(nb_path, readme_path))   # the README checks inside the notebook compare with the file
    nb = read_notebook(nb_path)
    ExecutePreprocessor(timeout=timeout, kernel_name='python3').preprocess(nb, {'metadata': {'path': str(nb_path.parent)}})
    nbformat.write(nb, str(nb_path))
    subprocess.run(['nbdev_clean', '--fname', str(nb_path)], check=True, cwd=ROOT)


def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--check', action='store_true', help='change nothing; exit 1 if README.md is out of date')
    p.add_argument('--execute', action='store_true', help='re-run the notebook in place first (slow)')
    p.add_argument('--notebook', type=Path, default=NOTEBOOK, help='source notebook')
    p.add_argument('--readme', type=Path, default=README, help='README to write or check')
    a = p.parse_args(argv)
    if a.check and a.execute: p.error('--check and --execute exclude each other')
    if a.execute: execute(a.notebook, a.readme)
    text, files = render(a.notebook, a.readme)
    if a.check:
        problems = differences(a.readme, text, files)
        for line in problems: print(line)
        if problems: print(f'README is out of date: run python {Path(__file__).relative_to(ROOT)}'); return 1
        print(f'{a.readme.name} is up to date with {a.notebook.name}')
        return 0
    write(a.readme, text, files)
    print(f'wrote {a.readme}' + ''.join(f', {rel}' for rel in files))
    return 0


if __name__ == '__main__': sys.exit(main())
