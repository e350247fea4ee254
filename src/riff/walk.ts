/**
 * The bounded RIFF walker: {@linkcode walkRiff}.
 *
 * @module
 */

import { FOURCC_LIST, type HMMIO, mmioSeek, SEEK_END } from "../../mod.ts";
import {
  DS64_MIN_SIZE,
  FOURCC_DATA,
  FOURCC_DS64,
  FOURCC_RIFX,
  isForm,
  isForm64,
  MAX_U32,
  parseDs64,
  u32be,
  u32le,
  u64le,
} from "../_chunk_header.ts";
import { readAt } from "./_read.ts";
import {
  bytesText,
  fourccText,
  isPrintableFourcc,
  plural,
  sizeText,
} from "./_text.ts";
import type {
  RiffChunk,
  RiffDs64,
  RiffForm,
  RiffProblem,
  RiffUnfinished,
  RiffUnfinishedSize,
  RiffWalk,
  WalkRiffOptions,
} from "./types.ts";

/** Deeper nesting than this is reported instead of followed. */
const MAX_DEPTH = 1000;
/** Problems kept per file; the rest are counted. */
const MAX_PROBLEMS = 100;
/** The largest block read at once when scanning zeros or reading to the end. */
const MAX_BLOCK = 1 << 20;
/** Checks waiting for a pipe's size, at most (each is one chunk's). */
const MAX_PENDING = 1000;
/** The first block of a scan: small, so that a short zero run costs little. */
const FIRST_BLOCK = 64;
/** Reads of at most this many bytes go through the read-ahead window. */
const SMALL_READ = 64;
/** The read-ahead window's size. */
const WINDOW = 64 * 1024;
/** The most `ds64` bytes read: 28 plus the 4096 table entries parseDs64 takes. */
const MAX_DS64_READ = DS64_MIN_SIZE + 12 * 4096;
/** Distinct chunk ids whose text a walk keeps (a hostile file has many). */
const MAX_ID_TEXTS = 1024;
/** `WAVE`. */
const FOURCC_WAVE = 0x45564157;

/** The form whose chunks a level walks. */
interface FormState {
  node: RiffChunk;
  bigEndian: boolean;
  wave: boolean;
  ds64: RiffDs64 | null;
  /** The sizes of the table entries not given to a chunk yet, by id, in order. */
  entries: Map<number, number[]>;
  /** Whether its own size cannot be trusted: the walk runs to the file's end. */
  open: boolean;
  /** Where its size says it ends (Infinity for a placeholder size). */
  declaredEnd: number;
}

/** One level of the walk: the chunks between `start` and `end`. */
interface Level {
  parent: RiffChunk | null;
  /** The parent, for messages: "the file", "LIST 'INFO' at offset 36". */
  name: string;
  start: number;
  /** Where the walk of this level stops (Infinity: at the end of the file). */
  end: number;
  /** Where the parent says it ends (Infinity: it does not say). */
  declaredEnd: number;
  /** The depth of the chunks of this level (0: top level). */
  depth: number;
  /** Where the level's chunks are kept, or null when this level is not kept. */
  into: RiffChunk[] | null;
  form: FormState | null;
  /** Whether these are the form's own chunks (the level of the "last chunk"). */
  formLevel: boolean;
}

/** The last chunk a level found. */
interface Last {
  node: RiffChunk;
  declared: number;
  dataEnd: number;
  /** Whether the WAVE rule made it the last chunk (its size is already the bytes present). */
  unfinished: boolean;
}

class Walker {
  readonly #h: HMMIO;
  readonly #keepDepth: number;
  readonly #onChunk: WalkRiffOptions["onChunk"];
  readonly #head = new Uint8Array(12);
  readonly #one = new Uint8Array(1);
  #block: Uint8Array | null = null;
  // The read-ahead window of small reads: `#winLen` bytes of the file at
  // `#winAt`; `#winAtEnd` when it stops at the end of the file.
  #win: Uint8Array | null = null;
  #winAt = 0;
  #winLen = 0;
  #winAtEnd = false;
  /** The file size, or null while the handle cannot tell it. */
  #size: number | null = null;
  /** One past the furthest byte read. */
  #seen = 0;
  readonly #parents: RiffChunk[] = [];
  readonly #pending: ((size: number) => void)[] = [];
  readonly problems: RiffProblem[] = [];
  problemCount = 0;
  chunkCount = 0;
  form: RiffForm | null = null;
  unfinished: RiffUnfinished | null = null;
  unfinishedProblem: RiffProblem | null = null;

  constructor(h: HMMIO, options: WalkRiffOptions) {
    this.#h = h;
    this.#keepDepth = options.depth ?? MAX_DEPTH;
    this.#onChunk = options.onChunk;
  }

