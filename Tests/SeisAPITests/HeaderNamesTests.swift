import HTTPTypes
@testable import seisapi
import Testing

/// The API's own header names are declared once (`HTTPField.Name+Seiscache.swift`): each is a
/// valid field name, spelled as declared, and no two collide.
@Suite struct HeaderNamesTests {
    @Test func declaredNamesAreDistinctValidTokens() {
        let names = HTTPField.Name.seiscacheNames
        #expect(Set(names.map(\.canonicalName)).count == names.count)
        for name in names {
            #expect(HTTPField.Name(name.rawName) == name)
            #expect(name.canonicalName == name.rawName.lowercased())
        }
        #expect(HTTPField.Name.xCache.rawName == "X-Cache")
    }
}
