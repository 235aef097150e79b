import { format } from './units.mjs';
import { styleFor } from './series-style.mjs';
import { theme } from './theme.mjs';

const LEGEND_LINE = 15;
const AXIS_LABEL_WIDTH = 64;

function lastNotNull(points) {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null) return points[i][1];
  return null;
}

function maximum(points) {
  const values = points.map(p => p[1]).filter(v => v !== null);
  return values.length === 0 ? null : Math.max(...values);
}

// Legend rows in the order the panel's legend shows them: query order, or sorted by a calculation.
function legendRows(panel, lines) {
  const rows = lines.map(l => ({ ...l, last: lastNotNull(l.points), max: maximum(l.points) }));
  const legend = panel.options?.legend ?? {};
  const key = legend.sortBy === 'Last *' || legend.sortBy === 'Last' ? 'last' : legend.sortBy === 'Max' ? 'max' : null;
  if (key) {
    const sign = legend.sortDesc ? -1 : 1;
    rows.sort((a, b) => sign * ((a[key] ?? -Infinity) - (b[key] ?? -Infinity)));
  }
  return rows;
}

// Grafana's axis bounds: a hard min/max wins; a soft bound only widens the range the data needs.
function bound(hard, soft, pick) {
  if (hard !== undefined && hard !== null) return hard;
  if (soft === undefined || soft === null) return undefined;
  return value => pick(soft, value[pick === Math.min ? 'min' : 'max']);
}

export function drawTimeseries(scene, panel, box, data, range, annotations) {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const unit = defaults.unit ?? 'short';
  const lines = [];
  panel.targets.forEach(target => {
    for (const frame of data.frames.filter(f => f.refId === target.refId)) {
      lines.push({ ...frame, style: styleFor(panel, target.refId, lines.length) });
    }
  });
  const rows = legendRows(panel, lines);
  const maxRows = Math.max(1, Math.floor((box.height * 0.38) / LEGEND_LINE) - 1);
  const shownRows = rows.slice(0, maxRows);
  const legendHeight = LEGEND_LINE * (shownRows.length + 1) + (rows.length > maxRows ? LEGEND_LINE : 0) + 6;
  const chartTop = box.y + 30;
  const chartBottom = box.y + box.height - legendHeight - 22;

  if (data.error) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2, 'Query error: ' + data.error, { fill: theme.error, align: 'center', width: box.width - 20 });
    return rows;
  }
  if (lines.every(l => l.points.every(p => p[1] === null))) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2, 'No data', { size: 14, fill: theme.textWeak, align: 'center' });
    return rows;
  }

  const index = scene.chart(
    { left: box.x + AXIS_LABEL_WIDTH, top: chartTop, width: box.width - AXIS_LABEL_WIDTH - 14, height: chartBottom - chartTop, containLabel: false },
    {
      type: 'time', min: range.from, max: range.to, splitNumber: Math.max(2, Math.round(box.width / 140)),
      axisLabel: { color: theme.textWeak, fontSize: 10, formatter: range.to - range.from <= 5 * 60 * 1000 ? '{HH}:{mm}:{ss}' : '{HH}:{mm}', hideOverlap: true },
      axisLine: { lineStyle: { color: theme.gridLine } }, axisTick: { show: false }, splitLine: { show: false },
    },
    {
      type: 'value', splitNumber: 4,
      min: bound(defaults.min, defaults.custom?.axisSoftMin, Math.min),
      max: bound(defaults.max, defaults.custom?.axisSoftMax, Math.max),
      axisLabel: { color: theme.textWeak, fontSize: 10, formatter: v => format(v, unit, undefined) },
      splitLine: { lineStyle: { color: theme.gridLine } },
    });
  for (const line of lines) {
    scene.series.push({
      type: 'line', xAxisIndex: index, yAxisIndex: index, name: line.name, showSymbol: false, connectNulls: false,
      data: line.points, z: line.refId === 'T' ? 4 : 3,
      lineStyle: { color: line.style.color, width: line.style.lineWidth, type: line.style.dash ?? 'solid' },
      itemStyle: { color: line.style.color },
      areaStyle: line.style.fillOpacity > 0 ? { color: line.style.color, opacity: line.style.fillOpacity / 100 } : undefined,
    });
  }
  // Firing alerts, the dashboard's annotation, as Grafana draws them: a red band from start to end.
  if (annotations.length > 0) {
    scene.series.push({
      type: 'line', xAxisIndex: index, yAxisIndex: index, data: [], silent: true,
      markArea: { silent: true, itemStyle: { color: 'rgba(242, 73, 92, 0.08)' }, data: annotations.map(a => [{ xAxis: a.start }, { xAxis: a.end }]) },
      markLine: { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: theme.error, type: 'solid', width: 1 }, data: annotations.map(a => ({ xAxis: a.start })) },
    });
  }

  // The legend as a table: colour, name, then the panel's calculations.
  const calcs = panel.options?.legend?.calcs ?? [];
  const columns = calcs.map(c => (c === 'lastNotNull' ? ['Last *', 'last'] : c === 'max' ? ['Max', 'max'] : [c, c]));
  const columnWidth = 70;
  const nameWidth = box.width - 36 - columns.length * columnWidth;
  let y = chartBottom + 20;
  columns.forEach(([title], i) => scene.text(box.x + box.width - 10 - (columns.length - 1 - i) * columnWidth, y, title, { size: 10, fill: theme.textWeak, align: 'right' }));
  for (const row of shownRows) {
    y += LEGEND_LINE;
    scene.line(box.x + 10, y + 6, box.x + 24, y + 6, row.style.color, 3, row.style.dash);
    scene.text(box.x + 30, y, row.name, { size: 10.5, width: nameWidth });
    columns.forEach(([, key], i) =>
      scene.text(box.x + box.width - 10 - (columns.length - 1 - i) * columnWidth, y, format(row[key], unit, defaults.decimals), { size: 10.5, align: 'right' }));
  }
  if (rows.length > maxRows) scene.text(box.x + 30, y + LEGEND_LINE, `+ ${rows.length - maxRows} more`, { size: 10, fill: theme.textWeak });
  return rows;
}
