/**
 * `mmio`, a command-line tool for RIFF files (WAV, AVI, WebP, RMI, ...),
 * built on `@mmio/mmio`.
 *
 * ```sh
 * deno run -R jsr:@mmio/mmio/cli tree song.wav    # chunk tree, offsets, sizes
 * deno run -R jsr:@mmio/mmio/cli info song.wav    # form type, WAV format, duration
 * deno run -R jsr:@mmio/mmio/cli check song.wav   # structural validation
 * ```
 *
 * It needs read access to the files it is given and nothing else
 * (`--allow-read=song.wav` is enough). Exit codes: 0 success; 1 a broken
 * file (`check`) or a file that is not RIFF; 2 a usage error or a file that
 * cannot be opened, a refused permission included (reported in one line).
 *
 * The pieces are exported for programs and tests: {@linkcode main} runs the
 * tool on an argument list, {@linkcode walkRiff} reads the chunk tree and its
 * structural problems from an open handle, and {@linkcode readRiffInfo}
 * reads the form type and the WAV format.
 *
 * @example Check a WAV file from a program
 * ```ts
 * import { main } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   // RIFF 'WAVE' holding only an empty 'data' chunk: 20 bytes.
 *   const wav = new Uint8Array(20);
 *   wav.set(new TextEncoder().encode("RIFF\x0c\0\0\0WAVEdata"));
 *   await Deno.writeFile(`${dir}/empty.wav`, wav);
 *   const lines: string[] = [];
 *   const output = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
 *   assertEquals(await main(["check", `${dir}/empty.wav`], output), 0);
 *   assertEquals(lines, [`${dir}/empty.wav: ok (RIFF 'WAVE', 2 chunks, 20 bytes)`]);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @module
 */

import {
  FOURCC_LIST,
  FOURCC_RIFF,
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_READ,
  mmioClose,
  mmioDescend,
  MMIOERR_ACCESSDENIED,
  MMIOERR_CHUNKNOTFOUND,
  MMIOERR_FILENOTFOUND,
  MMIOERR_PATHNOTFOUND,
  mmioFOURCCToString,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioRead,
  mmioSeek,
  SEEK_END,
  SEEK_SET,
} from "../mod.ts";

/**
 * One chunk of a RIFF file, as {@linkcode walkRiff} finds it.
 *
 * @example The chunk inside a RIFF form
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * // RIFF 'TEST' holding one 2-byte chunk 'abcd'.
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const { chunks } = await walkRiff(h);
 * const inner = chunks[0].children![0];
 * assertEquals([inner.id, inner.offset, inner.size, inner.dataOffset], ["abcd", 12, 2, 20]);
 * await mmioClose(h);
 * ```
 */
export interface RiffChunk {
  /** The chunk identifier as four characters (bytes outside ASCII escaped). */
  id: string;
  /** The form type (`RIFF`) or list type (`LIST`); absent for other chunks. */
  type?: string;
  /** The file offset of the chunk's 8-byte header. */
  offset: number;
  /** The size of the chunk's data as stored in the header. */
  size: number;
  /** The file offset of the chunk's data. */
  dataOffset: number;
  /** The chunks inside a `RIFF` or `LIST` chunk. */
  children?: RiffChunk[];
}

/**
 * A structural problem found by {@linkcode walkRiff}.
 *
 * @example A valid file has none
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * // RIFF 'TEST' holding one 2-byte chunk 'abcd'.
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const problems = (await walkRiff(h)).problems;
 * assertEquals(problems.map((p) => `${p.offset}: ${p.message}`), []);
 * await mmioClose(h);
 * ```
 */
export interface RiffProblem {
  /** The file offset where the problem is. */
  offset: number;
  /** What is wrong, in one sentence. */
  message: string;
}

/**
 * What {@linkcode walkRiff} found.
 *
 * @example The top of the tree
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * // RIFF 'TEST' holding one 2-byte chunk 'abcd'.
 * const file = new TextEncoder().encode("RIFF\x0e\0\0\0TESTabcd\x02\0\0\0hi");
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const walk = await walkRiff(h);
 * assertEquals([walk.fileSize, walk.chunks[0].id, walk.chunks[0].type], [22, "RIFF", "TEST"]);
 * await mmioClose(h);
 * ```
 */