  get size(): number | null {
    return this.#size;
  }

  get seen(): number {
    return this.#seen;
  }

  #end(): number {
    return this.#size ?? Infinity;
  }

  /**
   * Runs a check against the file size: now when it is known, else once the
   * walk has learned it (a pipe, at its end). Checks that never get a size
   * are skipped.
   */
  #whenSized(check: (size: number) => void): void {
    if (this.#size !== null) check(this.#size);
    else if (this.#pending.length < MAX_PENDING) this.#pending.push(check);
  }

  #problem(offset: number, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ offset, message });
    }
  }

  async #learnSize(): Promise<void> {
    const end = await mmioSeek(this.#h, 0, SEEK_END);
    if (end >= 0) this.#size = end;
  }

  /**
   * Reads at `pos`. A short read on a handle that could not tell its size
   * (a pipe) means its end was reached: ask again, it may know now. Small
   * reads (headers, pad bytes) are served from a window of the file read
   * ahead, synchronously when they fall inside it, when the file's size is
   * known: a walk of many small chunks then costs one read per window, not
   * two awaited calls per header.
   */
  #read(
    pos: number,
    buffer: Uint8Array,
    n: number = buffer.length,
  ): number | Promise<number> {
    // Only where the size is known: on a handle that cannot tell it (a
    // pipe), reading ahead would read what the walk skips.
    if (n > SMALL_READ || this.#size === null) {
      return this.#readNow(
        pos,
        n === buffer.length ? buffer : buffer.subarray(0, n),
      );
    }
    const win = this.#win;
    const off = pos - this.#winAt;
    if (win !== null && off >= 0) {
      // At the end of the file, what is left of the window.
      const k = off + n <= this.#winLen
        ? n
        : this.#winAtEnd && off <= this.#winLen
        ? this.#winLen - off
        : -1;
      if (k >= 0) {
        for (let i = 0; i < k; i++) buffer[i] = win[off + i];
        return k;
      }
    }
    return this.#fillWindow(pos, buffer, n);
  }

  async #fillWindow(
    pos: number,
    buffer: Uint8Array,
    n: number,
  ): Promise<number> {
    this.#win ??= new Uint8Array(WINDOW);
    this.#winAt = pos;
    this.#winLen = 0;
    const got = await this.#readNow(pos, this.#win);
    if (got < 0) return -1;
    this.#winLen = got;
    this.#winAtEnd = got < WINDOW;
    const k = Math.min(n, got);
    buffer.set(this.#win.subarray(0, k));
    return k;
  }

  async #readNow(pos: number, buffer: Uint8Array): Promise<number> {
    const got = await readAt(this.#h, pos, buffer);
    if (got > 0) this.#seen = Math.max(this.#seen, pos + got);
    if (got < buffer.length && this.#size === null) await this.#learnSize();
    return got;
  }

  /**
   * Scans forward from `from` (to `limit` at most) in growing blocks.
   * `zerosOnly`: stops at the first non-zero byte. Returns the bytes
   * scanned; on a pipe, reaching the end teaches the walk the file size.
   */
  async #scan(
    from: number,
    limit: number,
    zerosOnly: boolean,
  ): Promise<number> {
    let at = from;
    let step = FIRST_BLOCK;
    while (at < limit) {
      this.#block ??= new Uint8Array(MAX_BLOCK);
      const n = Math.min(step, limit - at);
      const got = await this.#read(at, this.#block.subarray(0, n));
      if (got <= 0) break;
      const zeros = zerosOnly ? leadingZeros(this.#block, got) : got;
      at += zeros;
      if (zeros < got || got < n) break;
      step = Math.min(step * 2, MAX_BLOCK);
    }
    return at - from;
  }

  #visit(node: RiffChunk): void | Promise<void> {
    if (this.#onChunk) return this.#onChunk(node, this.#parents);
  }

  async walk(): Promise<RiffWalk> {
    const size = await mmioSeek(this.#h, 0, SEEK_END);
    this.#size = size >= 0 ? size : null;
    const chunks: RiffChunk[] = [];
    const head = this.#head;
    const got = await this.#read(0, head);
    if (got <= 0) {
      this.#problem(
        0,
        got === 0 ? "the file is empty" : "cannot read the start of the file",
      );
    } else if (got < 4 || !isFormId(u32le(head, 0))) {
      this.#problem(
        0,
        `not a RIFF file: it starts with '${
          bytesText(head.subarray(0, Math.min(got, 4)))
        }'`,
      );
    } else {
      await this.#level({
        parent: null,
        name: "the file",
        start: 0,
        end: Infinity,
        declaredEnd: Infinity,
        depth: 0,
        into: this.#keepDepth > 0 ? chunks : null,
        form: null,
        formLevel: false,
      });
    }
    if (this.#size !== null) {
      for (const check of this.#pending) check(this.#size);
    }
    const problems = this.problems;
    if (this.unfinishedProblem) {
      if (problems.length === MAX_PROBLEMS) problems.pop();
      problems.push(this.unfinishedProblem);
      this.problemCount++;
    }
    // In file order; at one offset by text, so that the order does not
    // depend on when a check could run (on a pipe, at the end).
    problems.sort((a, b) =>
      a.offset - b.offset ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
    );
    return {
      fileSize: this.#size ?? this.#seen,
      sizeKnown: this.#size !== null,
      chunks,
      problems,
      problemCount: this.problemCount,
      chunkCount: this.chunkCount,
      form: this.form,
      unfinished: this.unfinished,
    };
  }

  /** Walks the chunks of one level. Returns the last chunk found. */
  async #level(L: Level): Promise<Last | null> {
    let pos = L.start;
    let last: Last | null = null;
    const plain = L.depth > 0 && this.#onChunk === undefined;
    for (;;) {
      const limit = Math.min(L.end, this.#end());
      if (pos >= limit) break;
      if (plain) {
        const next = this.#plainRun(L, pos, limit);
        if (next !== pos) {
          pos = next;
          last = this.#runLast;
          continue;
        }
      }
      const want = Math.min(12, limit - pos);
      const head = this.#head;
      const read = this.#read(pos, head, want);
      const got = typeof read === "number" ? read : await read;
      if (got < 0) {
        this.#problem(pos, "cannot read a chunk header here");
        break;
      }
      if (got < 8) {
        const left = Math.min(L.declaredEnd, this.#end()) - pos;
        if (got === 0 && left === Infinity) break; // the end, never learned
        if (left <= 0) break; // the end of the file, at a chunk boundary
        if (L.declaredEnd > this.#end()) {
          this.#problem(
            pos,
            `the file ends inside a chunk header (${left} of 8 bytes)`,
          );
        } else {
          this.#problem(
            pos,
            `${
              plural(left, "stray byte")
            } after the last chunk of ${L.name}, too few for a chunk header`,
          );
        }
        break;
      }
      const ckid = u32le(head, 0);
      if (ckid === 0 && u32le(head, 4) === 0) {
        pos = await this.#zeroRun(L, pos, limit);
        continue;
      }
      // Copy what the header says before anything reuses the buffer.
      const top = L.depth === 0;
      const bigEndian = top
        ? ckid === FOURCC_RIFX
        : (L.form?.bigEndian ?? false);
      const stored = bigEndian ? u32be(head, 4) : u32le(head, 4);
      const fccType = got >= 12 ? u32le(head, 8) : -1;
      const node: RiffChunk = {
        id: this.#idText(ckid),
        ckid,
        offset: pos,
        size: stored,
        storedSize: stored,
        dataOffset: pos + 8,
      };
      this.chunkCount++;
      if (L.into && L.depth < this.#keepDepth) L.into.push(node);
      if (!isPrintableFourcc(ckid)) this.#unprintable(node);
      if (top && isFormId(ckid)) {
        last = await this.#form(L, node, bigEndian, fccType);
      } else {
        if (top && pos > 0) {
          this.#problem(
            pos,
            `top-level chunk '${node.id}' at offset ${pos} is not a RIFF chunk`,
          );
        }
        const chunk = this.#chunk(L, node, fccType);
        last = chunk instanceof Promise ? await chunk : chunk;
      }
      if (last.unfinished) break;
      pos = last.dataEnd + (last.node.size % 2);
    }
    // Only the last chunk of a level can run past the end of the file:
    // nothing can follow it. Its own form judges a form's last chunk.
    if (
      last && !L.formLevel && !(L.depth === 0 && isFormId(last.node.ckid))
    ) {
      const { node, declared, dataEnd } = last;
      this.#whenSized((size) => {
        if (dataEnd <= size) return;
        this.#problem(
          node.offset,
          `chunk '${node.id}' at offset ${node.offset} is truncated: size ${
            sizeText(declared)
          }, but the file holds ${
            Math.max(0, size - node.dataOffset)
          } bytes of it`,
        );
      });
    }
    return last;
  }

  /** Reports a chunk whose id is not printable ASCII. */
  #unprintable(node: RiffChunk): void {
    this.#problem(
      node.offset,
      `chunk id '${node.id}' is not printable ASCII (misplaced header or missing pad byte before it?)`,
    );
  }

  /** The text of the ids seen, up to `MAX_ID_TEXTS` of them. */
  readonly #idTexts = new Map<number, string>();

  /** `fourccText(ckid)`, kept: a file repeats a handful of ids. */
  #idText(ckid: number): string {
    let text = this.#idTexts.get(ckid);
    if (text === undefined) {
      text = fourccText(ckid);
      if (this.#idTexts.size < MAX_ID_TEXTS) this.#idTexts.set(ckid, text);
    }
    return text;
  }

  /** The last chunk {@linkcode Walker.#plainRun} judged. */
  #runLast: Last | null = null;

  /**
   * Judges the plain chunks (see {@linkcode Walker.#chunk}) that follow
   * each other from `pos` inside the read-ahead window, reading their
   * headers and pad bytes where they lie: exactly what the loop of
   * {@linkcode Walker.#level} does for each, without a read, a `Last` or a
   * promise per chunk. Stops at the first chunk that needs anything more
   * (a list, a form, a zero run, a header or pad byte outside the window,
   * the end of the level) and returns the position reached; the last chunk
   * judged is left in `#runLast`.
   */
  #plainRun(L: Level, pos: number, limit: number): number {
    const win = this.#win;
    if (win === null || this.#size === null) return pos;
    const end = this.#size;
    const winAt = this.#winAt;
    const winLen = this.#winLen;
    const form = L.form;
    const bigEndian = form?.bigEndian ?? false;
    const ds64 = form?.ds64 ?? null;
    const waveLevel = L.formLevel && (form?.wave ?? false);
    // Only an RF64/BW64 form's own chunks have form checks.
    const form64 = L.formLevel && form !== null && isForm64(form.node.ckid);
    const into = L.into !== null && L.depth < this.#keepDepth ? L.into : null;
    let node: RiffChunk | null = null;
    let declared = 0;
    let dataEnd = 0;
    let at = pos;
    while (at + 8 <= limit) {
      const off = at - winAt;
      // The header the loop would read: 12 bytes, or what the level holds.
      if (off < 0 || off + Math.min(12, limit - at) > winLen) break;
      const ckid = u32le(win, off);
      const stored = bigEndian ? u32be(win, off + 4) : u32le(win, off + 4);
      if (
        (ckid === 0 && stored === 0) || ckid === FOURCC_LIST ||
        isForm(ckid) || (ds64 !== null && stored === MAX_U32) ||
        (waveLevel && ckid === FOURCC_DATA)
      ) {
        break;
      }
      const chunkEnd = at + 8 + stored;
      let padByte = -1;
      if (stored % 2 === 1 && chunkEnd < L.declaredEnd && chunkEnd < end) {
        const padOff = chunkEnd - winAt;
        if (padOff >= winLen) break; // past the window: the loop reads it
        padByte = win[padOff];
      }
      node = {
        id: this.#idText(ckid),
        ckid,
        offset: at,
        size: stored,
        storedSize: stored,
        dataOffset: at + 8,
      };
      this.chunkCount++;
      if (into !== null) into.push(node);
      if (!isPrintableFourcc(ckid)) this.#unprintable(node);
      declared = stored;
      dataEnd = chunkEnd;
      if (form64) this.#formChecks(form!, node, declared);
      if (L.parent !== null && dataEnd > L.declaredEnd) {
        this.#pastParent(L, node, declared, dataEnd);
      }
      if (declared % 2 === 1 && dataEnd <= L.declaredEnd) {
        this.#judgePad(L, node, dataEnd, padByte);
      }
      at = dataEnd + declared % 2;
    }
    if (node !== null) {
      this.#runLast = { node, declared, dataEnd, unfinished: false };
    }
    return at;
  }

  /** A run of zero bytes: 8-byte headers of id 0, size 0, as one entry. */
  async #zeroRun(L: Level, pos: number, limit: number): Promise<number> {
    const zeros = 8 + await this.#scan(pos + 8, limit, true);
    const run = zeros - zeros % 8;
    const node: RiffChunk = {
      id: "zeros",
      ckid: 0,
      offset: pos,
      size: run,
      storedSize: 0,
      dataOffset: pos,
    };
    if (L.into && L.depth < this.#keepDepth) L.into.push(node);
    await this.#visit(node);
    this.#problem(
      pos,
      `${run} zero bytes at offset ${pos}, read as ${
        plural(run / 8, "empty chunk")
      } with id 0 (unwritten space?)`,
    );
    return pos + run;
  }

  /** A top-level form: RIFF, RF64/BW64 (sized by ds64) or RIFX. */
  async #form(
    L: Level,
    node: RiffChunk,
    bigEndian: boolean,
    fccType: number,
  ): Promise<Last> {
    const ds64 = isForm64(node.ckid) ? await this.#ds64(node) : null;
    const declared = ds64 ? ds64.riffSize : node.storedSize;
    node.size = declared;
    const placeholder = declared === 0 || (declared === MAX_U32 && !ds64);
    const present = this.#end() - node.dataOffset;
    const open = declared > present || (placeholder && present > declared);
    const declaredEnd = placeholder ? Infinity : node.dataOffset + declared;
    const state: FormState = {
      node,
      bigEndian,
      wave: fccType === FOURCC_WAVE,
      ds64,
      entries: tableEntries(ds64),
      open: open || (placeholder && this.#size === null),
      declaredEnd,
    };
    if (fccType >= 0 && (declared >= 4 || state.open)) {
      node.type = fourccText(fccType);
    } else if (declared < 4 && !state.open) {
      this.#problem(
        node.offset,
        `chunk '${node.id}' at offset ${node.offset}: size ${declared} leaves no room for its 4-byte type`,
      );
    }
    if (ds64 && node.storedSize !== MAX_U32 && node.storedSize !== declared) {
      this.#problem(
        node.offset,
        `the '${node.id}' size field is ${node.storedSize}, neither 0xFFFFFFFF nor the ds64 riffSize ${declared}`,
      );
    }
    const form: RiffForm | null = node.offset === 0
      ? {
        id: node.id,
        type: node.type ?? "",
        offset: 0,
        size: declared,
        storedSize: node.storedSize,
        bigEndian,
        ds64,
      }
      : null;
    if (form) this.form = form;
    await this.#visit(node);
    let last: Last | null = null;
    if (node.type !== undefined) {
      const keep = L.depth + 1 < this.#keepDepth;
      if (keep && L.into) node.children = [];
      this.#parents.push(node);
      last = await this.#level({
        parent: node,
        name: `${node.id} '${node.type}' at offset ${node.offset}`,
        start: node.dataOffset + 4,
        end: state.open ? Infinity : declaredEnd,
        declaredEnd,
        depth: L.depth + 1,
        into: node.children ?? null,
        form: state,
        formLevel: true,
      });
      this.#parents.pop();
    }
    this.#whenSized((size) => {
      this.#judge(node, declared, placeholder, state, last, declaredEnd, size);
      if (form) form.size = node.size;
    });
    // An open form holds the rest of the file: nothing follows it.
    return {
      node,
      declared,
      dataEnd: node.dataOffset + node.size,
      unfinished: state.open,
    };
  }

  /**
   * Decides, once the form is walked (and a pipe's size is learned), whether
   * the form or its last chunk is unfinished, and sets their sizes to the
   * bytes present when they are.
   */
  #judge(
    node: RiffChunk,
    declared: number,
    placeholder: boolean,
    state: FormState,
    last: Last | null,
    declaredEnd: number,
    size: number,
  ): void {
    let chunk: RiffUnfinishedSize | null = null;
    if (last) {
      const c = last.node;
      if (last.unfinished) {
        // Measured to the form's end when the form looked sound; a pipe may
        // show only later that the file ends before it.
        c.size = Math.min(c.size, Math.max(0, size - c.dataOffset));
        chunk = {
          id: c.id,
          offset: c.offset,
          declared: last.declared,
          present: c.size,
        };
      } else if (last.dataEnd > size) {
        const present = Math.max(0, Math.min(declaredEnd, size) - c.dataOffset);
        c.size = present;
        chunk = {
          id: c.id,
          offset: c.offset,
          declared: last.declared,
          present,
        };
      }
    }
    const present = Math.max(0, size - node.dataOffset);
    let form: RiffUnfinishedSize | null = null;
    if (declared > present || (placeholder && present > declared)) {
      node.size = present;
      form = { id: node.id, offset: node.offset, declared, present };
    }
    if (!form && !chunk) return;
    const ds = state.ds64 ? " (ds64)" : "";
    const parts: string[] = [];
    if (chunk) {
      parts.push(
        `'${chunk.id}' size ${
          sizeText(chunk.declared)
        }${ds}, ${chunk.present} bytes present`,
      );
    }
    if (form) {
      parts.push(
        `${form.id} size ${
          sizeText(form.declared)
        }${ds}, ${form.present} bytes present`,
      );
    }
    const problem = {
      offset: chunk?.offset ?? form!.offset,
      message: `unfinished: ${parts.join("; ")}`,
    };
    // The first form in the file that is unfinished is the one reported as
    // such (and repaired); another (garbage after it) is a plain problem.
    // Forms are judged out of order on a pipe.
    const held = this.unfinished;
    if (held && held.formOffset < node.offset) {
      this.#problem(problem.offset, problem.message);
      return;
    }
    if (held) {
      this.#problem(
        this.unfinishedProblem!.offset,
        this.unfinishedProblem!.message,
      );
    }
    this.unfinished = { formOffset: node.offset, form, chunk };
    this.unfinishedProblem = problem;
  }

  /** Reads and checks the ds64 chunk that must open an RF64/BW64 form. */
  async #ds64(form: RiffChunk): Promise<RiffDs64 | null> {
    const at = form.offset + 12;
    const header = new Uint8Array(8);
    const got = await this.#read(at, header);
    const bad = (why: string): null => {
      this.#problem(
        at,
        `malformed 'ds64' chunk at offset ${at}: ${why}; the 32-bit sizes are used`,
      );
      return null;
    };
    if (got < 8 || u32le(header, 0) !== FOURCC_DS64) {
      this.#problem(
        form.offset,
        `${form.id} form without a 'ds64' chunk first: its 64-bit sizes are missing, so the 32-bit sizes are used`,
      );
      return null;
    }
    const size = u32le(header, 4);
    if (size < DS64_MIN_SIZE) return bad(`${size} bytes, fewer than 28`);
    const data = new Uint8Array(Math.min(size, MAX_DS64_READ));
    const n = await this.#read(at + 8, data);
    if (n < DS64_MIN_SIZE) return bad("cut short by the end of the file");
    if (u64le(data, 0) < 0 || u64le(data, 8) < 0 || u64le(data, 16) < 0) {
      return bad("a size that is not a safe integer");
    }
    const entries = u32le(data, 24);
    if (DS64_MIN_SIZE + 12 * entries > size) {
      return bad(`its table of ${entries} entries does not fit the chunk`);
    }
    if (DS64_MIN_SIZE + 12 * entries > n) {
      return bad(
        n < data.length
          ? "cut short by the end of the file"
          : `a table of ${entries} entries, more than 4096`,
      );
    }
    const parsed = parseDs64(data, 0, n);
    if (!parsed) return bad("a table size that is not a safe integer");
    return {
      offset: at,
      size,
      riffSize: parsed.riffSize,
      dataSize: parsed.dataSize,
      sampleCount: parsed.sampleCount,
      table: parsed.table.map((e) => ({
        id: fourccText(e.ckid),
        ckid: e.ckid,
        size: e.size,
      })),
    };
  }

  /**
   * A chunk that is not a top-level form. A plain chunk (no list, no WAVE data, no RF64 size,
   * no `onChunk`) is judged at once: nothing about it needs to wait when its
   * pad byte is in the read-ahead window, and a walk of many small chunks
   * then awaits once per window, not once per chunk.
   */
  #chunk(L: Level, node: RiffChunk, fccType: number): Last | Promise<Last> {
    const form = L.form;
    if (
      node.ckid === FOURCC_LIST || isForm(node.ckid) ||
      this.#onChunk !== undefined ||
      (form?.ds64 && node.storedSize === MAX_U32) ||
      (L.formLevel && form?.wave && node.ckid === FOURCC_DATA)
    ) {
      return this.#anyChunk(L, node, fccType);
    }
    const declared = node.storedSize;
    node.size = declared;
    if (L.formLevel && form) this.#formChecks(form, node, declared);
    const dataEnd = node.dataOffset + declared;
    this.#pastParent(L, node, declared, dataEnd);
    const last: Last = { node, declared, dataEnd, unfinished: false };
    if (declared % 2 === 1 && dataEnd <= L.declaredEnd) {
      const pad = this.#padByte(L, node, dataEnd);
      if (pad) return pad.then(() => last);
    }
    return last;
  }

  /** A chunk whose size runs past its parent's end is reported. */
  #pastParent(
    L: Level,
    node: RiffChunk,
    declared: number,
    dataEnd: number,
  ): void {
    if (L.parent === null || dataEnd <= L.declaredEnd) return;
    const report = () =>
      this.#problem(
        node.offset,
        `chunk ${nameOf(node)}: size ${sizeText(declared)} runs ${
          dataEnd - L.declaredEnd
        } bytes past the end of ${L.name} (offset ${L.declaredEnd})`,
      );
    // A form's chunk that also runs past the end of the file is its
    // unfinished last chunk, reported as such.
    if (L.formLevel) this.#whenSized((size) => dataEnd <= size && report());
    else report();
  }

  /** Any chunk that is not a top-level form, with every step it may wait on. */
  async #anyChunk(L: Level, node: RiffChunk, fccType: number): Promise<Last> {
    const form = L.form;
    const stored = node.storedSize;
    let declared = stored;
    let replaced = false;
    if (form?.ds64 && stored === MAX_U32) {
      if (node.ckid === FOURCC_DATA) {
        declared = form.ds64.dataSize;
        replaced = true;
      } else {
        const size = form.entries.get(node.ckid)?.shift();
        if (size !== undefined) {
          declared = size;
          replaced = true;
        }
      }
    }
    node.size = declared;
    if (L.formLevel && form) this.#formChecks(form, node, stored);
    let unfinished = false;
    if (L.formLevel && form?.wave && node.ckid === FOURCC_DATA) {
      unfinished = await this.#waveData(L, node, declared, replaced);
    }
    const dataEnd = node.dataOffset + declared;
    if (!unfinished) this.#pastParent(L, node, declared, dataEnd);
    const typed = node.ckid === FOURCC_LIST || isForm(node.ckid);
    if (typed && declared < 4) {
      this.#problem(
        node.offset,
        `chunk ${
          nameOf(node)
        }: size ${declared} leaves no room for its 4-byte type`,
      );
    } else if (typed && fccType >= 0) {
      node.type = fourccText(fccType);
    }
    if (this.#onChunk) await this.#visit(node);
    if (unfinished) {
      return {
        node,
        declared,
        dataEnd: node.dataOffset + node.size,
        unfinished,
      };
    }
    if (node.type !== undefined) {
      if (L.depth + 1 >= MAX_DEPTH) {
        this.#problem(
          node.offset,
          `chunks nested deeper than ${MAX_DEPTH} levels`,
        );
      } else {
        if (L.into && L.depth + 1 < this.#keepDepth) node.children = [];
        this.#parents.push(node);
        await this.#level({
          parent: node,
          name: `${node.id} '${node.type}' at offset ${node.offset}`,
          start: node.dataOffset + 4,
          end: dataEnd,
          declaredEnd: dataEnd,
          depth: L.depth + 1,
          into: node.children ?? null,
          form,
          formLevel: false,
        });
        this.#parents.pop();
      }
    }
    if (declared % 2 === 1 && dataEnd <= L.declaredEnd) {
      const pad = this.#padByte(L, node, dataEnd);
      if (pad) await pad;
    }
    return { node, declared, dataEnd, unfinished };
  }

  /** The ds64 rules for the chunks of an RF64/BW64 form. */
  #formChecks(form: FormState, node: RiffChunk, stored: number): void {
    if (!isForm64(form.node.ckid)) return;
    if (node.ckid === FOURCC_DS64 && node.offset !== form.node.offset + 12) {
      this.#problem(
        node.offset,
        `'ds64' chunk at offset ${node.offset} is not the first chunk of the form: ignored`,
      );
    }
    if (
      node.ckid === FOURCC_DATA && form.ds64 && stored !== MAX_U32 &&
      stored !== form.ds64.dataSize
    ) {
      this.#problem(
        node.offset,
        `'data' size field ${stored} disagrees with the ds64 dataSize ${form.ds64.dataSize} (the size field is used)`,
      );
    }
  }

  /**
   * The WAVE rule: a `data` chunk whose size is 0 or 0xFFFFFFFF while the
   * file holds other bytes for it is the last chunk, holding every byte
   * after its header (to the form's end when the form's size is sound).
   * Returns whether that made it unfinished; its size is then the bytes
   * present.
   */
  async #waveData(
    L: Level,
    node: RiffChunk,
    declared: number,
    replaced: boolean,
  ): Promise<boolean> {
    const placeholder = declared === 0 || (declared === MAX_U32 && !replaced);
    if (!placeholder) return false;
    let end = Math.min(L.end, this.#end());
    if (end === Infinity) {
      end = node.dataOffset +
        await this.#scan(node.dataOffset, Infinity, false);
    }
    const present = Math.max(0, end - node.dataOffset);
    if (present === declared) return false;
    node.size = present;
    return true;
  }

  /**
   * An odd-sized chunk's pad byte: present, zero, inside the parent. Done
   * at once when the byte is in the read-ahead window (the usual case).
   */
  #padByte(L: Level, node: RiffChunk, dataEnd: number): void | Promise<void> {
    if (dataEnd < L.declaredEnd && dataEnd < this.#end()) {
      const read = this.#read(dataEnd, this.#one);
      if (typeof read !== "number") {
        return read.then((got) =>
          this.#judgePad(L, node, dataEnd, got === 1 ? this.#one[0] : -1)
        );
      }
      return this.#judgePad(L, node, dataEnd, read === 1 ? this.#one[0] : -1);
    }
    this.#judgePad(L, node, dataEnd, -1);
  }

  #judgePad(
    L: Level,
    node: RiffChunk,
    dataEnd: number,
    padByte: number,
  ): void {
    if (this.#size !== null && dataEnd === this.#size) {
      // An unfinished form's missing final pad byte is part of the unfinished
      // report (repair appends it).
      const form = L.form;
      const cut = form && (form.open || form.declaredEnd > dataEnd);
      if (!(L.formLevel && cut)) {
        this.#problem(
          dataEnd,
          `odd-sized chunk ${
            nameOf(node)
          } has no pad byte at the end of the file`,
        );
      }
    } else if (dataEnd === L.declaredEnd) {
      this.#problem(
        dataEnd,
        `the pad byte after odd-sized chunk ${
          nameOf(node)
        } lies outside ${L.name}`,
      );
    } else if (padByte > 0) {
      this.#problem(
        dataEnd,
        `the pad byte after odd-sized chunk ${nameOf(node)} is 0x${
          padByte.toString(16).padStart(2, "0")
        }, not 0`,
      );
    }
  }
}

