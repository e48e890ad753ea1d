/**
 * CRC-32 (IEEE 802.3, polynomial 0xEDB88320), as PNG chunks and zip entries need it. Node 20.12 has no
 * zlib.crc32 yet (it arrived in 20.15), so the scripts carry their own.
 */

const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c >>> 0;
}

/**
 * @param {Uint8Array} bytes
 * @param {number} [previous] the CRC of the bytes before these, to checksum in pieces
 * @returns {number} unsigned 32-bit CRC
 */
export function crc32(bytes, previous = 0) {
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