export interface RiffWalk {
  /** The size of the file (or memory block) in bytes. */
  fileSize: number;
  /** The top-level chunks, normally one `RIFF` chunk. */
  chunks: RiffChunk[];
  /** The structural problems, in file order; empty for a valid file. */
  problems: RiffProblem[];
}

/**
 * The WAV format (`fmt ` chunk) fields, as {@linkcode readRiffInfo} reads
 * them.
 *
 * @example The fields of a PCM format
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { readRiffInfo } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * // A 44-byte header of a mono 8 kHz 16-bit WAV, then 4 bytes of samples.
 * const file = new Uint8Array(48);
 * const v = new DataView(file.buffer);
 * file.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * v.setUint32(4, 40, true);
 * v.setUint32(16, 16, true);
 * v.setUint16(20, 1, true); // PCM
 * v.setUint16(22, 1, true); // mono
 * v.setUint32(24, 8000, true);
 * v.setUint32(28, 16000, true);
 * v.setUint16(32, 2, true);
 * v.setUint16(34, 16, true);
 * file.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 4, true);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const format = (await readRiffInfo(h))!.format!;
 * assertEquals([format.formatTag, format.channels, format.sampleRate, format.bitsPerSample], [1, 1, 8000, 16]);
 * await mmioClose(h);
 * ```
 */
export interface WaveFormat {
  /** `wFormatTag`: 1 PCM, 3 IEEE float, 0xFFFE extensible, ... */
  formatTag: number;
  /** For `WAVE_FORMAT_EXTENSIBLE`, the format tag inside the sub-format GUID. */
  subFormatTag?: number;
  /** `nChannels`. */
  channels: number;
  /** `nSamplesPerSec`, in Hz. */
  sampleRate: number;
  /** `nAvgBytesPerSec`. */
  byteRate: number;
  /** `nBlockAlign`: bytes per frame. */
  blockAlign: number;
  /** `wBitsPerSample`. */
  bitsPerSample: number;
}

/**
 * What {@linkcode readRiffInfo} found.
 *
 * @example Form type, data size and duration
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioClose, mmioOpen } from "@mmio/mmio";
 * import { readRiffInfo } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * // A 44-byte header of a mono 8 kHz 16-bit WAV, then 4 bytes of samples.
 * const file = new Uint8Array(48);
 * const v = new DataView(file.buffer);
 * file.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * v.setUint32(4, 40, true);
 * v.setUint32(16, 16, true);
 * v.setUint16(20, 1, true); // PCM
 * v.setUint16(22, 1, true); // mono
 * v.setUint32(24, 8000, true);
 * v.setUint32(28, 16000, true);
 * v.setUint16(32, 2, true);
 * v.setUint16(34, 16, true);
 * file.set(new TextEncoder().encode("data"), 36);
 * v.setUint32(40, 4, true);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ))!;
 * const info = (await readRiffInfo(h))!;
 * assertEquals([info.formType, info.dataSize, info.duration], ["WAVE", 4, 0.00025]);
 * await mmioClose(h);
 * ```
 */
export interface RiffInfo {
  /** The form type of the first `RIFF` chunk, e.g. `WAVE`. */
  formType: string;
  /** The size of the first `RIFF` chunk's data as stored in its header. */
  riffSize: number;
  /** The size of the file (or memory block) in bytes. */
  fileSize: number;
  /** The `fmt ` fields, when the form has a `fmt ` chunk of 16 bytes or more. */
  format?: WaveFormat;
  /** The size of the `data` chunk, when there is one. */
  dataSize?: number;
  /** The bytes of the `data` chunk actually present in the file. */
  dataPresent?: number;
  /** The duration in seconds (`dataSize / byteRate`), when both are known. */
  duration?: number;
  /** Text fields of a `LIST` `INFO` chunk (`INAM`, `IART`, ...), in order. */
  tags: [string, string][];
}

