import { STAGE_NAMES } from '../lib/config';
import { stackIds, stackTemplateJson } from './support/assembly';

// Architecture snapshots: one per stack per stage, asset hashes normalised (test/support/setup.ts), so a
// snapshot changes only when the architecture does. Every `jest -u` is a change to review.
describe.each(STAGE_NAMES)('%s stage architecture', (stage) => {
  test('has the expected stacks', () => {
    expect(stackIds(stage)).toMatchSnapshot();
  });

  test.each(stackIds(stage))('%s stack', (stackId) => {
    expect(stackTemplateJson(stage, stackId)).toMatchSnapshot();
  });
});
