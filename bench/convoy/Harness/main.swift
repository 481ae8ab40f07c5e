// convoybench: the vehicle-perception harness of bench/convoy (built by run.sh in a scratch package
// whose YanjianPerception target is a copy of the store-independent sources).
//
//   convoybench world DIR… [--verbose] quality on generated worlds, straight from their files (verbose:
//                                     hits and the strongest chance pairs, all with the full baseline)
//   convoybench reads FILE [--sweep-only] timings on a binary read file (gen_reads.c format)
import Foundation
import YanjianPerception

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else {
    FileHandle.standardError.write(Data("usage: convoybench world DIR… | reads FILE [--sweep-only]\n".utf8))
    exit(2)
}
let verbose = arguments.contains("--verbose")
let rest = arguments.dropFirst().filter { !$0.hasPrefix("--") }
switch mode {
case "world":
    var parameters = PerceptionParameters()
    parameters.convoys.fullBaseline = verbose
    try await QualityRun.run(folders: Array(rest), parameters: parameters, verbose: verbose)
case "reads":
    guard let file = rest.first else { exit(2) }
    try await TimingRun.run(file: file, sweepOnly: arguments.contains("--sweep-only"))
default:
    FileHandle.standardError.write(Data("unknown mode \(mode)\n".utf8))
    exit(2)
}
