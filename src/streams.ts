/**
 * Web Streams over MMIO handles: {@linkcode mmioReadable} reads a handle (or
 * one chunk's data) as a `ReadableStream<Uint8Array>`, and
 * {@linkcode mmioWritable} writes a `WritableStream<Uint8Array>` into a
 * handle. They plug MMIO files into `pipeTo`, `pipeThrough`,
 * `CompressionStream`, `Response` and the `@std/streams` helpers.
 *
 * Both go through the handle's per-handle queue like any other call, so they
 * mix safely with `mmioDescend`, `mmioAscend` and friends on the same handle.
 * A failed read or write errors the stream with an {@linkcode MMIOError}
 * whose `cause` is the underlying error (see {@linkcode mmioGetLastError}).
 *
 * @example Gzip the data chunk of a RIFF file into another file
 * ```ts
 * import {
 *   FOURCC_MEM,
 *   MMIO_CREATE,
 *   MMIO_FINDCHUNK,
 *   MMIO_READ,
 *   MMIO_WRITE,
 *   mmioDescend,
 *   mmioFOURCC,
 *   mmioOpen,
 *   mmioReadable,
 *   mmioWritable,
 * } from "@mmio/mmio";
 * import { assert, assertEquals } from "@std/assert";
 *
 * // A RIFF file in memory: 'RIFF' 'TEST' holding one 'data' chunk of 1000 zeros.
 * const bytes = new Uint8Array(1020);
 * const view = new DataView(bytes.buffer);
 * bytes.set(new TextEncoder().encode("RIFF\0\0\0\0TESTdata"));
 * view.setUint32(4, 1012, true);
 * view.setUint32(16, 1000, true);
 * await using src = await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   pchBuffer: bytes,
 *   cchBuffer: bytes.length,
 * }, MMIO_READ);
 * if (!src) throw new Error("mmioOpen failed");
 * const riff = { ckid: 0, cksize: 0, fccType: 0, dwDataOffset: 0, dwFlags: 0 };
 * assertEquals(await mmioDescend(src, riff, null, 0), 0);
 * const ck = { ckid: mmioFOURCC("d", "a", "t", "a"), cksize: 0, dwDataOffset: 0 };
 * assertEquals(await mmioDescend(src, ck, riff, MMIO_FINDCHUNK), 0);
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   const out = await mmioOpen(`${dir}/data.gz`, null, MMIO_CREATE | MMIO_WRITE);
 *   if (!out) throw new Error("mmioOpen failed");
 *   await mmioReadable(src, { chunk: ck })
 *     .pipeThrough(new CompressionStream("gzip"))
 *     .pipeTo(mmioWritable(out, { closeHandle: true }));
 *   assert((await Deno.stat(`${dir}/data.gz`)).size < 100);
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 *
 * @module
 */

import {
  MMIOERR_CANNOTREAD,
  MMIOERR_CANNOTSEEK,
  MMIOERR_CANNOTWRITE,
  MMSYSERR_INVALHANDLE,
  SEEK_CUR,
  SEEK_SET,
} from "./constants.ts";
import type { MMCKINFO } from "./types.ts";
import { isBytes } from "./_args.ts";
import { handleOf, type HMMIO } from "./hmmio.ts";
import { fileEnd } from "./_buffer.ts";
import { MMIOError, mmioGetLastError } from "./errors.ts";
import { mmioFlush, mmioRead, mmioSeek, mmioWrite } from "./io.ts";
import { mmioClose } from "./open.ts";

/**
 * Options for {@linkcode mmioReadable}.
 *
 * @example Reading 4 bytes of a memory file, 2 at a time
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen, mmioReadable, type MmioReadableOptions } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const bytes = new Uint8Array([1, 2, 3, 4, 5, 6]);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: bytes, cchBuffer: 6 }, MMIO_READ))!;
 * const options: MmioReadableOptions = { chunk: { dwDataOffset: 1, cksize: 4 }, readSize: 2, closeHandle: true };
 * const parts: number[][] = [];
 * for await (const part of mmioReadable(h, options)) parts.push([...part]);
 * assertEquals(parts, [[2, 3], [4, 5]]);
 * ```
 */
