import Foundation
import SeedCore

/// Lists a ``FileSystemStore`` with S3 semantics: keys in UTF-8 byte order, filtered by
/// prefix, rolled up at the delimiter, paged after a continuation token (the last key or
/// prefix of the previous page).
///
/// Only the folder the prefix names is read: with the `/` delimiter one directory, without
/// it that directory's subtree.
struct FileSystemStoreLister {
    let root: String
    let prefix: String
    let delimiter: String?

    private enum Item {
        case object(ObjectInfo)
        case commonPrefix(String)

        var name: String {
            switch self {
            case .object(let info): info.key
            case .commonPrefix(let prefix): prefix
            }
        }
    }

    func page(after token: String?, maxKeys: Int) -> ObjectListing {
        var items = collect()
        items.sort { Self.precedes($0.name, $1.name) }
        if let token { items.removeAll { !Self.precedes(token, $0.name) } }
        let page = items.prefix(maxKeys)
        var listing = ObjectListing(objects: [], commonPrefixes: [], nextContinuationToken: nil)
        for item in page {
            switch item {
            case .object(let info): listing.objects.append(info)
            case .commonPrefix(let prefix): listing.commonPrefixes.append(prefix)
            }
        }
        if items.count > maxKeys, let last = page.last { listing.nextContinuationToken = last.name }
        return listing
    }

    /// S3 orders keys by their UTF-8 bytes.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    private func collect() -> [Item] {
        // The folder fully named by the prefix: everything up to its last `/`.
        let folderKey = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        var folderPath = root
        if !folderKey.isEmpty {
            let segments = folderKey.dropLast().split(separator: "/", omittingEmptySubsequences: false)
            guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return [] }
            folderPath += "/" + segments.map { LocalKeyPath.encode(segment: $0) }.joined(separator: "/")
        }
        var items: [Item] = []
        if delimiter == "/" {
            for (name, isDirectory, path) in entries(of: folderPath) {
                let key = folderKey + name
                guard key.hasPrefix(prefix) else { continue }
                if isDirectory {
                    if containsObject(path) { items.append(.commonPrefix(key + "/")) }
                } else if let info = info(key: key, path: path) {
                    items.append(.object(info))
                }
            }
            return items
        }
        var rolledUp = Set<String>()
        walk(folderPath, keyPrefix: folderKey) { key, path in
            guard key.hasPrefix(prefix) else { return }
            if let delimiter, !delimiter.isEmpty,
                let range = key.dropFirst(prefix.count).range(of: delimiter)
            {
                let common = String(key[..<range.upperBound])
                if rolledUp.insert(common).inserted { items.append(.commonPrefix(common)) }
            } else if let info = info(key: key, path: path) {
                items.append(.object(info))
            }
        }
        return items
    }

    /// Decoded entries of a directory; names the store did not write are skipped.
    private func entries(of path: String) -> [(name: String, isDirectory: Bool, path: String)] {
        (POSIXFile.names(in: path) ?? []).compactMap { name in
            guard let decoded = LocalKeyPath.decode(name: name), let status = POSIXFile.status(path + "/" + name)
            else { return nil }
            return (decoded, status.isDirectory, path + "/" + name)
        }
    }

    private func walk(_ path: String, keyPrefix: String, _ visit: (String, String) -> Void) {
        for (name, isDirectory, child) in entries(of: path) {
            let key = keyPrefix + name
            // Skip subtrees that cannot hold a key with the prefix.
            guard key.hasPrefix(prefix) || prefix.hasPrefix(key + "/") || (isDirectory && prefix.hasPrefix(key)) else {
                continue
            }
            if isDirectory {
                walk(child, keyPrefix: key + "/", visit)
            } else {
                visit(key, child)
            }
        }
    }

    private func containsObject(_ path: String) -> Bool {
        entries(of: path).contains { $0.isDirectory ? containsObject($0.path) : true }
    }

    private func info(key: String, path: String) -> ObjectInfo? {
        guard let status = POSIXFile.status(path) else { return nil }
        return ObjectInfo(
            key: key, size: status.size, etag: nil, lastModified: UTCTime(nanoseconds: status.modifiedNanoseconds))
    }
}
