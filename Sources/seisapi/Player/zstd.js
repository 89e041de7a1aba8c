// libzstd's decompressor compiled to WebAssembly (zstd.wasm, built by scripts/build-zstd-wasm
// from the zstd 1.5.7 amalgamation in PyPI's zstandard 0.25.0), wrapped for JavaScript.
// Plain ES module with no DOM: the decoding Worker imports it, and so do Node's tests.
//
//   const zstd = await ZstdDecoder.load(new URL("./zstd.wasm", import.meta.url));  // browser
//   const zstd = await ZstdDecoder.load(fs.readFileSync("zstd.wasm"));              // Node
//   const bytes = zstd.decompress(frame);            // Uint8Array (a fresh, transferable buffer)
//   const samples = zstd.decompressInt32(frame);     // Int32Array, little-endian samples
//
// One decoder owns one module instance and one decompression context; it is not reentrant
// (a Worker runs one call at a time). Its input and output buffers inside the module are
// kept between calls and grown when a larger frame comes, so decoding a run of chunks does
// not allocate per chunk.

const CONTENTSIZE_UNKNOWN = 0xffffffffffffffffn;
const CONTENTSIZE_ERROR = 0xfffffffffffffffen;

export class ZstdError extends Error {
    constructor(message) {
        super(message);
        this.name = "ZstdError";
    }
}

