/**
 * Draws the Teams app icons into manifest/: color.png (192x192, white funnel on the accent colour) and
 * outline.png (32x32, white on transparent). The glyph is a sales funnel of three stages with a spout and
 * a won deal (a coin) dropping out of it. Pure Node, no dependencies:
 *
 *   node scripts/make-icons.mjs
 *
 * Re-run it after changing the glyph and commit the PNGs it writes. ACCENT must equal the manifest's
 * accentColor (a test checks the colour icon's background against it).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodePng } from "./lib/png.mjs";

const ACCENT = [0x1a, 0x5f, 0x8e]; // #1A5F8E, the manifest's accentColor
const WHITE = [0xff, 0xff, 0xff];
const GOLD = [0xf5, 0xb8, 0x2e];

/**
 * The glyph on a 32x32 grid, so that it lands on whole pixels in the outline icon and on whole 3-pixel
 * steps inside the colour icon's 96x96 safe area.
 * @returns {0 | 1 | 2} 0 outside, 1 funnel, 2 coin
 */
function glyph(x, y) {
  const dx = Math.abs(x - 16);
  // Funnel sides: half-width 14 at the top (y = 2) narrowing to 4 at the bottom of the last stage (y = 21).
  const side = 14 - ((y - 2) * 10) / 19;
  const stages = [
    [2, 8],
    [10, 15],
    [17, 21],
  ];
  if (stages.some(([top, bottom]) => y >= top && y < bottom) && dx < side) return 1;
  if (y >= 21 && y < 25 && dx < 2.5) return 1; // spout
  if (Math.hypot(x - 16, y - 28) < 2.25) return 2; // the deal that came out
  return 0;
}

/**
 * Renders the glyph with supersampled anti-aliasing.
 * @param {number} size output width and height in pixels
 * @param {number} scale output pixels per glyph unit
 * @param {number} offset output pixels before the glyph box on each side
 * @returns {(px: number, py: number) => [number, number]} coverage of funnel and coin, 0..1 each
 */
function rasterise(size, scale, offset) {
  const n = 8; // 8x8 samples per pixel
  return (px, py) => {
    let funnel = 0;
    let coin = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const hit = glyph((px + (i + 0.5) / n - offset) / scale, (py + (j + 0.5) / n - offset) / scale);
        if (hit === 1) funnel++;
        else if (hit === 2) coin++;
      }
    }
    return [funnel / (n * n), coin / (n * n)];
  };
}

/** 192x192, opaque RGB: full-bleed accent background, glyph in the central 96x96 (48 px padding). */
function colorIcon() {
  const size = 192;
  const cover = rasterise(size, 3, 48);
  const pixels = new Uint8Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [f, c] = cover(px, py);
      for (let k = 0; k < 3; k++) {
        pixels[(py * size + px) * 3 + k] = Math.round(ACCENT[k] * (1 - f - c) + WHITE[k] * f + GOLD[k] * c);
      }
    }
  }
  return encodePng({ width: size, height: size, colorType: 2, pixels });
}

/** 32x32 RGBA: every pixel white, the glyph's coverage in the alpha channel, the rest fully transparent. */
function outlineIcon() {
  const size = 32;
  const cover = rasterise(size, 1, 0);
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [f, c] = cover(px, py);
      pixels.set([...WHITE, Math.round(255 * Math.min(1, f + c))], (py * size + px) * 4);
    }
  }
  return encodePng({ width: size, height: size, colorType: 6, pixels });
}

const manifestDir = fileURLToPath(new URL("../manifest/", import.meta.url));
writeFileSync(`${manifestDir}color.png`, colorIcon());
writeFileSync(`${manifestDir}outline.png`, outlineIcon());
console.log(`Wrote ${manifestDir}color.png (192x192) and ${manifestDir}outline.png (32x32)`);
