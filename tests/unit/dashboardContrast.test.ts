import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe('dashboard colours', () => {
  it('keeps every text and series colour at a contrast of at least 4.5:1 on the white page (WCAG AA)', () => {
    // Prepare
    const css = readFileSync('dashboard/style.css', 'utf8');
    const colours: Record<string, string> = Object.fromEntries(
      [...css.matchAll(/--([a-z]+): (#[0-9a-f]{6});/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    // Act
    const ratios = Object.fromEntries(Object.entries(colours).map(([name, hex]) => [name, contrast(hex, '#ffffff')]));
    // Assess
    expect(Object.keys(ratios)).toEqual(['text', 'muted', 'line', 'accent', 'impressions', 'clicks', 'bad', 'ok']);
    for (const [name, ratio] of Object.entries(ratios))
      if (name !== 'line') expect(ratio, name).toBeGreaterThanOrEqual(4.5);
  });

  it('draws the chart series in the same colours as the style sheet', () => {
    // Prepare
    const css = readFileSync('dashboard/style.css', 'utf8');
    const charts = readFileSync('dashboard/charts.ts', 'utf8');
    // Act
    const inCss = ['impressions', 'clicks'].map((name) => new RegExp(`--${name}: (#[0-9a-f]{6})`).exec(css)?.[1]);
    const inCharts = ['impressions', 'clicks'].map((name) => new RegExp(`${name}: '(#[0-9a-f]{6})'`).exec(charts)?.[1]);
    // Assess
    expect(inCharts).toEqual(inCss);
  });
});
