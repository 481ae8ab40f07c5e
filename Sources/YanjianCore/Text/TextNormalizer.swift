import Foundation

/// Normalisers for free text fields: half-width folding and person or shop names.
public enum TextNormalizer {
    /// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space U+3000 to a space;
    /// everything else is unchanged.
    public static func halfWidth(_ text: some StringProtocol) -> String {
        var needed = false
        for scalar in text.unicodeScalars where ScalarFolding.halfWidth(scalar.value) != scalar.value {
            needed = true
            break
        }
        guard needed else { return String(text) }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let folded = ScalarFolding.halfWidth(scalar.value)
            out.append(Unicode.Scalar(folded) ?? scalar)
        }
        return String(out)
    }

    /// The middle-dot family used between parts of transliterated names (`阿卜杜拉·买买提`): U+00B7,
    /// U+0387, U+2022, U+2027, U+2219, U+22C5, U+30FB, U+FF65.
    static func isNameDot(_ value: UInt32) -> Bool {
        switch value {
        case 0x00B7, 0x0387, 0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF65: true
        default: false
        }
    }

    /// Whether a scalar is a CJK ideograph (basic block and extension A).
    static func isIdeograph(_ value: UInt32) -> Bool {
        (value >= 0x4E00 && value <= 0x9FFF) || (value >= 0x3400 && value <= 0x4DBF)
    }

    /// Normalises a person or shop name for comparison: NFKC (full-width to half-width), drops every
    /// middle-dot variant, trims, removes spaces next to Chinese characters (`张 三` → `张三`) and
    /// collapses other runs of whitespace to one space (`Li  Wei` → `Li Wei`). Case is kept.
    public static func normalizeName(_ raw: some StringProtocol) -> String {
        let scalars = ScalarFolding.nfkcScalars(raw)
        var kept: [UInt32] = []
        kept.reserveCapacity(scalars.count)
        for v in scalars where !isNameDot(v) {
            kept.append(ScalarFolding.isSpace(v) || v == 0x2003 || v == 0x2002 ? 0x20 : v)
        }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < kept.count {
            let v = kept[i]
            if v == 0x20 {
                var j = i
                while j < kept.count && kept[j] == 0x20 { j += 1 }
                let atEdge = out.isEmpty || j == kept.count
                let nextToHan = (out.last.map { isIdeograph($0.value) } ?? false) || (j < kept.count && isIdeograph(kept[j]))
                if !atEdge && !nextToHan { out.append(" ") }
                i = j
                continue
            }
            if let scalar = Unicode.Scalar(v) { out.append(scalar) }
            i += 1
        }
        return String(out)
    }
}
