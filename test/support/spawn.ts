import {
  spawn,
  spawnSync,
  type ChildProcess,
  type SpawnOptions,
  type SpawnSyncOptions,
  type SpawnSyncReturns,
} from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// How tests start npm and the tools in node_modules on every OS. On Windows npm is npm.cmd and the
// files in node_modules/.bin are shell scripts and .cmd wrappers: Node starts a .cmd only through a
// shell (since the CVE-2024-27980 fix), where arguments are re-parsed by cmd.exe. So nothing here
// goes through a shell: npm runs as `node npm-cli.js`, and a package's bin as `node <its bin file>`.

const ROOT = resolve(__dirname, '../..');

export interface Command {
  command: string;
  args: string[];
}

/** This Node with `args` (a script and its arguments, or flags such as --import tsx). */
export function nodeCommand(args: string[]): Command {
  return { command: process.execPath, args };
}

/** npm's own JS entry point for the Node running the tests, or undefined when it cannot be found. */
export function npmCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // npm sets npm_execpath for everything it runs (`npm test` → vitest → this process).
  const fromNpm = env.npm_execpath;
  if (fromNpm && /npm-cli\.c?js$/.test(fromNpm) && existsSync(fromNpm)) return fromNpm;
  const nodeDir = dirname(process.execPath);
  const candidates = [
    join(nodeDir, 'node_modules', 'npm', 'bin', 'npm-cli.js'), // Windows installer, setup-node on Windows
    join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), // POSIX prefix layout
  ];
  return candidates.find((c) => existsSync(c));
}

/** `npm …args` as a shell-free command. */
export function npmCommand(args: string[]): Command {
  const cli = npmCli();
  if (cli) return nodeCommand([cli, ...args]);
  if (process.platform === 'win32')
    throw new Error(
      `npm-cli.js not found beside ${process.execPath}; run the tests through npm (npm_execpath) or a standard Node install`,
    );
  return { command: 'npm', args };
}

/** A package's bin (from its package.json) as `node <file> …args`: no .bin shim, no shell. */
export function binCommand(pkg: string, args: string[], bin: string = pkg): Command {
  const dir = join(ROOT, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  // A string bin is named after the package (npm's rule).
  const rel =
    typeof manifest.bin === 'string'
      ? bin === pkg.split('/').pop()
        ? manifest.bin
        : undefined
      : manifest.bin?.[bin];
  if (!rel) throw new Error(`${pkg} has no bin named ${bin}`);
  return nodeCommand([join(dir, rel), ...args]);
}

export function spawnCommand(c: Command, options: SpawnOptions = {}): ChildProcess {
  return spawn(c.command, c.args, { ...options, shell: false });
}

export function spawnCommandSync(c: Command, options: SpawnSyncOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(c.command, c.args, {
    encoding: 'utf8',
    ...options,
    shell: false,
  }) as SpawnSyncReturns<string>;
}

/**
 * Options that let killTree end `child` and everything it started: on POSIX a process group of its
 * own (detached), on Windows nothing (taskkill walks the tree by parent id).
 */
export const treeOptions: SpawnOptions = process.platform === 'win32' ? {} : { detached: true };

/**
 * Ends a child started with treeOptions and all its descendants (e.g. start.mjs → npx → tsx → server).
 * POSIX: SIGKILL to the process group. Windows has no process groups: taskkill /T /F from System32.
 */
export function killTree(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  if (process.platform === 'win32') {
    const taskkill = join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'taskkill.exe');
    spawnSync(taskkill, ['/PID', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
