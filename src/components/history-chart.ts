/**
 * The history chart: uPlot drawing a NumberSeries thinned to the pixels shown (decimate), with
 * its time window moved by the wheel and a drag with a mouse, and by a drag and a pinch on
 * touch. Owns its uPlot instance; the component says what to show and hears of window changes.
 */
// First: uPlot reads navigator.language as it loads.
import './usable-language.js';
import uPlot from 'uplot';
import { decimate, type NumberSeries } from '../history/series.js';

export interface ChartLook {
  readonly text: string;
  readonly grid: string;
  readonly lines: readonly string[];
}

export interface ChartOptions {
  readonly unit: string;
  readonly height: number;
  readonly look: ChartLook;
  /** The user moved or zoomed the window (seconds since the epoch). */
  readonly windowMoved: (from: number, to: number) => void;
}

/** The narrowest window a zoom reaches: ten seconds. */
const MIN_SPAN = 10;

export class HistoryChart {
  private plot: uPlot | null = null;
  private series: NumberSeries | null = null;
  private from = 0;
  private to = 1;
  private width = 300;
  private frame = 0;
  private readonly pointers = new Map<number, number>();
  private gesture: { from: number; to: number; x: number; spread: number } | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: ChartOptions,
  ) {}

  /** Shows `series` between `from` and `to` (seconds); the same lines are redrawn, new ones rebuild. */
  show(series: NumberSeries, from: number, to: number): void {
    const rebuild = this.plot === null || this.series === null || this.series.lines.map((l) => l.label).join() !== series.lines.map((l) => l.label).join();
    this.series = series;
    this.from = from;
    this.to = Math.max(to, from + MIN_SPAN);
    if (rebuild) this.build();
    else this.redraw();
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1) return;
    this.width = width;
    this.plot?.setSize({ width, height: this.options.height });
    this.redraw();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.plot?.destroy();
    this.plot = null;
  }

  private data(): uPlot.AlignedData {
    const thin = decimate(this.series!, this.from, this.to, this.width);
    return [thin.times, ...thin.lines.map((line) => line.values)] as unknown as uPlot.AlignedData;
  }

  private build(): void {
    this.plot?.destroy();
    const { look, unit, height } = this.options;
    const axis = { stroke: look.text, grid: { stroke: look.grid, width: 1 }, ticks: { stroke: look.grid, width: 1 } };
    this.plot = new uPlot(
      {
        width: this.width,
        height,
        scales: { x: { time: true, auto: false } },
        series: [
          {},
          ...this.series!.lines.map((line, i) => ({
            label: line.label || 'value',
            stroke: look.lines[i % look.lines.length],
            width: 2,
            spanGaps: true,
            points: { show: false },
          })),
        ],
        axes: [axis, { ...axis, size: 64, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => (unit === '' ? `${t}` : `${t} ${unit}`)) }],
        cursor: { drag: { x: false, y: false }, points: { show: false } },
        legend: { show: false },
        // For the benchmark's figure: the chart is on screen from here (once per chart).
        hooks: { ready: [() => performance.mark('hello-mqtt:history-chart-drawn')] },
      },
      this.data(),
      this.host,
    );
    this.plot.setScale('x', { min: this.from, max: this.to });
    this.listen(this.plot.over);
  }

  private redraw(): void {
    if (this.plot === null || this.series === null) return;
    cancelAnimationFrame(this.frame);
    // At most once a frame: a stream of thousands of messages a second redraws 60 times.
    this.frame = requestAnimationFrame(() => {
      if (this.plot === null) return;
      this.plot.batch(() => {
        this.plot!.setData(this.data(), false);
        this.plot!.setScale('x', { min: this.from, max: this.to });
      });
    });
  }

  private moveTo(from: number, to: number): void {
    if (to - from < MIN_SPAN) {
      const middle = (from + to) / 2;
      from = middle - MIN_SPAN / 2;
      to = middle + MIN_SPAN / 2;
    }
    this.from = from;
    this.to = to;
    this.redraw();
    this.options.windowMoved(from, to);
  }

  /** The time (seconds) at a pixel of the plot. */
  private timeAt(x: number, from = this.from, to = this.to): number {
    return from + (x / Math.max(1, this.plot?.over.clientWidth ?? this.width)) * (to - from);
  }

  private listen(over: HTMLElement): void {
    over.style.touchAction = 'none';
    over.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        const at = this.timeAt(event.offsetX);
        const factor = Math.exp(Math.sign(event.deltaY) * Math.min(Math.abs(event.deltaY), 200) * 0.002);
        this.moveTo(at - (at - this.from) * factor, at + (this.to - at) * factor);
      },
      { passive: false },
    );
    over.addEventListener('pointerdown', (event) => {
      over.setPointerCapture(event.pointerId);
      this.pointers.set(event.pointerId, event.offsetX);
      this.startGesture();
    });
    over.addEventListener('pointermove', (event) => {
      if (!this.pointers.has(event.pointerId) || this.gesture === null) return;
      this.pointers.set(event.pointerId, event.offsetX);
      const { from, to, x, spread } = this.gesture;
      const xs = [...this.pointers.values()];
      const centre = xs.reduce((a, b) => a + b, 0) / xs.length;
      const width = Math.max(1, over.clientWidth);
      // Two fingers: the span scales with their spread, around the point between them.
      const scale = xs.length >= 2 && spread > 0 ? spread / Math.max(1, Math.abs(xs[0]! - xs[1]!)) : 1;
      const span = (to - from) * scale;
      const anchor = this.timeAt(x, from, to);
      const start = anchor - (centre / width) * span;
      this.moveTo(start, start + span);
    });
    const end = (event: PointerEvent) => {
      this.pointers.delete(event.pointerId);
      this.startGesture();
    };
    over.addEventListener('pointerup', end);
    over.addEventListener('pointercancel', end);
  }

  /** A finger came or went: the gesture starts again from where the window is. */
  private startGesture(): void {
    const xs = [...this.pointers.values()];
    this.gesture =
      xs.length === 0
        ? null
        : { from: this.from, to: this.to, x: xs.reduce((a, b) => a + b, 0) / xs.length, spread: xs.length >= 2 ? Math.abs(xs[0]! - xs[1]!) : 0 };
  }
}
