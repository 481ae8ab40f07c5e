#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A converter from one encoding to UTF-8 through the C library's `iconv`, used by `ChunkedInput`
/// to read GB18030 files. It owns its `iconv_t` and closes it when released.
final class IconvDecoder {
    /// How one `convert` call ended.
    enum Stop {
        /// All input was converted.
        case inputConsumed
        /// The output buffer is full; convert the rest later.
        case outputFull
        /// The input ends inside a multibyte sequence; append more input and convert again.
        case incompleteTail
        /// The input holds an invalid sequence at the returned `consumed` offset.
        case invalidSequence
    }

    private let descriptor: iconv_t

    /// A decoder from `sourceEncoding` (an iconv name such as "GB18030"), or nil when this C library
    /// has no converter for it.
    init?(sourceEncoding: String) {
        let descriptor = iconv_open("UTF-8", sourceEncoding)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts bytes from `input` into `output` until one runs out or a sequence is invalid.
    func convert(
        _ input: UnsafeMutablePointer<UInt8>, count inputCount: Int,
        into output: UnsafeMutablePointer<UInt8>, capacity: Int
    ) -> (consumed: Int, produced: Int, stop: Stop) {
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(input)
            .assumingMemoryBound(to: CChar.self)
        var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = inputCount
        var outLeft = capacity
        let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
        let consumed = inputCount - inLeft
        let produced = capacity - outLeft
        if result != -1 { return (consumed, produced, .inputConsumed) }
        switch errno {
        case E2BIG: return (consumed, produced, .outputFull)
        case EINVAL: return (consumed, produced, .incompleteTail)
        default: return (consumed, produced, .invalidSequence)
        }
    }
}
