import Foundation
import Testing
import YanjianCore
import YanjianEval
import YanjianSynth

@Suite("A messy world lists every defect it injected")
struct DefectTests {
    static func defects(_ world: World) throws -> [Defect] {
        try JSONDecoder().decode([Defect].self, from: Data(contentsOf: world.url("defects.json")))
    }

    /// The physical lines of a file, decoded the way the defect list says it is encoded.
    static func lines(_ world: World, _ file: String, gb18030: Bool) throws -> [String] {
        let data = try Data(contentsOf: world.url(file))
        let text: String
        if gb18030 {
            text = try #require(String(data: data, encoding: String.Encoding(rawValue: 0x8000_0632)))
        } else {
            text = String(decoding: data, as: UTF8.self)
        }
        return text.components(separatedBy: "\n")
    }

    @Test("Every kind of defect is present, with one BOM, one CRLF and one GB18030 file")
    func kinds() throws {
        let world = try TestWorlds.messy.get()
        let defects = try DefectTests.defects(world)
        let kinds = Set(defects.map(\.kind))
        for kind in ["phone_format", "masked_phone", "address_variant", "legacy_id_no", "duplicate_id", "updated_id",
                     "bom", "crlf", "encoding_gb18030", "bad_date", "negative_cartons", "unknown_licence", "broken_quoting"] {
            #expect(kinds.contains(kind), "no \(kind)")
        }
        for kind in ["bom", "crlf", "encoding_gb18030"] {
            #expect(defects.filter { $0.kind == kind }.count == 1)
        }
        let bomFile = try #require(defects.first { $0.kind == "bom" }?.file)
        #expect(try Data(contentsOf: world.url(bomFile)).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        let crlfFile = try #require(defects.first { $0.kind == "crlf" }?.file)
        let crlf = try Data(contentsOf: world.url(crlfFile))
        #expect(crlf.count > 0 && String(decoding: crlf, as: UTF8.self).components(separatedBy: "\r\n").count > 2)
    }

    @Test("Every listed defect's line holds a record with that id and that kind of damage")
    func linesMatch() throws {
        let world = try TestWorlds.messy.get()
        let defects = try DefectTests.defects(world)
        let gbFile = defects.first { $0.kind == "encoding_gb18030" }?.file
        var cache: [String: [String]] = [:]
        for defect in defects where !["bom", "crlf", "encoding_gb18030"].contains(defect.kind) {
            if cache[defect.file] == nil { cache[defect.file] = try DefectTests.lines(world, defect.file, gb18030: defect.file == gbFile) }
            let lines = cache[defect.file] ?? []
            try #require(defect.line >= 2 && defect.line <= lines.count, "\(defect)")
            let line = lines[defect.line - 1]
            if let id = defect.id { #expect(line.contains(id), "\(defect.file):\(defect.line) lacks \(id)") }
            switch defect.kind {
            case "masked_phone": #expect(line.contains("****"))
            case "negative_cartons": #expect(line.contains(",-"))
            case "bad_date": #expect(line.contains("-02-30") || line.contains("-13-"))
            case "broken_quoting": #expect(line.contains("\""))
            case "legacy_id_no":
                let legacy = try #require(defect.detail.split(separator: " ").last)
                #expect(legacy.count == 15 && line.contains(legacy))
            default: break
            }
        }
    }

    @Test("Repeated and updated records really repeat an earlier id")
    func repeats() throws {
        let world = try TestWorlds.messy.get()
        let defects = try DefectTests.defects(world)
        let gbFile = defects.first { $0.kind == "encoding_gb18030" }?.file
        for defect in defects where defect.kind == "duplicate_id" || defect.kind == "updated_id" {
            let lines = try DefectTests.lines(world, defect.file, gb18030: defect.file == gbFile)
            let id = try #require(defect.id)
            let earlier = lines[1..<(defect.line - 1)].filter { $0.hasPrefix(id + ",") }
            #expect(!earlier.isEmpty, "\(defect.file):\(defect.line) repeats \(id) that never came before")
        }
    }

    @Test("Malformed records are listed in the truth as well")
    func malformed() throws {
        let world = try TestWorlds.messy.get()
        let defects = try DefectTests.defects(world)
        let malformedKinds: Set<String> = ["bad_date", "negative_cartons", "unknown_licence", "broken_quoting"]
        let listed = defects.filter { malformedKinds.contains($0.kind) }
        #expect(listed.count == world.truth.malformed.count)
        #expect(Set(listed.compactMap(\.id)) == Set(world.truth.malformed.map(\.id)))
    }

    @Test("Every file still parses with the header's field count, the GB18030 one once decoded")
    func stillParses() throws {
        let world = try TestWorlds.messy.get()
        let defects = try DefectTests.defects(world)
        let gbFile = defects.first { $0.kind == "encoding_gb18030" }?.file
        for file in WorldGenerator.files where file.hasSuffix(".csv") {
            let table = try world.table(file, gb18030: file == gbFile)
            for row in table.rows { #expect(row.fields.count == table.header.count, "\(file) line \(row.line)") }
        }
    }
}
