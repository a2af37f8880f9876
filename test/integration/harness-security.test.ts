import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rendererDir: __dirname });
});
afterAll(() => h.close());

function call(path: string, headers: Record<string, string>, body = '{}', method = 'POST') {
  return new Promise<{ status: number; body: string }>((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: h.port, path, method, headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', fail);
    req.end(method === 'POST' ? body : undefined);
  });
}

const good = () => ({
  host: `127.0.0.1:${h.port}`,
  'content-type': 'application/json',
  'x-hcnproxy-token': h.token,
});

describe('harness hardening', () => {
  it('answers a well-formed call', async () => {
    const r = await call('/api/endpoints.list', good());
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).ok).toBe(true);
  });
  it('rejects a missing or wrong token', async () => {
    expect((await call('/api/endpoints.list', { ...good(), 'x-hcnproxy-token': '' })).status).toBe(401);
    expect(
      (await call('/api/endpoints.list', { ...good(), 'x-hcnproxy-token': 'x'.repeat(h.token.length) }))
        .status,
    ).toBe(401);
  });
  it('rejects a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await call('/api/endpoints.list', { ...good(), host: `evil.example:${h.port}` })).status).toBe(
      421,
    );
    expect((await call('/api/endpoints.list', { ...good(), origin: 'http://evil.example' })).status).toBe(
      403,
    );
  });
  it('accepts only POST with JSON on the API', async () => {
    expect((await call('/api/endpoints.list', good(), '', 'GET')).status).toBe(405);
    expect((await call('/api/endpoints.list', { ...good(), 'content-type': 'text/plain' })).status).toBe(415);
  });
  it('listens on loopback only', async () => {
    expect(h.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // Bound to 127.0.0.1 itself, not to every address: another address (127.0.0.2 still reaches
    // this host on Linux, as a LAN address would) must find no listener.
    const other = await new Promise<string>((ok) => {
      const s = connect({ host: '127.0.0.2', port: h.port }, () => {
        s.destroy();
        ok('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => ok(e.code ?? 'error'));
    });
    expect(other).toBe('ECONNREFUSED');
  });
  it('refuses the real Windows backend', async () => {
    await expect(startHarness({ backend: 'windows' as never })).rejects.toThrow(
      /never drives the real Windows HNS/,
    );
  });
});

describe('the window rules over HTTP (contract windowInput, origin harness)', () => {
  it('the browser harness applies the window rules over HTTP', async () => {
    const body = JSON.stringify({ journalPath: join(tmpdir(), 'elsewhere.jsonl') });
    const answer = (await call('/api/settings.set', good(), body)).body;
    expect(JSON.parse(answer)).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        field: 'journalPath',
        message:
          'journalPath: The journal location cannot be changed from the window; set HCNPROXY_JOURNAL or edit settings.json.',
      },
    });
  });
});
