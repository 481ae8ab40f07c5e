// SynthBench: generates one synthetic world and prints the time taken and the peak memory, so the
// generator's speed can be measured in release without building the full server stack:
//
//     YANJIAN_LIGHT=1 swift run -c release --scratch-path .build-light SynthBench \
//         --out /tmp/w1 --seed 1 --scale 1 --waybills 4310000
import ArgumentParser
import Foundation
import YanjianSynth

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SynthBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SynthBench", abstract: "Generate a synthetic world and report time and peak memory.")

    @Option(help: "Output folder.") var out: String
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Scale (1 ≈ one prefecture).") var scale: Double = 1
    @Flag(help: "Inject realistic defects and write defects.json.") var messy = false
    @Option(help: "Number of waybills (default 100,000 × scale).") var waybills: Int?
    @Option(help: "Approximate number of plate reads (default 1,000,000 × scale).") var plateReads: Int?
    @Option(help: "Prefecture adcode the world centres on (default by seed: 370700 or 610100).") var centre: String?

    func run() throws {
        let config = WorldConfig(
            seed: seed, scale: scale, messy: messy, waybills: waybills, plateReads: plateReads, centre: centre)
        let summary = try WorldGenerator.generate(config, to: URL(fileURLWithPath: out))
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        let peakMB = Double(usage.ru_maxrss) / 1024
        #else
        let peakMB = Double(usage.ru_maxrss) / 1_048_576
        #endif
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        for file in summary.files {
            print(file.padding(toLength: 24, withPad: " ", startingAt: 0), summary.rows[file] ?? 0)
        }
        for note in summary.notes { print("note:", note) }
        print(String(format: "centre %@  wall %.2f s  cpu %.2f s  peak RSS %.0f MB", summary.centre, summary.seconds, cpu, peakMB))
    }
}

SynthBench.main()
