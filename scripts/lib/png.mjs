/**
 * Just enough PNG for the app icons: write 8-bit RGB/RGBA images, and read the IHDR of an existing file.
 */
import { Buffer } from "node:buffer";
import { deflateSync } from "node:zlib";
import { crc32 } from "./crc32.mjs";

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG colour types this module writes: 2 = RGB, 6 = RGBA. */
const CHANNELS = { 2: 3, 6: 4 };

/**
 * Encodes a non-interlaced 8-bit PNG. Every row uses filter 0 (none): the icons are small and flat, so
 * deflate does the work. The output depends only on the pixels, so re-running the generator is stable.
 *
 * @param {{ width: number, height: number, colorType: 2 | 6, pixels: Uint8Array }} image
 *   pixels: row-major, 3 (RGB) or 4 (RGBA) bytes per pixel
 * @returns {Buffer}
 */
export function encodePng({ width, height, colorType, pixels }) {
  const channels = CHANNELS[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new Error(`expected ${stride * height} pixel bytes for ${width}x${height}, got ${pixels.length}`);
  }
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = colorType;
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Reads width, height, bit depth and colour type from a PNG's IHDR, checking the signature and CRC.
 *
 * @param {Uint8Array} file
 * @returns {{ width: number, height: number, bitDepth: number, colorType: number }}
 */
export function readPngHeader(file) {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG file");
  const length = buf.readUInt32BE(8);
  if (length !== 13 || buf.toString("latin1", 12, 16) !== "IHDR")
    throw new Error("PNG does not start with IHDR");
  if (crc32(buf.subarray(12, 29)) !== buf.readUInt32BE(29)) throw new Error("PNG IHDR has a bad CRC");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bitDepth: buf[24], colorType: buf[25] };
}

/**
 * @param {string} type four ASCII letters
 * @param {Buffer} data
 */
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
