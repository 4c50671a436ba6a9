/* SHA-256 (FIPS 180-4) in the browser, for files of any size.
 *
 * Web Crypto's digest() takes the whole input at once, so a large file would have to be read into memory in one
 * piece. Files up to WEBCRYPTO_MAX go to Web Crypto (native, fastest); larger ones (or all of them where Web Crypto
 * is missing: a page served over plain HTTP to another host is not a secure context) are read in CHUNK pieces with
 * File.slice and fed to the streaming implementation below, reporting progress after each piece.
 * Checked against Python's hashlib on random data of many lengths in real Chromium (tests/portal/test_browser.py).
 */
(function (global) {
  "use strict";

  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  class Sha256 {
    constructor() {
      this.h = new Int32Array(H0);
      this.w = new Int32Array(64);
      this.buf = new Uint8Array(64);
      this.bufLen = 0;
      this.total = 0; // bytes; exact up to 2^53
      this.done = false;
    }

    /** Feed bytes (a Uint8Array); may be called any number of times. */
    update(data) {
      if (this.done) throw new Error("sha256: update after digest");
      const n = data.length;
      let i = 0;
      this.total += n;
      if (this.bufLen > 0) {
        const take = Math.min(64 - this.bufLen, n);
        this.buf.set(data.subarray(0, take), this.bufLen);
        this.bufLen += take;
        i = take;
        if (this.bufLen < 64) return this;
        this._block(this.buf, 0);
        this.bufLen = 0;
      }
      for (; i + 64 <= n; i += 64) this._block(data, i);
      if (i < n) {
        this.buf.set(data.subarray(i), 0);
        this.bufLen = n - i;
      }
      return this;
    }

    _block(d, off) {
      const w = this.w;
      const h = this.h;
      for (let t = 0; t < 16; t++) {
        const j = off + (t << 2);
        w[t] = (d[j] << 24) | (d[j + 1] << 16) | (d[j + 2] << 8) | d[j + 3];
      }
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15];
        const y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      let a = h[0], b = h[1], c = h[2], dd = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (let t = 0; t < 64; t++) {
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = (e & f) ^ (~e & g);
        const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (S0 + maj) | 0;
        hh = g;
        g = f;
        f = e;
        e = (dd + t1) | 0;
        dd = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0;
      h[1] = (h[1] + b) | 0;
      h[2] = (h[2] + c) | 0;
      h[3] = (h[3] + dd) | 0;
      h[4] = (h[4] + e) | 0;
      h[5] = (h[5] + f) | 0;
      h[6] = (h[6] + g) | 0;
      h[7] = (h[7] + hh) | 0;
    }

    /** The 32-byte digest (a Uint8Array); the object cannot be updated afterwards. */
    digest() {
      const bits = this.total * 8;
      const hi = Math.floor(bits / 0x100000000);
      const lo = bits >>> 0;
      const padLen = this.bufLen < 56 ? 56 - this.bufLen : 120 - this.bufLen;
      const pad = new Uint8Array(padLen + 8);
      pad[0] = 0x80;
      const dv = new DataView(pad.buffer);
      dv.setUint32(padLen, hi);
      dv.setUint32(padLen + 4, lo);
      this.update(pad);
      this.done = true;
      const out = new Uint8Array(32);
      const odv = new DataView(out.buffer);
      for (let i = 0; i < 8; i++) odv.setInt32(i * 4, this.h[i]);
      return out;
    }
  }

  function toHex(bytes) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, "0");
    return s;
  }

  const CHUNK = 4 * 1024 * 1024;
  const WEBCRYPTO_MAX = 32 * 1024 * 1024;

  /**
   * SHA-256 of a Blob/File as lowercase hex (no 0x).
   * options: onProgress(fraction 0..1), method "auto" | "webcrypto" | "stream", chunkSize.
   * Resolves to {hex, method, bytes, seconds}.
   */
  async function hashBlob(blob, options) {
    const opts = options || {};
    const onProgress = opts.onProgress || function () {};
    const subtle = global.crypto && global.crypto.subtle;
    let method = opts.method || "auto";
    if (method === "auto") method = subtle && blob.size <= WEBCRYPTO_MAX ? "webcrypto" : "stream";
    if (method === "webcrypto" && !subtle) throw new Error("Web Crypto is not available on this page");
    const t0 = performance.now();
    onProgress(0);
    let hex;
    if (method === "webcrypto") {
      const digest = await subtle.digest("SHA-256", await blob.arrayBuffer());
      hex = toHex(new Uint8Array(digest));
    } else {
      const chunk = opts.chunkSize || CHUNK;
      const h = new Sha256();
      for (let off = 0; off < blob.size; off += chunk) {
        const piece = new Uint8Array(await blob.slice(off, Math.min(off + chunk, blob.size)).arrayBuffer());
        h.update(piece);
        onProgress(Math.min(off + chunk, blob.size) / blob.size);
      }
      hex = toHex(h.digest());
    }
    onProgress(1);
    return { hex: hex, method: method, bytes: blob.size, seconds: (performance.now() - t0) / 1000 };
  }

  /** SHA-256 of bytes, fed in pieces of `pieces` lengths (for tests of the chunk boundaries). */
  function sha256Hex(bytes, pieces) {
    const h = new Sha256();
    if (!pieces || !pieces.length) {
      h.update(bytes);
    } else {
      let off = 0;
      for (const p of pieces) {
        h.update(bytes.subarray(off, off + p));
        off += p;
      }
      h.update(bytes.subarray(off));
    }
    return toHex(h.digest());
  }

  global.CourtchainHash = { Sha256: Sha256, hashBlob: hashBlob, sha256Hex: sha256Hex, toHex: toHex, CHUNK: CHUNK,
    WEBCRYPTO_MAX: WEBCRYPTO_MAX };
})(typeof window !== "undefined" ? window : globalThis);
