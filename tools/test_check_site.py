#!/usr/bin/env python
"""Test tools/check_site.py on a small hand-made site: a clean page passes, and each fault is found where it is.

    python tools/test_check_site.py      # exit 1 (with the differences) if the checker misses or invents a fault

The pages copy the markup Quarto 1.7 writes for nbdev notebooks: a signature is a `div.sourceCode` holding one
`<span>` per line, with comments in `span.co`; cell outputs sit in `div.cell-output`.
"""
from __future__ import annotations
import contextlib, io, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_site import check_site, main  # noqa: E402

SITE = 'https://example.org/proj/'

def _page(title:str, body:str)->str:
    return f'''<!DOCTYPE html>
<html><head><title>{title}</title><link href="site_libs/style.css" rel="stylesheet"></head>
<body><main class="content" id="quarto-document-content">
<h1 class="title">{title}</h1>
{body}
</main></body></html>
'''

def _signature(cb:str, *lines:str)->str:
    spans = '\n'.join(f'<span id="{cb}-{i}"><a href="#{cb}-{i}" aria-hidden="true" tabindex="-1"></a>{l}</span>'
                      for i, l in enumerate(lines, 1))
    return f'<div class="sourceCode" id="{cb}"><pre class="sourceCode python"><code class="sourceCode python">{spans}</code></pre></div>'

GOOD = _page('Good', '\n'.join([
    '<section id="magenta_loss" class="level3"><h3 class="anchored">magenta_loss</h3>',
    _signature('cb1', '<span class="kw">def</span> magenta_loss(',
               '    counts:Tensor <span class="op">|</span> <span class="va">None</span><span class="op">=</span>'
               '<span class="va">None</span>, <span class="co"># (C,) counts, as in magenta_loss</span>',
               ')<span class="op">-&gt;</span>Tensor:'),
    '</section>',
    '<p>See <a href="index.html#intro">the index page</a>, <a href="https://example.org/proj/good.html#magenta_loss">'
    'this one</a>, <a href="#magenta_loss">here</a>, <a href="./">the index</a>, <a href="https://github.com/x/y">'
    'elsewhere</a> and <a href="mailto:a@b.c">mail</a>.</p>',
    '<p><img src="good_files/figure-html/fig.png" class="img-fluid"> <img src="data:image/png;base64,AAAA"></p>',
    # outputs and prose may mention NoneType (an error message, a repr): only signatures and code are checked for it
    '<div class="cell-output cell-output-stdout"><pre><code>TypeError: NoneType has no len()</code></pre></div>',
    '<p>Code like <code>fns[0](x)</code> and <code>a[i](b)</code> is not a link; prose may name <code>NoneType</code>.</p>',
]))

BAD = _page('Bad', '\n'.join([
    '<section id="present" class="level2"><h2>Present</h2><a href="#present">here</a></section>',
    _signature('cb1', '<span class="kw">def</span> variant_settings(',
               '    name:<span class="bu">str</span>, <span class="co"># a key of VARIANTS</span>',
               ')<span class="op">-&gt;</span><span class="bu">dict</span>: <span class="co"># the '
               '[`magenta_loss`](https://example.org/proj/good.html#magenta_loss) keyword arguments</span>'),
    _signature('cb2', '<span class="kw">def</span> variant_loss(',
               '    counts:NoneType<span class="op">=</span><span class="va">None</span>, <span class="co"># counts</span>',
               '):'),
    '<p><a href="nothere.html">a missing page</a>, <a href="good.html#nope">a missing anchor</a>, '
    '<a href="https://example.org/proj/good.html#gone">an absolute missing anchor</a>, '
    '<a href="#absent">a missing anchor here</a>.</p>',
    '<p><img src="bad_files/figure-html/missing.png" class="img-fluid"></p>',
]))

GOOD_MD = '# Good\n\n![](good_files/figure-html/fig.png)\n\n$$x^2$$\n'
BAD_MD = '# Bad\n\ntext\n\n![a figure](bad_files/figure-commonmark/missing.png)\n'

def _notebook(path:Path): path.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')

