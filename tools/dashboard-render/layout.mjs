// Grafana's dashboard grid: 24 columns; one grid unit is 30 px high plus an 8 px margin.
export const CELL_HEIGHT = 30;
export const MARGIN = 8;

/** The panels shown when the dashboard opens, in file order: rows, and the panels of expanded rows. */
export function visiblePanels(dashboard) {
  const shown = [];
  for (const panel of dashboard.panels ?? []) {
    shown.push(panel);
    if (panel.type === 'row' && !panel.collapsed) shown.push(...(panel.panels ?? []));
  }
  return shown;
}

/** Pixel box of a panel's gridPos on a canvas `width` wide whose grid starts at `top`. */
export function box(gridPos, width, top) {
  const column = (width - MARGIN) / 24;
  return {
    x: MARGIN + gridPos.x * column,
    y: top + gridPos.y * (CELL_HEIGHT + MARGIN),
    width: gridPos.w * column - MARGIN,
    height: gridPos.h * (CELL_HEIGHT + MARGIN) - MARGIN,
  };
}

/** The height of the grid: down to the lowest visible panel. */
export function gridHeight(panels) {
  const bottom = Math.max(...panels.map(p => p.gridPos.y + p.gridPos.h));
  return bottom * (CELL_HEIGHT + MARGIN);
}
