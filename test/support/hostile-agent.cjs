// A hostile or broken node's agent, for the client's defences (run as --remote-agent through sshd):
//   silent            says hello, then never answers
//   big MB            says hello, then answers the first request with one MB-megabyte line of [{},{},…]
//   fake-done DIR     first run: says hello and drops the connection when a change arrives; next run:
//                     answers agent.requestStatus with a "done" result that breaks the contract
// Plain Node, no dependencies: the child sshd starts it with nothing but its command line.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script sshd runs */
const { existsSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [mode, arg] = process.argv.slice(2);
const hello = {
  hello: {
    protocol: 1,
    app: { name: 'hcnproxyctl', version: 'hostile' },
    hostname: 'hostile-node',
    os: { platform: 'win32', release: '10.0.20348', arch: 'x64' },
    hns: { ok: false, error: { code: 'hns-unavailable', message: 'not here' } },
    elevated: true,
    limits: { maxRequestLineBytes: 1048576, maxInFlight: 16 },
    pid: process.pid,
  },
};
process.stdout.write(JSON.stringify(hello) + '\n');

let buffered = '';
process.stdin.on('data', (d) => {
  buffered += d.toString('utf8');
  let nl;
  while ((nl = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    onRequest(JSON.parse(line));
  }
});
process.stdin.on('end', () => process.exit(0));

function answer(id, result) {
  process.stdout.write(JSON.stringify({ id, result }) + '\n');
}

function onRequest(req) {
  if (req.channel === 'agent.identify') return answer(req.id, { ok: true, value: {} });
  if (mode === 'silent') return;
  if (mode === 'big') {
    const mb = Number(arg);
    const head = `{"id":${JSON.stringify(req.id)},"result":{"ok":true,"value":[`;
    const chunk = '{},'.repeat((1024 * 1024) / 3);
    process.stdout.write(head);
    let left = mb;
    const more = () => {
      while (left > 0) {
        left--;
        if (!process.stdout.write(chunk)) return void process.stdout.once('drain', more);
      }
      process.stdout.write('{}]}}\n');
    };
    more();
    return;
  }
  if (mode === 'fake-done') {
    const marker = join(arg, 'dropped-once');
    if (req.channel === 'agent.requestStatus') {
      answer(req.id, {
        ok: true,
        value: {
          statuses: req.input.ids.map((id) => ({
            id,
            state: 'done',
            result: { ok: true, value: { warnings: 5, forged: 'FORGED: change applied' } },
          })),
        },
      });
      return;
    }
    if (!existsSync(marker)) {
      writeFileSync(marker, 'x');
      process.exit(0);
    }
    answer(req.id, { ok: false, error: { code: 'internal', message: 'unexpected' } });
  }
}
