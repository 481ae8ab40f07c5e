import Foundation
import Testing
import YanjianCore
@testable import YanjianGraph

@Suite("Fellegi–Sunter record linkage")
struct FellegiSunterTests {
    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test("Jaro–Winkler gives the textbook values")
    func jaroWinkler() {
        func jw(_ a: String, _ b: String) -> Double { StringSimilarity.jaroWinkler(Self.scalars(a), Self.scalars(b)) }
        #expect(abs(jw("MARTHA", "MARHTA") - 0.9611) < 0.0001)
        #expect(abs(jw("DWAYNE", "DUANE") - 0.84) < 0.0001)
        #expect(abs(jw("DIXON", "DICKSONX") - 0.8133) < 0.0001)
        #expect(jw("张伟", "张伟") == 1)
        #expect(jw("张伟", "李娜") == 0)
        #expect(jw("", "") == 1)
        #expect(jw("", "王") == 0)
        #expect(jw("王建国", "王建军") > jw("王建国", "李建军"))
    }

    @Test("One edit: substitution, insertion, deletion, adjacent swap; two edits are not one")
    func oneEdit() {
        func one(_ a: String, _ b: String) -> Bool { StringSimilarity.withinOneEdit(Self.scalars(a), Self.scalars(b)) }
        #expect(one("19850312", "19850312"))
        #expect(one("19850312", "19850313"))
        #expect(one("19850312", "19853012"))
        #expect(one("19850312", "1985312"))
        #expect(one("1985312", "19850312"))
        #expect(!one("19850312", "19860313"))
        #expect(!one("19850312", "31201985"))
        #expect(!one("12", "1234"))
    }

    /// People, and a second file listing most of them again with typing errors and gaps.
    static func world(people: Int, seed: UInt64) -> (a: FellegiSunter.Records, b: FellegiSunter.Records, truth: Set<String>) {
        var rng = SplitMix64(seed: seed)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红")
        let streets = ["长安南路", "科技路", "朱雀大街", "太白北路", "含光路", "雁塔西路", "丈八东路", "电子正街"]
        func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
        var a: FellegiSunter.Records = []
        for _ in 0..<people {
            let name = String(pick(surnames)) + String(pick(given)) + (rng.next() % 2 == 0 ? String(pick(given)) : "")
            let birth = String(1950 + Int(rng.next() % 50)) + String(format: "%02d%02d", 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
            let phone = "13" + String(format: "%09d", Int(rng.next() % 1_000_000_000))
            let address = pick(streets) + "\(1 + rng.next() % 300)号"
            a.append([name, birth, phone, address])
        }
        func typo(_ value: String) -> String {
            var chars = Array(value)
            guard chars.count > 1 else { return value }
            let i = Int(rng.next() % UInt64(chars.count - 1))
            chars.swapAt(i, i + 1)
            return String(chars)
        }
        var b: FellegiSunter.Records = []
        var truth = Set<String>()
        for (i, row) in a.enumerated() where rng.next() % 10 < 8 {
            var copy = row
            for _ in 0..<2 {
                let f = Int(rng.next() % 4)
                copy[f] = rng.next() % 3 == 0 ? "" : typo(copy[f])
            }
            truth.insert("\(i)|\(b.count)")
            b.append(copy)
        }
        return (a, b, truth)
    }

    static let fields: [FellegiSunter.Field] = [
        .init("name", .text()), .init("birth_date", .code), .init("phone", .code), .init("address", .text()),
    ]

    @Test("Two files with typos and gaps are linked without labels, at F1 ≥ 0.95, and each match is explained")
    func linksTwoFiles() throws {
        let (a, b, truth) = Self.world(people: 600, seed: 11)
        var linker = FellegiSunter(fields: Self.fields, blocking: [.init([0]), .init([1]), .init([2]), .init([3])])
        linker.oneToOne = true
        let result = linker.link(a, b)
        let found = Set(result.matches.map { "\($0.a)|\($0.b)" })
        let tp = Double(found.intersection(truth).count)
        let precision = tp / Double(max(1, found.count)), recall = tp / Double(truth.count)
        #expect(2 * precision * recall / (precision + recall) >= 0.95, "P \(precision) R \(recall)")
        // The estimates make sense: agreeing is evidence for, disagreeing against, on every field.
        for f in Self.fields.indices {
            let top = Self.fields[f].comparison.levelCount - 1
            #expect(result.model.weight(field: f, level: top) > 0)
            #expect(result.model.weight(field: f, level: 0) < 0)
        }
        #expect(result.model.matchShare > 0 && result.model.matchShare < 1)
        let match = try #require(result.matches.first)
        let evidence = linker.explain(match, model: result.model)
        #expect(evidence.map(\.field) == ["name", "birth_date", "phone", "address"])
        #expect(abs(evidence.map(\.weight).reduce(0, +) - match.weight) < 1e-9)
        #expect(evidence.allSatisfy { $0.level == nil ? $0.label == "缺失" && $0.weight == 0 : !$0.label.isEmpty })
    }

    @Test("Without one-to-one, every pair above the threshold is kept; a missing value weighs nothing")
    func missingIsNeutral() {
        let (a, b, _) = Self.world(people: 300, seed: 5)
        let linker = FellegiSunter(fields: Self.fields, blocking: [.init([0]), .init([1]), .init([2])])
        let result = linker.link(a, b)
        #expect(!result.matches.isEmpty)
        for match in result.matches {
            #expect(match.probability >= linker.threshold)
            for (f, level) in match.levels.enumerated() where level == FellegiSunter.missing {
                #expect(linker.explain(match, model: result.model)[f].weight == 0)
            }
        }
    }

    @Test("A blocking key shared by too many records is skipped and reported, not compared")
    func superNodeBlockIsSkipped() {
        var records: FellegiSunter.Records = (0..<100).map { ["张三", "1990010\($0 % 10)", "西安市雁塔区某大学宿舍"] }
        records.append(["李四", "19800101", "北京市"])
        var linker = FellegiSunter(
            fields: [.init("name", .text()), .init("birth", .code), .init("address", .text())],
            blocking: [.init([2]), .init([1])])
        linker.maximumBlockPairs = 1_000
        let result = linker.deduplicate(records)
        #expect(result.skipped.count == 1)
        #expect(result.skipped.first?.key == "西安市雁塔区某大学宿舍")
        #expect(result.skipped.first?.pairs == 100 * 99 / 2)
        // Only the birth-date blocks were compared: ten groups of ten.
        #expect(result.candidates == 10 * 45)
    }

    @Test("Deduplication finds repeated persons inside one file, each pair once with a < b")
    func deduplicates() {
        let (a, b, truth) = Self.world(people: 400, seed: 3)
        let combined = a + b
        let linker = FellegiSunter(fields: Self.fields, blocking: [.init([0]), .init([1]), .init([2]), .init([3])])
        let result = linker.deduplicate(combined)
        let found = Set(result.matches.map { "\($0.a)|\(Int($0.b) - a.count)" })
        #expect(result.matches.allSatisfy { $0.a < $0.b })
        let tp = Double(found.intersection(truth).count)
        #expect(tp / Double(truth.count) >= 0.9)
        #expect(tp / Double(max(1, result.matches.count)) >= 0.9)
    }
}
