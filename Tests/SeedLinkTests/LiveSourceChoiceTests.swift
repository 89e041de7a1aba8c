import Testing

@testable import WaveformSources

/// `seedlink:HOST[:PORT]` as `seiscron live --source` and `seisapi --live` parse it.
struct LiveSourceChoiceTests {
    @Test(arguments: [
        ("seedlink:rtserve.earthscope.org:18000", "rtserve.earthscope.org", 18000),
        ("seedlink:127.0.0.1:18001", "127.0.0.1", 18001),
        ("seedlink:geofon.gfz.de", "geofon.gfz.de", 18000),
        ("seedlink:[::1]:18002", "::1", 18002),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let choice = try #require(LiveSourceChoice(argument: text))
        #expect(choice.host == host)
        #expect(choice.port == port)
        #expect(LiveSourceChoice(argument: choice.description) == choice, "description round-trips")
    }

    @Test(arguments: ["fdsn", "seedlink:", "seedlink::18000", "seedlink:host:0", "seedlink:host:99999", "seedlink:host:port", "seedlink:[::1", "sds:/x"])
    func refuses(text: String) {
        #expect(LiveSourceChoice(argument: text) == nil)
    }
}
