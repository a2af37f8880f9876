import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HnsError } from '../../native/hns-error';
import { SimulatedHns } from '../../native/simulated-hns';
import { demoState } from '../../native/demo-data';
import { createAppCore } from '../../electron/ipc/app-core';
import {
  configureFileLog,
  LOG_KEEP,
  LOG_MAX_BYTES,
  rotateLogFile,
  routerErrorLogger,
  withHnsErrorLogging,
} from '../../electron/main/logging';
import { quietLog } from '../support/electron-fakes';

vi.mock('electron', () => ({}));

describe('log file', () => {
  it('goes to the app log folder with a size limit and numbered rotation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-logs-'));
    const transport = {
      level: false as string | false,
      maxSize: 0,
      resolvePathFn: () => '',
      archiveLogFn: (_f: { path: string }) => {},
    };
    const file = configureFileLog(transport, dir);
    expect(file).toBe(join(dir, 'main.log'));
    expect(transport.resolvePathFn()).toBe(file);
    expect(transport.maxSize).toBe(LOG_MAX_BYTES);
    expect(transport.level).toBe('info');
    for (let i = 0; i < LOG_KEEP + 2; i++) {
      writeFileSync(file, `generation ${i}`);
      transport.archiveLogFn({ path: file });
    }
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe(`generation ${LOG_KEEP + 1}`);
    expect(readFileSync(join(dir, `main.${LOG_KEEP}.log`), 'utf8')).toBe('generation 2');
    expect(existsSync(join(dir, `main.${LOG_KEEP + 1}.log`))).toBe(false);
  });

  it('rotation of a missing file throws (electron-log then crops) but configureFileLog swallows it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcn-logs-'));
    expect(() => rotateLogFile(join(dir, 'nope.log'))).toThrow();
    const transport = {
      level: false as string | false,
      maxSize: 0,
      resolvePathFn: () => '',
      archiveLogFn: (_f: { path: string }) => {},
    };
    configureFileLog(transport, dir);
    expect(() => transport.archiveLogFn({ path: join(dir, 'nope.log') })).not.toThrow();
  });
});

describe('router errors', () => {
  it('logs every IPC rejection and every HNS error, never the payload', async () => {
    const log = quietLog();
    const core = await createAppCore({
      backend: 'simulated',
      journalPath: join(mkdtempSync(join(tmpdir(), 'hcn-j-')), 'j.jsonl'),
      onError: routerErrorLogger(log),
    });
    await core.route('endpoints.nuke', {});
    await core.route('policies.add', { endpointId: 'not-a-guid', policy: { secret: 'A'.repeat(10_000) } });
    expect(log.warn).toHaveBeenCalledTimes(2);
    expect(String(log.warn.mock.calls[0]?.[0])).toMatch(/IPC rejected endpoints\.nuke: unknown-channel/);
    expect(String(log.warn.mock.calls[1]?.[0])).toMatch(/IPC rejected policies\.add: validation/);
    expect(String(log.warn.mock.calls[1]?.[0])).not.toContain('AAAA');

    routerErrorLogger(log)('endpoints.get', {
      code: 'hns',
      message: 'Open failed',
      hresultName: 'HCN_E_ENDPOINT_NOT_FOUND',
    });
    expect(String(log.error.mock.calls[0]?.[0])).toMatch(
      /HNS error on endpoints\.get: HCN_E_ENDPOINT_NOT_FOUND/,
    );
  });
});

describe('withHnsErrorLogging', () => {
  it('logs each failing HNS call where it fails and rethrows the same error', async () => {
    const log = quietLog();
    const inner = new SimulatedHns(demoState(), 'sim');
    const err = new HnsError('HcnOpenEndpoint', 0x803b0008);
    vi.spyOn(inner, 'getEndpoint').mockRejectedValue(err);
    const hns = withHnsErrorLogging(inner, log);
    await expect(hns.getEndpoint('abc')).rejects.toBe(err);
    expect(String(log.error.mock.calls[0]?.[0])).toMatch(
      /^HNS getEndpoint abc failed: HcnOpenEndpoint failed/,
    );
    expect((await hns.listEndpoints()).length).toBeGreaterThan(0);
    expect(hns.kind).toBe('simulated');
    expect(hns.description).toBe('sim');
  });
});
