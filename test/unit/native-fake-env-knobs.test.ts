import { describe, expect, it } from 'vitest';
import { knobsFromEnv } from '../support/fake-controls';

// The fake backend honours the HCNFAKE_* variables when chosen through the CLI (issue 12 item 4):
// createFakeHns configures the library from them instead of resetting every knob to off. The CLI
// run itself is measured in entrypoint-threadpool.test.ts (the knob in force is in the fake's report).

describe('knobsFromEnv', () => {
  it('reads every HCNFAKE_* knob the C library reads at load', () => {
    expect(
      knobsFromEnv({
        HCNFAKE_LATENCY_US: '2000',
        HCNFAKE_FAIL_NTH: '3',
        HCNFAKE_FAIL_HR: '0x800706BA',
        HCNFAKE_FAIL_FN: 'HcnOpenEndpoint',
        HCNFAKE_FAIL_ID: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
      }),
    ).toEqual({
      latencyUs: 2000,
      failNth: 3,
      failHr: 0x800706ba,
      failFn: 'HcnOpenEndpoint',
      failId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
    });
  });

  it('treats unset and empty as off', () => {
    expect(knobsFromEnv({})).toEqual({});
    expect(knobsFromEnv({ HCNFAKE_LATENCY_US: ' ', HCNFAKE_FAIL_FN: '' })).toEqual({});
  });

  it('refuses a number it cannot read, naming the variable', () => {
    expect(() => knobsFromEnv({ HCNFAKE_LATENCY_US: '2ms' })).toThrow(
      'HCNFAKE_LATENCY_US must be a non-negative integer (decimal or 0x hex), got "2ms".',
    );
    expect(() => knobsFromEnv({ HCNFAKE_FAIL_NTH: '-1' })).toThrow(
      'HCNFAKE_FAIL_NTH must be a non-negative integer (decimal or 0x hex), got "-1".',
    );
  });
});
