// The CLI entry with every simulated HNS call slowed down by the first argument (milliseconds):
// `node --import tsx test/support/slow-agent.ts 300 serve --stdio …`. Tests of dropped connections
// need a change still in flight when the connection goes; the shipped CLI has no such knob.
import { SimulatedHns } from '../../native/simulated-hns';
import { runCli, processIo } from '../../electron/cli/run';

const [ms, ...argv] = process.argv.slice(2);
const latencyMs = Number(ms);
if (!Number.isInteger(latencyMs) || latencyMs < 0) {
  process.stderr.write(`slow-agent: the first argument is the latency in ms, got "${ms}"\n`);
  process.exit(2);
}
void runCli(argv, processIo, {
  core: {
    wrapHns: (hns) => {
      if (hns instanceof SimulatedHns) hns.setFaults({ ...hns.faults, latencyMs });
      return hns;
    },
  },
}).then((code) => {
  process.exitCode = code;
});
