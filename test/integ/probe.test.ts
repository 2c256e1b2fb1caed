import * as net from 'net';
import { handler, probe } from '../../assets/integ-probe';

// The probe behind the integration test's reachability assertions: only a completed handshake is "reachable", and
// dropped packets (timeout) are told apart from a refusal (the packets arrived) and from a name that did not resolve.
describe('integration probe', () => {
  let server: net.Server;
  let openPort: number;
  beforeAll(async () => {
    server = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    openPort = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const localhost = () => Promise.resolve('127.0.0.1');

  test('a completed handshake is reachable', async () => {
    const result = await probe('db.internal', openPort, { lookup: localhost });
    expect(result).toEqual(expect.objectContaining({ reachable: true, outcome: 'connected', host: 'db.internal', port: openPort, address: '127.0.0.1' }));
  });

  test('a refused connection is not reachable, and says the packets arrived', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const result = await probe('db.internal', closedPort, { lookup: localhost });
    expect(result).toEqual(expect.objectContaining({ reachable: false, outcome: 'refused', detail: 'ECONNREFUSED' }));
  });

  test('no answer within the timeout is not reachable: the packets were dropped', async () => {
    // A socket that never connects stands in for a SYN that a security group or network ACL drops.
    const result = await probe('db.internal', 5432, { lookup: localhost, connect: () => new net.Socket(), timeoutMs: 50 });
    expect(result).toEqual(expect.objectContaining({ reachable: false, outcome: 'timeout', address: '127.0.0.1' }));
    expect(result.elapsedMs).toBeGreaterThanOrEqual(40);
  });

  test('a name that does not resolve is not reachable, and is not mistaken for dropped packets', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND db.internal'), { code: 'ENOTFOUND' });
    const result = await probe('db.internal', 5432, { lookup: () => Promise.reject(notFound) });
    expect(result).toEqual(expect.objectContaining({ reachable: false, outcome: 'unresolved', detail: 'ENOTFOUND' }));
    expect(result.address).toBeUndefined();
  });

  test('the handler probes the target its environment names', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { TARGET_HOST: '127.0.0.1', TARGET_PORT: String(openPort) });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await expect(handler()).resolves.toEqual(expect.objectContaining({ reachable: true, outcome: 'connected', port: openPort }));
    } finally {
      log.mockRestore();
      process.env = saved;
    }
  });

  test('fails when the environment names no valid target', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { TARGET_HOST: 'db.internal', TARGET_PORT: 'postgres' });
    try {
      await expect(handler()).rejects.toThrow("TARGET_HOST and TARGET_PORT must name a host and a TCP port, got 'db.internal' and 'postgres'");
    } finally {
      process.env = saved;
    }
  });
});
