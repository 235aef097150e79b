// Grafana's value formats for the unit ids the OtelKpi dashboards use (reqps, percentunit, s, bytes, Bps,
// short, string), close to what a Grafana panel shows.

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const SI = [[1e12, ' T'], [1e9, ' B'], [1e6, ' Mil'], [1e3, ' K']];

function fixed(value, decimals) {
  if (decimals !== undefined && decimals !== null) return value.toFixed(decimals);
  const magnitude = Math.abs(value);
  if (magnitude === 0) return '0';
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1).replace(/\.0$/, '');
  if (magnitude >= 1) return value.toFixed(2).replace(/\.?0+$/, '');
  return value.toPrecision(2).replace(/\.?0+$/, '');
}

function short(value, decimals) {
  for (const [size, suffix] of SI) {
    if (Math.abs(value) >= size) return fixed(value / size, decimals) + suffix;
  }
  return fixed(value, decimals);
}

function bytes(value, decimals, suffix) {
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY.length - 1) {
    value /= 1024;
    unit++;
  }
  return fixed(value, decimals) + ' ' + BINARY[unit] + suffix;
}

function duration(seconds, decimals) {
  const magnitude = Math.abs(seconds);
  if (magnitude === 0) return '0 s';
  if (magnitude < 1e-3) return fixed(seconds * 1e6, decimals) + ' µs';
  if (magnitude < 1) return fixed(seconds * 1e3, decimals) + ' ms';
  if (magnitude < 60) return fixed(seconds, decimals) + ' s';
  return fixed(seconds / 60, decimals) + ' min';
}

/** The text Grafana would show for `value` in `unit`, with `decimals` when the panel fixes them. */
export function format(value, unit, decimals) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'percentunit': return fixed(value * 100, decimals) + '%';
    case 'percent': return fixed(value, decimals) + '%';
    case 'reqps': return short(value, decimals) + ' req/s';
    case 's': return duration(value, decimals);
    case 'bytes': return bytes(value, decimals, '');
    case 'Bps': return bytes(value, decimals, '/s');
    case 'string': return String(value);
    default: return short(value, decimals);
  }
}
