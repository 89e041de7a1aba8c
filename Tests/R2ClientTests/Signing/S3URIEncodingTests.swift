import Testing

@testable import R2Client

@Suite struct S3URIEncodingTests {
    @Test(
        "keys are encoded once per segment, slashes and empty segments kept",
        arguments: [
            ("data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz.bin.zst", "data/2025/11/HV/kilauea/UWE//HHZ/HV_UWE__HHZ_100Hz.bin.zst"),
            ("a b+c~d", "a%20b%2Bc~d"),
            ("//x//", "//x//"),
            ("ü/日", "%C3%BC/%E6%97%A5"),
            ("100%", "100%25"),
            ("a%2Fb", "a%252Fb"),
            ("-._~AZaz09", "-._~AZaz09"),
            ("!*'();:@&=$,?#[]", "%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%3F%23%5B%5D"),
        ]
    )
    func encodesPath(_ raw: String, _ expected: String) {
        #expect(S3URIEncoding.encodePath(raw) == expected)
    }

    @Test func queryValuesEncodeSlashesToo() {
        #expect(S3URIEncoding.encode("a/b c+=") == "a%2Fb%20c%2B%3D")
    }
}
