import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackend, defaultBackend, knownBackends, type BackendOptions } from '../../native/backend';
import type { HnsClient } from '../../native/hns-client';

// The shipped backends are windows and simulated; anything else exists only when the entry point
// registers it (source checkouts register the fake: test/support/dev-backends.ts).

const FAKE_REFUSAL =
  'Unknown backend "fake": this build knows windows and simulated. The fake backend (koffi + the test C ' +
  'library) is test code and exists only in a source checkout: ' +
  '`npm run cli -- --backend fake …` or `npm run web -- --backend fake`.';

afterEach(() => vi.unstubAllEnvs());

describe('createBackend without a registry (the packaged app, the bin)', () => {
  it('refuses --backend fake, saying where it exists', async () => {
    await expect(createBackend({ backend: 'fake' })).rejects.toThrow(FAKE_REFUSAL);
  });

  it('refuses HCNPROXY_BACKEND=fake instead of ignoring it', async () => {
    vi.stubEnv('HCNPROXY_BACKEND', 'fake');
    expect(() => defaultBackend()).toThrow(`HCNPROXY_BACKEND: ${FAKE_REFUSAL}`);
    await expect(createBackend({})).rejects.toThrow(`HCNPROXY_BACKEND: ${FAKE_REFUSAL}`);
  });

  it('refuses other names plainly, and inherited object keys are not backends', async () => {
    await expect(createBackend({ backend: 'bsd' })).rejects.toThrow(
      /^Unknown backend "bsd": this build knows windows and simulated\.$/,
    );
    await expect(createBackend({ backend: 'toString', extraBackends: {} })).rejects.toThrow(
      'Unknown backend "toString"',
    );
  });

  it('still builds the simulator, from HCNPROXY_BACKEND too', async () => {
    vi.stubEnv('HCNPROXY_BACKEND', 'simulated');
    expect((await createBackend()).kind).toBe('simulated');
  });
});

describe('createBackend with an extra-backend registry (source checkouts)', () => {
  it('hands the options to the registered factory and lists it as known', async () => {
    const made = { kind: 'fake' } as unknown as HnsClient;
    const seen: BackendOptions[] = [];
    const extraBackends = {
      fake: async (o: BackendOptions) => {
        seen.push(o);
        return made;
      },
    };
    expect(knownBackends(extraBackends)).toEqual(['windows', 'simulated', 'fake']);
    const options = { backend: 'fake', stateFile: 'x.json', persist: true, extraBackends };
    expect(await createBackend(options)).toBe(made);
    expect(seen).toEqual([options]);
    vi.stubEnv('HCNPROXY_BACKEND', 'fake');
    expect(defaultBackend(extraBackends)).toBe('fake');
  });

  it('a registry cannot replace a built-in backend', async () => {
    const sim = await createBackend({
      backend: 'simulated',
      extraBackends: { simulated: async () => Promise.reject(new Error('not me')) },
    });
    expect(sim.kind).toBe('simulated');
  });
});