def make_site(root:Path, with_bad:bool)->tuple[Path, Path]:
    "A site in root/_docs and its notebooks in root/nbs; with_bad adds the faulty page and a notebook without page."
    docs, nbs = root/'_docs', root/'nbs'
    (docs/'good_files'/'figure-html').mkdir(parents=True); (docs/'site_libs').mkdir(); nbs.mkdir()
    (docs/'good_files'/'figure-html'/'fig.png').write_bytes(b'\x89PNG\r\n\x1a\n')
    (docs/'site_libs'/'style.css').write_text('body {}')
    (docs/'good.html').write_text(GOOD); (docs/'good.html.md').write_text(GOOD_MD)
    (docs/'index.html').write_text(_page('Index', '<p id="intro"><a href="good.html">Good</a></p>'))
    urls = ['index.html', 'good.html'] + (['bad.html'] if with_bad else [])
    (docs/'sitemap.xml').write_text('<?xml version="1.0"?><urlset>'
                                    + ''.join(f'<url><loc>{SITE}{u}</loc></url>' for u in urls) + '</urlset>')
    _notebook(nbs/'index.ipynb'); _notebook(nbs/'00_good.ipynb'); _notebook(nbs/'_scratch.ipynb')
    if with_bad:
        (docs/'bad.html').write_text(BAD); (docs/'bad.html.md').write_text(BAD_MD)
        _notebook(nbs/'01a_bad.ipynb'); _notebook(nbs/'02_gone.ipynb')
    return docs, nbs

EXPECTED = {   # (page, kind, detail)
    ('bad.html', 'raw-link', '[`magenta_loss`](https://example.org/proj/good.html#magenta_loss)'),
    ('bad.html', 'nonetype', 'counts:NoneType=None, # counts'),
    ('bad.html', 'missing-page', 'nothere.html'),
    ('bad.html', 'missing-anchor', 'good.html#nope'),
    ('bad.html', 'missing-anchor', 'https://example.org/proj/good.html#gone'),
    ('bad.html', 'missing-anchor', '#absent'),
    ('bad.html', 'missing-image', 'bad_files/figure-html/missing.png'),
    ('bad.html.md', 'missing-image', 'bad_files/figure-commonmark/missing.png'),
    ('gone.html', 'no-page', 'no page for 02_gone.ipynb'),
}

def _run_main(docs, nbs)->tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out): code = main(['--docs', str(docs), '--nbs', str(nbs)])
    return code, out.getvalue()

def run_tests()->list[str]:
    "Differences between what the checker reports and what the hand-made sites hold; empty when all is well."
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        docs, nbs = make_site(Path(tmp)/'clean', with_bad=False)
        faults, counts = check_site(docs, nbs)
        problems += [f'clean site: unexpected fault {f}' for f in faults]
        if counts.get('pages') != 2 or counts.get('notebooks') != 2:
            problems.append(f'clean site: expected 2 pages and 2 notebooks, counted {counts}')
        code, out = _run_main(docs, nbs)
        if code != 0 or '0 faults' not in out: problems.append(f'clean site: main returned {code}: {out!r}')

        docs, nbs = make_site(Path(tmp)/'faulty', with_bad=True)
        faults, _ = check_site(docs, nbs)
        found = {(f.page, f.kind, f.detail) for f in faults}
        problems += [f'faulty site: missed {e}' for e in sorted(EXPECTED - found)]
        problems += [f'faulty site: unexpected {f}' for f in sorted(found - EXPECTED)]
        lines = {(f.kind, f.detail): f.line for f in faults}
        if lines.get(('nonetype', 'counts:NoneType=None, # counts')) != BAD.split('\n').index(
                next(l for l in BAD.split('\n') if 'NoneType' in l)) + 1:
            problems.append(f'faulty site: the NoneType fault is not reported on its line: {lines}')
        code, out = _run_main(docs, nbs)
        if code != 1 or f'{len(EXPECTED)} faults' not in out: problems.append(f'faulty site: main returned {code}: {out!r}')
    return problems

if __name__ == '__main__':
    problems = run_tests()
    for p in problems: print(p)
    print(f'test_check_site: {"FAILED, " + str(len(problems)) + " problems" if problems else f"clean site passes, all {len(EXPECTED)} faults found"}')
    sys.exit(1 if problems else 0)
