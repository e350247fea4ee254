// Sample encoding: one tight loop per (input array type, stored sample
// type), writing one channel into a block of interleaved frames (a strided
// walk through a typed view of the block). Float input to an integer type is
// scaled by 2^(bits-1), rounded to nearest with halves toward +Infinity, and
// clamped to the integer range, which also clamps the input to [-1, 1]; NaN
// becomes 0. Float input to a float type is stored as it is.
//
// For 8, 16 and 24 bits the loops round by offsetting: y = x * 2^(b-1) +
// 2^(b-1) + 0.5 is exact in a double for every float32 x (or, where x is
// tiny, within far less than 0.5 of the offset), so truncating y (`| 0`, a
// single instruction) rounds to nearest with halves up, about half the cost
// of Math.round in V8 here. 32 bits, where y is not always exact, uses
// Math.floor(x * 2^31 + 0.5), which is. The clamps are on y, NaN goes to the
// offset (0).

import type { BlockViews } from "./_decode.ts";
import type { SampleArray, SampleType } from "./types.ts";

function f32ToU8(
  src: Float32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    let y = src[from + i] * 128 + 128.5;
    if (!(y >= 0.5)) y = y < 0.5 ? 0.5 : 128.5; // below the range, or NaN
    else if (y > 255.5) y = 255.5;
    dst[k] = y | 0;
  }
}

function f32ToS16(
  src: Float32Array,
  from: number,
  n: number,
  dst: Int16Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    let y = src[from + i] * 32768 + 32768.5;
    if (!(y >= 0.5)) y = y < 0.5 ? 0.5 : 32768.5;
    else if (y > 65535.5) y = 65535.5;
    dst[k] = (y | 0) - 32768;
  }
}

/** f32ToS16 for two channels at once: each output line is touched once. */
function f32StereoToS16(
  l: Float32Array,
  r: Float32Array,
  from: number,
  n: number,
  dst: Int16Array,
  k: number,
): void {
  for (let i = 0; i < n; i++, k += 2) {
    let y = l[from + i] * 32768 + 32768.5;
    if (!(y >= 0.5)) y = y < 0.5 ? 0.5 : 32768.5;
    else if (y > 65535.5) y = 65535.5;
    dst[k] = (y | 0) - 32768;
    let z = r[from + i] * 32768 + 32768.5;
    if (!(z >= 0.5)) z = z < 0.5 ? 0.5 : 32768.5;
    else if (z > 65535.5) z = 65535.5;
    dst[k + 1] = (z | 0) - 32768;
  }
}

function f32ToS24(
  src: Float32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    let y = src[from + i] * 8388608 + 8388608.5;
    if (!(y >= 0.5)) y = y < 0.5 ? 0.5 : 8388608.5;
    else if (y > 16777215.5) y = 16777215.5;
    // The offset is 2^23: the top bit flipped gives two's complement.
    const v = y | 0;
    dst[k] = v;
    dst[k + 1] = v >> 8;
    dst[k + 2] = (v >> 16) ^ 0x80;
  }
}

function f32ToS32(
  src: Float32Array,
  from: number,
  n: number,
  dst: Int32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const r = Math.floor(src[from + i] * 2147483648 + 0.5);
    // A typed-array store turns the NaN that passes both tests into 0.
    dst[k] = r > 2147483647 ? 2147483647 : r < -2147483648 ? -2147483648 : r;
  }
}

