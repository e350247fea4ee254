/**
 * What the WAVE format tags mean, for the RIFF tools and the WAVE layer
 * alike: the names of the tags (`WAVE_FORMAT_*` in the SDK's `mmreg.h`) and
 * the standard `WAVE_FORMAT_EXTENSIBLE` sub-format GUIDs.
 *
 * @module
 */

/** The names of the WAVE format tags that files commonly hold. */
export const FORMAT_TAG_NAMES: Readonly<Record<number, string>> = {
  0x0001: "PCM",
  0x0002: "Microsoft ADPCM",
  0x0003: "IEEE float",
  0x0006: "A-law",
  0x0007: "mu-law",
  0x0011: "IMA ADPCM",
  0x0022: "TrueSpeech",
  0x0031: "GSM 6.10",
  0x0040: "G.721 ADPCM",
  0x0045: "G.726 ADPCM",
  0x0050: "MPEG",
  0x0055: "MPEG Layer 3",
  0x0064: "G.726 ADPCM",
  0x0092: "Dolby AC-3 SPDIF",
  0x00ff: "AAC",
  0x0161: "Windows Media Audio",
  0x0162: "Windows Media Audio Pro",
  0x0163: "Windows Media Audio Lossless",
  0x2000: "AC-3",
  0x2001: "DTS",
  0xf1ac: "FLAC",
  0xfffe: "extensible",
};

/**
 * Bytes 2 to 15 of every standard sub-format GUID
 * (`KSDATAFORMAT_SUBTYPE_*`, `XXXXXXXX-0000-0010-8000-00aa00389b71` with
 * the format tag in bytes 0 and 1) as they are stored in a file.
 */
export const SUBFORMAT_GUID_TAIL: readonly number[] = [
  0x00,
  0x00,
  0x00,
  0x00,
  0x10,
  0x00,
  0x80,
  0x00,
  0x00,
  0xaa,
  0x00,
  0x38,
  0x9b,
  0x71,
];
