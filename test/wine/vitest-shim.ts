// Stands in for `vitest` when a test file is bundled for win32 node.exe under Wine (vitest itself
// spawns workers over pipes, which Wine's node.exe cannot write to). The test's own cases run
// unchanged: describe/it/hooks are collected here and run in order by runCollected(); `expect` is
// vitest's own (@vitest/expect on chai), so every matcher means what it means under vitest.
import * as chai from 'chai';
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, setState } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type ExpectFn = (value: unknown, message?: string) => Chai.Assertion;
export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as ExpectFn &
  Record<string, unknown>;
Object.assign(expect, chai.expect);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    testPath: 'wine',
  },
  expect as never,
);

type Fn = () => unknown;
interface Test {
  name: string;
  fn: Fn;
  skip: boolean;
}
interface Suite {
  name: string;
  skip: boolean;
  tests: Test[];
  suites: Suite[];
  beforeAll: Fn[];
  afterAll: Fn[];
  beforeEach: Fn[];
  afterEach: Fn[];
}

const newSuite = (name: string, skip: boolean): Suite => ({
  name,
  skip,
  tests: [],
  suites: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});
const root = newSuite('', false);
let current = root;

function collect(name: string, body: Fn, skip: boolean): void {
  const suite = newSuite(name, skip);
  current.suites.push(suite);
  const parent = current;
  current = suite;
  try {
    body();
  } finally {
    current = parent;
  }
}

export const describe = Object.assign((name: string, body: Fn) => collect(name, body, false), {
  skipIf: (cond: boolean) => (name: string, body: Fn) => collect(name, body, cond),
  skip: (name: string, body: Fn) => collect(name, body, true),
});

/** vitest's printf-style names, the subset test files here use: %s, %i, %d, %j. */
const nameFor = (name: string, row: unknown[]) => {
  let i = 0;
  return name.replace(/%[sidj]/g, (m) => {
    const v = row[i++];
    return m === '%j' ? JSON.stringify(v) : String(v);
  });
};

export const it = Object.assign(
  (name: string, fn: Fn) => void current.tests.push({ name, fn, skip: false }),
  {
    each:
      <T>(table: readonly T[]) =>
      (name: string, fn: (...args: never[]) => unknown) => {
        for (const row of table) {
          const args = (Array.isArray(row) ? row : [row]) as never[];
          current.tests.push({ name: nameFor(name, args), fn: () => fn(...args), skip: false });
        }
      },
    skipIf: (cond: boolean) => (name: string, fn: Fn) => void current.tests.push({ name, fn, skip: cond }),
    skip: (name: string, fn: Fn) => void current.tests.push({ name, fn, skip: true }),
  },
);
export const test = it;
export const beforeAll = (fn: Fn) => void current.beforeAll.push(fn);
export const afterAll = (fn: Fn) => void current.afterAll.push(fn);
export const beforeEach = (fn: Fn) => void current.beforeEach.push(fn);
export const afterEach = (fn: Fn) => void current.afterEach.push(fn);

export interface CaseResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

const message = (e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));

/** Runs everything collected so far, sequentially, hooks in vitest's order, and forgets it. */
export async function runCollected(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  async function run(suite: Suite, path: string[], each: { before: Fn[]; after: Fn[] }): Promise<void> {
    const names = suite.name ? [...path, suite.name] : path;
    const before = [...each.before, ...suite.beforeEach];
    const after = [...suite.afterEach, ...each.after];
    const all = (s: Suite): Test[] => [...s.tests, ...s.suites.flatMap(all)];
    if (suite.skip) {
      for (const t of all(suite))
        results.push({ name: [...names, t.name].join(' > '), status: 'skipped', ms: 0 });
      return;
    }
    let setupError: unknown;
    for (const h of suite.beforeAll) {
      try {
        await h();
      } catch (e) {
        setupError = e;
        break;
      }
    }
    for (const t of suite.tests) {
      const name = [...names, t.name].join(' > ');
      if (t.skip) {
        results.push({ name, status: 'skipped', ms: 0 });
        continue;
      }
      const t0 = Date.now();
      let error: unknown = setupError;
      if (!error) {
        try {
          for (const h of before) await h();
          await t.fn();
        } catch (e) {
          error = e;
        }
        for (const h of after) {
          try {
            await h();
          } catch (e) {
            error ??= e;
          }
        }
      }
      results.push({
        name,
        status: error ? 'failed' : 'passed',
        ms: Date.now() - t0,
        ...(error ? { error: message(error) } : {}),
      });
    }
    for (const s of suite.suites) await run(s, names, { before, after });
    for (const h of suite.afterAll) {
      try {
        await h();
      } catch (e) {
        results.push({
          name: [...names, '(afterAll)'].join(' > '),
          status: 'failed',
          ms: 0,
          error: message(e),
        });
      }
    }
  }
  await run(root, [], { before: [], after: [] });
  // Collected cases run once: the next file imported starts from an empty root.
  for (const list of [
    root.tests,
    root.suites,
    root.beforeAll,
    root.afterAll,
    root.beforeEach,
    root.afterEach,
  ])
    list.length = 0;
  return results;
}
