package import Foundation

extension TestSupport {
    /// What ObsPy reads of each window of a miniSEED file: `read`, `merge`, then
    /// `slice(start, end - delta)` (the window's samples), as min, max and sample count.
    /// - Parameter windows: `[start, end)` pairs as ISO 8601 text.
    /// - Throws: ``Missing`` when the venv's Python is missing or ObsPy fails.
    package static func obspyExtremes(
        of file: URL,
        windows: [(start: String, end: String)]
    ) throws
        -> [(min: Int32, max: Int32, samples: Int)]
    {
        let script = """
            import sys
            from obspy import read, UTCDateTime
            st = read(sys.argv[1]); st.merge()
            tr = st[0]
            for pair in sys.argv[2:]:
                start, end = (UTCDateTime(t) for t in pair.split("/"))
                part = tr.slice(start, end - tr.stats.delta)
                print(int(part.data.min()), int(part.data.max()), part.stats.npts)
            """
        let arguments = windows.map { "\($0.start)/\($0.end)" }
        let output = try run(try python(), ["-c", script, file.path] + arguments)
        guard output.status == 0 else { throw Missing(description: "ObsPy failed: \(output.stderr)") }
        let rows = output.stdout.split(separator: "\n").map { line in line.split(separator: " ").compactMap { Int($0) } }
        guard rows.count == windows.count, rows.allSatisfy({ $0.count == 3 }) else {
            throw Missing(description: "ObsPy printed \(output.stdout) for \(windows.count) windows")
        }
        return rows.map { (Int32($0[0]), Int32($0[1]), $0[2]) }
    }
}
