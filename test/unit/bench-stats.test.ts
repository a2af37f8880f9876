import { describe, expect, it } from 'vitest';
import { MIN_RUNS, spread, spreadKeys, timing, unspreadTimings } from '../bench/stats';

describe('bench timing figures', () => {
  it('reports the median with min and max beside it, whatever order the runs came in', () => {
    expect(timing('list1000.app_ms', [30, 10, 50, 20, 40])).toEqual({
      'list1000.app_ms': 30,
      'list1000.app_min_ms': 10,
      'list1000.app_max_ms': 50,
    });
    expect(spread([4, 1, 3, 2, 6, 5]).median).toBe(3.5);
  });

  it('refuses fewer than five runs and runs that measured nothing', () => {
    expect(MIN_RUNS).toBe(5);
    expect(() => timing('a_ms', [1, 2, 3, 4])).toThrow('at least 5 runs, got 4');
    expect(() => spread([1, 2, 3, 4, Number.NaN])).toThrow('measured no number');
  });

  it('names min and max before the unit, or after a name without one', () => {
    expect(spreadKeys('fleet.list1000x100_ms')).toEqual({
      min: 'fleet.list1000x100_min_ms',
      max: 'fleet.list1000x100_max_ms',
    });
    expect(spreadKeys('list1000.overhead_us_per_endpoint')).toEqual({
      min: 'list1000.overhead_us_per_endpoint_min',
      max: 'list1000.overhead_us_per_endpoint_max',
    });
  });

  it('finds timing figures reported without their spread', () => {
    const figures = {
      ...timing('ui.render5000_ms', [1, 2, 3, 4, 5]),
      'cli.cold_start_ms': 120,
      'cli.cold_start_ratio': 2.1,
      'agent.rss_mb': 40,
      'list1000.overhead_us_per_endpoint': 45,
      'list1000.overhead_us_per_endpoint_min': 40,
    };
    expect(unspreadTimings(figures).sort()).toEqual([
      'cli.cold_start_ms',
      'list1000.overhead_us_per_endpoint',
    ]);
  });
});
