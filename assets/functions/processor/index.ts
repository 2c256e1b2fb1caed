/**
 * Sample handler of the Functions construct: runs on a schedule (EventBridge cron) and on S3 object-created
 * events (S3 → EventBridge). It logs one structured line per event, so the flow is visible in CloudWatch Logs.
 * No dependencies: esbuild bundles this file alone.
 */

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
  return result;
}
