import ArgumentParser
import Foundation
import YanjianSynth

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `yanjian synth`: writes one synthetic world (every interchange file plus truth.json) and prints
/// a table of the rows written.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate a synthetic world in the interchange format, with its ground truth.",
        discussion: """
            Writes retailers, orders, terminal sales, business registry, waybills, persons, cases, case \
            links, payments, cameras, plate reads, video events, units and tips into DIR, plus truth.json: \
            the gangs, anomalous retailers, convoys, cloned plates, night vehicles, true tips and decoys \
            that were planted. The same seed and scale always give byte-identical files.

            Scale 1 is about one prefecture: 5,000 retailers, 12 months of orders, 90 days of terminal \
            sales, 100,000 waybills, 1,000,000 plate reads over 30 days and 150 cameras. Everything grows \
            linearly with the scale; fractional scales such as 0.02 make tiny test worlds. The world \
            centres on 潍坊 (370700) for even seeds and 西安 (610100) for odd ones unless --centre says.

            --messy adds realistic defects (phone and address variants, 15-digit ID numbers, repeated \
            and updated records, a BOM, CRLF line ends, one GB18030 file, malformed rows) and lists every \
            one in defects.json.

            Examples:
              yanjian synth --out worlds/s7 --seed 7 --scale 0.05
              yanjian synth --out worlds/big --seed 1 --scale 1 --waybills 4310000
              yanjian synth --out worlds/dirty --seed 3 --scale 0.2 --messy
            """
    )

    @Option(help: ArgumentHelp("Folder to write the world into (created if needed).", valueName: "dir"))
    var out: String

    @Option(help: "Random seed; the same seed and scale give the same world.")
    var seed: UInt64 = 1

    @Option(help: "Size relative to one prefecture (1.0); may be fractional, e.g. 0.02.")
    var scale: Double = 1

    @Flag(help: "Inject realistic defects and write defects.json.")
    var messy = false

    @Option(help: ArgumentHelp("Number of waybills (default 100,000 × scale).", valueName: "n"))
    var waybills: Int?

    @Option(name: .customLong("plate-reads"), help: ArgumentHelp("Approximate number of plate reads (default 1,000,000 × scale).", valueName: "n"))
    var plateReads: Int?

    @Option(help: ArgumentHelp("Prefecture adcode to centre the world on (default by seed: 370700 or 610100).", valueName: "adcode"))
    var centre: String?

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out must name a folder.") }
        guard scale.isFinite, scale > 0, scale <= 200 else { throw ValidationError("--scale must be between 0 and 200.") }
        if let waybills, waybills < 0 { throw ValidationError("--waybills must not be negative.") }
        if let plateReads, plateReads < 0 { throw ValidationError("--plate-reads must not be negative.") }
        if let centre, centre.count != 6 || !centre.allSatisfy(\.isASCII) || Int(centre) == nil {
            throw ValidationError("--centre must be a 6-digit prefecture adcode such as 370700.")
        }
    }

    func run() throws {
        let config = WorldConfig(seed: seed, scale: scale, messy: messy, waybills: waybills, plateReads: plateReads, centre: centre)
        let interactive = isatty(STDERR_FILENO) != 0
        var progress: (@Sendable (SynthProgress) -> Void)?
        if interactive {
            progress = { report in
                let line = "\r\u{1B}[K  \(report.filesDone)/\(report.totalFiles) files  \(report.file)  \(report.rows) rows"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        let summary: WorldSummary
        do {
            summary = try WorldGenerator.generate(config, to: URL(fileURLWithPath: out), progress: progress)
        } catch {
            if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
            FileHandle.standardError.write(Data("error: \(error)\nhint: check that \(out) is writable and the options are valid\n".utf8))
            throw ExitCode.failure
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print("file                      rows")
        for file in summary.files {
            let rows = summary.rows[file] ?? 0
            print(file.padding(toLength: 24, withPad: " ", startingAt: 0), String(rows).leftPadded(to: 10))
        }
        for note in summary.notes { print("note:", note) }
        print(String(format: "world centred on %@ written to %@ in %.1f s", summary.centre, out, summary.seconds))
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
