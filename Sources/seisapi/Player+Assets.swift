import ChunkStore

/// The web player's files (`Sources/seisapi/Player/`), compiled into the executable by
/// SwiftPM's `embedInCode`: `seisapi` alone serves the whole product, no files beside it.
enum PlayerAssets {
    /// One file with what its responses carry.
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
        /// Strong validator of the bytes (MD5, as the local store's ETags).
        var etag: String

        init(_ bytes: [UInt8], _ contentType: String) {
            self.bytes = bytes
            self.contentType = contentType
            self.etag = ETag(md5Of: bytes).quoted
        }
    }

    /// Every file of the folder by name; `index.html` is served at `/`, the others at
    /// `/player/<name>`. `PlayerAssetTests` fails when a file of the folder is missing here.
    static let byName: [String: Asset] = [
        "index.html": Asset(PackageResources.index_html, "text/html; charset=utf-8"),
        "player.css": Asset(PackageResources.player_css, "text/css; charset=utf-8"),
        "analysis.js": Asset(PackageResources.analysis_js, javaScript),
        "app.js": Asset(PackageResources.app_js, javaScript),
        "audify.js": Asset(PackageResources.audify_js, javaScript),
        "chunk-cache.js": Asset(PackageResources.chunk_cache_js, javaScript),
        "chunk-loader.js": Asset(PackageResources.chunk_loader_js, javaScript),
        "defaults.js": Asset(PackageResources.defaults_js, javaScript),
        "filter.js": Asset(PackageResources.filter_js, javaScript),
        "live-cycle.js": Asset(PackageResources.live_cycle_js, javaScript),
        "live-playback.js": Asset(PackageResources.live_playback_js, javaScript),
        "live-socket.js": Asset(PackageResources.live_socket_js, javaScript),
        "live-tail.js": Asset(PackageResources.live_tail_js, javaScript),
        "live-ui.js": Asset(PackageResources.live_ui_js, javaScript),
        "live-view.js": Asset(PackageResources.live_view_js, javaScript),
        "manifest-reader.js": Asset(PackageResources.manifest_reader_js, javaScript),
        "ndjson.js": Asset(PackageResources.ndjson_js, javaScript),
        "overview.js": Asset(PackageResources.overview_js, javaScript),
        "planner.js": Asset(PackageResources.planner_js, javaScript),
        "playback.js": Asset(PackageResources.playback_js, javaScript),
        "player-worklet.js": Asset(PackageResources.player_worklet_js, javaScript),
        "player.js": Asset(PackageResources.player_js, javaScript),
        "plots.js": Asset(PackageResources.plots_js, javaScript),
        "session-report.js": Asset(PackageResources.session_report_js, javaScript),
        "session.js": Asset(PackageResources.session_js, javaScript),
        "spectrogram-view.js": Asset(PackageResources.spectrogram_view_js, javaScript),
        "spectrogram.js": Asset(PackageResources.spectrogram_js, javaScript),
        "stations.js": Asset(PackageResources.stations_js, javaScript),
        "status-view.js": Asset(PackageResources.status_view_js, javaScript),
        "status.js": Asset(PackageResources.status_js, javaScript),
        "view.js": Asset(PackageResources.view_js, javaScript),
        "wav.js": Asset(PackageResources.wav_js, javaScript),
        "worker.js": Asset(PackageResources.worker_js, javaScript),
        "zstd.js": Asset(PackageResources.zstd_js, javaScript),
        "zstd.wasm": Asset(PackageResources.zstd_wasm, "application/wasm"),
    ]

    static let javaScript = "text/javascript; charset=utf-8"
}
