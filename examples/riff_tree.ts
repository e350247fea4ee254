/**
 * Prints the chunk tree of a RIFF file (WAV, AVI, WebP, RF64/BW64, ...).
 *
 * ```sh
 * deno run -R examples/riff_tree.ts song.wav
 * deno run -R examples/riff_tree.ts --depth 1 movie.avi   # the top levels only
 * deno run -A examples/riff_tree.ts                       # on a sample file it makes
 * ```
 *
 * The walk is the classic MMIO loop: `mmioDescend` into each chunk with its
 * parent, recurse into `RIFF` and `LIST` chunks, `mmioAscend` out, until
 * `mmioDescend` says `MMIOERR_CHUNKNOTFOUND`. Because the search is bounded
 * by the parent and `mmioAscend` always moves forward, the loop ends on any
 * input, broken files included. An `RF64`/`BW64` form (a file past 4 GiB)
 * is walked the same way: `mmioDescend` reads its `ds64` chunk and reports
 * the true 64-bit sizes. Chunk ids are printed escaped (a file can hold any
 * bytes, terminal escapes included). For the checks and the problems a
 * broken file has, see `@mmio/mmio/riff` and `mmio check`.
 *
 * @module
 */

import {
  FOURCC_LIST,
  FOURCC_RIFF,
  type HMMIO,
  type MMCKINFO,
  MMIO_ALLOCBUF,
  MMIO_CREATE,
  MMIO_CREATELIST,
  MMIO_CREATERIFF,
  MMIO_READ,
  MMIO_WRITE,
  mmioAscend,
  mmioClose,
  mmioCreateChunk,
  mmioDescend,
  MMIOERR_CHUNKNOTFOUND,
  mmioFOURCC,
  mmioFOURCCToString,
  mmioGetLastError,
  type MMIOINFO,
  mmioOpen,
  mmioWrite,
} from "../mod.ts";

const FOURCC_RF64 = mmioFOURCC("R", "F", "6", "4");
const FOURCC_BW64 = mmioFOURCC("B", "W", "6", "4");

/** Chunks that start with a type and hold chunks. */
function holdsChunks(ckid: number): boolean {
  return ckid === FOURCC_RIFF || ckid === FOURCC_LIST ||
    ckid === FOURCC_RF64 || ckid === FOURCC_BW64;
}

/** A FOURCC as text, with bytes outside printable ASCII as `\xNN`. */
function text(fcc: number): string {
  return Array.from(mmioFOURCCToString(fcc), (c) => {
    const code = c.charCodeAt(0);
    return code >= 0x20 && code < 0x7f && c !== "\\"
      ? c
      : `\\x${code.toString(16).padStart(2, "0")}`;
  }).join("");
}

function chunk(ckid = "", fccType = ""): MMCKINFO {
  const fcc = (s: string) => s ? mmioFOURCC(s[0], s[1], s[2], s[3]) : 0;
  return {
    ckid: fcc(ckid),
    cksize: 0,
    fccType: fcc(fccType),
    dwDataOffset: 0,
    dwFlags: 0,
  };
}

/** How deep the tree is printed unless `--depth` says otherwise. */
const MAX_DEPTH = 1000;
/** Past this many levels the indentation stops growing and names the level. */
const MAX_INDENT = 32;

function indentOf(level: number): string {
  return level <= MAX_INDENT
    ? "  ".repeat(level)
    : `${"  ".repeat(MAX_INDENT)}[level ${level}] `;
}

/**
 * Prints the chunks inside `parent` (the whole file when null) at `level`,
 * down to `depth` more levels. Returns the chunks printed, or an error
 * message. A hostile file nested 100,000 levels deep prints at most `depth`
 * of them, each line of bounded width.
 */
