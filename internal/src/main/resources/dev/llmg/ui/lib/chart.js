// Line charts over time, drawn by the vendored uPlot (vendor/uplot, MIT). A chart is made once per page and
// fed new points on each refresh; it follows its container's width, so it reads on a narrow screen too.

import uPlot from '../vendor/uplot/uPlot.esm.js';
import { h } from './dom.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/**
 * Returns a chart {element, update(xs, series), destroy()}: xs are seconds since the epoch, series are
 * [{label, values}] with one value (or null, for a gap) per x. The element carries data-points (how many x)
 * and data-series (how many lines), which tests and scripts read.
 */
export function lineChart({ id, title, format = (value) => String(value), height = 200 }) {
  const plotArea = h('div', { class: 'chart-plot' });
  const element = h('figure', { class: 'chart', dataset: { chart: id, points: '0', series: '0' } },
    h('figcaption', null, title), plotArea);
  let plot = null;
  let labels = [];

  const width = () => Math.max(240, plotArea.clientWidth || element.clientWidth || 600);
  const resize = new ResizeObserver(() => {
    if (plot) plot.setSize({ width: width(), height });
  });
  resize.observe(element);

  function build(series) {
    if (plot) plot.destroy();
    labels = series.map((line) => line.label);
    const options = {
      width: width(),
      height,
      series: [{}, ...series.map((line, index) => ({
        label: line.label,
        stroke: COLORS[index % COLORS.length],
        width: 1.5,
        spanGaps: false,
        // Points always show: a minute with calls between two without is a lone point, which a line alone hides.
        points: { show: true, size: 4 },
        value: (chart, value) => (value === null || value === undefined ? '–' : format(value)),
      }))],
      axes: [{}, { size: 70, values: (chart, values) => values.map((value) => format(value)) }],
      scales: { x: { time: true } },
      cursor: { drag: { x: false, y: false } },
    };
    plot = new uPlot(options, [[], ...series.map(() => [])], plotArea);
  }

  return {
    element,
    update(xs, series) {
      const lines = series.length > 0 ? series : [{ label: title, values: xs.map(() => null) }];
      if (!plot || lines.length !== labels.length || lines.some((line, index) => line.label !== labels[index])) {
        build(lines);
      }
      plot.setData([xs, ...lines.map((line) => line.values)]);
      element.chartData = { xs, series: lines }; // what is drawn, for scripts and tests to read
      element.dataset.points = String(xs.length);
      element.dataset.series = String(lines.length);
    },
    destroy() {
      resize.disconnect();
      if (plot) plot.destroy();
    },
  };
}
