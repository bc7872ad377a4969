/**
 * Behind a reverse proxy (docs/DEPLOYMENT.md): TRUST_PROXY names the proxies whose X-Forwarded-For
 * is believed, so per-address limits see the client; unset, a forwarded address is ignored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../server/config.js';
import { buildTestApp } from '../helpers/app.js';

let app: FastifyInstance | undefined;
afterEach(async () => { await app?.close(); app = undefined; });

async function ipSeen(trustProxy: ReturnType<typeof loadConfig>['trustProxy'], from: string, forwarded: string): Promise<string> {
  ({ app } = await buildTestApp({ trustProxy }));
  app.get('/__ip', async (request) => request.ip);
  return (await app.inject({ url: '/__ip', remoteAddress: from, headers: { 'x-forwarded-for': forwarded } })).body;
}

describe('TRUST_PROXY', () => {
  it('reads a hop count, addresses and ranges; refuses anything else in Swedish', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1,10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'alla' })).toThrow(/Ogiltigt värde för TRUST_PROXY/);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    expect(await ipSeen(false, '10.0.0.5', '203.0.113.7')).toBe('10.0.0.5');
    expect(await ipSeen('10.0.0.0/8', '10.0.0.5', '203.0.113.7')).toBe('203.0.113.7');
    expect(await ipSeen('10.0.0.0/8', '192.0.2.9', '203.0.113.7')).toBe('192.0.2.9');
    expect(await ipSeen(1, '10.0.0.5', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  });
});
