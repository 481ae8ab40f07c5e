// Swift side of the ML comparison: times the YanjianModels learners on the data gen_data.py writes.
// Built outside SwiftPM by build.sh (release, whole-module) from the model sources themselves.
import Foundation
import YanjianCore

@main
struct MLBench {
    static func load(_ directory: String) throws -> (FeatureMatrix, [Bool], FeatureMatrix, [Bool]) {
        let shape = try String(contentsOfFile: directory + "/shape.txt", encoding: .utf8)
            .split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard shape.count == 3 else { throw ModelError.invalidParameter(name: "shape.txt", reason: "expected 'rows test cols'") }
        func floats(_ name: String, _ count: Int) throws -> [Float] {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            var values = [Float](repeating: 0, count: count)
            _ = values.withUnsafeMutableBytes { data.copyBytes(to: $0) }
            return values
        }
        func bytes(_ name: String) throws -> [Bool] {
            try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)).map { $0 != 0 }
        }
        let train = try FeatureMatrix(rows: shape[0], columns: shape[2], values: floats("train_x.f32", shape[0] * shape[2]))
        let test = try FeatureMatrix(rows: shape[1], columns: shape[2], values: floats("test_x.f32", shape[1] * shape[2]))
        return (train, try bytes("train_y.u8"), test, try bytes("test_y.u8"))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    @MainActor static func timed<T>(_ runs: Int, _ body: () async throws -> T) async throws -> (wall: Double, cpu: Double, result: T) {
        var walls: [Double] = []
        var cpus: [Double] = []
        var last: T?
        for _ in 0..<max(1, runs) {
            let c0 = cpuSeconds()
            let t0 = Date()
            last = try await body()
            walls.append(Date().timeIntervalSince(t0))
            cpus.append(cpuSeconds() - c0)
        }
        walls.sort()
        cpus.sort()
        guard let result = last else { throw BenchError.noRuns }
        return (walls[walls.count / 2], cpus[cpus.count / 2], result)
    }

    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: mlbench DATA_DIR [--runs N] [--only rf,if,km,score] [--threads 2]")
            return
        }
        var runs = 3
        var only: Set<String> = ["if", "km", "rf", "score"]
        var threads = 2
        var depth: Int?
        var index = 2
        while index + 1 < arguments.count {
            switch arguments[index] {
            case "--runs": runs = Int(arguments[index + 1]) ?? runs
            case "--only": only = Set(arguments[index + 1].split(separator: ",").map(String.init))
            case "--threads": threads = Int(arguments[index + 1]) ?? threads
            case "--depth": depth = Int(arguments[index + 1])
            default: break
            }
            index += 2
        }
        let (train, labels, test, testLabels) = try load(arguments[1])
        print("data \(train.rows) x \(train.columns), held out \(test.rows)")
        if only.contains("if") {
            for workers in [1, 2] {
                let r = try await timed(runs) {
                    let forest = try await IsolationForest.fit(train, parameters: .init(trees: 100, seed: 0, parallelism: workers))
                    return try await forest.score(test, parallelism: workers)
                }
                let auc = RobustStatistics.auc(scores: r.result.map(Double.init), labels: testLabels) ?? .nan
                print(String(format: "swift IsolationForest(100) fit+score(test), %d thread(s): %.3f s wall, %.3f s CPU, AUC %.4f", workers, r.wall, r.cpu, auc))
                let all = try await timed(runs) {
                    let forest = try await IsolationForest.fit(train, parameters: .init(trees: 100, seed: 0, parallelism: workers))
                    return try await forest.score(train, parallelism: workers)
                }
                let aucAll = RobustStatistics.auc(scores: all.result.map(Double.init), labels: labels) ?? .nan
                print(String(format: "swift IsolationForest(100) fit+score(all 100k), %d thread(s): %.3f s wall, %.3f s CPU, AUC %.4f", workers, all.wall, all.cpu, aucAll))
            }
        }
        if only.contains("if") {
            var aucs: [Double] = []
            for seed in 0..<5 {
                let forest = try await IsolationForest.fit(train, parameters: .init(trees: 100, seed: UInt64(seed)))
                let scores = try await forest.score(test)
                aucs.append(RobustStatistics.auc(scores: scores.map(Double.init), labels: testLabels) ?? .nan)
            }
            print("swift IsolationForest held-out AUC over seeds 0-4: " + aucs.map { String(format: "%.4f", $0) }.joined(separator: " ")
                  + String(format: " (mean %.4f)", aucs.reduce(0, +) / Double(aucs.count)))
        }
        if only.contains("km") {
            for workers in [2, 1] {
                let r = try await timed(runs) {
                    try await KMeans.fit(train, parameters: .init(clusters: 8, seed: 0, parallelism: workers))
                }
                print(String(format: "swift KMeans(k=8) fit, %d thread(s): %.3f s wall, %.3f s CPU, inertia %.4e, iterations %d", workers, r.wall, r.cpu, r.result.inertia, r.result.iterations))
            }
            // Twenty seeds, as bench/ml/ml_sklearn.py does: one seed's iteration count is luck.
            var cpu = 0.0
            var iterations = 0
            var inertia = 0.0
            var counts: [Int] = []
            for seed in 0..<20 {
                let c0 = cpuSeconds()
                let model = try await KMeans.fit(train, parameters: .init(clusters: 8, seed: UInt64(seed), parallelism: 1))
                cpu += cpuSeconds() - c0
                iterations += model.iterations
                counts.append(model.iterations)
                inertia += model.inertia
            }
            print(String(format: "swift KMeans(k=8) seeds 0-19, 1 thread: %.3f s CPU in all, %d iterations (%.2f ms each), mean inertia %.4e; iterations per seed %@",
                         cpu, iterations, 1000 * cpu / Double(iterations), inertia / 20, "\(counts)"))
        }
        if only.contains("rf") {
            let r = try await timed(runs) {
                try await RandomForest.fit(train, labels: labels, parameters: .init(trees: 100, maxDepth: depth, seed: 0, parallelism: threads))
            }
            let t0 = Date()
            let p = try await r.result.predictProbability(test, parallelism: threads)
            let predict = Date().timeIntervalSince(t0)
            let t1 = Date()
            _ = try await r.result.predictProbability(train, parallelism: threads)
            let predictAll = Date().timeIntervalSince(t1)
            let auc = RobustStatistics.auc(scores: p.map(Double.init), labels: testLabels) ?? .nan
            let nodes = Double(r.result.trees.reduce(0) { $0 + $1.nodeCount }) / Double(r.result.trees.count)
            let deepest = r.result.trees.map(\.depth).max() ?? 0
            print(String(format: "swift RandomForest(100) fit, %d thread(s): %.2f s wall, %.2f s CPU, held-out AUC %.4f; predict 20k %.3f s, 100k %.3f s; max depth %d, mean nodes %.0f", threads, r.wall, r.cpu, auc, predict, predictAll, deepest, nodes))
        }
        if only.contains("score") {
            try await RiskScoringBench.run(rows: train.rows, runs: runs)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "peak RSS %.0f MB", Double(usage.ru_maxrss) / 1024))
    }
}

enum BenchError: Error { case noRuns }
