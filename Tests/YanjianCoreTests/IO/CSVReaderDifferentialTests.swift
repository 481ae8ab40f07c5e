import Foundation
import Testing
@testable import YanjianCore

/// The reader against Python's `csv` module on seeded random files, and against itself on seeded
/// mutated inputs.
@Suite("CSVReader differential and fuzz")
struct CSVReaderDifferentialTests {
    typealias S = CSVTestSupport

    /// One row as Python's csv module read it: fields, first line, last line (`reader.line_num`).
    struct PythonRow: Decodable, Equatable {
        let fields: [String]
        let firstLine: Int
        let lastLine: Int

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            fields = try container.decode([String].self)
            firstLine = try container.decode(Int.self)
            lastLine = try container.decode(Int.self)
        }
    }

    static let pythonScript = """
        import csv, json, sys
        csv.field_size_limit(1 << 30)
        rows = []
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
            reader = csv.reader(f)
            previous = 0
            for row in reader:
                if row:
                    rows.append([row, previous + 1, reader.line_num])
                previous = reader.line_num
        json.dump(rows, sys.stdout, ensure_ascii=False)
        """

    static let pieces = [
        "a", "xyz", "13812345678", "西安", "雁塔区科技路", "𠀀", "😀", "©", ",", "\"", "\"\"", "\n", "\r\n", "\r",
        " ", "\t", ";", "|", "1.5", "YT0000000000001",
    ]

    static func randomField(_ generator: inout SplitMix64) -> String {
        var field = ""
        for _ in 0..<Int.random(in: 0...5, using: &generator) {
            field += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
        }
        return field
    }

    /// Writes `rows` as CSV: fields quoted when they must be (and sometimes when they need not be),
    /// some bare quotes left unquoted, LF, CRLF or CR record ends, some blank lines, and no final
    /// line end.
    static func write(_ rows: [[String]], _ generator: inout SplitMix64) -> String {
        var text = ""
        for (index, row) in rows.enumerated() {
            let cells = row.map { field -> String in
                let special = field.contains(where: { $0 == "," || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                let startsWithQuote = field.first == "\""
                let mustQuote = special || startsWithQuote || (field.isEmpty && row.count == 1)
                if !mustQuote, field.contains("\""), Int.random(in: 0..<3, using: &generator) == 0 {
                    return field
                }
                if mustQuote || field.contains("\"") || Int.random(in: 0..<10, using: &generator) == 0 {
                    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                return field
            }
            text += cells.joined(separator: ",")
            if index < rows.count - 1 {
                text += ["\n", "\r\n", "\r", "\n"][Int.random(in: 0..<4, using: &generator)]
                if Int.random(in: 0..<20, using: &generator) == 0 { text += "\n" }
            }
        }
        return text
    }

    static func runPython(on path: String) throws -> [PythonRow] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", pythonScript, path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed; the differential test needs python3 on PATH")
        return try JSONDecoder().decode([PythonRow].self, from: data)
    }

    @Test("2,000 random tricky rows read as Python's csv module reads them, in UTF-8 and GB18030")
    func againstPython() throws {
        var generator = SplitMix64(seed: 20_261_123)
        var rows: [[String]] = []
        for _ in 0..<2000 {
            let width = Int.random(in: 1...8, using: &generator)
            rows.append((0..<width).map { _ in Self.randomField(&generator) })
        }
        let text = Self.write(rows, &generator)
        let directory = try S.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("random.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))

        let python = try Self.runPython(on: path)
        #expect(python.count == 2000)
        #expect(python.map(\.fields) == rows)

        let expected = python.map {
            CSVOutcome.record(fields: $0.fields, firstLine: $0.firstLine, lastLine: $0.lastLine, warnings: 0)
        }
        func withoutWarnings(_ outcomes: [CSVOutcome]) -> [CSVOutcome] {
            outcomes.map {
                if case .record(let fields, let first, let last, _) = $0 {
                    return .record(fields: fields, firstLine: first, lastLine: last, warnings: 0)
                }
                return $0
            }
        }
        var fromFile = try CSVReader(path: path)
        let ours = try #require(S.outcomes(of: &fromFile, inputCount: text.utf8.count))
        #expect(withoutWarnings(ours) == expected)
        #expect(withoutWarnings(try S.parse(text, S.options(chunkSize: 7))) == expected)
        let encoded = try S.gb18030(text)
        #expect(withoutWarnings(try S.parse(encoded, S.options(chunkSize: 509))) == expected)
    }

    /// Small inputs the mutations start from.
    static let seeds: [String] = [
        CSVReaderChunkBoundaryTests.fixture,
        "a,b,c\n1,\"2,3\",4\r\n\"x\"\"y\",,\n",
        "\u{FEFF}h\n\"multi\nline\",\"\"\n\"open",
        "k;v\n\"a\"b;c\"d\n\r\r\n,,,,\n",
    ]

    static func mutate(_ input: [UInt8], _ generator: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let specials: [UInt8] = [0x22, 0x2C, 0x0D, 0x0A, 0xE4, 0xEF, 0x00, 0x3B]
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            switch Int.random(in: 0..<6, using: &generator) {
            case 0:
                bytes.insert(specials[Int.random(in: 0..<specials.count, using: &generator)], at: at)
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &generator), at: at)
            case 2:
                if at < bytes.count {
                    bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &generator)))
                }
            case 3:
                if at < bytes.count {
                    let end = min(bytes.count, at + Int.random(in: 1...40, using: &generator))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            case 4:
                bytes.removeSubrange(at...)
            default:
                if at < bytes.count { bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator) }
            }
        }
        return bytes
    }

    @Test("10,000 mutated inputs never crash, always terminate, and read the same at any chunk size")
    func fuzz() throws {
        let seeds = Self.seeds.map { Array($0.utf8) }
        var failures = 0
        for seed in 0..<10_000 {
            var generator = SplitMix64(seed: UInt64(seed))
            let input = Self.mutate(seeds[seed % seeds.count], &generator)
            let chunkSize = Int.random(in: 1...9, using: &generator)
            let limits = (field: Int.random(in: 4...64, using: &generator), record: Int.random(in: 16...256, using: &generator))
            let encoding: TextEncoding? = seed % 4 == 0 ? nil : .utf8
            let whole = S.options(chunkSize: 1 << 16, encoding: encoding, maxField: limits.field, maxRecord: limits.record)
            let split = S.options(chunkSize: chunkSize, encoding: encoding, maxField: limits.field, maxRecord: limits.record)
            do {
                var a = try CSVReader(bytes: input, options: whole)
                var b = try CSVReader(bytes: input, options: split)
                let first = S.outcomes(of: &a, inputCount: input.count)
                let second = S.outcomes(of: &b, inputCount: input.count)
                if first == nil || first != second {
                    failures += 1
                    Issue.record("seed \(seed), chunk size \(chunkSize): \(String(describing: first)) vs \(String(describing: second))")
                }
                for case .record(_, let firstLine, let lastLine, _) in first ?? [] where firstLine > lastLine {
                    Issue.record("seed \(seed): record lines \(firstLine)-\(lastLine)")
                }
            } catch let error as CSVError {
                // Only detection may refuse an input, and only as not text.
                #expect(encoding == nil && error.code == "io.not_text", "seed \(seed): \(error)")
            }
            if failures > 5 { break }
        }
    }
}
