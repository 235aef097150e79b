import { format } from './units.mjs';
import { theme } from './theme.mjs';

const ROW = 20;

// Instant query results as Grafana's table transformations make them: one row per label set, the value of each
// query in "Value" (one query) or "Value #<refId>" (several, merged), then organize (hide, order, rename) and sort.
function rows(panel, data) {
  const targets = panel.targets.map(t => t.refId);
  const merged = new Map();
  for (const frame of data.frames) {
    const labels = { ...frame.labels };
    delete labels.__name__;
    const key = JSON.stringify(Object.entries(labels).sort());
    const row = merged.get(key) ?? { ...labels };
    row[targets.length > 1 ? `Value #${frame.refId}` : 'Value'] = frame.points[0]?.[1] ?? null;
    merged.set(key, row);
  }
  let columns = [...new Set([...merged.values()].flatMap(r => Object.keys(r)))];
  let table = [...merged.values()];
  for (const transformation of panel.transformations ?? []) {
    const options = transformation.options ?? {};
    if (transformation.id === 'organize') {
      columns = columns.filter(c => !options.excludeByName?.[c]);
      const order = options.indexByName ?? {};
      columns.sort((a, b) => (order[a] ?? 99) - (order[b] ?? 99));
      const rename = options.renameByName ?? {};
      table = table.map(r => Object.fromEntries(columns.map(c => [rename[c] ?? c, r[c] ?? null])));
      columns = columns.map(c => rename[c] ?? c);
    } else if (transformation.id === 'sortBy') {
      for (const sort of [...(options.sort ?? [])].reverse()) {
        table.sort((a, b) => (sort.desc ? -1 : 1) * ((a[sort.field] ?? -Infinity) - (b[sort.field] ?? -Infinity)));
      }
    }
  }
  for (const sort of panel.options?.sortBy ?? []) {
    table.sort((a, b) => (sort.desc ? -1 : 1) * ((a[sort.displayName] ?? -Infinity) - (b[sort.displayName] ?? -Infinity)));
  }
  return { columns, table };
}

function unitOf(panel, column) {
  for (const override of panel.fieldConfig?.overrides ?? []) {
    if (override.matcher?.id === 'byName' && override.matcher.options === column) {
      const unit = override.properties?.find(p => p.id === 'unit');
      if (unit) return unit.value;
    }
  }
  return typeof column === 'string' && /Value|\/s|ratio|P99|Average/.test(column) ? panel.fieldConfig?.defaults?.unit ?? 'short' : 'string';
}

export function drawTable(scene, panel, box, data) {
  if (data.error) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2, 'Query error', { fill: theme.error, align: 'center' });
    return [];
  }
  const { columns, table } = rows(panel, data);
  if (table.length === 0) {
    scene.text(box.x + box.width / 2, box.y + box.height / 2, 'No data', { size: 14, fill: theme.textWeak, align: 'center' });
    return [];
  }
  const width = (box.width - 16) / columns.length;
  let y = box.y + 32;
  columns.forEach((c, i) => scene.text(box.x + 8 + i * width, y, c, { size: 11, weight: 'bold', fill: theme.textWeak, width: width - 6 }));
  scene.line(box.x + 6, y + 17, box.x + box.width - 6, y + 17, theme.border);
  const fits = Math.floor((box.y + box.height - y - 24) / ROW);
  for (const row of table.slice(0, fits)) {
    y += ROW;
    columns.forEach((c, i) => {
      const value = row[c];
      const text = typeof value === 'number' || value === null ? format(value, unitOf(panel, c), panel.fieldConfig?.defaults?.decimals) : String(value);
      scene.text(box.x + 8 + i * width, y, text, { size: 11, width: width - 6 });
    });
  }
  if (table.length > fits) scene.text(box.x + 8, y + ROW, `+ ${table.length - fits} more rows`, { size: 10, fill: theme.textWeak });
  return table;
}
