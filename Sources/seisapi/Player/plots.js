// The pictures of a playback: per channel a heading, the waveform overview (overview.js) and
// the spectrogram (spectrogram-view.js), stacked in #plots on one time axis; the playhead
// crosses all of them and a click on any seeks every channel.

import { Overview } from "./overview.js";
import { SpectrogramView } from "./spectrogram-view.js";

const SIDES = { 1: ["both sides"], 2: ["left", "right"], 3: ["left", "centre", "right"], 4: ["left", "left of centre", "right of centre", "right"] };

export class Plots {
    constructor(container, { onSeek }) {
        this.container = container;
        this.onSeek = onSeek;
        this.items = [];
        this.scale = "log";
        this.setChannels([null]);
    }

    /** Columns the Worker should compute (device pixels of the plots). */
    get columns() {
        return this.items[0]?.overview.columns ?? 1024;
    }

    /** One set of pictures per channel; `labels[i]` heads channel i. */
    setChannels(labels) {
        if (labels.length !== this.items.length) {
            this.container.replaceChildren();
            this.items = labels.map(() => this.#item());
        }
        this.container.classList.toggle("several", labels.length > 1);
        this.items.forEach((item, i) => {
            item.title.textContent = labels[i] ?? "";
            item.side.textContent = labels.length > 1 ? `· ${SIDES[labels.length][i]}` : "";
            item.heading.hidden = !labels[i];
        });
    }

    setScale(scale) {
        this.scale = scale;
        for (const item of this.items) item.spectrogram.setScale(scale);
    }

    clear(placeholder) {
        for (const item of this.items) {
            item.overview.clear();
            item.overview.placeholder = placeholder;
            item.spectrogram.clear();
        }
    }

    at(channel) {
        return this.items[channel] ?? null;
    }

    setPlayhead(seconds) {
        for (const item of this.items) {
            item.overview.setPlayhead(seconds);
            item.spectrogram.setPlayhead(seconds);
        }
    }

    #item() {
        const section = document.createElement("section");
        section.className = "channel-plot plot";
        const heading = document.createElement("h2");
        const title = document.createElement("span");
        const side = document.createElement("span");
        side.className = "side";
        heading.append(title, side);
        const canvas = document.createElement("canvas");
        canvas.className = "overview";
        canvas.tabIndex = 0;
        canvas.setAttribute("aria-label", "Waveform overview; click or use the arrow keys to seek");
        const tooltip = document.createElement("div");
        tooltip.className = "tooltip";
        tooltip.hidden = true;
        const spectrum = document.createElement("canvas");
        spectrum.className = "spectrogram";
        spectrum.setAttribute("aria-label", "Spectrogram; click to seek");
        section.append(heading, canvas, tooltip, spectrum);
        this.container.append(section);
        const overview = new Overview(canvas, { onSeek: this.onSeek, tooltip });
        const spectrogram = new SpectrogramView(spectrum, { onSeek: this.onSeek });
        spectrogram.setScale(this.scale);
        return { section, heading, title, side, overview, spectrogram };
    }
}
