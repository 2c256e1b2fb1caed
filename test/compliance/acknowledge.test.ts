import { flattenCfnReference } from '../../lib/compliance/flatten-reference';
import { Stack, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge, guard, HIPAA, inPacks, NIST, PCI, recordedExceptions } from '../../lib/compliance';
import { unitTestApp } from '../support/app';

describe('acknowledge', () => {
  /** A construct (never a stack: acknowledge refuses those) named Test. */
  const stack = () => new Construct(new Stack(unitTestApp(), 'Scratch'), 'Test');

  test('fails on an empty reason', () => {
    expect(() => acknowledge(stack(), { id: 'AwsSolutions-S1', reason: '' })).toThrow(
      "acknowledgment of AwsSolutions-S1 on Scratch/Test needs a reason of at least 40 characters ending in a full stop, got ''",
    );
  });

  test('fails on a reason shorter than a sentence', () => {
    expect(() => acknowledge(stack(), { id: 'AwsSolutions-S1', reason: 'not needed.' })).toThrow(/needs a reason of at least 40 characters/);
  });

  test('fails on a stack or a stage: the exception would hide the rule for everything added there later', () => {
    const reason = 'Access logs of the log bucket itself would log forever.';
    const app = unitTestApp();
    expect(() => acknowledge(new Stack(app, 'Whole'), { id: 'AwsSolutions-S1', reason })).toThrow(
      'acknowledge() needs the resource (or construct) a finding is about, got the stack Whole',
    );
    expect(() => acknowledge(new Stage(app, 'Everything'), { id: 'AwsSolutions-S1', reason })).toThrow(
      'acknowledge() needs the resource (or construct) a finding is about, got the stage Everything',
    );
  });

  test('records the exception on the construct for reports', () => {
    const s = stack();
    acknowledge(s, { id: 'AwsSolutions-S1', reason: 'Access logs of the log bucket itself would log forever.' });
    expect(s.node.metadata.map((m) => m.type)).toEqual(expect.arrayContaining(['atlas:exception', 'aws:cdk:acknowledged-rules']));
  });
});

describe('acknowledge with several ids', () => {
  /** A construct (never a stack: acknowledge refuses those) named Test. */
  const stack = () => new Construct(new Stack(unitTestApp(), 'Scratch'), 'Test');

  test('records each id once, with the first id as the exception it belongs to', () => {
    const s = stack();
    const exception = {
      id: ['NIST.800.53.R5-IAMNoInlinePolicy', 'HIPAA.Security-IAMNoInlinePolicy'],
      reason: 'Permissions come from CDK grants scoped to named resources.',
    };
    acknowledge(s, exception);
    acknowledge(s, exception); // a shared CDK singleton acknowledged by two constructs
    expect(recordedExceptions(s).map((e) => [e.id, e.group])).toEqual([
      ['NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy'],
      ['HIPAA.Security-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy'],
    ]);
  });

  test('fails on an exception that names no rule', () => {
    expect(() => acknowledge(stack(), { id: [], reason: 'Permissions come from CDK grants scoped to named resources.' })).toThrow(
      /acknowledgment on Scratch\/Test names no rule id/,
    );
  });

  test('inPacks and guard build the ids the packs and the cfn-guard plugin report', () => {
    expect(inPacks('IAMNoInlinePolicy', NIST, HIPAA, PCI)).toEqual([
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'HIPAA.Security-IAMNoInlinePolicy',
      'PCI.DSS.321-IAMNoInlinePolicy',
    ]);
    expect(guard('lambda_inside_vpc_check')).toBe('cdk-validator-cfnguard::lambda_inside_vpc_check');
  });
});

describe('flattenCfnReference (the way cdk-nag names resources in finding ids)', () => {
  test.each<[unknown, string]>([
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/*'],
    [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Bucket' }, '/*']] }, 'arn:<AWS::Partition>:s3:::<Bucket>/*'],
    [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }, '<Bucket.Arn>/*'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:logs:*' }, 'arn:<AWS::Partition>:logs:*'],
    [{ 'Fn::ImportValue': 'sandbox-Network:VpcId' }, 'sandbox-Network:VpcId'],
    [{ 'Fn::Select': [0, ['a']] }, '{"Fn::Select":[0,["a"]]}'],
  ])('%j → %s', (reference, flat) => {
    expect(flattenCfnReference(reference)).toBe(flat);
  });
});
