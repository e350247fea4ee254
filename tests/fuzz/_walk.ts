// The recursive RIFF walk shared by the corpus test, the fuzz slice in
// `deno task test` and the long fuzz run (`deno task fuzz`).
//
// The walk is the loop every RIFF reader writes:
//
//   while (mmioDescend(h, ck, parent, 0) == 0) { recurse into lists; mmioAscend }
//
// It records what it saw as rows, and, given the file's bytes, checks every
// step against the rules of behavior.md §10 (the "oracle"). It also keeps
// its own budget of steps so that an engine that fails to move forward
// shows up as a violation instead of a hang.

import {
  FOURCC_LIST,
  FOURCC_RIFF,
  type HMMIO,
  type MMCKINFO,
  MMIO_FINDCHUNK,
  MMIO_FINDLIST,
  MMIO_FINDRIFF,
  mmioAscend,
  mmioDescend,
  MMIOERR_CHUNKNOTFOUND,
  mmioSeek,
  MMSYSERR_NOERROR,
  SEEK_CUR,
  SEEK_SET,
} from "../../mod.ts";
import { fccText, padded, u32At } from "./_riff.ts";

/**
 * One step of a walk:
 * - `["ck", depth, ckid, cksize, dwDataOffset, fccType]`: a chunk found by
 *   `mmioDescend(..., 0)` (`fccType` is `""` when 0);
 * - `["end", depth, code, position]`: the descend that ended a level;
 * - `["up", depth, code, position]`: `mmioAscend` out of the chunk.
 */
export type WalkRow =
  | readonly ["ck", number, string, number, number, string]
  | readonly ["end" | "up", number, number, number];

/** What the file looks like, for the oracle. */
export interface WalkOracle {
  /** The whole file. */
  bytes: Uint8Array;
  /** A memory file: ascend stops at the end of the block. */
  memory: boolean;
}

/** Options of {@linkcode walkRiff}. */
export interface WalkOptions {
  /** Check each step against behavior.md §10. */
  oracle?: WalkOracle;
  /** Lists deeper than this are ascended without being entered. */
  maxDepth?: number;
  /** The most `mmioDescend` calls the walk may make (default: 2 × size + 64). */
  maxSteps?: number;
  /**
   * Random numbers in [0, 1): when given, every level also runs one search
   * (`MMIO_FINDCHUNK`/`FINDRIFF`/`FINDLIST` for a target taken from the
   * file or 0) and checks it, then seeks back.
   */
  random?: () => number;
}

/** The outcome of {@linkcode walkRiff}. */
export interface WalkResult {
  rows: WalkRow[];
  /** `mmioDescend` calls made by the flags-0 loop. */
  steps: number;
  /** Deepest level entered (0: top level). */
  depth: number;
  /** Searches made with `options.random`. */
  searches: number;
  /** Broken rules, each with the step where it happened; empty when fine. */
  violations: string[];
}

function isList(ckid: number): boolean {
  return ckid === FOURCC_RIFF || ckid === FOURCC_LIST;
}

function show(ck: Partial<MMCKINFO>): string {
  return `{ckid ${
    JSON.stringify(fccText(ck.ckid ?? 0))
  }, cksize ${ck.cksize}, ` +
    `fccType ${
      JSON.stringify(fccText(ck.fccType ?? 0))
    }, dwDataOffset ${ck.dwDataOffset}, ` +
    `dwFlags ${ck.dwFlags}}`;
}

/** Caller input that a correct engine must overwrite. */
function junkChunk(): MMCKINFO {
  return {
    ckid: 0x6b6e756a, // "junk"
    cksize: 0x5a5a5a5a,
    fccType: 0x45505954, // "TYPE"
    dwDataOffset: 0x12345,
    dwFlags: 0x7fff,
  };
}

/** Whether the chunk at `at` is what the search asks for. */
function matches(
  b: Uint8Array,
  at: number,
  flags: number,
  target: number,
): boolean {
  const ckid = u32At(b, at);
  if (ckid === null) return false;
  if (flags === MMIO_FINDCHUNK) return target === 0 || ckid === target;
  const id = flags === MMIO_FINDRIFF ? FOURCC_RIFF : FOURCC_LIST;
  if (ckid !== id) return false;
  const type = u32At(b, at + 8);
  return type !== null && (target === 0 || type === target);
}

class Walker {
  readonly rows: WalkRow[] = [];
  readonly violations: string[] = [];
  steps = 0;
  searches = 0;
  deepest = 0;
  readonly #h: HMMIO;
  readonly #oracle?: WalkOracle;
  readonly #maxDepth: number;
  readonly #maxSteps: number;
  readonly #random?: () => number;

  constructor(h: HMMIO, options: WalkOptions) {
    this.#h = h;
    this.#oracle = options.oracle;
    this.#maxDepth = options.maxDepth ?? 100_000;
    // A correct engine stays far below 2 × size + 1: every chunk found
    // starts at a different offset inside the file (a level only goes
    // forward, and ascending a list goes past every child it holds), and
    // each level ends with one failed descend.
    this.#maxSteps = options.maxSteps ??
      (options.oracle ? 2 * options.oracle.bytes.length + 64 : 1_000_000);
    this.#random = options.random;
  }

