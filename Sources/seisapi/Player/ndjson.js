// Reading newline-delimited JSON (the streamed answer to a /data miss, Docs/api.md) as it
// arrives: each complete line is parsed and handed over at once, a line split across reads
// is joined, a final line without a newline counts, blank lines (and a "\r" before "\n")
// are ignored. Plain ES module: the Worker and Node's tests import it.

export class NDJSONError extends Error {
    constructor(message, line) {
        super(message);
        this.name = "NDJSONError";
        this.line = line;
    }
}

/**
 * Splits text pieces into JSON values. `push(text)` returns the values completed by it;
 * `end()` returns the value of a last line that had no newline.
 */
export class NDJSONParser {
    constructor() {
        this.buffer = "";
        this.lineNumber = 0;
    }

    push(text) {
        this.buffer += text;
        const values = [];
        let start = 0;
        for (;;) {
            const newline = this.buffer.indexOf("\n", start);
            if (newline < 0) break;
            const value = this.#parse(this.buffer.slice(start, newline));
            if (value !== undefined) values.push(value);
            start = newline + 1;
        }
        this.buffer = this.buffer.slice(start);
        return values;
    }

    end() {
        const rest = this.buffer;
        this.buffer = "";
        const value = this.#parse(rest);
        return value === undefined ? [] : [value];
    }

    #parse(line) {
        this.lineNumber += 1;
        const text = line.endsWith("\r") ? line.slice(0, -1) : line;
        if (text.trim() === "") return undefined;
        try {
            return JSON.parse(text);
        } catch (error) {
            throw new NDJSONError(`line ${this.lineNumber} is not JSON: ${error.message}`, text);
        }
    }
}

/**
 * Reads a byte stream (a fetch Response body) of NDJSON, calling `onValue` for each value
 * the moment its line is complete. Bytes of one UTF-8 character split across reads are
 * decoded correctly. Resolves when the stream ends.
 * @param {ReadableStream<Uint8Array>} body
 * @param {(value: any) => void} onValue
 */
export async function readNDJSON(body, onValue) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new NDJSONParser();
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const v of parser.push(decoder.decode(value, { stream: true }))) onValue(v);
        }
        for (const v of parser.push(decoder.decode())) onValue(v);
        for (const v of parser.end()) onValue(v);
    } finally {
        reader.releaseLock();
    }
}
