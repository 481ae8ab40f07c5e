import Foundation
import Testing
@testable import YanjianCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one `next()` call gave, in a form tests can compare.
enum CSVOutcome: Equatable, CustomStringConvertible {
    case record(fields: [String], firstLine: Int, lastLine: Int, warnings: UInt8)
    case failure(CSVError)

    var fields: [String]? {
        if case .record(let fields, _, _, _) = self { return fields }
        return nil
    }

    var description: String {
        switch self {
        case .record(let fields, let first, let last, let warnings):
            "\(first)-\(last)\(warnings == 0 ? "" : " w\(warnings)") \(fields)"
        case .failure(let error):
            "error \(error)"
        }
    }
}

enum CSVTestSupport {
    /// Options with a given chunk size (and otherwise defaults).
    static func options(
        chunkSize: Int = 4 << 20, encoding: TextEncoding? = nil, maxField: Int = 1 << 20, maxRecord: Int = 8 << 20
    ) -> CSVReader.Options {
        var options = CSVReader.Options()
        options.chunkSize = chunkSize
        options.encoding = encoding
        options.maxFieldBytes = maxField
        options.maxRecordBytes = maxRecord
        return options
    }

    /// Reads every record (continuing after record-level errors). Returns nil when the reader did not
    /// stop within `input count + 2` calls, which would mean it no longer makes progress.
    static func outcomes(of reader: inout CSVReader, inputCount: Int) -> [CSVOutcome]? {
        var result: [CSVOutcome] = []
        for _ in 0..<(inputCount + 3) {
            do {
                guard let record = try reader.next() else { return result }
                result.append(
                    .record(
                        fields: record.strings(), firstLine: record.firstLine, lastLine: record.lastLine,
                        warnings: record.warnings.rawValue))
            } catch let error as CSVError {
                result.append(.failure(error))
                if !error.isRecordLevel { return result }
            } catch {
                result.append(.failure(.io("unexpected \(error)")))
                return result
            }
        }
        return nil
    }

    /// Parses `bytes` completely with `options`.
    static func parse(_ bytes: [UInt8], _ options: CSVReader.Options = options()) throws -> [CSVOutcome] {
        var reader = try CSVReader(bytes: bytes, options: options)
        return try #require(outcomes(of: &reader, inputCount: bytes.count))
    }

    static func parse(_ text: String, _ options: CSVReader.Options = options()) throws -> [CSVOutcome] {
        try parse(Array(text.utf8), options)
    }

    /// The fields of every record, failing the test on any error.
    static func rows(_ text: String, _ options: CSVReader.Options = options()) throws -> [[String]] {
        try parse(text, options).map { outcome in try #require(outcome.fields, "\(outcome)") }
    }

    /// `text` encoded as GB18030 by the C library's iconv (the same converter family the reader
    /// uses in the other direction).
    static func gb18030(_ text: String) throws -> [UInt8] {
        let descriptor = iconv_open("GB18030", "UTF-8")
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            Issue.record("iconv cannot encode GB18030 on this system")
            return []
        }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let capacity = output.count
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                guard let inBase = inBuffer.baseAddress, let outBase = outBuffer.baseAddress else { return 0 }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase)
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = capacity
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 ? -1 : capacity - outLeft
            }
        }
        let count = try #require(produced >= 0 ? produced : nil, "iconv failed to encode GB18030")
        return Array(output[..<count])
    }

    /// A new empty temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("yanjian-io-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
