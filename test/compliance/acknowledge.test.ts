import { Stack } from 'aws-cdk-lib';
import { acknowledge } from '../../lib/compliance';
import { unitTestApp } from '../support/app';

describe('acknowledge', () => {
  const stack = () => new Stack(unitTestApp(), 'Test');

  test('fails on an empty reason', () => {
    expect(() => acknowledge(stack(), { id: 'AwsSolutions-S1', reason: '' })).toThrow(
      "acknowledgment of AwsSolutions-S1 on Test needs a reason of at least 40 characters ending in a full stop, got ''",
    );
  });

  test('fails on a reason shorter than a sentence', () => {
    expect(() => acknowledge(stack(), { id: 'AwsSolutions-S1', reason: 'not needed.' })).toThrow(/needs a reason of at least 40 characters/);
  });

  test('records the exception on the construct for reports', () => {
    const s = stack();
    acknowledge(s, { id: 'AwsSolutions-S1', reason: 'Access logs of the log bucket itself would log forever.' });
    expect(s.node.metadata.map((m) => m.type)).toEqual(expect.arrayContaining(['atlas:exception', 'aws:cdk:acknowledged-rules']));
  });
});
