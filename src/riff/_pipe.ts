// An I/O procedure over a stream that can only be read forward (standard
// input, a pipe): what `mmio tree -` walks. The RIFF walker reads forward
// only, so it needs little more: a seek forward is served by reading and
// dropping bytes when the next read comes, a short seek back by the last
// 2 MiB it keeps, a longer one is refused, and the size is known once the
// end has been read (`SEEK_END` answers -1 until then, which the walker
// takes as "size not known yet").

import {
  type IOProc,
  MMIOM_CLOSE,
  MMIOM_OPEN,
  MMIOM_READ,
  MMIOM_SEEK,
  SEEK_CUR,
  SEEK_END,
  SEEK_SET,
} from "../../mod.ts";

/** What a pipe procedure reads from: `Deno.stdin` is one. */
export interface ForwardReader {
  /** Reads into `p`; the bytes read, or null at the end. */
  read(p: Uint8Array): Promise<number | null>;
}

/** The most bytes dropped per read when skipping forward. */
const SKIP_BLOCK = 1 << 16;
/**
 * The bytes kept after they are read, so that a short step back (the
 * engine's buffer refilled just past a header the caller then reads again,
 * or a scan block read past the end of a run of zeros) is still served.
 */
const KEEP = 2 << 20;

/** A read-only procedure over `reader`, for `mmioOpen`'s `pIOProc`. */
export function pipeProc(reader: ForwardReader): IOProc {
  /** Bytes taken from the reader so far. */
  let consumed = 0;
  let ended = false;
  /** Where the engine has moved the procedure (may be ahead of `consumed`). */
  let position = 0;
  let scratch: Uint8Array | null = null;
  /** The last bytes taken: byte `i` of the stream at `i % KEEP`. */
  let kept: Uint8Array | null = null;

  function keep(bytes: Uint8Array, from: number): void {
    kept ??= new Uint8Array(KEEP);
    const tail = bytes.subarray(Math.max(0, bytes.length - KEEP));
    let at = (from + bytes.length - tail.length) % KEEP;
    let done = 0;
    while (done < tail.length) {
      const n = Math.min(KEEP - at, tail.length - done);
      kept.set(tail.subarray(done, done + n), at);
      done += n;
      at = 0;
    }
  }

  async function take(buffer: Uint8Array): Promise<number> {
    let got = 0;
    while (got < buffer.length && !ended) {
      const n = await reader.read(buffer.subarray(got));
      if (n === null) ended = true;
      else got += n;
    }
    keep(buffer.subarray(0, got), consumed);
    consumed += got;
    return got;
  }

  /** Serves what it can of `buffer` from the kept bytes at `position`. */
  function fromKept(buffer: Uint8Array): number {
    const n = Math.min(buffer.length, consumed - position);
    let at = position % KEEP;
    let done = 0;
    while (done < n) {
      const k = Math.min(KEEP - at, n - done);
      buffer.set(kept!.subarray(at, at + k), done);
      done += k;
      at = 0;
    }
    return n;
  }

  return async (info, msg, lParam1, lParam2) => {
    switch (msg) {
      case MMIOM_OPEN:
        info.lDiskOffset = 0;
        return 0;
      case MMIOM_CLOSE:
        return 0;
      case MMIOM_READ: {
        while (consumed < position && !ended) {
          scratch ??= new Uint8Array(SKIP_BLOCK);
          await take(
            scratch.subarray(0, Math.min(SKIP_BLOCK, position - consumed)),
          );
        }
        if (position > consumed) return 0; // past the end
        const buffer = (lParam1 as Uint8Array).subarray(0, lParam2 as number);
        let n = fromKept(buffer);
        if (n < buffer.length) n += await take(buffer.subarray(n));
        position += n;
        info.lDiskOffset = position;
        return n;
      }
      case MMIOM_SEEK: {
        const offset = lParam1 as number;
        const origin = lParam2 as number;
        const target = origin === SEEK_SET
          ? offset
          : origin === SEEK_CUR
          ? position + offset
          : origin === SEEK_END && ended
          ? consumed - offset
          : -1;
        // Bytes taken longer ago than the kept ones are gone.
        if (target < Math.max(0, consumed - KEEP)) return -1;
        position = target;
        info.lDiskOffset = target;
        return target;
      }
      default:
        return -1;
    }
  };
}