function f32ToF32(
  src: Float32Array,
  from: number,
  n: number,
  dst: Float32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function f32ToF64(
  src: Float32Array,
  from: number,
  n: number,
  dst: Float64Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function u8ToU8(
  src: Uint8Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function s16ToS16(
  src: Int16Array,
  from: number,
  n: number,
  dst: Int16Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function i32ToS24(
  src: Int32Array,
  from: number,
  n: number,
  dst: Uint8Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) {
    const x = src[from + i];
    const v = x > 8388607 ? 8388607 : x < -8388608 ? -8388608 : x;
    dst[k] = v;
    dst[k + 1] = v >> 8;
    dst[k + 2] = v >> 16;
  }
}

function i32ToS32(
  src: Int32Array,
  from: number,
  n: number,
  dst: Int32Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

function f64ToF64(
  src: Float64Array,
  from: number,
  n: number,
  dst: Float64Array,
  k: number,
  stride: number,
): void {
  for (let i = 0; i < n; i++, k += stride) dst[k] = src[from + i];
}

/**
 * Encodes `n` samples of `src` from `from` into a block, the first at
 * sample index `k` of the block, then every `stride` samples.
 */
function encodeRun(
  sample: SampleType,
  src: SampleArray,
  from: number,
  n: number,
  v: BlockViews,
  k: number,
  stride: number,
): void {
  if (src instanceof Float32Array) {
    switch (sample) {
      case "uint8":
        return f32ToU8(src, from, n, v.u8, k, stride);
      case "int16":
        return f32ToS16(src, from, n, v.s16, k, stride);
      case "int24":
        return f32ToS24(src, from, n, v.u8, 3 * k, 3 * stride);
      case "int32":
        return f32ToS32(src, from, n, v.s32, k, stride);
      case "float32":
        return f32ToF32(src, from, n, v.f32, k, stride);
      case "float64":
        return f32ToF64(src, from, n, v.f64, k, stride);
    }
  }
  if (src instanceof Uint8Array) return u8ToU8(src, from, n, v.u8, k, stride);
  if (src instanceof Int16Array) {
    return s16ToS16(src, from, n, v.s16, k, stride);
  }
  if (src instanceof Float64Array) {
    return f64ToF64(src, from, n, v.f64, k, stride);
  }
  if (sample === "int24") {
    return i32ToS24(src, from, n, v.u8, 3 * k, 3 * stride);
  }
  return i32ToS32(src, from, n, v.s32, k, stride);
}

/**
 * Encodes `frames` frames, from frame `from` of the input, into a block at
 * frame `at`: from one array per channel, or (`samples` of length 1) one
 * array of interleaved frames. The arrays are `Float32Array`, or the sample
 * type's own (`Uint8Array` for uint8, `Int16Array` for int16, `Int32Array`
 * for int24 and int32, `Float64Array` for float64), which the caller has
 * checked. Own-type samples are stored as they are; an int24 sample outside
 * [-2^23, 2^23) is clamped.
 */
export function encodeFrames(
  sample: SampleType,
  samples: SampleArray[],
  channels: number,
  from: number,
  frames: number,
  v: BlockViews,
  at: number,
): void {
  if (samples.length === 1) {
    // Interleaved (or mono): one contiguous run of samples.
    return encodeRun(
      sample,
      samples[0],
      from * channels,
      frames * channels,
      v,
      at * channels,
      1,
    );
  }
  const [l, r] = samples;
  if (
    channels === 2 && sample === "int16" && l instanceof Float32Array &&
    r instanceof Float32Array
  ) {
    return f32StereoToS16(l, r, from, frames, v.s16, 2 * at);
  }
  for (let c = 0; c < channels; c++) {
    encodeRun(sample, samples[c], from, frames, v, at * channels + c, channels);
  }
}

/** The array type a sample type takes as it is, besides `Float32Array`. */
export const OWN_ARRAY: Record<SampleType, string> = {
  uint8: "Uint8Array",
  int16: "Int16Array",
  int24: "Int32Array",
  int32: "Int32Array",
  float32: "Float32Array",
  float64: "Float64Array",
};

/** Whether `a` is `Float32Array` or the sample type's own array. */
export function acceptsArray(sample: SampleType, a: unknown): boolean {
  if (a instanceof Float32Array) return true;
  switch (sample) {
    case "uint8":
      return a instanceof Uint8Array;
    case "int16":
      return a instanceof Int16Array;
    case "int24":
    case "int32":
      return a instanceof Int32Array;
    case "float64":
      return a instanceof Float64Array;
    case "float32":
      return false;
  }
}