  #violate(what: string): void {
    // One broken rule tends to cascade; the first few tell the story.
    if (this.violations.length < 20) {
      this.violations.push(`step ${this.steps}: ${what}`);
    }
  }

  async #tell(): Promise<number> {
    return await mmioSeek(this.#h, 0, SEEK_CUR);
  }

  /** The position the oracle expects after ascending out of `ck`. */
  #ascendTarget(ck: MMCKINFO): number {
    const end = ck.dwDataOffset + padded(ck.cksize);
    const o = this.#oracle!;
    return o.memory ? Math.min(end, o.bytes.length) : end;
  }

  #checkPosition(pos: number, where: string): void {
    const o = this.#oracle;
    if (pos < 0) this.#violate(`${where}: position ${pos} is negative`);
    if (o?.memory && pos > o.bytes.length) {
      this.#violate(
        `${where}: position ${pos} is past the end of the ${o.bytes.length}-byte memory file`,
      );
    }
  }

  /** Checks a found chunk against the file's bytes at `at`. */
  #checkHeader(ck: MMCKINFO, at: number, where: string): void {
    const b = this.#oracle!.bytes;
    const ckid = u32At(b, at);
    const cksize = u32At(b, at + 4);
    if (ckid === null || cksize === null) {
      this.#violate(`${where}: ${show(ck)} but no full header at ${at}`);
      return;
    }
    if (ck.ckid !== ckid || ck.cksize !== cksize) {
      this.#violate(
        `${where}: ${show(ck)} but the file has ckid ${
          JSON.stringify(fccText(ckid))
        } cksize ${cksize} at ${at}`,
      );
    }
    if (ck.dwDataOffset !== at + 8) {
      this.#violate(
        `${where}: dwDataOffset ${ck.dwDataOffset}, expected ${at + 8}`,
      );
    }
    if (isList(ckid)) {
      const type = u32At(b, at + 8);
      if (type === null || ck.fccType !== type) {
        this.#violate(
          `${where}: ${show(ck)}: fccType is not the file's type at ${at + 8}`,
        );
      }
    } else if (ck.fccType !== 0) {
      this.#violate(
        `${where}: ${show(ck)}: fccType must be 0 for a plain chunk`,
      );
    }
    if (ck.dwFlags !== 0) {
      this.#violate(`${where}: ${show(ck)}: dwFlags must be 0 after a descend`);
    }
  }

  #checkInsideParent(
    at: number,
    parent: MMCKINFO | null,
    where: string,
  ): void {
    if (!parent) return;
    const end = parent.dwDataOffset + parent.cksize;
    if (at < parent.dwDataOffset || at >= end) {
      this.#violate(
        `${where}: found a chunk at ${at}, outside its parent's data [${parent.dwDataOffset}, ${end})`,
      );
    }
  }

  async level(parent: MMCKINFO | null, depth: number): Promise<void> {
    if (depth > this.deepest) this.deepest = depth;
    if (this.#random) await this.#search(parent, depth);
    for (;;) {
      if (++this.steps > this.#maxSteps) {
        this.#violate(
          `more than ${this.#maxSteps} descends: the walk does not end`,
        );
        return;
      }
      const start = await this.#tell();
      const ck = junkChunk();
      const rc = await mmioDescend(this.#h, ck, parent, 0);
      const pos = await this.#tell();
      if (rc !== MMSYSERR_NOERROR) {
        this.rows.push(["end", depth, rc, pos]);
        if (this.#oracle) {
          if (rc !== MMIOERR_CHUNKNOTFOUND) {
            this.#violate(
              `descend at ${start} returned ${rc}, expected MMIOERR_CHUNKNOTFOUND`,
            );
          }
          if (pos !== start) {
            this.#violate(
              `failed descend at ${start} left the position at ${pos}`,
            );
          }
        }
        return;
      }
      this.rows.push([
        "ck",
        depth,
        fccText(ck.ckid),
        ck.cksize,
        ck.dwDataOffset,
        fccText(ck.fccType),
      ]);
      if (this.#oracle) {
        const where = `descend at ${start} (depth ${depth})`;
        this.#checkHeader(ck, start, where);
        this.#checkInsideParent(start, parent, where);
        const want = start + (isList(ck.ckid) ? 12 : 8);
        if (pos !== want) {
          this.#violate(
            `${where}: position ${pos} after the descend, expected ${want}`,
          );
        }
        this.#checkPosition(pos, where);
      }
      if (pos <= start) {
        this.#violate(`descend at ${start} did not move forward (now ${pos})`);
        return;
      }
      if (isList(ck.ckid) && depth < this.#maxDepth) {
        await this.level(ck, depth + 1);
      }
      const found = { ...ck };
      const up = await mmioAscend(this.#h, ck, 0);
      const after = await this.#tell();
      this.rows.push(["up", depth, up, after]);
      if (this.#oracle) {
        const where = `ascend from ${show(found)}`;
        if (up !== MMSYSERR_NOERROR) this.#violate(`${where} returned ${up}`);
        const want = this.#ascendTarget(found);
        if (after !== want) {
          this.#violate(`${where}: position ${after}, expected ${want}`);
        }
        if (ck.dwFlags !== 0 || ck.cksize !== found.cksize) {
          this.#violate(`${where}: left ${show(ck)}`);
        }
        this.#checkPosition(after, where);
      }
      if (up !== MMSYSERR_NOERROR) return;
      if (after <= start) {
        this.#violate(`ascend went back to ${after}, at or before ${start}`);
        return;
      }
    }
  }

  /** One random search from the current position, checked, then undone. */
  async #search(parent: MMCKINFO | null, depth: number): Promise<void> {
    const rnd = this.#random!;
    const start = await this.#tell();
    const b = this.#oracle?.bytes;
    // A target taken from the file (so it is sometimes there) or 0.
    let target = 0;
    if (b && b.length >= 4 && rnd() < 0.8) {
      target = u32At(b, Math.floor(rnd() * (b.length - 3)))!;
    }
    const kind = Math.floor(rnd() * 3);
    const flags = [MMIO_FINDCHUNK, MMIO_FINDRIFF, MMIO_FINDLIST][kind];
    const ck = junkChunk();
    if (flags === MMIO_FINDCHUNK) ck.ckid = target;
    else ck.fccType = target;
    this.searches++;
    const rc = await mmioDescend(this.#h, ck, parent, flags);
    const pos = await this.#tell();
    const where = `search flags ${flags} target ${
      JSON.stringify(fccText(target))
    } from ${start} (depth ${depth})`;
    if (this.#oracle) {
      if (rc === MMSYSERR_NOERROR) {
        const at = ck.dwDataOffset - 8;
        this.#checkHeader(ck, at, where);
        this.#checkInsideParent(at, parent, where);
        if (flags === MMIO_FINDCHUNK && target !== 0 && ck.ckid !== target) {
          this.#violate(`${where}: found ${show(ck)}`);
        }
        if (flags !== MMIO_FINDCHUNK) {
          const id = flags === MMIO_FINDRIFF ? FOURCC_RIFF : FOURCC_LIST;
          if (ck.ckid !== id || (target !== 0 && ck.fccType !== target)) {
            this.#violate(`${where}: found ${show(ck)}`);
          }
        }
        // The found header must lie on the chain of skips from the start,
        // and no chunk before it on that chain may match.
        let p = start;
        while (p < at) {
          const size = u32At(this.#oracle.bytes, p + 4);
          if (size === null) break;
          if (matches(this.#oracle.bytes, p, flags, target)) {
            this.#violate(
              `${where}: found ${
                show(ck)
              }, but the chunk at ${p} matches first`,
            );
            break;
          }
          p += 8 + padded(size);
        }
        if (p !== at) {
          this.#violate(
            `${where}: found ${
              show(ck)
            }, which is not on the chain of chunks from ${start}`,
          );
        }
        const want = at + (isList(ck.ckid) ? 12 : 8);
        if (pos !== want) {
          this.#violate(`${where}: position ${pos}, expected ${want}`);
        }
      } else {
        if (rc !== MMIOERR_CHUNKNOTFOUND) {
          this.#violate(`${where}: returned ${rc}`);
        }
        // Every chunk whose header (and type) lies wholly inside the file
        // and the parent must have been probed, and none may match.
        const b = this.#oracle.bytes;
        const limit = Math.min(
          b.length,
          parent ? parent.dwDataOffset + parent.cksize : Infinity,
        );
        let p = start;
        while (p + 12 <= limit) {
          if (matches(b, p, flags, target)) {
            this.#violate(`${where}: not found, but the chunk at ${p} matches`);
            break;
          }
          p += 8 + padded(u32At(b, p + 4)!);
        }
        if (pos !== start) {
          this.#violate(`${where}: not found but the position moved to ${pos}`);
        }
      }
      this.#checkPosition(pos, where);
    }
    const back = await mmioSeek(this.#h, start, SEEK_SET);
    if (back !== start) this.#violate(`${where}: cannot seek back to ${start}`);
  }
}

/**
 * Walks every chunk of an open file from its current position, recursing
 * into `RIFF` and `LIST` chunks, and returns the rows seen. With
 * `options.oracle` every step is also checked against behavior.md §10.
 */
export async function walkRiff(
  h: HMMIO,
  options: WalkOptions = {},
): Promise<WalkResult> {
  const w = new Walker(h, options);
  await w.level(null, 0);
  return {
    rows: w.rows,
    steps: w.steps,
    depth: w.deepest,
    searches: w.searches,
    violations: w.violations,
  };
}
