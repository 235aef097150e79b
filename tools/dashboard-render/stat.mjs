import { format } from './units.mjs';
import { thresholdColor } from './series-style.mjs';
import { theme } from './theme.mjs';

function lastNotNull(points) {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null) return points[i][1];
  return null;
}

/** A stat panel: one tile per series with its last value coloured by the thresholds, and a sparkline. */
export function drawStat(scene, panel, box, data, range) {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const frames = data.frames.filter(f => f.points.some(p => p[1] !== null));
  if (data.error) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2, 'Query error', { fill: theme.error, align: 'center' });
    return frames;
  }
  if (frames.length === 0) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2 + 6, 'No data', { size: 14, fill: theme.textWeak, align: 'center' });
    return frames;
  }
  const showName = panel.options?.textMode === 'value_and_name' && frames.length > 0;
  const tileWidth = (box.width - 8) / frames.length;
  frames.forEach((frame, i) => {
    const value = lastNotNull(frame.points);
    const colour = thresholdColor(panel, value);
    const left = box.x + 4 + i * tileWidth;
    const size = Math.min(28, Math.max(14, tileWidth / 6));
    if (panel.options?.graphMode === 'area') {
      const index = scene.chart(
        { left: left + 2, top: box.y + box.height * 0.62, width: tileWidth - 4, height: box.height * 0.33 },
        { type: 'time', min: range.from, max: range.to, show: false },
        { type: 'value', show: false, scale: true });
      scene.series.push({
        type: 'line', xAxisIndex: index, yAxisIndex: index, data: frame.points, showSymbol: false, z: 2,
        lineStyle: { color: colour, width: 1 }, areaStyle: { color: colour, opacity: 0.18 },
      });
    }
    if (showName) scene.text(left + tileWidth / 2, box.y + 28, frame.name, { size: 10, fill: theme.textWeak, align: 'center', width: tileWidth - 6 });
    scene.text(left + tileWidth / 2, box.y + (showName ? 42 : 34), format(value, defaults.unit ?? 'short', defaults.decimals), { size, weight: 'bold', fill: colour, align: 'center', z: 5 });
  });
  return frames;
}
