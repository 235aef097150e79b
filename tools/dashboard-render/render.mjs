#!/usr/bin/env node
// Draws a Grafana dashboard from its own JSON and query results, as a PNG (and optionally an SVG).
//
//   node render.mjs < request.json
//
// The request (written by tools/OtelKpi.KpiView, which runs the dashboard's queries against a real Prometheus):
//   { "dashboard": "<dashboard JSON path>", "output": "<PNG path>", "svg": "<optional SVG path>",
//     "from": <ms>, "to": <ms>, "source": "<Prometheus URL>", "selection": "job=All ...",
//     "panels": { "<panel id>": { "error": null | "<message>",
//                                 "frames": [ { "refId": "A", "name": "<legend>", "labels": {...}, "points": [[<ms>, <value or null>], ...] } ] } },
//     "annotations": [ { "start": <ms>, "end": <ms>, "title": "<alert>" } ] }
// It prints, as JSON, what each panel showed: its series in legend order, or that it had none.
// Grafana's grid, titles, units, legends, thresholds and dashed reference lines are reproduced; the picture
// says that it is a rendering, not a Grafana screenshot.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { visiblePanels, box, gridHeight } from './layout.mjs';
import { Scene } from './scene.mjs';
import { theme } from './theme.mjs';
import { drawTimeseries } from './timeseries.mjs';
import { drawStat } from './stat.mjs';
import { drawTable } from './table.mjs';

process.env.TZ = 'UTC';
// Without a canvas ECharts guesses text widths; DejaVu Sans, which resvg draws with, is about 0.6 em per character
// (bold a little more), so truncation and label spacing follow the font actually drawn.
echarts.setPlatformAPI({
  measureText(text, font) {
    const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
    return { width: String(text).length * size * (/bold/.test(font ?? '') ? 0.66 : 0.6) };
  },
});
const WIDTH = 1800;
const HEADER = 64;
const here = dirname(fileURLToPath(import.meta.url));

const request = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
const dashboard = JSON.parse(readFileSync(request.dashboard, 'utf8'));
const panels = visiblePanels(dashboard);
const height = HEADER + gridHeight(panels) + 8;
const scene = new Scene(WIDTH, height);
const range = { from: request.from, to: request.to };
const time = ms => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

scene.text(12, 10, dashboard.title, { size: 20, weight: 'bold' });
scene.text(12, 38,
  `Rendering of ${basename(request.dashboard)} with data from Prometheus ${request.source}, ${time(range.from)} to ${time(range.to)} UTC` +
  (request.selection ? `, ${request.selection}` : '') + '. Drawn by tools/dashboard-render (Apache ECharts, resvg): not a Grafana screenshot.',
  { size: 12, fill: theme.textWeak });

const report = [];
for (const panel of panels) {
  const at = box(panel.gridPos, WIDTH, HEADER);
  if (panel.type === 'row') {
    scene.text(at.x + 2, at.y + 8, (panel.collapsed ? '▸ ' : '▾ ') + panel.title + (panel.collapsed ? `  (${(panel.panels ?? []).length} panels, collapsed)` : ''), { size: 14, weight: 'bold' });
    continue;
  }
  scene.rect(at.x, at.y, at.width, at.height, theme.panel, theme.border);
  scene.text(at.x + 8, at.y + 7, panel.title, { size: 13, weight: 'bold', width: at.width - 16 });
  const data = request.panels[String(panel.id)] ?? { error: 'not queried', frames: [] };
  const annotations = request.annotations ?? [];
  let shown;
  switch (panel.type) {
    case 'timeseries': shown = drawTimeseries(scene, panel, at, data, range, annotations); break;
    case 'stat': shown = drawStat(scene, panel, at, data, range); break;
    case 'table': shown = drawTable(scene, panel, at, data); break;
    default:
      scene.text(at.x + 8, at.y + 30, `panel type ${panel.type} is not drawn`, { fill: theme.error });
      shown = [];
  }
  report.push({
    id: panel.id, title: panel.title, type: panel.type, error: data.error ?? null,
    series: shown.map(s => ({ refId: s.refId ?? 'table', name: s.name ?? Object.values(s).filter(v => typeof v === 'string').join(' ') })),
  });
}

const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
chart.setOption(scene.option());
const svg = chart.renderToSVGString();
chart.dispose();
if (request.svg) writeFileSync(request.svg, svg);
const fonts = join(here, 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const png = new Resvg(svg, {
  font: { loadSystemFonts: false, fontFiles: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map(f => join(fonts, f)), defaultFontFamily: theme.font },
  background: theme.canvas,
}).render().asPng();
writeFileSync(request.output, png);
process.stdout.write(JSON.stringify({ width: WIDTH, height, panels: report }) + '\n');