async function printChunks(
  h: HMMIO,
  parent: MMCKINFO | null,
  level: number,
  depth: number,
): Promise<number | string> {
  const indent = indentOf(level);
  let count = 0;
  while (true) {
    const ck = chunk();
    const code = await mmioDescend(h, ck, parent, 0);
    if (code === MMIOERR_CHUNKNOTFOUND) return count;
    if (code !== 0) return `mmioDescend returned ${code}`;
    count++;
    const typed = holdsChunks(ck.ckid);
    const type = typed ? ` '${text(ck.fccType)}'` : "";
    console.log(
      `${indent}${text(ck.ckid)}${type}  offset ${
        ck.dwDataOffset - 8
      }  size ${ck.cksize}`,
    );
    if (typed && depth > 1) {
      const inner = await printChunks(h, ck, level + 1, depth - 1);
      if (typeof inner === "string") return inner;
      count += inner;
    } else if (typed && ck.cksize > 4 && level === MAX_DEPTH) {
      // Only the default cap says so; a --depth asked for is obeyed quietly.
      console.log(
        `${
          indentOf(level + 1)
        }... (deeper than ${MAX_DEPTH} levels: not shown)`,
      );
    }
    const up = await mmioAscend(h, ck, 0);
    if (up !== 0) return `mmioAscend returned ${up}`;
  }
}

/** Writes a small WAV file with a `LIST` `INFO` chunk to print. */
async function makeSample(path: string): Promise<void> {
  const h = await mmioOpen(
    path,
    null,
    MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF,
  );
  if (!h) throw new Error(`cannot create ${path}`);
  try {
    const riff = chunk("", "WAVE");
    await mmioCreateChunk(h, riff, MMIO_CREATERIFF);
    const fmt = chunk("fmt ");
    await mmioCreateChunk(h, fmt, 0);
    const format = new DataView(new ArrayBuffer(16));
    format.setUint16(0, 1, true); // PCM
    format.setUint16(2, 1, true); // mono
    format.setUint32(4, 8000, true); // Hz
    format.setUint32(8, 16000, true); // bytes per second
    format.setUint16(12, 2, true); // bytes per frame
    format.setUint16(14, 16, true); // bits
    await mmioWrite(h, new Uint8Array(format.buffer));
    await mmioAscend(h, fmt, 0);

    const list = chunk("", "INFO");
    await mmioCreateChunk(h, list, MMIO_CREATELIST);
    for (const [id, text] of [["INAM", "Silence"], ["ISFT", "@mmio/mmio"]]) {
      const tag = chunk(id);
      await mmioCreateChunk(h, tag, 0);
      // Zero-terminated; an odd length gets its pad byte from mmioAscend.
      await mmioWrite(h, new TextEncoder().encode(text + "\0"));
      await mmioAscend(h, tag, 0);
    }
    await mmioAscend(h, list, 0);

    const data = chunk("data");
    await mmioCreateChunk(h, data, 0);
    await mmioWrite(h, new Uint8Array(8000)); // half a second of silence
    await mmioAscend(h, data, 0);
    await mmioAscend(h, riff, 0);
  } catch (error) {
    await mmioClose(h);
    throw error;
  }
  // mmioClose writes what is still buffered: its answer matters.
  const code = await mmioClose(h);
  if (code !== 0) throw new Error(`mmioClose returned ${code}`);
}

async function main(args: string[]): Promise<number> {
  let depth = MAX_DEPTH;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--depth") {
      depth = Number(args[++i]);
      if (!Number.isInteger(depth) || depth < 1) {
        console.error("riff_tree: --depth needs a whole number >= 1");
        return 2;
      }
    } else {
      files.push(args[i]);
    }
  }
  const given = files[0];
  const dir = given ? null : await Deno.makeTempDir({ prefix: "riff_tree_" });
  const path = given ?? `${dir}/sample.wav`;
  try {
    if (!given) await makeSample(path);
    const info: Partial<MMIOINFO> = {};
    const h = await mmioOpen(path, info, MMIO_READ | MMIO_ALLOCBUF);
    if (!h) {
      // The cause says why: for a refused permission, the path and the flag.
      const error = mmioGetLastError(info);
      console.error(`cannot open ${path}: ${error?.cause ?? error?.message}`);
      return 2;
    }
    try {
      console.log(path);
      const count = await printChunks(h, null, 1, depth);
      if (typeof count === "string") {
        console.error(`riff_tree: ${count}: the file is broken here`);
        return 1;
      }
      console.log(`${count} chunk${count === 1 ? "" : "s"}`);
    } finally {
      await mmioClose(h);
    }
    return 0;
  } finally {
    if (dir) await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args);
}
