// Helpers for the RIFF tools' tests (tests/riff_*_test.ts): fixtures, RIFF
// files built byte by byte (not with the library under test), memory and
// pipe handles, sparse files past 4 GiB, and the CLI in a child process.

import { assert } from "@std/assert";
import {
  FOURCC_MEM,
  type HMMIO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  mmioOpen,
} from "../mod.ts";
import { walkRiff } from "../src/riff/mod.ts";
import type { RiffWalk, WalkRiffOptions } from "../src/riff/mod.ts";
import { pipeProc } from "../src/riff/_pipe.ts";

/** The CLI's entry point. */
export const CLI = new URL("../src/cli.ts", import.meta.url).pathname;

/** The path of a fixture in tests/testdata/riff. */
export function fixturePath(name: string): string {
  return new URL(`./testdata/riff/${name}`, import.meta.url).pathname;
}

/** A fixture's bytes. */
export function fixture(name: string): Promise<Uint8Array> {
  return Deno.readFile(fixturePath(name));
}

/** A string's characters as bytes (each code below 256). */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** Bytes joined. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A chunk to build: data, or children (with a type), or raw bytes. */
export interface Node {
  id: string;
  type?: string;
  data?: Uint8Array;
  kids?: Node[];
  /** Store this size instead of the true one. */
  size?: number;
  /** Leave out the pad byte after odd-sized data. */
  noPad?: boolean;
}

/** Serialises a chunk with its pad byte; sizes honest unless `size` says. */
export function build(node: Node, bigEndian = false): Uint8Array {
  const body: Uint8Array[] = [];
  if (node.type !== undefined) body.push(latin1(node.type));
  if (node.data) body.push(node.data);
  for (const kid of node.kids ?? []) body.push(build(kid, bigEndian));
  const size = body.reduce((n, b) => n + b.length, 0);
  const pad = size % 2 === 1 && !node.noPad ? 1 : 0;
  const out = new Uint8Array(8 + size + pad);
  out.set(latin1(node.id));
  new DataView(out.buffer).setUint32(4, node.size ?? size, !bigEndian);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** `fmt ` data: 16 bytes of WAVEFORMATEX without cbSize. */
export function fmt(
  channels: number,
  rate: number,
  bits: number,
  tag = 1,
  blockAlign = channels * bits / 8,
): Uint8Array {
  const v = new DataView(new ArrayBuffer(16));
  v.setUint16(0, tag, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  return new Uint8Array(v.buffer);
}

/** A little-endian u32. */
export function u32(value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return b;
}

/** A little-endian u64 (a safe integer). */
export function u64(value: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, value % 2 ** 32, true);
  v.setUint32(4, Math.floor(value / 2 ** 32), true);
  return b;
}

/** `ds64` data: riffSize, dataSize, sampleCount, then a table. */
export function ds64(
  riffSize: number,
  dataSize: number,
  sampleCount = 0,
  table: [string, number][] = [],
): Uint8Array {
  return concat(
    u64(riffSize),
    u64(dataSize),
    u64(sampleCount),
    u32(table.length),
    ...table.map(([id, size]) => concat(latin1(id), u64(size))),
  );
}

/** Overwrites a little-endian u32 in place and returns the bytes. */
export function setU32(
  bytes: Uint8Array,
  at: number,
  value: number,
): Uint8Array {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, value, true);
  return bytes;
}

/** The offset of the first occurrence of `id` (test files only). */
export function offsetOf(bytes: Uint8Array, id: string, from = 0): number {
  const want = latin1(id);
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (want.every((b, j) => bytes[i + j] === b)) return i;
  }
  throw new Error(`no ${id}`);
}

/** `value`, which must be there. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`no ${what}`);
  return value;
}

/** Opens bytes as a memory file. */
export async function memHandle(
  bytes: Uint8Array,
  flags: number = MMIO_READ,
): Promise<HMMIO> {
  const h = await mmioOpen(null, {
    fccIOProc: FOURCC_MEM,
    pchBuffer: bytes,
    cchBuffer: bytes.length,
  }, flags);
  return must(h, "memory file handle");
}

/** Walks bytes as a memory file. */
export async function walkBytes(
  bytes: Uint8Array,
  options?: WalkRiffOptions,
): Promise<RiffWalk> {
  const h = await memHandle(bytes);
  try {
    return await walkRiff(h, options);
  } finally {
    await mmioClose(h);
  }
}

/** A reader handing out `bytes` in pieces of at most `piece`, like a pipe. */
export function pipeReader(bytes: Uint8Array, piece = 4096) {
  let at = 0;
  return {
    reads: 0,
    read(p: Uint8Array): Promise<number | null> {
      this.reads++;
      if (at >= bytes.length) return Promise.resolve(null);
      const n = Math.min(p.length, piece, bytes.length - at);
      p.set(bytes.subarray(at, at + n));
      at += n;
      return Promise.resolve(n);
    },
  };
}

/** Opens bytes as a forward-only pipe (the CLI's standard input procedure). */
export async function pipeHandle(
  bytes: Uint8Array,
  piece = 4096,
): Promise<HMMIO> {
  const h = await mmioOpen(
    "-",
    { pIOProc: pipeProc(pipeReader(bytes, piece)) },
    MMIO_READ | MMIO_ALLOCBUF,
  );
  return must(h, "pipe handle");
}

/** Runs `fn` with a fresh temporary directory, removed afterwards. */
export async function withTempDir(
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mmio_riff_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Makes a sparse file of `size` bytes with `parts` written at their
 * offsets: a file past 4 GiB that takes no disk space.
 */
export async function sparseFile(
  path: string,
  size: number,
  parts: [number, Uint8Array][],
): Promise<void> {
  const file = await Deno.open(path, {
    write: true,
    create: true,
    truncate: true,
  });
  try {
    await file.truncate(size);
    for (const [at, bytes] of parts) {
      await file.seek(at, Deno.SeekMode.Start);
      let done = 0;
      while (done < bytes.length) {
        done += await file.write(bytes.subarray(done));
      }
    }
  } finally {
    file.close();
  }
}

/** A child process's outcome. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Standard output and error as bytes, for control-character checks. */
  raw: Uint8Array;
}

/**
 * Runs the CLI in a child process with `flags` (permissions), `args`,
 * `stdin` bytes piped in (or no standard input), in `cwd`. Killed after 60 s.
 */
export async function cli(
  flags: string[],
  args: string[],
  stdin?: Uint8Array,
  cwd?: string,
): Promise<CliResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--no-lock", ...flags, CLI, ...args],
    cwd,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
    signal: AbortSignal.timeout(60_000),
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    // The child may stop reading early (a file that is not RIFF): a broken
    // pipe is then expected.
    await writer.write(stdin).catch(() => {});
    await writer.close().catch(() => {});
  }
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    raw: concat(out.stdout, out.stderr),
  };
}

/**
 * Asserts that output holds no raw control character: no C0 byte but the
 * newline, no DEL, and (decoded as UTF-8) no C1 control U+0080–U+009F.
 */
export function assertNoRawControl(raw: Uint8Array, what: string): void {
  for (const [i, b] of raw.entries()) {
    assert(
      b === 0x0a || (b >= 0x20 && b !== 0x7f),
      `${what}: raw byte 0x${b.toString(16)} at ${i}`,
    );
  }
  const text = new TextDecoder().decode(raw);
  const c1 = /[\u0080-\u009f]/.exec(text);
  assert(
    c1 === null,
    `${what}: raw C1 control U+00${c1?.[0].charCodeAt(0).toString(16)}`,
  );
}
