// What `info` shows, collected while the walk goes by (forward only, so a
// pipe works): the chunks of interest are read as the walker passes them
// and turned into a RiffInfo at the end.

import type { HMMIO } from "../../mod.ts";
import { SUBFORMAT_GUID_TAIL } from "../_format_tags.ts";
import { readBytes } from "./_read.ts";
import { fieldText, fourccText } from "./_text.ts";
import type {
  AviInfo,
  AviStream,
  RiffChunk,
  RiffInfo,
  RiffWalk,
  WaveExtensible,
  WaveFormat,
  WebpInfo,
} from "./types.ts";
import { walkRiff } from "./walk.ts";

/** Chunks listed directly inside the form, at most. */
const MAX_LISTED = 100;
/** INFO tags kept, at most, and the bytes read of each. */
const MAX_TAGS = 1000;
const MAX_TAG_BYTES = 1024;
/** AVI streams kept, at most. */
const MAX_STREAMS = 100;
/** The bytes of a `bext` chunk up to its origination time. */
const BEXT_BYTES = 338;

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Reads numbers in the file's byte order (RIFX is big-endian). */
class Fields {
  readonly #v: DataView;
  readonly #le: boolean;
  constructor(bytes: Uint8Array, bigEndian: boolean) {
    this.#v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    this.#le = !bigEndian;
  }
  u16(at: number): number {
    return this.#v.getUint16(at, this.#le);
  }
  u32(at: number): number {
    return this.#v.getUint32(at, this.#le);
  }
  i32(at: number): number {
    return this.#v.getInt32(at, this.#le);
  }
  /** A FOURCC: four bytes in file order, whatever the byte order of numbers. */
  fcc(at: number): string {
    return fourccText(this.#v.getUint32(at, true));
  }
  /** A 24-bit little-endian number (WebP). */
  u24(at: number): number {
    return this.#v.getUint16(at, true) | this.#v.getUint8(at + 2) << 16;
  }
}

function guidText(b: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const bytes = Array.from(b.subarray(from, to));
    if (reverse) bytes.reverse();
    return bytes.map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${
    hex(8, 10, false)
  }-${hex(10, 16, false)}`;
}

/** Collects what `info` shows while the walk goes by, reading forward only. */
export class Collector {
  readonly #h: HMMIO;
  fmt: Uint8Array | null = null;
  fact: number | null = null;
  data: RiffChunk | null = null;
  readonly tags: [string, string][] = [];
  bext: RiffInfo["bext"];
  avih: Uint8Array | null = null;
  dmlhFrames: number | null = null;
  readonly streams: AviStream[] = [];
  vp8x: Uint8Array | null = null;
  still:
    | { width: number; height: number; lossless: boolean; alpha: boolean }
    | null = null;
  loopCount: number | null = null;
  frames = 0;
  frameMs = 0;
  readonly frameKinds = new Set<"lossy" | "lossless">();
  readonly listed: RiffInfo["chunks"] = [];
  listedCount = 0;

  constructor(h: HMMIO) {
    this.#h = h;
  }

  #read(c: RiffChunk, max: number): Promise<Uint8Array> {
    return readBytes(this.#h, c.dataOffset, c.size, max);
  }

  onChunk = async (
    c: RiffChunk,
    parents: readonly RiffChunk[],
  ): Promise<void> => {
    const depth = parents.length;
    if (depth === 0 || c.id === "zeros") return;
    const form = parents[0];
    const parent = parents[depth - 1];
    const big = form.id === "RIFX";
    if (depth === 1) {
      this.listedCount++;
      if (this.listed.length < MAX_LISTED) {
        this.listed.push({
          id: c.id,
          ...(c.type === undefined ? {} : { type: c.type }),
          offset: c.offset,
          size: c.size,
        });
      }
    }
    if (depth === 2 && parent.id === "LIST" && parent.type === "INFO") {
      if (this.tags.length < MAX_TAGS) {
        this.tags.push([c.id, fieldText(await this.#read(c, MAX_TAG_BYTES))]);
      }
      return;
    }
    switch (form.type) {
      case "WAVE":
        if (depth === 1) await this.#wave(c, big);
        break;
      case "AVI ":
        await this.#avi(c, parent, depth, big);
        break;
      case "WEBP":
        if (depth === 1) await this.#webp(c);
        break;
    }
  };

  async #wave(c: RiffChunk, big: boolean): Promise<void> {
    if (c.id === "fmt " && this.fmt === null) {
      this.fmt = await this.#read(c, 40);
    } else if (c.id === "fact" && this.fact === null) {
      const b = await this.#read(c, 4);
      if (b.length === 4) this.fact = new Fields(b, big).u32(0);
    } else if (c.id === "data" && this.data === null) {
      this.data = c;
    } else if (c.id === "bext" && this.bext === undefined) {
      const b = await this.#read(c, BEXT_BYTES);
      const date = b.length >= BEXT_BYTES
        ? `${fieldText(b.subarray(320, 330))} ${
          fieldText(b.subarray(330, 338))
        }`.trim()
        : "";
      this.bext = {
        description: fieldText(b.subarray(0, 256)),
        originator: fieldText(b.subarray(256, 288)),
        date,
      };
    }
  }

  async #avi(
    c: RiffChunk,
    parent: RiffChunk,
    depth: number,
    big: boolean,
  ): Promise<void> {
    if (c.id === "avih" && depth === 2 && this.avih === null) {
      this.avih = await this.#read(c, 56);
    } else if (c.id === "strh" && parent.type === "strl") {
      if (this.streams.length >= MAX_STREAMS) return;
      const b = await this.#read(c, 56);
      if (b.length < 36) return;
      const f = new Fields(b, big);
      this.streams.push({
        type: f.fcc(0),
        handler: f.fcc(4),
        scale: f.u32(20),
        rate: f.u32(24),
        length: f.u32(32),
      });
    } else if (c.id === "strf" && parent.type === "strl") {
      const stream = this.streams.at(-1);
      if (!stream) return;
      const b = await this.#read(c, 40);
      const f = new Fields(b, big);
      if (stream.type === "vids" && b.length >= 20) {
        stream.width = f.i32(4);
        stream.height = Math.abs(f.i32(8));
        stream.compression = f.fcc(16);
      } else if (stream.type === "auds" && b.length >= 8) {
        stream.formatTag = f.u16(0);
        stream.channels = f.u16(2);
        stream.sampleRate = f.u32(4);
      }
    } else if (c.id === "dmlh" && parent.type === "odml") {
      const b = await this.#read(c, 4);
      if (b.length === 4) this.dmlhFrames = new Fields(b, big).u32(0);
    }
  }

  async #webp(c: RiffChunk): Promise<void> {
    switch (c.id) {
      case "VP8X":
        this.vp8x ??= await this.#read(c, 10);
        break;
      case "VP8 ": {
        const b = await this.#read(c, 10);
        if (this.still || b.length < 10) break;
        const f = new Fields(b, false);
        this.still = {
          width: f.u16(6) & 0x3fff,
          height: f.u16(8) & 0x3fff,
          lossless: false,
          alpha: false,
        };
        break;
      }
      case "VP8L": {
        const b = await this.#read(c, 5);
        if (this.still || b.length < 5 || b[0] !== 0x2f) break;
        const bits = new Fields(b, false).u32(1);
        this.still = {
          width: (bits & 0x3fff) + 1,
          height: ((bits >>> 14) & 0x3fff) + 1,
          lossless: true,
          alpha: ((bits >>> 28) & 1) === 1,
        };
        break;
      }
      case "ANIM": {
        const b = await this.#read(c, 6);
        if (b.length === 6) this.loopCount = new Fields(b, false).u16(4);
        break;
      }
      case "ANMF": {
        this.frames++;
        const b = await this.#read(c, 20);
        if (b.length < 16) break;
        this.frameMs += new Fields(b, false).u24(12);
        const first = b.length >= 20
          ? fourccText(new Fields(b, false).u32(16) >>> 0)
          : "";
        if (first === "VP8L") this.frameKinds.add("lossless");
        else if (first === "VP8 " || first === "ALPH") {
          this.frameKinds.add("lossy");
        }
        break;
      }
    }
  }

  finish(walk: RiffWalk): RiffInfo | null {
    const form = walk.form;
    if (!form || form.type === "") return null;
    const info: RiffInfo = {
      form: form.id,
      formType: form.type,
      riffSize: walk.unfinished?.form?.declared ?? form.size,
      fileSize: walk.fileSize,
      sizeKnown: walk.sizeKnown,
      rf64: form.id === "RF64" || form.id === "BW64",
      bigEndian: form.bigEndian,
      unfinished: walk.unfinished,
      problemCount: walk.problemCount,
      tags: this.tags,
      chunks: this.listed,
      chunkCount: this.listedCount,
    };
    if (this.bext) info.bext = this.bext;
    if (form.type === "WAVE") this.#finishWave(info, walk);
    if (form.type === "AVI ") this.#finishAvi(info);
    if (form.type === "WEBP") this.#finishWebp(info);
    return info;
  }

  #finishWave(info: RiffInfo, walk: RiffWalk): void {
    const fmt = this.fmt;
    let format: WaveFormat | undefined;
    if (fmt && fmt.length >= 16) {
      const f = new Fields(fmt, info.bigEndian);
      format = {
        formatTag: f.u16(0),
        channels: f.u16(2),
        sampleRate: f.u32(4),
        byteRate: f.u32(8),
        blockAlign: f.u16(12),
        bitsPerSample: f.u16(14),
      };
      // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
      if (format.formatTag === WAVE_FORMAT_EXTENSIBLE && fmt.length >= 26) {
        format.subFormatTag = f.u16(24);
      }
      if (format.formatTag === WAVE_FORMAT_EXTENSIBLE && fmt.length >= 40) {
        const guid = fmt.subarray(24, 40);
        info.extensible = {
          validBitsPerSample: f.u16(18),
          channelMask: f.u32(20),
          subFormat: guidText(guid),
          standard: SUBFORMAT_GUID_TAIL.every((b, i) => guid[2 + i] === b),
        } satisfies WaveExtensible;
      }
      info.format = format;
    }
    if (this.fact !== null) info.factSamples = this.fact;
    const data = this.data;
    if (!data) return;
    const unfinishedData = walk.unfinished?.chunk?.offset === data.offset;
    info.dataSize = unfinishedData
      ? walk.unfinished!.chunk!.declared
      : data.size;
    info.dataPresent = Math.max(
      0,
      Math.min(data.size, walk.fileSize - data.dataOffset),
    );
    if (!format || format.blockAlign === 0) return;
    const tag = format.subFormatTag ?? format.formatTag;
    if (tag === WAVE_FORMAT_PCM || tag === WAVE_FORMAT_IEEE_FLOAT) {
      info.frames = Math.floor(info.dataPresent / format.blockAlign);
      info.framesFrom = "data";
    } else {
      info.blocks = Math.floor(info.dataPresent / format.blockAlign);
      // ds64's count replaces fact's; 0 there means unknown.
      const ds64Count = walk.form?.ds64?.sampleCount ?? 0;
      if (ds64Count > 0) {
        info.frames = ds64Count;
        info.framesFrom = "ds64";
      } else if (this.fact !== null) {
        info.frames = this.fact;
        info.framesFrom = "fact";
      }
    }
    if (info.frames !== undefined && format.sampleRate > 0) {
      info.duration = info.frames / format.sampleRate;
    }
  }

  #finishAvi(info: RiffInfo): void {
    const b = this.avih;
    if (!b || b.length < 40) return;
    const f = new Fields(b, info.bigEndian);
    const video = this.streams.find((s) => s.type === "vids" && s.scale > 0);
    const usPerFrame = f.u32(0);
    const frameRate = video && video.rate > 0
      ? video.rate / video.scale
      : usPerFrame > 0
      ? 1e6 / usPerFrame
      : null;
    const avi: AviInfo = {
      frames: this.dmlhFrames ?? f.u32(16),
      width: f.u32(32),
      height: f.u32(36),
      frameRate,
      streams: this.streams,
    };
    info.avi = avi;
    if (frameRate) info.duration = avi.frames / frameRate;
  }

  #finishWebp(info: RiffInfo): void {
    const x = this.vp8x;
    const still = this.still;
    let webp: WebpInfo;
    if (x && x.length >= 10) {
      const f = new Fields(x, false);
      const animated = (x[0] & 0x02) !== 0;
      const kinds = [...this.frameKinds];
      const encoding = animated
        ? (kinds.length === 2 ? "mixed" : kinds[0] ?? "unknown")
        : still
        ? (still.lossless ? "lossless" : "lossy")
        : "unknown";
      webp = {
        width: f.u24(4) + 1,
        height: f.u24(7) + 1,
        encoding,
        alpha: (x[0] & 0x10) !== 0,
        animated,
        frames: animated ? this.frames : 1,
      };
      if (animated) {
        webp.loopCount = this.loopCount ?? 0;
        webp.duration = this.frameMs / 1000;
      }
    } else if (still) {
      webp = {
        width: still.width,
        height: still.height,
        encoding: still.lossless ? "lossless" : "lossy",
        alpha: still.alpha,
        animated: false,
        frames: 1,
      };
    } else {
      return;
    }
    info.webp = webp;
    if (webp.duration !== undefined) info.duration = webp.duration;
  }
}

/** Gives the kept tree of a walk to a collector, in file order. */
export async function replay(
  chunks: RiffChunk[],
  parents: RiffChunk[],
  collector: Collector,
): Promise<void> {
  for (const c of chunks) {
    await collector.onChunk(c, parents);
    if (c.children) {
      parents.push(c);
      await replay(c.children, parents, collector);
      parents.pop();
    }
  }
}

/**
 * `readRiffInfo` with the walk it made, so that a caller can say why a file
 * is not RIFF without reading it again (a pipe cannot be).
 */
export async function readInfoAndWalk(
  h: HMMIO,
): Promise<{ info: RiffInfo | null; walk: RiffWalk }> {
  const collector = new Collector(h);
  const walk = await walkRiff(h, { depth: 0, onChunk: collector.onChunk });
  return { info: collector.finish(walk), walk };
}
