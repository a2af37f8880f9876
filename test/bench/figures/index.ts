import type { FigureProducer } from '../figure';
import { list1000 } from './list1000';
import { mainLoop } from './main-loop';
import { memory } from './memory';
import { ui } from './ui';

/** Every figure producer, in the order they run. See ../figure.ts for how to add one. */
export const FIGURES: FigureProducer[] = [list1000, mainLoop, memory, ui];
