// Shared helpers of the player's Node tests (not a test file: no `.test.` in the name).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const fixtures = path.join(here, "Fixtures");
export const playerDir = path.join(here, "..", "..", "Sources", "seisapi", "Player");

export function fixture(name) {
    return JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8"));
}

export function fixtureBytes(name) {
    return new Uint8Array(fs.readFileSync(path.join(fixtures, name)));
}

export function maxAbsDiff(a, b) {
    if (a.length !== b.length) return Infinity;
    let m = 0;
    for (let i = 0; i < a.length; i++) {
        const d = Math.abs(a[i] - b[i]);
        if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
    }
    return m;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
