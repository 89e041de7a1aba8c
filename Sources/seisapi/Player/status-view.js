// The status line, the Details facts and the mirror's size on the page (the words come from
// status.js, which has no DOM): `render()` now, `soon()` at most every 100 ms.

import { statusParts, factRows } from "./status.js";

export class StatusView {
    /** @param {object} o  ui (the page's elements), state (app.js's), player, extra (() => more parts) */
    constructor({ ui, state, player, extra = () => [] }) {
        Object.assign(this, { ui, state, player, extra });
        this.timer = null;
    }

    soon() {
        this.timer ??= setTimeout(() => {
            this.timer = null;
            this.render();
        }, 100);
    }

    render() {
        const { ui, state } = this;
        const parts = [...this.extra(), ...statusParts(state, this.player, state.source)];
        if (state.note) parts.push(state.note);
        ui.status.textContent = parts.join(" · ");
        ui.status.classList.toggle("error", !!state.error);
        ui.status.classList.toggle("busy", state.playing && !state.started);
        ui.facts.replaceChildren(
            ...factRows(state).flatMap(([k, v]) => {
                const dt = document.createElement("dt");
                dt.textContent = k;
                const dd = document.createElement("dd");
                dd.textContent = v;
                return [dt, dd];
            }),
        );
    }

    async cacheUsage() {
        const usage = await this.player.cacheUsage();
        this.ui.cacheUsage.textContent = usage ? `This browser keeps ${usage.chunks} chunks (${(usage.bytes / 1e6).toFixed(1)} MB uncompressed).` : "IndexedDB is not available here.";
    }
}
