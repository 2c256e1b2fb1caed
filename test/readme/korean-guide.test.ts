import * as fs from 'fs';
import * as path from 'path';
import { PRESETS, STAGE_NAMES } from '../../lib/config';
import { ROOT } from '../support/context';
import { anchorOf, DEPLOY_SECTION, readDoc, section, shellLines } from '../support/readme';

/** The Korean guide restates the README for the study's readers; these tests keep the two from drifting apart. */
const read = readDoc;

describe('README.ko.md (Korean guide)', () => {
  const guide = read('README.ko.md');
  const readme = read('README.md');

  test('every command it shows is a command of README.md, as written', () => {
    const commands = shellLines(guide);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    const english = new Set(shellLines(readme));
    expect(commands.filter((c) => !english.has(c))).toEqual([]);
  });

  test('it shows the two commands and the whole deploy path of README.md', () => {
    const deploy = shellLines(section(readme, DEPLOY_SECTION));
    expect(deploy.length).toBeGreaterThanOrEqual(9);
    expect(deploy.filter((c) => !shellLines(guide).includes(c))).toEqual([]);
    expect(shellLines(guide)).toEqual(
      expect.arrayContaining([
        'npm ci && npm run synth   # install, then synthesize every stage to cdk.out/',
        'npm test                  # type-check, then run every test',
      ]),
    );
  });

  test('every relative link reaches a file, and every README anchor a heading', () => {
    const headings = new Set([...readme.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1])));
    const links = [...guide.matchAll(/\]\(([^)#:]+)(?:#([^)]+))?\)/g)].map((m) => ({ file: m[1], anchor: m[2] }));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !fs.existsSync(path.join(ROOT, l.file))).map((l) => l.file)).toEqual([]);
    expect(links.filter((l) => l.file === 'README.md' && l.anchor !== undefined && !headings.has(l.anchor)).map((l) => l.anchor)).toEqual([]);
  });

  test("the stage table's availability zones are the presets' (the English diagram once drifted to a/b)", () => {
    const row = guide.split('\n').find((line) => line.startsWith('| 가용 영역 |'))!;
    const cells = row
      .split('|')
      .slice(2, 2 + STAGE_NAMES.length)
      .map((c) => c.trim());
    expect(cells).toEqual(
      STAGE_NAMES.map((stage) => `${PRESETS[stage].availabilityZones.length}개 (${PRESETS[stage].availabilityZones.map((az) => az.slice(-1)).join(', ')})`),
    );
  });
});