/**
 * Where {@linkcode main} writes: one call per line, without the newline.
 *
 * @example Capturing the tool's output
 * ```ts
 * import { type CliOutput, main } from "@mmio/mmio/cli";
 * import { assertEquals } from "@std/assert";
 * const lines: string[] = [];
 * const output: CliOutput = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
 * assertEquals(await main(["--help"], output), 0);
 * assertEquals(lines.length > 0, true);
 * ```
 */
export interface CliOutput {
  /** Standard output. */
  out(line: string): void;
  /** Standard error. */
  err(line: string): void;
}

const consoleOutput: CliOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** Deeper nesting than this is reported instead of followed. */
const MAX_DEPTH = 1000;

/** A FOURCC as text, with bytes outside printable ASCII escaped. */
function fourcc(fcc: number): string {
  let s = "";
  for (const c of mmioFOURCCToString(fcc)) {
    const code = c.charCodeAt(0);
    s += code >= 0x20 && code < 0x7f
      ? c
      : `\\x${code.toString(16).padStart(2, "0")}`;
  }
  return s;
}

function isPrintable(fcc: number): boolean {
  for (let i = 0; i < 4; i++) {
    const code = (fcc >>> (8 * i)) & 0xff;
    if (code < 0x20 || code >= 0x7f) return false;
  }
  return true;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Reads the chunk tree of a RIFF file from an open handle, and checks its
 * structure on the way: sizes against the file and against the parent
 * chunk, pad bytes after odd-sized chunks (present and zero), truncated
 * headers, stray bytes, non-ASCII chunk identifiers, a first chunk that is
 * not `RIFF`. It navigates with `mmioDescend` from explicit positions, so no
 * input can make it loop; nesting deeper than 1000 levels is reported, not
 * followed.
 *
 * The handle's position is left wherever the walk ended.
 *
 * @param h An open handle (a file or a memory file).
 * @returns The chunks, the problems found (empty for a valid file) and the
 * file size.
 *
 * @example List the chunks of a WAV file in memory
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/cli";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const wav = new Uint8Array(20);
 * wav.set(new TextEncoder().encode("RIFF\x0c\0\0\0WAVEdata"));
 * await using h = await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   pchBuffer: wav,
 *   cchBuffer: wav.length,
 * }, MMIO_READ);
 * if (!h) throw new Error("mmioOpen failed");
 * const walk = await walkRiff(h);
 * assertEquals(walk.problems, []);
 * assertEquals(walk.chunks[0].type, "WAVE");
 * assertEquals(walk.chunks[0].children?.map((c) => c.id), ["data"]);
 * ```
 */
export async function walkRiff(h: HMMIO): Promise<RiffWalk> {
  const fileSize = await mmioSeek(h, 0, SEEK_END);
  const problems: RiffProblem[] = [];
  const chunks: RiffChunk[] = [];
  if (fileSize < 0) {
    problems.push({ offset: 0, message: "cannot find the size of the file" });
    return { fileSize: 0, chunks, problems };
  }
  if (fileSize === 0) {
    problems.push({ offset: 0, message: "the file is empty" });
    return { fileSize, chunks, problems };
  }
  const problem = (offset: number, message: string) =>
    problems.push({ offset, message });
  const byte = new Uint8Array(1);

  /**
   * Walks the chunks in [start, declaredEnd) of `parent` (the whole file
   * when null). Positions are computed here and set with mmioSeek before
   * each descend, so a lying size cannot send the walk backwards.
   */
  async function level(
    parent: MMCKINFO | null,
    parentName: string,
    start: number,
    declaredEnd: number,
    depth: number,
    into: RiffChunk[],
  ): Promise<void> {
    const end = Math.min(declaredEnd, fileSize);
    let pos = start;
    while (pos < end) {
      const left = end - pos;
      if (left < 8) {
        problem(
          pos,
          end < declaredEnd
            ? `the file ends inside a chunk header (${left} of 8 bytes)`
            : `${
              plural(left, "stray byte")
            } after the last chunk of ${parentName}, too few for a chunk header`,
        );
        return;
      }
      if (await mmioSeek(h, pos, SEEK_SET) !== pos) {
        problem(pos, "cannot seek to the chunk header");
        return;
      }
      const ck: MMCKINFO = {
        ckid: 0,
        cksize: 0,
        fccType: 0,
        dwDataOffset: 0,
        dwFlags: 0,
      };
      const code = await mmioDescend(h, ck, parent, 0);
      // Not found with this very header read: mmioDescend refused the chunk
      // (its size runs past the parent or the file). Report it, then stop
      // this level: nothing after it can be trusted.
      const refused = code === MMIOERR_CHUNKNOTFOUND &&
        ck.dwDataOffset === pos + 8;
      if (code !== 0 && !refused) {
        problem(pos, `mmioDescend cannot read a chunk here (error ${code})`);
        return;
      }
      const id = fourcc(ck.ckid);
      const isList = ck.ckid === FOURCC_RIFF || ck.ckid === FOURCC_LIST;
      const node: RiffChunk = {
        id,
        offset: pos,
        size: ck.cksize,
        dataOffset: pos + 8,
      };
      if (isList && ck.cksize >= 4 && pos + 12 <= fileSize) {
        node.type = fourcc(ck.fccType);
      }
      into.push(node);
      const name = `'${id}' at offset ${pos}`;
      if (!isPrintable(ck.ckid)) {
        problem(
          pos,
          `chunk id '${id}' is not printable ASCII (misplaced header or missing pad byte before it?)`,
        );
      }
      if (parent === null && depth === 0 && ck.ckid !== FOURCC_RIFF) {
        problem(
          pos,
          into.length === 1
            ? `not a RIFF file: it starts with '${id}'`
            : `top-level chunk ${name} is not a RIFF chunk`,
        );
      }
      const dataEnd = node.dataOffset + ck.cksize;
      if (dataEnd > declaredEnd && parent !== null) {
        problem(
          pos,
          `chunk ${name}: size ${ck.cksize} runs ${
            dataEnd - declaredEnd
          } bytes past the end of ${parentName} (offset ${declaredEnd})`,
        );
      }
      if (dataEnd > fileSize) {
        problem(
          pos,
          `chunk ${name} is truncated: size ${ck.cksize}, but the file holds ${
            Math.max(0, fileSize - node.dataOffset)
          } bytes of it`,
        );
      }
      if (isList && ck.cksize < 4) {
        problem(
          pos,
          `chunk ${name}: size ${ck.cksize} leaves no room for its 4-byte type`,
        );
      }
      // An odd size needs a zero pad byte after the data, inside the parent.
      // (A chunk already reported as running past its parent is skipped.)
      if (ck.cksize % 2 === 1 && dataEnd <= declaredEnd) {
        if (dataEnd === fileSize) {
          problem(
            dataEnd,
            `odd-sized chunk ${name} has no pad byte at the end of the file`,
          );
        } else if (dataEnd === declaredEnd) {
          problem(
            dataEnd,
            `the pad byte after odd-sized chunk ${name} lies outside ${parentName}`,
          );
        } else if (dataEnd < fileSize) {
          await mmioSeek(h, dataEnd, SEEK_SET);
          if (await mmioRead(h, byte, 1) === 1 && byte[0] !== 0) {
            problem(
              dataEnd,
              `the pad byte after odd-sized chunk ${name} is 0x${
                byte[0].toString(16).padStart(2, "0")
              }, not 0`,
            );
          }
        }
      }
      if (node.type !== undefined) {
        if (depth + 1 >= MAX_DEPTH) {
          problem(pos, `chunks nested deeper than ${MAX_DEPTH} levels`);
          return;
        }
        node.children = [];
        await level(
          { ...ck },
          `${id} '${node.type}' at offset ${pos}`,
          node.dataOffset + 4,
          dataEnd,
          depth + 1,
          node.children,
        );
      }
      if (refused) return;
      pos = dataEnd + ck.cksize % 2;
    }
  }

  await level(null, "the file", 0, fileSize, 0, chunks);
  problems.sort((a, b) => a.offset - b.offset);
  return { fileSize, chunks, problems };
}

function find(
  chunks: RiffChunk[] | undefined,
  id: string,
  type?: string,
): RiffChunk | undefined {
  return chunks?.find((c) =>
    c.id === id && (type === undefined || c.type === type)
  );
}

/** Reads up to `max` bytes of a chunk's data that are in the file. */
async function readData(
  h: HMMIO,
  chunk: RiffChunk,
  max: number,
): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.min(chunk.size, max));
  if (await mmioSeek(h, chunk.dataOffset, SEEK_SET) !== chunk.dataOffset) {
    return buffer.subarray(0, 0);
  }
  let got = 0;
  while (got < buffer.length) {
    const n = await mmioRead(h, buffer.subarray(got), buffer.length - got);
    if (n <= 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

/**
 * Reads what a RIFF file holds: the form type of its first `RIFF` chunk,
 * and for a WAV file the `fmt ` fields, the `data` size and the duration,
 * plus the text tags of a `LIST` `INFO` chunk.
 *
 * @param h An open handle (a file or a memory file).
 * @param walk The file's chunk tree, when already read with
 * {@linkcode walkRiff}; read here otherwise.
 * @returns The information, or `null` when the file has no `RIFF` chunk.
 *
 * @example Read the format of a WAV file in memory
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { readRiffInfo } from "@mmio/mmio/cli";
 * import { assert, assertEquals } from "@std/assert";
 *
 * // 44-byte header + 8 bytes of 16-bit stereo PCM at 8000 Hz.
 * const wav = new Uint8Array(52);
 * const view = new DataView(wav.buffer);
 * wav.set(new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "));
 * view.setUint32(4, 44, true);
 * view.setUint32(16, 16, true);
 * view.setUint16(20, 1, true); // PCM
 * view.setUint16(22, 2, true); // channels
 * view.setUint32(24, 8000, true); // sample rate
 * view.setUint32(28, 32000, true); // byte rate
 * view.setUint16(32, 4, true); // block align
 * view.setUint16(34, 16, true); // bits per sample
 * wav.set(new TextEncoder().encode("data"), 36);
 * view.setUint32(40, 8, true);
 *
 * await using h = await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   pchBuffer: wav,
 *   cchBuffer: wav.length,
 * }, MMIO_READ);
 * if (!h) throw new Error("mmioOpen failed");
 * const info = (await readRiffInfo(h))!;
 * assertEquals(info?.formType, "WAVE");
 * assertEquals(info?.format?.sampleRate, 8000);
 * assertEquals(info?.dataSize, 8);
 * assertEquals(info?.duration, 8 / 32000);
 * ```
 */
