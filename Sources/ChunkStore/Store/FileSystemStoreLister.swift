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
        var segments: [String] = []
        if !folderKey.isEmpty {
            let keySegments = folderKey.dropLast().split(separator: "/", omittingEmptySubsequences: false)
            guard !keySegments.contains(where: { $0 == "." || $0 == ".." }) else { return [] }
            segments = keySegments.map { LocalKeyPath.encode(segment: $0) }
        }
        // A missing folder, or a link on the way to it, lists nothing.
        guard let folders = try? POSIXFile.openFolders(root: root, segments, create: false) else { return [] }
        defer { POSIXFile.closeAll(folders) }
        let folder = folders[folders.count - 1]
        var items: [Item] = []
        if delimiter == "/" {
            for entry in entries(of: folder) {
                let key = folderKey + entry.name
                guard key.hasPrefix(prefix) else { continue }
                if entry.status.isDirectory {
                    if let child = POSIXFile.openFolder(in: folder, entry.diskName) {
                        defer { POSIXFile.closeAll([child]) }
                        if containsObject(child) { items.append(.commonPrefix(key + "/")) }
                    }
                } else {
                    items.append(.object(info(key: key, status: entry.status)))
                }
            }
            return items
        }
        var rolledUp = Set<String>()
        walk(folder, keyPrefix: folderKey) { key, status in
            guard key.hasPrefix(prefix) else { return }
            if let delimiter, !delimiter.isEmpty,
                let range = key.dropFirst(prefix.count).range(of: delimiter)
            {
                let common = String(key[..<range.upperBound])
                if rolledUp.insert(common).inserted { items.append(.commonPrefix(common)) }
            } else {
                items.append(.object(info(key: key, status: status)))
            }
        }
        return items
    }

    /// One entry of a folder: its key segment, its name on disk, its status.
    private struct Entry {
        var name: String
        var diskName: String
        var status: POSIXFile.Status
    }

    /// Decoded entries of a folder: regular files and folders only. Names the store did not
    /// write, symbolic links (never followed or served) and special files are skipped.
    private func entries(of folder: Int32) -> [Entry] {
        (POSIXFile.names(in: folder) ?? []).compactMap { name in
            guard let decoded = LocalKeyPath.decode(name: name), let status = POSIXFile.status(in: folder, name),
                status.isDirectory || status.isRegularFile
            else { return nil }
            return Entry(name: decoded, diskName: name, status: status)
        }
    }

    private func walk(_ folder: Int32, keyPrefix: String, _ visit: (String, POSIXFile.Status) -> Void) {
        for entry in entries(of: folder) {
            let key = keyPrefix + entry.name
            // Skip subtrees that cannot hold a key with the prefix.
            guard
                key.hasPrefix(prefix) || prefix.hasPrefix(key + "/") || (entry.status.isDirectory && prefix.hasPrefix(key))
            else {
                continue
            }
            if entry.status.isDirectory {
                guard let child = POSIXFile.openFolder(in: folder, entry.diskName) else { continue }
                defer { POSIXFile.closeAll([child]) }
                walk(child, keyPrefix: key + "/", visit)
            } else {
                visit(key, entry.status)
            }
        }
    }

    private func containsObject(_ folder: Int32) -> Bool {
        entries(of: folder).contains { entry in
            guard entry.status.isDirectory else { return true }
            guard let child = POSIXFile.openFolder(in: folder, entry.diskName) else { return false }
            defer { POSIXFile.closeAll([child]) }
            return containsObject(child)
        }
    }

    private func info(key: String, status: POSIXFile.Status) -> ObjectInfo {
        ObjectInfo(key: key, size: status.size, etag: nil, lastModified: UTCTime(nanoseconds: status.modifiedNanoseconds))
    }
}
