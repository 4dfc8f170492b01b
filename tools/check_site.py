#!/usr/bin/env python
"""Check the documentation site that `nbdev_docs` built in `_docs/`, as a reader would meet it.

    python tools/check_site.py                          # _docs/ against nbs/; exit 1 if anything is wrong
    python tools/check_site.py --docs _docs --nbs nbs --site-url https://magenta-nb.github.io/magenta_nb

What counts as a fault (each is printed as `page:line: kind: detail`):
- `raw-link`: markdown link text inside code, e.g. ``[`magenta_loss`](https://...)`` in a signature, which nbdev
  writes when a parameter comment holds a backticked name;
- `nonetype`: `NoneType` in a signature or code cell (a parameter with `=None` and no `X|None` annotation); code
  blocks only: prose and outputs may name the type;
- `missing-page` / `missing-anchor`: an internal link (relative, or absolute under the site's own URL) to a file
  that was not built, or to an `#anchor` that no element of the target page has as its id;
- `missing-image`: an image (`<img>`, `<source>`, `<object>`, `<embed>`, or `![](...)` in the CommonMark pages)
  whose file is not in the site;
- `no-page`: a notebook of `nbs/` (not starting with `_`) without its page (`00_geometry.ipynb` -> `geometry.html`).

Links to other hosts are not followed. The site's own URL is read from `sitemap.xml` unless given.
Only the standard library is used, so the checker runs wherever Python does.
"""
from __future__ import annotations
import argparse, html, re, sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'}
# ``[`name`](target)`` (what nbdev makes of a backticked name) or any ``[text](x.html...)`` / ``[text](https://...)``
_RAW_LINK = re.compile(r'\[`[^`\]\n]+`\]\([^)\s]+\)|\[[^\]\n]+\]\((?:[a-z][a-z0-9+.-]*://|#|[^)\s]*\.html)[^)\s]*\)')
_MD_IMAGE = re.compile(r'!\[[^\]]*\]\(\s*<?([^)\s>]+)>?')
_MD_IMG_TAG = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"', re.I)
_SCHEME = re.compile(r'^[a-z][a-z0-9+.-]*:', re.I)


@dataclass(frozen=True)
class Fault:
    page: str   # path relative to the site folder
    line: int   # 1-based line in that file
    kind: str   # raw-link, nonetype, missing-page, missing-anchor, missing-image, no-page
    detail: str

    def __str__(self): return f'{self.page}:{self.line}: {self.kind}: {self.detail}'


class _Page(HTMLParser):
    "One HTML page: ids, links, image references, and code as (line, is output, text, is a block) per <pre> or <code>."
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.images, self.code = set(), [], [], []
        self._stack = []            # (tag, is_output) of the open elements
        self._buf = None            # [line, is_output, text parts] of the <pre> or outer <code> being read

    def _in_output(self)->bool: return any(out for _, out in self._stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        for key in ('id', 'name'):
            if a.get(key) and (key == 'id' or tag == 'a'): self.ids.add(a[key])
        if tag == 'a' and a.get('href') is not None: self.links.append((line, a['href']))
        if tag in ('img', 'source', 'embed') and a.get('src'): self.images.append((line, a['src']))
        if tag in ('img', 'source') and a.get('srcset'):
            self.images += [(line, part.split()[0]) for part in a['srcset'].split(',') if part.strip()]
        if tag == 'object' and a.get('data'): self.images.append((line, a['data']))
        if tag in _VOID: return
        is_output = any(c.startswith('cell-output') for c in (a.get('class') or '').split())
        if tag in ('pre', 'code') and self._buf is None: self._buf = [line, self._in_output() or is_output, [], tag]
        self._stack.append((tag, is_output))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1][0] == tag: self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _ in self._stack): return        # stray end tag
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag: break
        if self._buf is not None and self._buf[3] == tag and not any(t == tag for t, _ in self._stack):
            line, out, parts, tag = self._buf
            self.code.append((line, out, ''.join(parts), tag == 'pre'))
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None: self._buf[2].append(data)


def site_url_from_sitemap(docs:Path)->str|None:
    "The common URL folder of the pages listed in `docs/sitemap.xml`, with a trailing slash (None without a sitemap)."
    f = docs/'sitemap.xml'
    if not f.exists(): return None
    locs = [html.unescape(u).strip() for u in re.findall(r'<loc>([^<]+)</loc>', f.read_text(encoding='utf-8'))]
    if not locs: return None
    prefix = locs[0]
    for u in locs[1:]:
        while not u.startswith(prefix): prefix = prefix[:-1]
    return prefix[:prefix.rfind('/') + 1] or None


def expected_page(nb:Path, nbs:Path)->Path:
    "The page nbdev makes of notebook `nb` (relative to the site): `00_geometry.ipynb` -> `geometry.html`."
    rel = nb.relative_to(nbs)
    return rel.with_name(re.sub(r'^\d+[a-zA-Z0-9]*_', '', rel.name.lower())).with_suffix('.html')


def notebooks(nbs:Path)->list[Path]:
    "The notebooks that get a page: none whose name, or a folder above it, starts with `_` or `.`."
    return sorted(p for p in nbs.rglob('*.ipynb')
                  if not any(part.startswith(('_', '.')) for part in p.relative_to(nbs).parts))


def _resolve(href:str, page:Path, docs:Path, site_url:str|None)->tuple[Path, str]|None:
    "(target file, fragment) of an internal link from `page`, or None for a link that leaves the site."
    if href.startswith('//'): return None
    if site_url and href.startswith(site_url): href = href[len(site_url):] or 'index.html'
    elif _SCHEME.match(href): return None
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path: return page, fragment
    target = (docs/path.lstrip('/')) if path.startswith('/') else (page.parent/path)
    if path.endswith('/') or target.is_dir(): target = target/'index.html'
    return Path(*(p for p in target.parts)), fragment