export async function readRiffInfo(
  h: HMMIO,
  walk?: RiffWalk,
): Promise<RiffInfo | null> {
  walk ??= await walkRiff(h);
  const riff = find(walk.chunks, "RIFF");
  if (!riff || riff.type === undefined) return null;
  const info: RiffInfo = {
    formType: riff.type,
    riffSize: riff.size,
    fileSize: walk.fileSize,
    tags: [],
  };
  const fmt = find(riff.children, "fmt ");
  if (fmt && fmt.size >= 16) {
    const bytes = await readData(h, fmt, 40);
    if (bytes.length >= 16) {
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
      info.format = {
        formatTag: v.getUint16(0, true),
        channels: v.getUint16(2, true),
        sampleRate: v.getUint32(4, true),
        byteRate: v.getUint32(8, true),
        blockAlign: v.getUint16(12, true),
        bitsPerSample: v.getUint16(14, true),
      };
      // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
      if (info.format.formatTag === 0xfffe && bytes.length >= 26) {
        info.format.subFormatTag = v.getUint16(24, true);
      }
    }
  }
  const data = find(riff.children, "data");
  if (data) {
    info.dataSize = data.size;
    info.dataPresent = Math.max(
      0,
      Math.min(data.size, walk.fileSize - data.dataOffset),
    );
    if (info.format && info.format.byteRate > 0) {
      info.duration = data.size / info.format.byteRate;
    }
  }
  const tags = find(riff.children, "LIST", "INFO");
  for (const tag of tags?.children ?? []) {
    const text = await readData(h, tag, 1024);
    const zero = text.indexOf(0);
    info.tags.push([
      tag.id,
      new TextDecoder().decode(zero < 0 ? text : text.subarray(0, zero)),
    ]);
  }
  return info;
}

