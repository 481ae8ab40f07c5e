import Foundation

/// Scalar-level helpers shared by the identifier normalisers: half-width folding and the NFKC
/// fallback, so every validator folds input the same way without building intermediate strings.
enum ScalarFolding {
    /// Maps full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space U+3000 to a space;
    /// returns every other scalar value unchanged.
    @inline(__always)
    static func halfWidth(_ value: UInt32) -> UInt32 {
        if value >= 0xFF01 && value <= 0xFF5E { return value &- 0xFEE0 }
        if value == 0x3000 { return 0x20 }
        return value
    }

    /// Whether the half-width fold already gives the NFKC result for this scalar: ASCII, the
    /// full-width forms, common CJK ideographs and a few punctuation marks NFKC leaves alone.
    @inline(__always)
    static func foldIsEnoughForNFKC(_ value: UInt32) -> Bool {
        if value < 0xA0 { return true }
        if value >= 0xFF01 && value <= 0xFF5E { return true }
        if value >= 0x4E00 && value <= 0x9FFF { return true }
        switch value {
        case 0x3000, 0x00B7, 0x2022, 0x30FB, 0x3001, 0x3002, 0x2014, 0x2013, 0xFF0C: return true
        default: return false
        }
    }

    /// Returns the input as NFKC-normalised unicode scalar values with the half-width fold applied.
    /// Foundation's NFKC runs only when some scalar needs more than the fold.
    static func nfkcScalars(_ raw: some StringProtocol) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(raw.utf8.count)
        var needsFull = false
        for scalar in raw.unicodeScalars {
            let value = scalar.value
            if !foldIsEnoughForNFKC(value) { needsFull = true; break }
            out.append(halfWidth(value))
        }
        guard needsFull else { return out }
        out.removeAll(keepingCapacity: true)
        let normalised = String(raw).precomposedStringWithCompatibilityMapping
        for scalar in normalised.unicodeScalars { out.append(halfWidth(scalar.value)) }
        return out
    }

    /// Appends the half-width-folded scalar values of the UTF-8 text `bytes` to `out`, as
    /// ``nfkcScalars(_:)`` gives them, and returns true; returns false (with `out` partly filled) when
    /// the text is not valid UTF-8 or some scalar needs Foundation's NFKC, so that the caller goes
    /// the `String` way. Decodes strictly (no overlong forms, surrogates or four-byte sequences, which
    /// all need that way anyway), so what it accepts decodes as `String(decoding:as:)` would.
    static func foldedScalars(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) -> Bool {
        out.reserveCapacity(out.count + bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = UInt32(bytes[i])
            var value: UInt32
            if b0 < 0x80 {
                value = b0
                i += 1
            } else if b0 >= 0xC2 && b0 <= 0xDF {
                guard i + 1 < n, bytes[i + 1] & 0xC0 == 0x80 else { return false }
                value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if b0 >= 0xE0 && b0 <= 0xEF {
                guard i + 2 < n, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 else { return false }
                value = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                // Overlong (below U+0800) or a surrogate.
                guard value >= 0x800, value < 0xD800 || value > 0xDFFF else { return false }
                i += 3
            } else {
                return false
            }
            guard foldIsEnoughForNFKC(value) else { return false }
            out.append(halfWidth(value))
        }
        return true
    }

    /// ASCII upper-casing of one scalar value.
    @inline(__always)
    static func upper(_ value: UInt32) -> UInt32 {
        (value >= 0x61 && value <= 0x7A) ? value &- 0x20 : value
    }

    /// Whether the value is an ASCII digit.
    @inline(__always)
    static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    /// Whether the value is a space-like separator (ASCII whitespace, NBSP, ideographic space).
    @inline(__always)
    static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x09 || value == 0x0A || value == 0x0D || value == 0xA0 || value == 0x3000
    }

    /// Builds a `String` from ASCII bytes.
    @inline(__always)
    static func string(ascii bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
