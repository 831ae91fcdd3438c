import { describe, expect, it } from 'vitest';
import { JUDGEMENT_COLOURS, PALETTE } from './chartColours.js';

/** WCAG 2.1's relative luminance of an sRGB colour '#rrggbb'. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe('the dashboard\'s bar colours', () => {
  it('computes contrast as WCAG does: black on white 21:1, the old sky blue under 3:1', () => {
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#FFFFFF')).toBeCloseTo(4.54, 2);
    expect(contrast('#56B4E9', '#FFFFFF')).toBeLessThan(3);
  });

  it.each([...PALETTE, ...Object.values(JUDGEMENT_COLOURS)])('%s reaches 3:1 against the white page', (colour) => {
    expect(contrast(colour, '#FFFFFF')).toBeGreaterThanOrEqual(3);
  });

  it('uses no colour twice among the series, so no two series look alike', () => {
    expect(new Set(PALETTE.map((c) => c.toLowerCase())).size).toBe(PALETTE.length);
  });
});
