/**
 * One benchmark figure producer. Producers live in test/bench/figures/<name>.ts and are listed in
 * test/bench/figures/index.ts. To add one (e.g. ui.render5000_ms or memory.backend_rss_mb):
 *   1. create figures/<group>.ts exporting a FigureProducer whose run() returns
 *      { '<group>.<figure>': number, ... } — measure each figure in the same run as its baseline;
 *   2. add it to FIGURES in figures/index.ts;
 *   3. write progress to stderr only (stdout carries the one JSON object of `npm run bench -- --json`).
 * `npm run bench -- --only <group>` runs just that producer.
 */
export interface FigureProducer {
  /** Prefix of the figures it returns, e.g. "list1000". */
  group: string;
  description: string;
  /** Numbers, except a `<group>.reason` text where a figure says why it is 0. */
  run(log: (line: string) => void): Promise<Record<string, number | string>>;
}