export interface MmioReadableOptions {
  /**
   * Read only this chunk's data: `cksize` bytes from `dwDataOffset` (as
   * `mmioDescend` or `mmioCreateChunk` filled them in), whatever the
   * handle's position. Without it the stream reads from the handle's current
   * position to the end of the file as it is when the stream is made.
   */
  chunk?: Pick<MMCKINFO, "cksize" | "dwDataOffset">;
  /**
   * Bytes asked for by one read when the consumer brings no buffer of its
   * own (a BYOB reader reads straight into its buffer). Default 65536.
   */
  readSize?: number;
  /**
   * Close the handle (`mmioClose`) when the stream ends, fails or is
   * cancelled. Default `false`: the handle stays the caller's.
   */
  closeHandle?: boolean;
}

/**
 * Options for {@linkcode mmioWritable}.
 *
 * @example A stream that closes its handle, without a durable flush
 * ```ts
 * import { FOURCC_MEM, MMIO_CREATE, MMIO_READWRITE, mmioOpen, mmioWritable, type MmioWritableOptions } from "@mmio/mmio";
 * import { assertEquals } from "@std/assert";
 * const block = new Uint8Array(8);
 * const h = (await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: block, cchBuffer: 8 }, MMIO_READWRITE | MMIO_CREATE))!;
 * const options: MmioWritableOptions = { highWaterMark: 4, flush: false, closeHandle: true };
 * await ReadableStream.from([new Uint8Array([1, 2]), new Uint8Array([3])]).pipeTo(mmioWritable(h, options));
 * assertEquals(block.subarray(0, 3), new Uint8Array([1, 2, 3]));
 * ```
 */
export interface MmioWritableOptions {
  /**
   * How many bytes may wait in the stream's queue before `writer.ready`
   * stops resolving (backpressure). Default 65536.
   */
  highWaterMark?: number;
  /**
   * Close the handle (`mmioClose`) when the stream is closed or aborted.
   * Default `false`: the handle stays the caller's, and closing the stream
   * only flushes.
   */
  closeHandle?: boolean;
  /**
   * On close, flush durably with `mmioFlush` (`MMIOM_WRITEFLUSH`: the data
   * is on disk when `close()` resolves). Default `true`. With `false` the
   * buffered bytes stay in the handle's buffer until its next flush or close.
   */
  flush?: boolean;
}

const DEFAULT_SIZE = 65536;

