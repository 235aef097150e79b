// Grafana's dark theme colours, for a rendering that reads like the dashboard a user would see.
export const theme = {
  canvas: '#111217',
  panel: '#181b1f',
  border: '#2c3235',
  text: '#ccccdc',
  textWeak: '#8e8e9c',
  gridLine: '#2c3235',
  error: '#f2495c',
  font: 'DejaVu Sans',
};

// Grafana's classic palette, in order (palette-classic).
export const classicPalette = [
  '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#705DA0',
  '#37872D', '#FADE2A', '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477',
];

// Grafana's named colours the dashboards use in thresholds and overrides.
const named = {
  green: '#73BF69', red: '#F2495C', orange: '#FF9830', yellow: '#FADE2A', blue: '#5794F2',
  purple: '#B877D9', text: '#ccccdc', 'dark-red': '#C4162A', 'dark-green': '#37872D',
};

export function color(name) {
  return named[name] ?? name;
}
