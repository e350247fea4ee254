/**
 * FOURCC helpers: {@linkcode mmioFOURCC}, {@linkcode mmioStringToFOURCC},
 * {@linkcode mmioFOURCCToString}, and the `name.ext+` file-name parser that
 * chooses an I/O procedure.
 *
 * @module
 */

import { MMIO_TOUPPER } from "./constants.ts";
import type { FOURCC } from "./types.ts";

function charCode(c: unknown, name: string): number {
  if (typeof c !== "string") {
    throw new TypeError(`${name} must be a string, got ${typeof c}`);
  }
  return c.length === 0 ? 0 : c.charCodeAt(0) & 0xff;
}

/**
 * Builds a FOURCC from four characters: `c0 | c1 << 8 | c2 << 16 | c3 << 24`
 * (each character's code, as an unsigned 32-bit number).
 *
 * @param c0 The first character.
 * @param c1 The second character.
 * @param c2 The third character.
 * @param c3 The fourth character.
 * @returns The FOURCC.
 *
 * @example The FOURCC of a WAVE form
 * ```ts
 * import { mmioFOURCC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mmioFOURCC("W", "A", "V", "E"), 0x45564157);
 * ```
 */
export function mmioFOURCC(
  c0: string,
  c1: string,
  c2: string,
  c3: string,
): FOURCC {
  return (charCode(c0, "c0") | charCode(c1, "c1") << 8 |
    charCode(c2, "c2") << 16 | charCode(c3, "c3") << 24) >>> 0;
}

/**
 * Converts a string of up to four characters to a FOURCC, padded with
 * spaces; longer strings are cut to four characters.
 *
 * @param s The string.
 * @param flags `MMIO_TOUPPER` to convert to upper case first, or 0.
 * @returns The FOURCC.
 *
 * @example Padding and upper case
 * ```ts
 * import { MMIO_TOUPPER, mmioStringToFOURCC } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mmioStringToFOURCC("abc", 0), 0x20636261);
 * assertEquals(mmioStringToFOURCC("abcdef", MMIO_TOUPPER), 0x44434241);
 * ```
 */
export function mmioStringToFOURCC(s: string, flags = 0): FOURCC {
  if (typeof s !== "string") {
    throw new TypeError(`s must be a string, got ${typeof s}`);
  }
  if (typeof flags !== "number") {
    throw new TypeError(`flags must be a number, got ${typeof flags}`);
  }
  let fcc = 0;
  for (let i = 0; i < 4; i++) {
    let code = 0x20;
    if (i < s.length) {
      const c = flags & MMIO_TOUPPER ? s[i].toUpperCase() : s[i];
      code = c.charCodeAt(0) & 0xff;
    }
    fcc |= code << (8 * i);
  }
  return fcc >>> 0;
}

/**
 * Converts a FOURCC back to its four characters (the inverse of
 * {@linkcode mmioFOURCC}).
 *
 * @param fcc The FOURCC.
 * @returns A string of four characters.
 *
 * @example Printing a chunk identifier
 * ```ts
 * import { FOURCC_RIFF, mmioFOURCCToString } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mmioFOURCCToString(FOURCC_RIFF), "RIFF");
 * ```
 */
export function mmioFOURCCToString(fcc: FOURCC): string {
  if (typeof fcc !== "number") {
    throw new TypeError(`fcc must be a number, got ${typeof fcc}`);
  }
  return String.fromCharCode(
    fcc & 0xff,
    (fcc >>> 8) & 0xff,
    (fcc >>> 16) & 0xff,
    (fcc >>> 24) & 0xff,
  );
}

/**
 * The FOURCC that a file name asks for with the `name.ext+rest` form: the
 * text between the last `+` and the nearest `.` before it, cut to four
 * characters and upper-cased; 0 when the name has no such part.
 */
export function parseProcFOURCC(fileName: string | null): FOURCC {
  if (!fileName) return 0;
  const plus = fileName.lastIndexOf("+");
  if (plus < 0) return 0;
  const dot = fileName.lastIndexOf(".", plus);
  if (dot < 0) return 0;
  return mmioStringToFOURCC(
    fileName.slice(dot + 1, Math.min(plus, dot + 5)),
    MMIO_TOUPPER,
  );
}

/**
 * A FOURCC as text for messages: printable ASCII as it is, any other byte
 * as `\xNN`, so that bytes read from a file never reach a terminal raw.
 */
export function fourccText(fcc: FOURCC): string {
  let out = "";
  for (let i = 0; i < 4; i++) {
    const c = (fcc >>> (8 * i)) & 0xff;
    out += c >= 0x20 && c < 0x7f && c !== 0x5c
      ? String.fromCharCode(c)
      : `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return out;
}
