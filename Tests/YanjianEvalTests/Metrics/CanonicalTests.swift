import Testing
@testable import YanjianEval

@Suite("Canonical values")
struct CanonicalTests {
    @Test(
        "Phone spellings reduce to 11 digits",
        arguments: ["13812345678", "+86 138-1234-5678", "0086 13812345678", "86-138 1234 5678", "１３８１２３４５６７８", " 138 1234 5678 "]
    )
    func phone(spelling: String) {
        #expect(Canonical.phone(spelling) == "13812345678")
    }

    @Test("A landline keeps its area code, digits only")
    func landline() {
        #expect(Canonical.phone("0913-2345678") == "09132345678")
    }

    @Test("ID numbers are upper-case half-width without spaces")
    func idNumber() {
        #expect(Canonical.idNumber("610103198001011234x") == "610103198001011234X")
        #expect(Canonical.idNumber("６１０１０３ 19800101123X") == "61010319800101123X")
    }

    @Test("Plates are upper-case without separators", arguments: ["陕A12345", "陕a12345", "陕A·12345", "陕A 12345", "陕A-12345", "陕Ａ１２３４５"])
    func plate(spelling: String) {
        #expect(Canonical.plate(spelling) == "陕A12345")
    }

    @Test("Accounts and other values are trimmed and half-width")
    func trimmed() {
        #expect(Canonical.value(kind: "account", "  6222 0001\u{3000}") == "6222 0001")
        #expect(Canonical.value(kind: "licence_no", "６１０１") == "6101")
    }

    @Test("Canonicalising twice equals once", arguments: ["+86 138-1234-5678", "陕a·1234５", " x ", "0086１３８"])
    func idempotent(raw: String) {
        for kind in ["phone", "id_no", "plate", "account"] {
            let once = Canonical.value(kind: kind, raw)
            #expect(Canonical.value(kind: kind, once) == once)
        }
    }
}
