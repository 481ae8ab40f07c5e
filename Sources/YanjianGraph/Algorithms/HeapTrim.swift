import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hands the allocator's free pages back to the system between the analysis's stages.
///
/// Building the graph and the projection allocates and frees thousands of arrays; glibc keeps freed
/// blocks below its (dynamic, up to 32 MiB) mmap threshold in the heap, where they still count as
/// resident until something trims it. The analysis's peak is the resident graph plus the next stage's
/// working set, so pages the previous stage freed but the allocator kept are pure overhead at the peak.
/// `malloc_trim` is looked up at run time (Swift's Glibc module does not export `malloc.h`); elsewhere
/// this does nothing.
enum HeapTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func release() {
        _ = trim?(0)
    }

    /// The process's resident set in MB (VmRSS), for the stage logs; nil where /proc is missing.
    static func residentMegabytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes / 1024
    }
}
