import { parseArgs } from 'node:util';
import { startHarness } from './server';

// `npm run web -- [--port N] [--state FILE] [--backend simulated|fake] [--fleet N [--fleet-down sim-K]…] [--churn PER_MINUTE]`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5199' },
    state: { type: 'string' },
    backend: { type: 'string', default: 'simulated' },
    generate: { type: 'string' },
    'data-dir': { type: 'string' },
    'renderer-dir': { type: 'string' },
    'not-elevated': { type: 'boolean', default: false },
    fleet: { type: 'string' },
    'fleet-down': { type: 'string', multiple: true },
    churn: { type: 'string' },
  },
});
if (values.backend !== 'simulated' && values.backend !== 'fake') {
  console.error('The harness runs on the simulated or fake backend only, never the real Windows HNS.');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0–65535, got "${values.port}".`);
  process.exit(2);
}
const generate = values.generate === undefined ? undefined : Number(values.generate);
if (generate !== undefined && (!Number.isInteger(generate) || generate < 0 || generate > 100_000)) {
  console.error(`--generate must be 0–100000, got "${values.generate}".`);
  process.exit(2);
}
const fleet = values.fleet === undefined ? undefined : Number(values.fleet);
if (fleet !== undefined && (!Number.isInteger(fleet) || fleet < 0 || fleet > 1000)) {
  console.error(`--fleet must be 0–1000, got "${values.fleet}".`);
  process.exit(2);
}
const churn = values.churn === undefined ? undefined : Number(values.churn);
if (churn !== undefined && (!Number.isFinite(churn) || churn <= 0 || churn > 600)) {
  console.error(
    `--churn must be pod changes per minute, more than 0 and at most 600, got "${values.churn}".`,
  );
  process.exit(2);
}
startHarness({
  ...(churn !== undefined ? { churnPerMinute: churn } : {}),
  ...(fleet !== undefined ? { fleet } : {}),
  ...(values['fleet-down'] ? { fleetUnreachable: values['fleet-down'] } : {}),
  port,
  stateFile: values.state,
  backend: values.backend,
  generate,
  elevated: !values['not-elevated'],
  dataDir: values['data-dir'],
  rendererDir: values['renderer-dir'],
})
  .then((h) => {
    console.log(`HCN Proxy Control harness (${h.core.ctx.hns.description}) on ${h.openUrl}`);
    const stop = () => void h.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
