// WAV files of what plays: RIFF/WAVE, IEEE float 32-bit (format 3), one channel per channel
// played, at the audio rate in use; the frames interleaved as they are (no scaling, no
// dithering). Shorter channels are padded with silence to the longest.
//
// No DOM: Node's tests read the file back.

const FORMAT_IEEE_FLOAT = 3;

/**
 * @param {Float32Array[]} channels  the frames of each channel
 * @param {number} rate              frames per second
 * @returns {ArrayBuffer}
 */
export function encodeWAV(channels, rate) {
    const count = channels.length;
    const frames = Math.max(0, ...channels.map((c) => c.length));
    const dataBytes = frames * count * 4;
    const buffer = new ArrayBuffer(56 + dataBytes);
    const v = new DataView(buffer);
    const text = (at, s) => [...s].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
    text(0, "RIFF");
    v.setUint32(4, 48 + dataBytes, true);
    text(8, "WAVE");
    text(12, "fmt ");
    v.setUint32(16, 16, true);
    v.setUint16(20, FORMAT_IEEE_FLOAT, true);
    v.setUint16(22, count, true);
    v.setUint32(24, Math.round(rate), true);
    v.setUint32(28, Math.round(rate) * count * 4, true);
    v.setUint16(32, count * 4, true);           // block align
    v.setUint16(34, 32, true);                  // bits per sample
    text(36, "fact");                           // required for non-PCM formats
    v.setUint32(40, 4, true);
    v.setUint32(44, frames, true);
    text(48, "data");
    v.setUint32(52, dataBytes, true);
    // Little-endian float32 (every platform the player runs on is little-endian; checked).
    if (new Uint8Array(Float32Array.of(1).buffer)[3] !== 0x3f) throw new Error("encodeWAV: a big-endian platform");
    const out = new Float32Array(buffer, 56, frames * count);
    for (let c = 0; c < count; c++) {
        const ch = channels[c];
        for (let i = 0; i < ch.length; i++) out[i * count + c] = ch[i];
    }
    return buffer;
}