/** How problems name a chunk: its id and the offset of its header. */
function nameOf(node: RiffChunk): string {
  return `'${node.id}' at offset ${node.offset}`;
}

/** A ds64 table as sizes by chunk id: each entry is given to one chunk. */
function tableEntries(ds64: RiffDs64 | null): Map<number, number[]> {
  const entries = new Map<number, number[]>();
  for (const e of ds64?.table ?? []) {
    const sizes = entries.get(e.ckid);
    if (sizes) sizes.push(e.size);
    else entries.set(e.ckid, [e.size]);
  }
  return entries;
}

function isFormId(ckid: number): boolean {
  return isForm(ckid) || ckid === FOURCC_RIFX;
}

/** The number of zero bytes `block` starts with, among its first `n`. */
function leadingZeros(block: Uint8Array, n: number): number {
  // Four bytes at a time: the block is the start of its own buffer.
  const words = new Uint32Array(block.buffer, block.byteOffset, n >> 2);
  let i = 0;
  while (i < words.length && words[i] === 0) i++;
  let at = i * 4;
  while (at < n && block[at] === 0) at++;
  return at;
}

/**
 * Reads the chunk tree of a RIFF file from an open handle and checks its
 * structure on the way: sizes against the file and against the parent
 * chunk, pad bytes after odd-sized chunks (present and zero), truncated
 * headers, stray bytes, chunk ids that are not printable ASCII, a first
 * chunk that is not a form.
 *
 * - **Bounded.** A run of zero bytes (which reads as empty chunks with id
 *   0) is one `"zeros"` entry, found by scanning blocks, not 8 bytes at a
 *   time; at most 100 problems are kept (`problemCount` counts them all);
 *   nesting deeper than 1000 levels is reported, not followed. Time is
 *   linear in the headers read; memory is O(depth) plus the tree kept
 *   (`options.depth` limits it).
 * - **RF64/BW64** forms are walked with their `ds64` sizes; **RIFX** with
 *   big-endian sizes.
 * - **Unfinished sizes** (0, 0xFFFFFFFF or past the end of the file, in the
 *   form or its last chunk, while the file holds other bytes for it) are
 *   reported as one problem, described in `unfinished`, and the walk uses
 *   the bytes present. In WAVE a `data` chunk with such a size is the last
 *   chunk: every byte after its header is its data.
 * - A file that does not start with `RIFF`, `RF64`, `BW64` or `RIFX` is
 *   "not a RIFF file" at once.
 * - It needs no file size: on a pipe it reads forward only and learns the
 *   size at the end.
 *
 * Text from the file (ids, types) is escaped. The handle's position is left
 * wherever the walk ended.
 *
 * @param h An open handle: a file, a memory file, any I/O procedure.
 * @param options What to keep, and a callback for every chunk.
 * @returns The chunks, the problems found (none for a valid file), the file
 * size, the form and its unfinished sizes.
 *
 * @example List the chunks of a WAV file in memory
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
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
 *
 * @example A megabyte of zeros inside a form is one entry
 * ```ts
 * import { FOURCC_MEM, MMIO_READ, mmioOpen } from "@mmio/mmio";
 * import { walkRiff } from "@mmio/mmio/riff";
 * import { assertEquals } from "@std/assert";
 *
 * const file = new Uint8Array(12 + (1 << 20));
 * file.set(new TextEncoder().encode("RIFF\0\0\x10\0ZERO"));
 * file[4] = 4; // size 0x100004: the type and the zeros
 * await using h = await mmioOpen(null, { fccIOProc: FOURCC_MEM, pchBuffer: file, cchBuffer: file.length }, MMIO_READ);
 * const walk = await walkRiff(h!);
 * assertEquals(walk.chunks[0].children, [
 *   { id: "zeros", ckid: 0, offset: 12, size: 1 << 20, storedSize: 0, dataOffset: 12 },
 * ]);
 * assertEquals(walk.problemCount, 1);
 * ```
 */
export async function walkRiff(
  h: HMMIO,
  options: WalkRiffOptions = {},
): Promise<RiffWalk> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `options must be an object, got ${
        options === null ? "null" : typeof options
      }`,
    );
  }
  const { depth, onChunk } = options;
  if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0)) {
    throw new RangeError(
      `options.depth must be a whole number >= 0, got ${depth}`,
    );
  }
  if (onChunk !== undefined && typeof onChunk !== "function") {
    throw new TypeError(
      `options.onChunk must be a function, got ${typeof onChunk}`,
    );
  }
  return await new Walker(h, options).walk();
}