function checkSize(value: unknown, name: string): number {
  if (value === undefined) return DEFAULT_SIZE;
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number, got ${typeof value}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * The error a failed call left on the handle (one newer than `before`), or
 * one made here when the engine recorded none (a closed handle, for
 * example).
 */
function failure(
  h: HMMIO,
  before: MMIOError | null,
  code: number,
  what: string,
): MMIOError {
  const recorded = mmioGetLastError(h);
  if (recorded && recorded !== before) return recorded;
  if (handleOf(h) === null) {
    return new MMIOError(
      "the handle is closed or is not a handle",
      MMSYSERR_INVALHANDLE,
    );
  }
  return new MMIOError(what, code);
}

/**
 * A `ReadableStream<Uint8Array>` over an MMIO handle: from its current
 * position to the end of the file as it is when the stream is made (so
 * piping a handle into itself ends), or, with `options.chunk`, over exactly
 * one chunk's data.
 *
 * The stream is a byte stream: a BYOB reader (`getReader({ mode: "byob" })`)
 * reads straight into its own buffer. The stream keeps its own position and
 * seeks there before each read (free when nothing else moved the handle), so
 * other calls on the handle between reads do not disturb it. It ends at the
 * end of the chunk or file; a chunk cut short by the end of the file ends
 * early with what is there. A read that fails (-1) errors the stream with an
 * {@linkcode MMIOError} carrying the cause; cancelling waits for the read in
 * flight. With `closeHandle` the handle is closed when the stream ends,
 * fails or is cancelled.
 *
 * @param h The handle to read.
 * @param options A chunk to read, the read size, and whether to close the
 * handle at the end.
 * @returns The stream of the bytes read.
 *
 * @example Read a memory file as text
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen, mmioReadable } from "@mmio/mmio";
 * import { toText } from "@std/streams";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const bytes = new TextEncoder().encode("hello, streams");
 * const h = await mmioOpen(null, {
 *   fccIOProc: FOURCC_MEM,
 *   pchBuffer: bytes,
 *   cchBuffer: bytes.length,
 * }, MMIO_READ);
 * if (!h) throw new Error("mmioOpen failed");
 * assertEquals(await toText(mmioReadable(h, { closeHandle: true })), "hello, streams");
 * ```
 */
export function mmioReadable(
  h: HMMIO,
  options: MmioReadableOptions = {},
): ReadableStream<Uint8Array<ArrayBuffer>> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const readSize = checkSize(options.readSize, "options.readSize");
  const ck = options.chunk;
  let pos = -1; // the stream's own position, set in start()
  let end = Infinity; // end of the chunk's data, or of the file
  if (ck !== undefined) {
    if (ck === null || typeof ck !== "object") {
      throw new TypeError(`options.chunk must be an MMCKINFO, got ${ck}`);
    }
    if (typeof ck.dwDataOffset !== "number" || typeof ck.cksize !== "number") {
      throw new TypeError(
        "options.chunk must have numeric dwDataOffset and cksize",
      );
    }
    if (!(ck.dwDataOffset >= 0) || !(ck.cksize >= 0)) {
      throw new RangeError(
        `options.chunk needs an offset and a size of 0 or more, got ${ck.dwDataOffset} and ${ck.cksize}`,
      );
    }
    // Copied now: a later mmioDescend into the same object must not move us.
    pos = ck.dwDataOffset;
    end = ck.dwDataOffset + ck.cksize;
  }
  const closeHandle = options.closeHandle === true;
  let inFlight: Promise<void> = Promise.resolve();
  // Set at once when the stream is cancelled, ends or fails: a read still in
  // flight then leaves the controller alone.
  let done = false;

  async function release(): Promise<void> {
    if (closeHandle) await mmioClose(h);
  }

  async function fail(
    controller: ReadableByteStreamController,
    error: unknown,
  ): Promise<void> {
    if (done) return;
    done = true;
    await release();
    controller.error(error);
  }

  async function pull(controller: ReadableByteStreamController): Promise<void> {
    const request = controller.byobRequest;
    const view = request?.view
      ? new Uint8Array(
        request.view.buffer,
        request.view.byteOffset,
        request.view.byteLength,
      )
      : new Uint8Array(readSize);
    const want = Math.min(view.length, end - pos);
    let n = 0;
    if (want > 0) {
      // Queued back to back: nothing can run on the handle between the two.
      const before = mmioGetLastError(h);
      const seeking = mmioSeek(h, pos, SEEK_SET);
      const reading = mmioRead(h, view, want);
      const at = await seeking;
      n = await reading;
      if (done) return;
      if (at !== pos) {
        throw failure(h, before, MMIOERR_CANNOTSEEK, `cannot seek to ${pos}`);
      }
      if (n < 0) {
        throw failure(h, before, MMIOERR_CANNOTREAD, `cannot read at ${pos}`);
      }
    }
    if (done) return;
    if (n === 0) {
      done = true;
      await release();
      controller.close();
      request?.respond(0);
      return;
    }
    pos += n;
    if (request) request.respond(n);
    else controller.enqueue(view.subarray(0, n));
  }

  return new ReadableStream({
    type: "bytes",
    // A small chunk needs no 64 KiB buffer per read.
    autoAllocateChunkSize: Math.max(1, Math.min(readSize, end - pos)),
    async start(controller) {
      if (pos >= 0) return;
      const before = mmioGetLastError(h);
      // The end is taken now, in call order: bytes written through the
      // handle later (a pipe from this stream into the same handle) are not
      // read, so the stream always ends.
      const telling = mmioSeek(h, 0, SEEK_CUR);
      const s = handleOf(h);
      const ending = s === null
        ? Promise.resolve(-1)
        : s.schedule(() => fileEnd(s), -1);
      const at = await telling;
      const last = await ending;
      if (at < 0 || last < 0) {
        await fail(
          controller,
          failure(h, before, MMIOERR_CANNOTSEEK, "cannot tell the position"),
        );
      } else {
        pos = at;
        end = last;
      }
    },
    pull(controller) {
      inFlight = pull(controller).catch((error) => fail(controller, error));
      return inFlight;
    },
    async cancel() {
      if (done) return;
      done = true;
      // Let the read in flight land before the handle may be closed, so
      // nothing is left pending on it.
      await inFlight;
      await release();
    },
  });
}

