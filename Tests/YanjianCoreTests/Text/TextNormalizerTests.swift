import Testing
import YanjianCore

@Suite("TextNormalizer")
struct TextNormalizerTests {
    @Test("Half-width folding maps the full-width ASCII block and the ideographic space")
    func halfWidth() {
        #expect(TextNormalizer.halfWidth("ＡＢＣ１２３！～") == "ABC123!~")
        #expect(TextNormalizer.halfWidth("陕西\u{3000}西安") == "陕西 西安")
        #expect(TextNormalizer.halfWidth("plain") == "plain")
        #expect(TextNormalizer.halfWidth("（０５３６）") == "(0536)")
    }

    @Test(
        "Names normalise: trim, NFKC, spaces, middle dots",
        arguments: [
            ("  张三 ", "张三"), ("张 三", "张三"), ("张\u{3000}三", "张三"), ("阿卜杜拉·买买提", "阿卜杜拉买买提"),
            ("阿卜杜拉•买买提", "阿卜杜拉买买提"), ("阿卜杜拉・买买提", "阿卜杜拉买买提"), ("阿卜杜拉 · 买买提", "阿卜杜拉买买提"),
            ("Li   Wei", "Li Wei"), ("Ｌｉ　Ｗｅｉ", "Li Wei"), ("王小明ＡＢ", "王小明AB"),
        ])
    func names(_ raw: String, _ expected: String) {
        #expect(TextNormalizer.normalizeName(raw) == expected)
        #expect(TextNormalizer.normalizeName(TextNormalizer.normalizeName(raw)) == expected)
    }
}
