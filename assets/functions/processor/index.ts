/**
 * Sample handler of the Functions construct: runs on a schedule (EventBridge cron) and on S3 object-created
 * events (S3 → EventBridge). It logs one structured line per event and records the event in the key-value table
 * (`TABLE_NAME`), so the flow is visible in CloudWatch Logs and in DynamoDB.
 * The AWS SDK comes with the Lambda runtime: esbuild leaves `@aws-sdk/*` out of the bundle.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

interface EventBridgeEvent {
  readonly source: string;
  readonly 'detail-type': string;
  readonly time: string;
  readonly detail?: { bucket?: { name?: string }; object?: { key?: string; size?: number } };
}

export interface ProcessorResult {
  readonly kind: 'schedule' | 'object-created' | 'other';
  readonly bucket?: string;
  readonly key?: string;
}

/** Recorded events expire after 90 days (the table's TTL attribute `expiresAt`, epoch seconds). */
const RECORD_DAYS = 90;

/** Created on first use, and reused by warm invocations: importing this module (the tests do) creates no client. */
let client: DynamoDBClient | undefined;

/** The table item for an event: partition by what happened to (an object, a day's runs), sort by time. */
export function itemFor(result: ProcessorResult, time: string, now: number = Date.now()) {
  const pk = result.kind === 'object-created' ? `OBJECT#${result.bucket}/${result.key}` : `RUN#${time.slice(0, 10)}`;
  return {
    pk: { S: pk },
    sk: { S: `EVENT#${time}` },
    kind: { S: result.kind },
    expiresAt: { N: String(Math.floor(now / 1000) + RECORD_DAYS * 24 * 3600) },
  };
}

export async function handler(event: EventBridgeEvent): Promise<ProcessorResult> {
  let result: ProcessorResult;
  if (event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event') {
    result = { kind: 'schedule' };
  } else if (event.source === 'aws.s3' && event['detail-type'] === 'Object Created') {
    result = { kind: 'object-created', bucket: event.detail?.bucket?.name, key: event.detail?.object?.key };
  } else {
    result = { kind: 'other' };
  }
  console.log(JSON.stringify({ message: 'processed', time: event.time, ...result }));
  if (process.env.TABLE_NAME) {
    client ??= new DynamoDBClient({});
    await client.send(new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: itemFor(result, event.time) }));
  }
  return result;
}
