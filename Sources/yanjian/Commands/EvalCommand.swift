import ArgumentParser
import Foundation
import YanjianEval

/// `yanjian eval`: scores a findings export against a synthetic world's ground truth and prints the
/// scores next to the issues' targets.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score a findings.json against a synthetic world's truth.json.",
        discussion: """
            Compares what the platform concluded (findings.json, from `yanjian export findings`) with what \
            the generator planted (truth.json) and prints gang ARI and tier accuracy, retailer precision@k \
            and average precision, convoy, cloned-plate and night-vehicle precision and recall, tip average \
            precision and flagged decoys, each against its target.

            Exit status: 0 when scoring succeeded (even if targets fail, unless --strict), 1 with --strict \
            when any target fails, 2 when a file is missing or not valid JSON.

            Example:
              yanjian eval --truth worlds/seed7/truth.json --findings out/findings.json
              yanjian eval --truth worlds/seed7/truth.json --findings out/findings.json --json --strict
            """
    )

    @Option(help: ArgumentHelp("Path to the world's truth.json.", valueName: "file"))
    var truth: String

    @Option(help: ArgumentHelp("Path to the findings.json to score.", valueName: "file"))
    var findings: String

    @Flag(help: "Print the report as JSON instead of a table.")
    var json = false

    @Flag(help: "Exit with status 1 when any target fails.")
    var strict = false

    func validate() throws {
        if truth.isEmpty { throw ValidationError("--truth must name a file.") }
        if findings.isEmpty { throw ValidationError("--findings must name a file.") }
    }

    func run() throws {
        let report: EvalReport
        do {
            report = try Evaluator.run(
                truthURL: URL(fileURLWithPath: truth), findingsURL: URL(fileURLWithPath: findings))
        } catch {
            let hint = "hint: truth.json is written by the generator, findings.json by `yanjian export findings`"
            FileHandle.standardError.write(Data("error: \(error)\n\(hint)\n".utf8))
            throw ExitCode(2)
        }

        if json {
            print(String(decoding: try report.encodedJSON(), as: UTF8.self))
        } else {
            print(report.renderTable(), terminator: "")
        }
        if strict && !report.allPass {
            throw ExitCode.failure
        }
    }
}