export class ZstdDecoder {
    /**
     * @param {URL|string|Response|ArrayBuffer|ArrayBufferView|WebAssembly.Module} source
     *   the module: a URL to fetch (served as application/wasm), a Response, its bytes, or
     *   a compiled module.
     */
    static async load(source) {
        let instance;
        if (source instanceof WebAssembly.Module) {
            instance = await WebAssembly.instantiate(source, {});
        } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
            ({ instance } = await WebAssembly.instantiate(source, {}));
        } else {
            const response = typeof Response !== "undefined" && source instanceof Response ? source : await fetch(source);
            if (!response.ok) throw new ZstdError(`loading zstd.wasm: HTTP ${response.status}`);
            if (WebAssembly.instantiateStreaming && (response.headers.get("Content-Type") || "").startsWith("application/wasm")) {
                ({ instance } = await WebAssembly.instantiateStreaming(response, {}));
            } else {
                ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {}));
            }
        }
        return new ZstdDecoder(instance);
    }

    constructor(instance) {
        this.exports = instance.exports;
        this.memory = instance.exports.memory;
        this.dctx = this.exports.ZSTD_createDCtx();
        if (!this.dctx) throw new ZstdError("ZSTD_createDCtx failed");
        this.inPtr = 0;
        this.inCapacity = 0;
        this.outPtr = 0;
        this.outCapacity = 0;
    }

    /** libzstd's version, e.g. "1.5.7". */
    get version() {
        const v = this.exports.ZSTD_versionNumber();
        return `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}.${v % 100}`;
    }

    /** Bytes of the module's memory (it grows, never shrinks). */
    get memoryBytes() {
        return this.memory.buffer.byteLength;
    }

    /**
     * Decompresses one zstd frame (or frames back to back) into a new Uint8Array.
     * Throws ZstdError with libzstd's message for corrupt, truncated or checksum-failing input.
     */
    decompress(frame) {
        const src = frame instanceof Uint8Array ? frame : new Uint8Array(frame.buffer ?? frame, frame.byteOffset ?? 0, frame.byteLength);
        if (src.byteLength === 0) throw new ZstdError("empty input: not a zstd frame");
        const inPtr = this.#input(src.byteLength);
        new Uint8Array(this.memory.buffer, inPtr, src.byteLength).set(src);

        // unsigned long long comes back as a signed BigInt
        const size = BigInt.asUintN(64, this.exports.ZSTD_findDecompressedSize(inPtr, src.byteLength));
        if (size === CONTENTSIZE_ERROR) throw new ZstdError("not a valid zstd frame");
        if (size === CONTENTSIZE_UNKNOWN) return this.#stream(inPtr, src.byteLength);
        if (size > 0x7fffffffn) throw new ZstdError(`frame content too large (${size} bytes)`);
        const n = Number(size);
        const outPtr = this.#output(Math.max(n, 1));
        const written = this.exports.ZSTD_decompressDCtx(this.dctx, outPtr, n, inPtr, src.byteLength);
        this.#check(written);
        if (written !== n) throw new ZstdError(`frame declared ${n} bytes but held ${written}`);
        return new Uint8Array(this.memory.buffer.slice(outPtr, outPtr + n));
    }

    /** Decompresses a chunk payload: little-endian int32 samples. */
    decompressInt32(frame) {
        const bytes = this.decompress(frame);
        if (bytes.byteLength % 4 !== 0) throw new ZstdError(`payload of ${bytes.byteLength} bytes is not int32 samples`);
        if (!LITTLE_ENDIAN) {
            const view = new DataView(bytes.buffer);
            const out = new Int32Array(bytes.byteLength / 4);
            for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, true);
            return out;
        }
        return new Int32Array(bytes.buffer);
    }

    /** Frees the module's context; the decoder cannot be used afterwards. */
    close() {
        if (this.dctx) this.exports.ZSTD_freeDCtx(this.dctx);
        this.dctx = 0;
    }

    /** Frames without a content size (streaming writers): decode with ZSTD_decompressStream. */
    #stream(inPtr, inSize) {
        const e = this.exports;
        e.ZSTD_DCtx_reset(this.dctx, 1 /* ZSTD_reset_session_only */);
        const step = Number(e.ZSTD_DStreamOutSize());
        // ZSTD_inBuffer {src, size, pos} and ZSTD_outBuffer {dst, size, pos}: three 32-bit words each.
        const structs = e.malloc(24);
        const stepPtr = e.malloc(step);
        if (!structs || !stepPtr) throw new ZstdError("out of memory");
        const parts = [];
        let total = 0;
        try {
            let words = new Uint32Array(this.memory.buffer, structs, 6);
            words.set([inPtr, inSize, 0, stepPtr, step, 0]);
            for (;;) {
                const hint = e.ZSTD_decompressStream(this.dctx, structs + 12, structs);
                this.#check(hint);
                words = new Uint32Array(this.memory.buffer, structs, 6); // memory may have grown
                const produced = words[5];
                if (produced > 0) {
                    parts.push(new Uint8Array(this.memory.buffer.slice(stepPtr, stepPtr + produced)));
                    total += produced;
                    words[5] = 0;
                }
                const consumedAll = words[2] === inSize;
                if (hint === 0 && consumedAll) break;
                if (consumedAll && produced === 0) throw new ZstdError("truncated zstd frame");
            }
        } finally {
            e.free(stepPtr);
            e.free(structs);
        }
        const out = new Uint8Array(total);
        let at = 0;
        for (const p of parts) {
            out.set(p, at);
            at += p.byteLength;
        }
        return out;
    }

    #check(code) {
        if (this.exports.ZSTD_isError(code)) {
            const ptr = this.exports.ZSTD_getErrorName(code);
            const bytes = new Uint8Array(this.memory.buffer, ptr);
            const end = bytes.indexOf(0);
            throw new ZstdError(new TextDecoder().decode(bytes.subarray(0, end < 0 ? 0 : end)));
        }
    }

    #input(n) {
        if (n > this.inCapacity) {
            if (this.inPtr) this.exports.free(this.inPtr);
            this.inCapacity = Math.max(n, this.inCapacity * 2, 1 << 16);
            this.inPtr = this.exports.malloc(this.inCapacity);
            if (!this.inPtr) {
                this.inCapacity = 0;
                throw new ZstdError(`out of memory for ${n} input bytes`);
            }
        }
        return this.inPtr;
    }

    #output(n) {
        if (n > this.outCapacity) {
            if (this.outPtr) this.exports.free(this.outPtr);
            this.outCapacity = Math.max(n, 1 << 16);
            this.outPtr = this.exports.malloc(this.outCapacity);
            if (!this.outPtr) {
                this.outCapacity = 0;
                throw new ZstdError(`out of memory for ${n} output bytes`);
            }
        }
        return this.outPtr;
    }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