/**
 * A `WritableStream<Uint8Array>` into an MMIO handle: each chunk is written
 * with `mmioWrite` at the handle's current position, in order.
 *
 * Backpressure follows `highWaterMark` (bytes): while that many bytes wait
 * for the handle, `writer.ready` stays pending and `pipeTo` pauses its
 * source. Closing the stream flushes the handle durably (`mmioFlush`, unless
 * `flush: false`) and, with `closeHandle`, closes it; `close()` rejects with
 * an {@linkcode MMIOError} when either fails. A write that fails or comes up
 * short errors the stream with an {@linkcode MMIOError} carrying the cause.
 * Aborting writes nothing more (bytes already accepted stay in the handle)
 * and closes the handle when `closeHandle` is set.
 *
 * @param h The handle to write into.
 * @param options Backpressure threshold, durability and whether to close
 * the handle at the end.
 * @returns The stream to write into.
 *
 * @example Write text into a new file
 * ```ts
 * import { MMIO_CREATE, MMIO_WRITE, mmioOpen, mmioWritable } from "@mmio/mmio";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const dir = await Deno.makeTempDir();
 * try {
 *   const h = await mmioOpen(`${dir}/hello.txt`, null, MMIO_CREATE | MMIO_WRITE);
 *   if (!h) throw new Error("mmioOpen failed");
 *   await ReadableStream.from(["hello, ", "streams"])
 *     .pipeThrough(new TextEncoderStream())
 *     .pipeTo(mmioWritable(h, { closeHandle: true }));
 *   assertEquals(await Deno.readTextFile(`${dir}/hello.txt`), "hello, streams");
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export function mmioWritable(
  h: HMMIO,
  options: MmioWritableOptions = {},
): WritableStream<Uint8Array> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options must be an object, got ${options}`);
  }
  const highWaterMark = checkSize(
    options.highWaterMark,
    "options.highWaterMark",
  );
  const closeHandle = options.closeHandle === true;
  const flush = options.flush !== false;
  let released = false;

  async function release(): Promise<number> {
    if (released || !closeHandle) return 0;
    released = true;
    return await mmioClose(h);
  }

  return new WritableStream<Uint8Array>({
    async write(chunk) {
      if (!isBytes(chunk)) {
        await release();
        throw new TypeError(
          `chunk must be a Uint8Array, got ${
            chunk === null ? "null" : typeof chunk
          }`,
        );
      }
      if (chunk.length === 0) return;
      const before = mmioGetLastError(h);
      const n = await mmioWrite(h, chunk);
      if (n !== chunk.length) {
        const error = failure(
          h,
          before,
          MMIOERR_CANNOTWRITE,
          n < 0
            ? "mmioWrite failed"
            : `mmioWrite wrote ${n} of ${chunk.length} bytes`,
        );
        await release();
        throw error;
      }
    },
    async close() {
      let before = mmioGetLastError(h);
      const code = flush ? await mmioFlush(h) : 0;
      if (code !== 0) {
        // Taken before closing: the close retries the flush and may record
        // its own failure over this one.
        const error = failure(
          h,
          before,
          code,
          `mmioFlush failed with code ${code}`,
        );
        await release();
        throw error;
      }
      before = mmioGetLastError(h);
      const closed = await release();
      if (closed !== 0) {
        throw failure(
          h,
          before,
          closed,
          `mmioClose failed with code ${closed}`,
        );
      }
    },
    async abort() {
      await release();
    },
  }, {
    highWaterMark,
    // Byte length, like ByteLengthQueuingStrategy, but a chunk of the wrong
    // type reaches write() and its TypeError instead of a RangeError here.
    size: (chunk) => isBytes(chunk) ? chunk.byteLength : 0,
  });
}
