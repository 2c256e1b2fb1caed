import * as fs from 'fs';
import * as path from 'path';
import { CachedViolation, validateWithCache } from '../../lib/compliance/validation-cache';
import { tempDir } from '../support/context';

/** A validator stand-in that reports one finding per template whose text contains "bad", and counts what it saw. */
function fakeValidator() {
  const seen: string[][] = [];
  const run = (context: { templatePaths: string[] }) => {
    seen.push(context.templatePaths.map((p) => path.basename(p)));
    const violations: CachedViolation[] = context.templatePaths
      .filter((p) => fs.readFileSync(p, 'utf8').includes('bad'))
      .map((templatePath) => ({
        ruleName: 'no_bad',
        description: 'bad found',
        severity: 'error',
        violatingResources: [{ resourceLogicalId: 'Thing', templatePath, locations: [] }],
      }));
    return { violations };
  };
  return { seen, run };
}

describe('validateWithCache (findings cached per template)', () => {
  let dir: string;
  let cache: string;
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  beforeEach(() => {
    dir = tempDir('atlas-cache');
    cache = path.join(dir, 'cache');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const options = (rules = 'rules v1') => ({ tool: 'fake@1', rulesFingerprint: () => rules, directory: cache });

  test('a second run with unchanged templates runs nothing and returns the same findings', () => {
    const templates = [write('A.template.json', '{"bad":1}'), write('B.template.json', '{"good":1}')];
    const validator = fakeValidator();
    const first = validateWithCache({ templatePaths: templates }, options(), validator.run);
    const second = validateWithCache({ templatePaths: templates }, options(), validator.run);
    expect(validator.seen).toEqual([['A.template.json', 'B.template.json']]);
    expect(second).toEqual(first);
    expect(first).toHaveLength(1);
  });

  test('only a changed template is validated again; the findings of the others are replayed, at their new path', () => {
    const a = write('A.template.json', '{"bad":1}');
    const b = write('B.template.json', '{"good":1}');
    const validator = fakeValidator();
    validateWithCache({ templatePaths: [a, b] }, options(), validator.run);
    write('B.template.json', '{"bad":2}');
    const moved = path.join(dir, 'elsewhere');
    fs.mkdirSync(moved);
    fs.copyFileSync(a, path.join(moved, 'A.template.json'));
    const result = validateWithCache({ templatePaths: [path.join(moved, 'A.template.json'), b] }, options(), validator.run);
    expect(validator.seen).toEqual([['A.template.json', 'B.template.json'], ['B.template.json']]);
    expect(result.flatMap((v) => v.violatingResources.map((r) => r.templatePath)).sort()).toEqual([path.join(moved, 'A.template.json'), b].sort());
  });

  test('a validator that reports a relative template path as absolute (cfn-guard under the CLI: outdir cdk.out) is still cached', () => {
    write('A.template.json', '{"bad":1}');
    const relative = path.relative(process.cwd(), path.join(dir, 'A.template.json'));
    const validator = fakeValidator();
    const absolute = (context: { templatePaths: string[] }) => {
      const report = validator.run(context);
      return {
        violations: report.violations.map((v) => ({
          ...v,
          violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: path.resolve(r.templatePath!) })),
        })),
      };
    };
    validateWithCache({ templatePaths: [relative] }, options(), absolute);
    const second = validateWithCache({ templatePaths: [relative] }, options(), absolute);
    expect(validator.seen).toEqual([['A.template.json']]);
    expect(second.flatMap((v) => v.violatingResources.map((r) => r.templatePath))).toEqual([relative]);
  });

  test('changed rules, another tool version or another stack environment are misses', () => {
    const a = write('A.template.json', '{"bad":1}');
    const validator = fakeValidator();
    validateWithCache({ templatePaths: [a] }, options('rules v1'), validator.run);
    validateWithCache({ templatePaths: [a] }, options('rules v2'), validator.run);
    validateWithCache({ templatePaths: [a] }, { ...options('rules v2'), tool: 'fake@2' }, validator.run);
    validateWithCache(
      { templatePaths: [a], stackTemplates: [{ templatePath: a, accountId: '123456789012', region: 'ap-northeast-2' }] },
      { ...options('rules v2'), tool: 'fake@2' },
      validator.run,
    );
    expect(validator.seen).toHaveLength(4);
  });

  test('findings that name no template are returned but never cached; ATLAS_VALIDATION_CACHE=off runs every time', () => {
    const a = write('A.template.json', '{}');
    let runs = 0;
    const unplaced = () => {
      runs++;
      return { violations: [{ ruleName: 'stack_level', description: 'x', violatingResources: [{ locations: [] }] }] };
    };
    expect(validateWithCache({ templatePaths: [a] }, options(), unplaced)).toHaveLength(1);
    expect(validateWithCache({ templatePaths: [a] }, options(), unplaced)).toHaveLength(1);
    expect(runs).toBe(2);

    const validator = fakeValidator();
    process.env.ATLAS_VALIDATION_CACHE = 'off';
    try {
      validateWithCache({ templatePaths: [a] }, options(), validator.run);
      validateWithCache({ templatePaths: [a] }, options(), validator.run);
    } finally {
      delete process.env.ATLAS_VALIDATION_CACHE;
    }
    expect(validator.seen).toHaveLength(2);
  });
});
