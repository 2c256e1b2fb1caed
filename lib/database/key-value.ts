import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { addAlarm } from '../management/alarms';
import { rotatingKey } from '../shared/rotating-key';

/** Attribute that holds an item's expiry (epoch seconds); DynamoDB deletes expired items within days, for free. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Properties of a `KeyValueTable`. */
export interface KeyValueTableProps {
  /** Topic for the table's alarms. */
  readonly alarmTopic: sns.ITopic;
  /** `RETAIN` keeps the table (and turns on deletion protection); `DESTROY` deletes it with the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Regions that hold a replica of the table (a DynamoDB global table: multi-Region eventual consistency), each with
   * the key that encrypts it there. The key must exist in that region before the replica is created.
   *
   * @default - none: the table lives in its stack's region only
   */
  readonly replicas?: readonly TableReplica[];
}

/** A replica of the key-value table in another region. */
export interface TableReplica {
  /** The replica's region. */
  readonly region: string;
  /** ARN (key or alias ARN) of the customer-managed key in that region that encrypts the replica. */
  readonly keyArn: string;
}

/**
 * The study's DynamoDB: a fully managed key-value and document store, billed per request (on-demand).
 *
 * Key design (single table): the partition key `pk` names the entity (`OBJECT#<bucket>/<key>`, `RUN#<date>`), the
 * sort key `sk` orders what belongs to it (`EVENT#<ISO timestamp>`, `META`), so one Query returns an entity's
 * items in time order and a partition never grows with the number of entities. Items with `expiresAt` (epoch
 * seconds) expire on their own.
 *
 * Secure and durable: encrypted with a rotating customer-managed key, point-in-time recovery (35 days), deletion
 * protection and RETAIN where data is retained. `TableV2` synthesizes `AWS::DynamoDB::GlobalTable`, which no
 * pack inspects; our guard rule `atlas_dynamodb_global_table_pitr` checks its point-in-time recovery.
 * Traffic from the functions stays in the VPC through the DynamoDB gateway endpoint.
 */
export class KeyValueTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.ITableV2;
  /** The table's alarms. */
  public readonly alarms: readonly cloudwatch.IAlarm[];
  /** The read and write capacity the table consumed, graphed next to the alarms. */
  public readonly metrics: readonly cloudwatch.IMetric[];

  constructor(scope: Construct, id: string, props: KeyValueTableProps) {
    super(scope, id);
    const retain = props.removalPolicy !== RemovalPolicy.DESTROY;
    const table = new dynamodb.TableV2(this, 'Resource', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(
        rotatingKey(this, 'Key', 'Encrypts the key-value table', props.removalPolicy),
        props.replicas && Object.fromEntries(props.replicas.map((r) => [r.region, r.keyArn])),
      ),
      // Each replica copies the table's point-in-time recovery and deletion protection.
      replicas: props.replicas?.map((r) => ({ region: r.region })),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    const operations = [
      dynamodb.Operation.GET_ITEM,
      dynamodb.Operation.PUT_ITEM,
      dynamodb.Operation.QUERY,
      dynamodb.Operation.UPDATE_ITEM,
      dynamodb.Operation.DELETE_ITEM,
    ];
    this.table = table;
    this.alarms = [
      addAlarm(this, 'ThrottlesAlarm', props.alarmTopic, {
        metric: table.metricThrottledRequestsForOperations({ operations, period: Duration.minutes(5) }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, // no requests, no throttles
        description: 'DynamoDB throttled requests to the key-value table (on-demand should absorb them: look for a hot partition)',
      }),
      addAlarm(this, 'SystemErrorsAlarm', props.alarmTopic, {
        metric: table.metricSystemErrorsForOperations({ operations, period: Duration.minutes(5) }),
        threshold: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        description: 'DynamoDB returned internal server errors for the key-value table',
      }),
    ];
    this.metrics = [table.metricConsumedReadCapacityUnits(), table.metricConsumedWriteCapacityUnits()];
  }
}
