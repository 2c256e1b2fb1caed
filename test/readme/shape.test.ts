import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../support/context';
import { anchorOf, readDoc, section } from '../support/readme';

describe('README shape', () => {
  const readme = readDoc('README.md');
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

  test('the table of contents lists every section, in order, with working anchors', () => {
    const listed = [...section(readme, '## Contents').matchAll(/^- \[(.+)\]\(#(.+)\)$/gm)].map((m) => ({ title: m[1], anchor: m[2] }));
    const expected = headings.filter((h) => h !== 'Contents').map((title) => ({ title, anchor: anchorOf(title) }));
    expect(listed).toEqual(expected);
  });

  test('the quick start, the concept map and the diagram come first; the deploy path is one section', () => {
    expect(headings.slice(0, 4)).toEqual(['Contents', 'Quick start', 'Concept map', 'Architecture']);
    expect(headings.filter((h) => /^deploying|destroy/i.test(h))).toEqual(['Deploying and destroying the sandbox']);
    expect(section(readme, '## Architecture')).toContain('<!-- generated:diagram-sandbox -->');
  });

  test('every relative link reaches a file', () => {
    const links = [...readme.matchAll(/\]\(([^)#:]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((link) => !fs.existsSync(path.join(ROOT, link)))).toEqual([]);
  });
});
