/** A benchmark figure: the app's values and the same-run baseline's, one per round. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly app: number[];
  readonly baseline: number[];
  /** True when a larger value is better (a rate); false for durations and sizes. */
  readonly higherIsBetter: boolean;
  /** The issue's budget for the ratio (or, with `on: 'app'`, for the app's own value). */
  readonly budget?: { readonly limit: number; readonly on?: 'ratio' | 'app' };
  /** For floods: the publisher's own rate in each round, in msg/s (app's and baseline's). */
  readonly publisher?: number[];
}

export interface FigureRow {
  readonly name: string;
  readonly unit: string;
  readonly app: number;
  readonly baseline: number;
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
  readonly higherIsBetter: boolean;
  readonly budget?: string;
  readonly budgetMet?: boolean;
  /** The publisher's median rate, in msg/s, where the figure is a flood. */
  readonly publisher?: number;
}

export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(figure: Figure): FigureRow {
  const ratios = figure.app.map((value, i) => value / figure.baseline[i]!);
  const row = {
    name: figure.name,
    unit: figure.unit,
    app: median(figure.app),
    baseline: median(figure.baseline),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
    higherIsBetter: figure.higherIsBetter,
    ...(figure.publisher === undefined ? {} : { publisher: median(figure.publisher) }),
  };
  if (!figure.budget) return row;
  const { limit, on = 'ratio' } = figure.budget;
  const measured = on === 'ratio' ? row.ratio : row.app;
  const budgetMet = figure.higherIsBetter ? measured >= limit : measured <= limit;
  const budget = `${figure.higherIsBetter ? '≥' : '≤'} ${limit}${on === 'app' ? ` ${figure.unit}` : ''}`;
  return { ...row, budget, budgetMet };
}