const FORMAT_NAMES: Record<number, string> = {
  0x0001: "PCM",
  0x0002: "Microsoft ADPCM",
  0x0003: "IEEE float",
  0x0006: "A-law",
  0x0007: "mu-law",
  0x0011: "IMA ADPCM",
  0x0055: "MPEG Layer 3",
  0xfffe: "extensible",
};

function formatName(tag: number): string {
  const hex = `0x${tag.toString(16).padStart(4, "0")}`;
  return FORMAT_NAMES[tag] ? `${hex} (${FORMAT_NAMES[tag]})` : hex;
}

function treeLines(chunks: RiffChunk[], indent: string, lines: string[]) {
  chunks.forEach((c, i) => {
    const last = i === chunks.length - 1;
    const type = c.type === undefined ? "" : ` '${c.type}'`;
    lines.push(
      `${indent}${
        last ? "└─" : "├─"
      } ${c.id}${type}  offset ${c.offset}  size ${c.size}`,
    );
    if (c.children) {
      treeLines(c.children, indent + (last ? "   " : "│  "), lines);
    }
  });
}

function formatTree(file: string, walk: RiffWalk): string[] {
  const lines = [`${file}  ${walk.fileSize} bytes`];
  treeLines(walk.chunks, "", lines);
  return lines;
}

