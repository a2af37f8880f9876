import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/chromium';

// Issue 2 item 8: without a Chromium the browser tests fail and say how to get one; never a skip.
describe('finding Chromium for the browser tests', () => {
  it('uses CHROMIUM_PATH when it names a file', () => {
    expect(chromiumPath({ CHROMIUM_PATH: process.execPath }, [])).toBe(process.execPath);
  });

  it('falls back to the usual install locations', () => {
    expect(chromiumPath({}, ['/nonexistent/chromium', process.execPath])).toBe(process.execPath);
  });

  it('fails with the way to get one when there is none', () => {
    expect(() => chromiumPath({ CHROMIUM_PATH: '/nonexistent/chrome' }, ['/nonexistent/chromium'])).toThrow(
      'No Chromium found for the browser tests. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium/Chrome executable.',
    );
  });
});
