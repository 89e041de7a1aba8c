// The pickers: volcanoes (grouped by region, names with their diacritics from /api/stations)
// and their channels, the list of channels played together (up to 4, of any volcanoes), and
// the defaults a first visitor gets (defaults.js).

import { freshestStation, regionName, trimRate } from "./defaults.js";
import { MAX_CHANNELS } from "./view.js";

export class StationPicker {
    /**
     * @param {object} ui  {volcano, channel, add, list} elements
     * @param {() => void} onChange  the channels or the selection changed
     */
    constructor(ui, onChange) {
        this.ui = ui;
        this.onChange = onChange;
        this.catalog = null;
        this.chosen = [];  // [{volcano, id}] played together; [] → the selected channel alone
        ui.volcano.addEventListener("change", () => this.fillChannels());
        ui.channel.addEventListener("change", () => this.#selected());
        ui.add.addEventListener("click", () => this.add());
    }

    /** Fills the pickers; starts on the channel with the freshest cached data. */
    load(catalog) {
        this.catalog = catalog;
        const { volcano } = this.ui;
        volcano.replaceChildren();
        const volcanoes = [...catalog.volcanoes].sort((a, b) => (a.region + a.name).localeCompare(b.region + b.name));
        let group = null;
        for (const v of volcanoes) {
            if (!group || group.label !== regionName(v.region)) {
                group = document.createElement("optgroup");
                group.label = regionName(v.region);
                volcano.append(group);
            }
            const count = catalog.stations.filter((s) => s.volcano === v.key).length;
            group.append(new Option(`${v.name} (${count})`, v.key));
        }
        const freshest = freshestStation(catalog);
        if (freshest) volcano.value = freshest.volcano;
        this.fillChannels(freshest?.id);
    }

    fillChannels(pick) {
        const stations = this.catalog.stations
            .filter((s) => s.volcano === this.ui.volcano.value)
            .sort((a, b) => (b.cached?.latest_end ?? "").localeCompare(a.cached?.latest_end ?? "") || a.distance_km - b.distance_km);
        this.ui.channel.replaceChildren();
        for (const s of stations) this.ui.channel.append(new Option(this.label(s), s.id));
        if (pick && stations.some((s) => s.id === pick)) this.ui.channel.value = pick;
        this.#selected();
    }

    /** The picker's label of a channel: id, distance, rate, type, and what is cached up to when. */
    label(s) {
        const cached = s.cached
            ? ` · cached to ${s.cached.latest_end ? s.cached.latest_end.slice(0, 16).replace("T", " ") : "?"} (${s.cached.chunks} chunk${s.cached.chunks === 1 ? "" : "s"})`
            : " · not cached";
        const type = s.data_type === "infrasound" ? " · infrasound" : "";
        return `${s.id} · ${s.distance_km?.toFixed(1) ?? "?"} km · ${trimRate(s.sample_rate)} Hz${type}${cached}`;
    }

    station(volcano, id) {
        return this.catalog?.stations.find((s) => s.id === id && s.volcano === volcano) ?? null;
    }

    selectedStation() {
        return this.station(this.ui.volcano.value, this.ui.channel.value);
    }

    volcanoName(key) {
        return this.catalog?.volcanoes.find((v) => v.key === key)?.name ?? key;
    }

    /** The channels to play: the list, or the selected channel alone. */
    channels() {
        if (this.chosen.length) return this.chosen.map((c) => this.station(c.volcano, c.id)).filter(Boolean);
        const s = this.selectedStation();
        return s ? [s] : [];
    }

    /** Adds the selected channel to the ones played together. */
    add() {
        const s = this.selectedStation();
        if (!s) return;
        if (!this.chosen.some((c) => c.id === s.id && c.volcano === s.volcano) && this.chosen.length < MAX_CHANNELS) {
            this.chosen.push({ volcano: s.volcano, id: s.id });
        }
        this.#render();
        this.onChange();
    }

    /** Shows a view's channels (from a link or the hook). @returns whether all are known */
    show(channels) {
        const known = channels.filter((c) => this.station(c.volcano, c.id));
        if (known.length === 0) return false;
        const first = known[0];
        if (this.ui.volcano.value !== first.volcano) {
            this.ui.volcano.value = first.volcano;
            this.fillChannels(first.id);
        }
        this.ui.channel.value = first.id;
        this.chosen = known.length > 1 ? known.map((c) => ({ volcano: c.volcano, id: c.id })) : [];
        this.#render();
        this.onChange();
        return known.length === channels.length;
    }

    #selected() {
        this.onChange();
    }

    #render() {
        const list = this.ui.list;
        list.replaceChildren(
            ...this.chosen.map((c, i) => {
                const li = document.createElement("li");
                li.textContent = `${i + 1} · ${c.id} (${this.volcanoName(c.volcano)})`;
                const remove = document.createElement("button");
                remove.type = "button";
                remove.textContent = "×";
                remove.title = "Remove";
                remove.addEventListener("click", () => {
                    this.chosen.splice(i, 1);
                    this.#render();
                    this.onChange();
                });
                li.append(remove);
                return li;
            }),
        );
        this.ui.add.textContent = this.chosen.length ? "+ Add" : "+ Add another";
    }
}
