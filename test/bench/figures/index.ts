import type { FigureProducer } from '../figure';
import { agent } from './agent';
import { cliStart } from './cli-start';
import { cliList1000 } from './cli-list1000';
import { fleetList } from './fleet-list';
import { fleetUi } from './fleet-ui';
import { list1000 } from './list1000';
import { mainLoop } from './main-loop';
import { memory } from './memory';
import { ui } from './ui';
import { watch } from './watch';
import { wineList1000 } from './wine-list1000';

/** Every figure producer, in the order they run. See ../figure.ts for how to add one. */
// fleetUi after ui: it serves the renderer ui just built.
export const FIGURES: FigureProducer[] = [
  list1000,
  cliStart,
  agent,
  cliList1000,
  wineList1000,
  mainLoop,
  memory,
  ui,
  fleetList,
  fleetUi,
  watch,
];
