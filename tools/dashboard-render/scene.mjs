import { theme } from './theme.mjs';

/**
 * One ECharts option holding the whole dashboard: every chart is its own grid with its own axes, every
 * title, legend, stat value and table cell a graphic element, so one SVG carries the dashboard.
 */
export class Scene {
  constructor(width, height) {
    this.width = width;
    this.height = height;
    this.grid = [];
    this.xAxis = [];
    this.yAxis = [];
    this.series = [];
    this.graphic = [];
  }

  rect(x, y, width, height, fill, stroke, z = 0, radius = 2) {
    this.graphic.push({ type: 'rect', z, shape: { x, y, width, height, r: radius }, style: { fill, stroke, lineWidth: stroke ? 1 : 0 } });
  }

  line(x1, y1, x2, y2, stroke, lineWidth = 1, lineDash = null, z = 2) {
    this.graphic.push({ type: 'line', z, shape: { x1, y1, x2, y2 }, style: { stroke, lineWidth, lineDash } });
  }

  text(x, y, text, { size = 12, fill = theme.text, weight = 'normal', align = 'left', baseline = 'top', z = 3, width } = {}) {
    const style = { x, y, text, fill, fontSize: size, fontWeight: weight, fontFamily: theme.font, align, verticalAlign: baseline };
    if (width) {
      style.width = width;
      style.overflow = 'truncate';
      style.ellipsis = '…';
    }
    this.graphic.push({ type: 'text', z, style });
  }

  /** Adds a chart area; returns the index of its grid and axes. */
  chart(grid, xAxis, yAxis) {
    this.grid.push(grid);
    this.xAxis.push({ ...xAxis, gridIndex: this.grid.length - 1 });
    this.yAxis.push({ ...yAxis, gridIndex: this.grid.length - 1 });
    return this.grid.length - 1;
  }

  option() {
    return {
      backgroundColor: theme.canvas,
      animation: false,
      textStyle: { fontFamily: theme.font, color: theme.text },
      grid: this.grid,
      xAxis: this.xAxis,
      yAxis: this.yAxis,
      series: this.series,
      graphic: { elements: this.graphic },
    };
  }
}
