/**
 * Network probe of the integration test (`test/integ/integ.sandbox.ts`): opens one TCP connection to
 * `TARGET_HOST:TARGET_PORT` from wherever the function runs (its subnets, its security group) and reports whether
 * the network let it through. It sends nothing over the connection and needs no credentials: reachability is the
 * whole question.
 *
 * Outcomes: `connected` (the handshake completed), `timeout` (no answer: a security group or network ACL dropped the
 * packets), `refused` (the host answered with a reset, so the network path exists), `unresolved` (the name did not
 * resolve), `error` (anything else, with its code). Only `connected` counts as reachable; an assertion that the target
 * is unreachable should expect `timeout`, because `refused` proves the packets arrived.
 */
import { lookup as dnsLookup } from 'dns/promises';
import * as net from 'net';

/** Default wait for the handshake: in-VPC handshakes take milliseconds, so 5 s without one means dropped packets. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export type ProbeOutcome = 'connected' | 'timeout' | 'refused' | 'unresolved' | 'error';

/** What the probe returns (the Lambda response payload). */
export interface ProbeResult {
  readonly reachable: boolean;
  readonly outcome: ProbeOutcome;
  readonly host: string;
  readonly port: number;
  /** The address the host resolved to, when it resolved. */
  readonly address?: string;
  /** The error code or message for `unresolved` and `error`. */
  readonly detail?: string;
  readonly elapsedMs: number;
}

/** Seams for the unit test: name resolution and socket creation. */
export interface ProbeOptions {
  readonly timeoutMs?: number;
  readonly lookup?: (host: string) => Promise<string>;
  readonly connect?: (address: string, port: number) => net.Socket;
}

/** Opens one TCP connection to `host:port` and reports how it ended; never throws. */
export async function probe(host: string, port: number, options: ProbeOptions = {}): Promise<ProbeResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const lookup = options.lookup ?? (async (name: string) => (await dnsLookup(name)).address);
  const connect = options.connect ?? ((address: string, targetPort: number) => net.connect({ host: address, port: targetPort }));
  const result = (outcome: ProbeOutcome, extra: { address?: string; detail?: string } = {}): ProbeResult => ({
    reachable: outcome === 'connected',
    outcome,
    host,
    port,
    ...extra,
    elapsedMs: Date.now() - started,
  });

  let address: string;
  try {
    address = await lookup(host);
  } catch (error) {
    return result('unresolved', { detail: errorCode(error) });
  }
  return new Promise<ProbeResult>((resolve) => {
    const socket = connect(address, port);
    const finish = (outcome: ProbeOutcome, detail?: string) => {
      socket.destroy();
      resolve(result(outcome, detail === undefined ? { address } : { address, detail }));
    };
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => finish('connected'));
    socket.once('timeout', () => finish('timeout'));
    socket.once('error', (error) => {
      const code = errorCode(error);
      finish(code === 'ECONNREFUSED' ? 'refused' : 'error', code);
    });
  });
}

/** Lambda entry point: probes the target named by the environment and returns the result as the payload. */
export async function handler(): Promise<ProbeResult> {
  const host = process.env.TARGET_HOST;
  const port = Number(process.env.TARGET_PORT);
  if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`TARGET_HOST and TARGET_PORT must name a host and a TCP port, got '${host}' and '${process.env.TARGET_PORT}'`);
  }
  const timeout = process.env.CONNECT_TIMEOUT_MS ? Number(process.env.CONNECT_TIMEOUT_MS) : undefined;
  const outcome = await probe(host, port, { timeoutMs: timeout });
  console.log(JSON.stringify({ message: 'probed', ...outcome }));
  return outcome;
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
