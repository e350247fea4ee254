// Text taken from a file, made safe to print. A chunk id, an INFO tag or a
// bext description can hold anything, including terminal escape sequences
// that clear the screen or fake output: every such character is shown as
// `\xNN` text instead, in the plain output and in JSON alike.

const HEX = "0123456789abcdef";

function hexByte(b: number): string {
  return `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
}

/**
 * Control, format, private-use, unassigned, surrogate and line/paragraph
 * separator characters, and the backslash (so that an escape in the output
 * always means an escape, never a backslash the file held).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\\]/gu;

/**
 * Escapes `s` for printing: C0 and C1 controls, DEL, invisible format
 * characters (bidi overrides, zero-width ones), separators and the backslash
 * become `\xNN` (or `\u{N}` above U+00FF); everything else, accented and
 * non-Latin letters included, stays as it is.
 */
export function escapeText(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const cp = c.codePointAt(0)!;
    return cp <= 0xff ? hexByte(cp) : `\\u{${cp.toString(16)}}`;
  });
}

// A FOURCC as text: its four bytes in file order, printable ASCII as is,
// every other byte (and the backslash) as `\xNN`; the engine's messages
// name chunks the same way.
export { fourccText } from "../fourcc.ts";

/** The first bytes of a file, escaped the way {@linkcode fourccText} is. */
export function bytesText(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += byteText(b);
  return s;
}

function byteText(b: number): string {
  return b >= 0x20 && b < 0x7f && b !== 0x5c
    ? String.fromCharCode(b)
    : hexByte(b);
}

/** Whether all four bytes of a FOURCC are printable ASCII. */
export function isPrintableFourcc(fcc: number): boolean {
  for (let i = 0; i < 4; i++) {
    const b = (fcc >>> (8 * i)) & 0xff;
    if (b < 0x20 || b >= 0x7f) return false;
  }
  return true;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The bytes shown of a binary tag, in hex. */
const BINARY_SHOWN = 16;

/**
 * A text field of a file (an INFO tag, a bext field) as printable text.
 * Trailing NULs (terminator and padding) are dropped. Bytes that still hold
 * a NUL are binary data (SoundFont's `ifil` version, for one) and are all
 * shown as `[binary, N bytes: hex...]`; otherwise the bytes are decoded as UTF-8
 * when they are valid UTF-8, else as Latin-1 (so a byte 0x80–0x9F is a C1
 * control), and escaped with {@linkcode escapeText}.
 */
export function fieldText(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const body = bytes.subarray(0, end);
  if (body.includes(0)) {
    const shown = Array.from(
      bytes.subarray(0, BINARY_SHOWN),
      (b) => HEX[b >> 4] + HEX[b & 15],
    ).join(" ");
    const more = bytes.length > BINARY_SHOWN ? " ..." : "";
    return `[binary, ${bytes.length} bytes: ${shown}${more}]`;
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    text = String.fromCharCode(...body);
  }
  return escapeText(text);
}

/**
 * A line for a terminal: any raw C0 control, DEL or C1 control left in it
 * (from a file name, say) becomes `\xNN`. The last guard before output.
 */
export function safeLine(line: string): string {
  // deno-lint-ignore no-control-regex
  return line.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => hexByte(c.charCodeAt(0)));
}

/**
 * A JSON text for output: `JSON.stringify` escapes C0 controls itself but
 * leaves DEL and C1 controls raw; they become `\u00NN` escapes, which are
 * valid JSON (such characters can only occur inside strings).
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\x7f-\x9f]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16)}`,
  );
}

/** `1 chunk`, `2 chunks`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A size for messages: decimal, or `0xFFFFFFFF` for the placeholder. */
export function sizeText(n: number): string {
  return n === 0xffffffff ? "0xFFFFFFFF" : String(n);
}
