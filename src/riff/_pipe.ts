// An I/O procedure over a stream that can only be read forward (standard
// input, a pipe): what `mmio tree -` walks. The RIFF walker reads forward
// only, so it needs nothing more: a seek forward is served by reading and
// dropping bytes when the next read comes, a seek back is refused, and the
// size is known once the end has been read (`SEEK_END` answers -1 until
// then, which the walker takes as "size not known yet").

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

/** A read-only procedure over `reader`, for `mmioOpen`'s `pIOProc`. */
export function pipeProc(reader: ForwardReader): IOProc {
  /** Bytes taken from the reader so far. */
  let consumed = 0;
  let ended = false;
  /** Where the engine has moved the procedure (may be ahead of `consumed`). */
  let position = 0;
  let scratch: Uint8Array | null = null;

  async function take(buffer: Uint8Array): Promise<number> {
    let got = 0;
    while (got < buffer.length && !ended) {
      const n = await reader.read(buffer.subarray(got));
      if (n === null) ended = true;
      else got += n;
    }
    consumed += got;
    return got;
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
        const n = await take(buffer);
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
        // Bytes already taken are gone (the engine's buffer may still hold
        // them); past the end, every position reads nothing.
        if (target < consumed) return -1;
        position = target;
        info.lDiskOffset = target;
        return target;
      }
      default:
        return -1;
    }
  };
}
