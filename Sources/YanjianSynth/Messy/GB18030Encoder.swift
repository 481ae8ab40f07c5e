import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts UTF-8 bytes to GB18030, for the one file a messy world writes in the legacy encoding that
/// many Chinese government exports still use.
///
/// Foundation on Linux has no named `String.Encoding` for GB18030, but swift-corelibs-foundation does
/// map CoreFoundation encodings given as raw values (`0x8000_0000 | kCFStringEncodingGB_18030_2000`),
/// which is what `CFStringConvertEncodingToNSStringEncoding` would return on Apple platforms. When that
/// conversion fails, the C library's `iconv` is used instead. ``backend`` names the one in use.
enum GB18030Encoder {
    /// `kCFStringEncodingGB_18030_2000` (0x0632) as an `NSStringEncoding`.
    static let foundationEncoding = String.Encoding(rawValue: 0x8000_0632)

    /// The converters that can produce GB18030.
    enum Backend: String, Sendable {
        /// Foundation's `String.data(using:)` with the CoreFoundation encoding.
        case foundation
        /// The C library's `iconv`.
        case iconv
        /// Neither works on this system.
        case none
    }

    /// The converter in use, found once by encoding a probe.
    static let backend: Backend = {
        let probe = "潍坊"
        if probe.data(using: foundationEncoding) != nil { return .foundation }
        if encodeWithIconv(Array(probe.utf8)) != nil { return .iconv }
        return .none
    }()

    /// The GB18030 encoding of `utf8`, or nil when no converter is available.
    static func encode(_ utf8: [UInt8]) -> [UInt8]? {
        switch backend {
        case .foundation:
            let text = String(decoding: utf8, as: UTF8.self)
            return text.data(using: foundationEncoding).map { [UInt8]($0) }
        case .iconv:
            return encodeWithIconv(utf8)
        case .none:
            return nil
        }
    }

    /// Converts with `iconv_open("GB18030", "UTF-8")`.
    static func encodeWithIconv(_ utf8: [UInt8]) -> [UInt8]? {
        let handle = iconv_open("GB18030", "UTF-8")
        if handle == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(handle) }
        var input = utf8
        var output = [UInt8](repeating: 0, count: utf8.count * 2 + 16)
        var inLeft = input.count
        var outLeft = output.count
        let status: Int = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                guard let inBase = inRaw.baseAddress, let outBase = outRaw.baseAddress else { return 0 }
                var inPointer: UnsafeMutablePointer<CChar>? = inBase.assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = outBase.assumingMemoryBound(to: CChar.self)
                return iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        if status == -1 || inLeft != 0 { return nil }
        output.removeLast(outLeft)
        return output
    }
}
