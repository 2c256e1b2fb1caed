import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StageConfig, StageName } from './stage-config';

/** Seoul, the study's home region. */
export const DEFAULT_REGION = 'ap-northeast-2';

/** Cheap and disposable: two AZs, one NAT gateway, everything removed by `cdk destroy`. */
export const SANDBOX: StageConfig = {
  stageName: 'sandbox',
  region: DEFAULT_REGION,
  availabilityZones: ['ap-northeast-2a', 'ap-northeast-2c'],
  network: {
    vpcCidr: '10.10.0.0/16',
    natGateways: 1,
    flowLogRetention: RetentionDays.ONE_WEEK,
    systemsManagerEndpoints: false,
  },
  durability: {
    removalPolicy: RemovalPolicy.DESTROY,
    terminationProtection: false,
  },
};

/** Durable: three AZs, a NAT gateway per AZ, data retained and stateful stacks termination-protected. */
export const PRODUCTION: StageConfig = {
  stageName: 'production',
  region: DEFAULT_REGION,
  availabilityZones: ['ap-northeast-2a', 'ap-northeast-2b', 'ap-northeast-2c'],
  network: {
    vpcCidr: '10.20.0.0/16',
    natGateways: 3,
    flowLogRetention: RetentionDays.ONE_YEAR,
    systemsManagerEndpoints: true,
  },
  durability: {
    removalPolicy: RemovalPolicy.RETAIN,
    terminationProtection: true,
  },
};

/** The preset of every stage, by name. */
export const PRESETS: Readonly<Record<StageName, StageConfig>> = {
  sandbox: SANDBOX,
  production: PRODUCTION,
};