class Site:
    "The built site in `docs`, parsed page by page (parsed pages are kept for anchor look-ups)."
    def __init__(self, docs, site_url:str|None=None):
        self.docs = Path(docs)
        self.site_url = site_url if site_url is not None else site_url_from_sitemap(self.docs)
        if self.site_url and not self.site_url.endswith('/'): self.site_url += '/'
        self._pages: dict[Path, _Page] = {}

    def pages(self)->list[Path]:
        "Every HTML page of the site except Quarto's own libraries."
        return sorted(p for p in self.docs.rglob('*.html') if 'site_libs' not in p.relative_to(self.docs).parts)

    def parsed(self, page:Path)->_Page:
        key = page.resolve()
        if key not in self._pages:
            p = _Page()
            p.feed(page.read_text(encoding='utf-8', errors='replace')); p.close()
            self._pages[key] = p
        return self._pages[key]

    def rel(self, p:Path)->str:
        try: return p.resolve().relative_to(self.docs.resolve()).as_posix()
        except ValueError: return str(p)

    def check_page(self, page:Path)->list[Fault]:
        "Faults of one HTML page: code blocks, internal links, images."
        parsed, name, faults = self.parsed(page), self.rel(page), []
        for line, is_output, text, is_block in parsed.code:
            for k, row in enumerate(text.split('\n')):
                for m in _RAW_LINK.finditer(row): faults.append(Fault(name, line + k, 'raw-link', m.group(0)))
                if is_block and not is_output and 'NoneType' in row:
                    faults.append(Fault(name, line + k, 'nonetype', row.strip()[:160]))
        for line, href in parsed.links:
            r = _resolve(href, page, self.docs, self.site_url)
            if r is None: continue
            target, fragment = r
            if not target.is_file(): faults.append(Fault(name, line, 'missing-page', href)); continue
            if fragment and target.suffix == '.html' and fragment not in self.parsed(target).ids:
                faults.append(Fault(name, line, 'missing-anchor', href))
        for line, src in parsed.images:
            if src.startswith('data:'): continue
            r = _resolve(src, page, self.docs, self.site_url)
            if r is not None and not r[0].is_file(): faults.append(Fault(name, line, 'missing-image', src))
        return faults

    def check_markdown(self, md:Path)->list[Fault]:
        "Missing images of one CommonMark page (`*.md` beside the HTML pages)."
        faults, name = [], self.rel(md)
        for i, row in enumerate(md.read_text(encoding='utf-8', errors='replace').split('\n'), 1):
            for src in _MD_IMAGE.findall(row) + _MD_IMG_TAG.findall(row):
                if _SCHEME.match(src) or src.startswith(('//', '#')): continue
                if not (md.parent/unquote(urlsplit(src).path)).is_file():
                    faults.append(Fault(name, i, 'missing-image', src))
        return faults

    def check_notebooks(self, nbs)->list[Fault]:
        "A `no-page` fault for every notebook of `nbs` whose page was not built."
        nbs = Path(nbs)
        return [Fault(self.rel(self.docs/expected_page(nb, nbs)), 0, 'no-page', f'no page for {nb.relative_to(nbs)}')
                for nb in notebooks(nbs) if not (self.docs/expected_page(nb, nbs)).is_file()]


def check_site(docs, nbs=None, site_url:str|None=None)->tuple[list[Fault], dict]:
    "(faults, counts of what was checked) for the site in `docs`, built from the notebooks in `nbs` (if given)."
    site = Site(docs, site_url)
    if not site.docs.is_dir(): return [Fault(str(docs), 0, 'no-page', 'the site folder does not exist')], {}
    faults, pages = [], site.pages()
    for page in pages: faults += site.check_page(page)
    mds = sorted(p for p in site.docs.rglob('*.md') if 'site_libs' not in p.relative_to(site.docs).parts)
    for md in mds: faults += site.check_markdown(md)
    if nbs is not None: faults += site.check_notebooks(nbs)
    counts = dict(pages=len(pages), markdown_pages=len(mds),
                  notebooks=len(notebooks(Path(nbs))) if nbs is not None else 0,
                  code_blocks=sum(len(site.parsed(p).code) for p in pages),
                  links=sum(len(site.parsed(p).links) for p in pages),
                  images=sum(len(site.parsed(p).images) for p in pages))
    return faults, counts


def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--docs', type=Path, default=Path('_docs'), help='the built site (default _docs)')
    p.add_argument('--nbs', type=Path, default=Path('nbs'), help='the notebooks that must each have a page')
    p.add_argument('--site-url', default=None, help="the site's own URL (default: read from sitemap.xml)")
    a = p.parse_args(argv)
    faults, counts = check_site(a.docs, a.nbs, a.site_url)
    for f in faults: print(f)
    kinds = {}
    for f in faults: kinds[f.kind] = kinds.get(f.kind, 0) + 1
    print(f'check_site: {counts.get("pages", 0)} pages ({counts.get("notebooks", 0)} notebooks), '
          f'{counts.get("markdown_pages", 0)} CommonMark pages, {counts.get("code_blocks", 0)} code blocks, '
          f'{counts.get("links", 0)} links, {counts.get("images", 0)} images; {len(faults)} faults'
          + (' (' + ', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) + ')' if faults else ''))
    return 1 if faults else 0


if __name__ == '__main__': sys.exit(main())
