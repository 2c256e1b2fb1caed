import { ConfigError, PRESETS, PRODUCTION, SANDBOX, selectStageNames, StageConfig, validateStageConfig } from '../../lib/config';

const withNetwork = (network: Partial<StageConfig['network']>, base: StageConfig = SANDBOX): StageConfig => ({
  ...base,
  network: { ...base.network, ...network },
});

describe('stage config', () => {
  test.each(Object.values(PRESETS))('the $stageName preset is valid', (preset) => {
    expect(validateStageConfig(preset)).toBe(preset);
  });

  test('the presets differ where the study says they should: sandbox 2 AZs and 1 NAT, production 3 AZs and a NAT per AZ', () => {
    expect(SANDBOX.availabilityZones).toHaveLength(2);
    expect(SANDBOX.network.natGateways).toBe(1);
    expect(PRODUCTION.availabilityZones).toHaveLength(3);
    expect(PRODUCTION.network.natGateways).toBe(PRODUCTION.availabilityZones.length);
    expect(SANDBOX.region).toBe('ap-northeast-2');
  });

  describe('stage selection', () => {
    test('no stage context selects every stage', () => {
      expect(selectStageNames(undefined)).toEqual(['sandbox', 'production']);
    });
    test('a known stage name selects that stage', () => {
      expect(selectStageNames('production')).toEqual(['production']);
    });
    test('fails on an unknown stage name and lists the valid ones', () => {
      expect(() => selectStageNames('prod')).toThrow("stage must be one of sandbox, production (or omitted for every stage), got 'prod'");
    });
    test('fails on a stage context that is not a string', () => {
      expect(() => selectStageNames(42)).toThrow(/stage must be one of sandbox, production.*got 42/);
    });
  });

  describe('rejects bad input with the field, the value and the rule', () => {
    test.each<[string, StageConfig, RegExp]>([
      [
        'an unknown stage name',
        { ...SANDBOX, stageName: 'staging' as StageConfig['stageName'] },
        /stageName must be one of sandbox, production, got 'staging'/,
      ],
      ['fewer than 2 AZs', { ...SANDBOX, availabilityZones: ['ap-northeast-2a'] }, /sandbox\.availabilityZones must name at least 2 availability zones.*got 1/],
      [
        'an AZ of another region',
        { ...SANDBOX, availabilityZones: ['ap-northeast-2a', 'us-east-1a'] },
        /sandbox\.availabilityZones entry 'us-east-1a' is not an availability zone of region ap-northeast-2 \(allowed: ap-northeast-2a, ap-northeast-2b, ap-northeast-2c, ap-northeast-2d\)/,
      ],
      [
        'an AZ that does not exist',
        { ...SANDBOX, availabilityZones: ['ap-northeast-2a', 'ap-northeast-2z'] },
        /entry 'ap-northeast-2z' is not an availability zone of region ap-northeast-2/,
      ],
      [
        'duplicate AZs',
        { ...SANDBOX, availabilityZones: ['ap-northeast-2a', 'ap-northeast-2a'] },
        /sandbox\.availabilityZones must not repeat an availability zone, got 'ap-northeast-2a' twice/,
      ],
      ['an unknown region', { ...SANDBOX, region: 'mars-north-1' }, /sandbox\.region must be one of .*ap-northeast-2.*got 'mars-north-1'/],
      [
        'a VPC CIDR that is not CIDR notation',
        withNetwork({ vpcCidr: '10.0.0.0' }),
        /sandbox\.network\.vpcCidr must be IPv4 CIDR notation a\.b\.c\.d\/n \(octets 0-255\), got '10\.0\.0\.0'/,
      ],
      ['a VPC CIDR with an octet over 255', withNetwork({ vpcCidr: '10.300.0.0/16' }), /vpcCidr must be IPv4 CIDR notation.*got '10\.300\.0\.0\/16'/],
      [
        'a public VPC CIDR',
        withNetwork({ vpcCidr: '8.8.0.0/16' }),
        /sandbox\.network\.vpcCidr must lie inside RFC 1918 private space \(10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16\), got '8\.8\.0\.0\/16'/,
      ],
      ['a VPC CIDR just outside 172.16.0.0/12', withNetwork({ vpcCidr: '172.32.0.0/16' }), /must lie inside RFC 1918 private space.*got '172\.32\.0\.0\/16'/],
      [
        'a VPC CIDR larger than /16',
        withNetwork({ vpcCidr: '10.0.0.0/8' }),
        /sandbox\.network\.vpcCidr prefix must be between \/16 and \/24 .*cannot be changed after creation.*got \/8/,
      ],
      ['a VPC CIDR smaller than /24', withNetwork({ vpcCidr: '10.0.0.0/25' }), /prefix must be between \/16 and \/24.*got \/25/],
      [
        'a VPC CIDR that is not a network address',
        withNetwork({ vpcCidr: '10.0.0.1/16' }),
        /sandbox\.network\.vpcCidr must be a network address \(host bits zero\) for \/16, got '10\.0\.0\.1\/16'/,
      ],
      [
        'a /24 VPC too small for 3 tiers in 6 AZs',
        {
          ...withNetwork({ vpcCidr: '10.0.0.0/24' }),
          region: 'us-east-1',
          availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'],
        },
        /'10\.0\.0\.0\/24' is too small for 3 subnet tiers in 6 availability zones: subnets would be \/29, AWS allows at most \/28/,
      ],
      [
        'a negative NAT gateway count',
        withNetwork({ natGateways: -1 }),
        /sandbox\.network\.natGateways must be a whole number from 0 to the availability zone count \(2\), got -1/,
      ],
      ['more NAT gateways than AZs', withNetwork({ natGateways: 3 }), /natGateways must be a whole number from 0 to the availability zone count \(2\), got 3/],
      ['a fractional NAT gateway count', withNetwork({ natGateways: 1.5 }), /natGateways must be a whole number.*got 1\.5/],
      ['a malformed account id', { ...SANDBOX, account: '12345' }, /sandbox\.account must be a 12-digit AWS account id, got '12345'/],
    ])('fails on %s', (_name, config, message) => {
      expect(() => validateStageConfig(config)).toThrow(ConfigError);
      expect(() => validateStageConfig(config)).toThrow(message);
    });

    test('fails with every problem at once, one per line', () => {
      const config = { ...withNetwork({ vpcCidr: '8.8.8.8/8', natGateways: 9 }), availabilityZones: ['ap-northeast-2a'] };
      let error: ConfigError | undefined;
      try {
        validateStageConfig(config);
      } catch (e) {
        error = e as ConfigError;
      }
      expect(error?.problems).toEqual([
        expect.stringMatching(/availabilityZones must name at least 2/),
        expect.stringMatching(/must be a network address/),
        expect.stringMatching(/RFC 1918/),
        expect.stringMatching(/prefix must be between \/16 and \/24/),
        expect.stringMatching(/natGateways must be a whole number from 0 to the availability zone count \(1\), got 9/),
      ]);
      expect(error?.message.split('\n')).toHaveLength(6);
    });

    test('a 12-digit account id is accepted', () => {
      expect(() => validateStageConfig({ ...SANDBOX, account: '123456789012' })).not.toThrow();
    });
  });
});