function formatInfo(file: string, info: RiffInfo): string[] {
  const lines = [
    `file          ${file} (${info.fileSize} bytes)`,
    `form          RIFF '${info.formType}' (size ${info.riffSize})`,
  ];
  const f = info.format;
  if (f) {
    const sub = f.subFormatTag === undefined
      ? ""
      : `, sub-format ${formatName(f.subFormatTag)}`;
    lines.push(
      `format tag    ${formatName(f.formatTag)}${sub}`,
      `channels      ${f.channels}`,
      `sample rate   ${f.sampleRate} Hz`,
      `byte rate     ${f.byteRate} bytes/s`,
      `block align   ${f.blockAlign} bytes`,
      `bits          ${f.bitsPerSample}`,
    );
  }
  if (info.dataSize !== undefined) {
    const frames = f && f.blockAlign > 0
      ? `, ${Math.floor(info.dataSize / f.blockAlign)} frames`
      : "";
    const cut = info.dataPresent !== info.dataSize
      ? ` (only ${info.dataPresent} in the file)`
      : "";
    lines.push(`data          ${info.dataSize} bytes${frames}${cut}`);
  }
  if (info.duration !== undefined) {
    lines.push(`duration      ${info.duration.toFixed(3)} s`);
  }
  for (const [id, text] of info.tags) {
    lines.push(`${`tag ${id}`.padEnd(13)} ${text}`);
  }
  return lines;
}

const USAGE = `mmio: inspect RIFF files (WAV, AVI, WebP, ...)

Usage: deno run -R jsr:@mmio/mmio/cli <command> <file>...

Commands:
  tree <file>...    print the chunk tree with offsets and sizes
  info <file>...    print the form type and, for WAV, the format and duration
  check <file>...   check the structure: sizes against the file and the
                    parent chunk, pad bytes, truncation

Options:
  -h, --help        show this help

Permissions: read access to the files given, nothing else.
Exit codes: 0 ok; 1 a broken file (check) or not a RIFF file;
            2 a usage error or a file that cannot be opened.`;

