import Foundation
import Testing

@testable import R2Client

@Suite struct ListObjectsV2ParsingTests {
    @Test func parsesObjectsPrefixesAndToken() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>b</Name><Prefix>p/</Prefix><KeyCount>3</KeyCount><MaxKeys>3</MaxKeys><Delimiter>/</Delimiter>
              <IsTruncated>true</IsTruncated>
              <NextContinuationToken>1/a+b==</NextContinuationToken>
              <Contents><Key>p/ a &amp; b.bin</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
                <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>p/ü//x</Key><Size>0</Size></Contents>
              <CommonPrefixes><Prefix>p/a/</Prefix></CommonPrefixes>
              <CommonPrefixes><Prefix>p/b/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """
        let page = try #require(S3Client.parseListObjectsV2(Array(xml.utf8)))
        #expect(page.objects.map(\.key) == ["p/ a & b.bin", "p/ü//x"])
        #expect(page.objects.first?.size == 434_234)
        #expect(page.objects.first?.eTag == "\"fba9dede5f27731c9771645a39863328\"")
        #expect(page.objects.first?.lastModified == Date(timeIntervalSince1970: 1_255_369_830))
        #expect(page.commonPrefixes == ["p/a/", "p/b/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1/a+b==")
    }

    @Test func rejectsOtherDocuments() {
        #expect(S3Client.parseListObjectsV2(Array("<Error><Code>x</Code></Error>".utf8)) == nil)
        #expect(S3Client.parseListObjectsV2(Array("not xml".utf8)) == nil)
        #expect(S3Client.parseListObjectsV2([]) == nil)
    }
}
