// Reading bytes at an offset through the public MMIO API. The RIFF tools
// always seek before they read, so nothing depends on where an earlier read
// (or a caller) left the handle.

import { type HMMIO, mmioRead, mmioSeek, SEEK_SET } from "../../mod.ts";

/**
 * Reads up to `buffer.length` bytes at `offset` into `buffer`. Returns the
 * bytes read (fewer at the end of the file), or -1 when the handle cannot
 * be moved there or the read fails before any byte.
 */
export async function readAt(
  h: HMMIO,
  offset: number,
  buffer: Uint8Array,
): Promise<number> {
  if (await mmioSeek(h, offset, SEEK_SET) !== offset) return -1;
  let got = 0;
  while (got < buffer.length) {
    const n = await mmioRead(h, buffer.subarray(got), buffer.length - got);
    if (n < 0) return got || -1;
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Reads up to `max` bytes at `offset` (never more than `size`, the bytes
 * the caller knows of) into a new array: what the file holds of them.
 */
export async function readBytes(
  h: HMMIO,
  offset: number,
  size: number,
  max: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, Math.min(size, max)));
  if (buffer.length === 0) return buffer;
  const got = await readAt(h, offset, buffer);
  return buffer.subarray(0, Math.max(0, got));
}
