// The suite's one model of a file: a byte array with a size and a position.
// The model tests check the engine's answers against it, and the recording
// procedure (tests/_recording_proc.ts) serves one as its file, so both follow
// the same rules: reads stop at the end, a write past the end leaves a hole
// of zeros, writing nothing never extends the file, and SEEK_END counts
// backwards from the end (behavior.md §5).

import { SEEK_CUR, SEEK_END, SEEK_SET } from "../mod.ts";

/** Options of {@linkcode FileModel}. */
export interface FileModelOptions {
  /**
   * The file is exactly its initial bytes and cannot grow, as a memory file
   * without an expansion increment (§4, §5): writes stop at its end and
   * seeks past its end fail.
   */
  fixed?: boolean;
}

/** A file as a plain byte array: its bytes, its size and a position. */
export class FileModel {
  #bytes: Uint8Array;
  #size: number;
  readonly #fixed: boolean;
  /** The file position (may lie past the end). */
  pos = 0;

  constructor(
    initial: Uint8Array = new Uint8Array(0),
    options: FileModelOptions = {},
  ) {
    this.#bytes = new Uint8Array(Math.max(16, initial.length));
    this.#bytes.set(initial);
    this.#size = initial.length;
    this.#fixed = options.fixed ?? false;
  }

  /** The size of the file in bytes. */
  get size(): number {
    return this.#size;
  }

  /** The content of the file (a copy). */
  content(): Uint8Array {
    return this.#bytes.slice(0, this.#size);
  }

  /** Reads up to `n` bytes at the position and moves past them. */
  read(n: number): Uint8Array {
    const k = Math.max(0, Math.min(n, this.#size - this.pos));
    const out = this.#bytes.slice(this.pos, this.pos + k);
    this.pos += k;
    return out;
  }

  /** Writes `data` at the position; returns how many bytes were written. */
  write(data: Uint8Array): number {
    const n = this.#fixed
      ? Math.max(0, Math.min(data.length, this.#size - this.pos))
      : data.length;
    if (n === 0) return 0;
    const end = this.pos + n;
    if (end > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#size));
      this.#bytes = grown;
    }
    this.#bytes.set(data.subarray(0, n), this.pos);
    this.pos = end;
    if (end > this.#size) this.#size = end;
    return n;
  }

  /** Moves the position; the new position, or -1 for a target it refuses. */
  seek(offset: number, origin: number): number {
    const target = origin === SEEK_SET
      ? offset
      : origin === SEEK_CUR
      ? this.pos + offset
      : origin === SEEK_END
      ? this.#size - offset
      : -1;
    if (target < 0 || (this.#fixed && target > this.#size)) return -1;
    this.pos = target;
    return target;
  }
}