/** Opens `file` for reading, or says in one line why it cannot. */
async function open(
  file: string,
  output: CliOutput,
): Promise<HMMIO | null> {
  const info: Partial<MMIOINFO> = {};
  const h = await mmioOpen(file, info, MMIO_READ | MMIO_ALLOCBUF);
  if (h) return h;
  const code = info.wErrorRet ?? 0;
  const cause = mmioGetLastError(info)?.cause;
  const why = cause instanceof Error ? cause.message : String(cause ?? "");
  if (code === MMIOERR_ACCESSDENIED) {
    output.err(`mmio: permission denied: ${why || file}`);
  } else if (
    code === MMIOERR_FILENOTFOUND || code === MMIOERR_PATHNOTFOUND
  ) {
    output.err(`mmio: ${file}: no such file`);
  } else {
    output.err(
      `mmio: ${file}: cannot open (error ${code}${why ? `: ${why}` : ""})`,
    );
  }
  return null;
}

async function run(
  command: string,
  file: string,
  output: CliOutput,
): Promise<number> {
  const h = await open(file, output);
  if (!h) return 2;
  try {
    const walk = await walkRiff(h);
    if (command === "tree") {
      for (const line of formatTree(file, walk)) output.out(line);
      if (walk.problems.length > 0) {
        output.out(
          `(${
            plural(walk.problems.length, "structural problem")
          }: run "check" for details)`,
        );
      }
      return walk.chunks.length > 0 && walk.chunks[0].id === "RIFF" ? 0 : 1;
    }
    if (command === "info") {
      const info = await readRiffInfo(h, walk);
      if (!info) {
        const first = walk.chunks[0]?.id;
        output.err(
          `mmio: ${file}: not a RIFF file${
            first ? ` (it starts with '${first}')` : ""
          }`,
        );
        return 1;
      }
      for (const line of formatInfo(file, info)) output.out(line);
      return 0;
    }
    // check
    if (walk.problems.length === 0) {
      const riff = walk.chunks[0];
      let count = 0;
      const countAll = (cs: RiffChunk[]) =>
        cs.forEach((c) => {
          count++;
          countAll(c.children ?? []);
        });
      countAll(walk.chunks);
      output.out(
        `${file}: ok (RIFF '${riff.type}', ${
          plural(count, "chunk")
        }, ${walk.fileSize} bytes)`,
      );
      return 0;
    }
    output.out(`${file}: ${plural(walk.problems.length, "problem")}`);
    for (const p of walk.problems) {
      output.out(`  offset ${p.offset}: ${p.message}`);
    }
    return 1;
  } finally {
    await mmioClose(h);
  }
}

/**
 * Runs the `mmio` command-line tool on an argument list, as `deno run`
 * would with `Deno.args`: `tree`, `info` or `check` followed by one or more
 * files, or `--help`.
 *
 * @param args The arguments, without the program name.
 * @param output Where the lines go (default: the console).
 * @returns The exit code: 0 success; 1 a broken file (`check`) or a file
 * that is not RIFF; 2 a usage error or a file that cannot be opened.
 *
 * @example Print the help
 * ```ts
 * import { main } from "@mmio/mmio/cli";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 *
 * const lines: string[] = [];
 * const code = await main(["--help"], { out: (s) => lines.push(s), err: (s) => lines.push(s) });
 * assertEquals(code, 0);
 * assertStringIncludes(lines.join("\n"), "tree <file>");
 * ```
 */
export async function main(
  args: string[],
  output: CliOutput = consoleOutput,
): Promise<number> {
  if (!Array.isArray(args)) {
    throw new TypeError(`args must be an array of strings, got ${typeof args}`);
  }
  if (args.includes("-h") || args.includes("--help") || args[0] === "help") {
    output.out(USAGE);
    return 0;
  }
  const [command, ...files] = args;
  if (command === undefined) {
    output.err(USAGE);
    return 2;
  }
  if (command !== "tree" && command !== "info" && command !== "check") {
    output.err(`mmio: unknown command "${command}" (try --help)`);
    return 2;
  }
  if (files.length === 0) {
    output.err(`mmio: ${command} needs a file (try --help)`);
    return 2;
  }
  let exitCode = 0;
  for (const [i, file] of files.entries()) {
    if (command !== "check" && files.length > 1 && i > 0) output.out("");
    exitCode = Math.max(exitCode, await run(command, file, output));
  }
  return exitCode;
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
