import { classicPalette, color } from './theme.mjs';

// The style a timeseries panel gives each query's lines: defaults, then the panel's overrides that match the
// query (byFrameRefID), as Grafana applies them.
export function styleFor(panel, refId, index) {
  const custom = panel.fieldConfig?.defaults?.custom ?? {};
  const style = {
    color: classicPalette[index % classicPalette.length],
    lineWidth: custom.lineWidth ?? 1,
    fillOpacity: custom.fillOpacity ?? 0,
    dash: null,
  };
  for (const override of panel.fieldConfig?.overrides ?? []) {
    if (override.matcher?.id !== 'byFrameRefID' || override.matcher.options !== refId) continue;
    for (const property of override.properties ?? []) {
      switch (property.id) {
        case 'custom.lineStyle':
          style.dash = property.value?.fill === 'dash' ? property.value.dash ?? [10, 10]
            : property.value?.fill === 'dot' ? [1, 4] : null;
          break;
        case 'custom.lineWidth': style.lineWidth = property.value; break;
        case 'custom.fillOpacity': style.fillOpacity = property.value; break;
        case 'color': if (property.value?.mode === 'fixed') style.color = color(property.value.fixedColor); break;
        default: break;
      }
    }
  }
  return style;
}

/** The colour of `value` by a panel's threshold steps (the last step whose value it reaches). */
export function thresholdColor(panel, value) {
  const steps = panel.fieldConfig?.defaults?.thresholds?.steps ?? [];
  let chosen = steps[0]?.color ?? 'text';
  for (const step of steps) {
    if (step.value === null || step.value === undefined || value >= step.value) chosen = step.color;
  }
  return color(chosen);
}
