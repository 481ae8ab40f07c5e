/// Centrality measures over small to medium graphs given as edge lists on nodes `0..<n`.
public enum Centrality {
    /// Weighted PageRank on a directed graph: rank flows along edges in proportion to their weight;
    /// dangling nodes spread theirs evenly. Returns ranks summing to 1.
    public static func pageRank(
        nodeCount n: Int, sources: [Int32], targets: [Int32], weights: [Double],
        damping: Double = 0.85, iterations: Int = 100, tolerance: Double = 1e-10
    ) -> [Double] {
        guard n > 0 else { return [] }
        var outWeight = [Double](repeating: 0, count: n)
        for i in 0..<sources.count { outWeight[Int(sources[i])] += weights[i] }
        var rank = [Double](repeating: 1 / Double(n), count: n)
        var next = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            var dangling = 0.0
            for v in 0..<n where outWeight[v] == 0 { dangling += rank[v] }
            let base = (1 - damping) / Double(n) + damping * dangling / Double(n)
            for v in 0..<n { next[v] = base }
            for i in 0..<sources.count {
                let s = Int(sources[i])
                next[Int(targets[i])] += damping * rank[s] * weights[i] / outWeight[s]
            }
            var delta = 0.0
            for v in 0..<n { delta += abs(next[v] - rank[v]) }
            swap(&rank, &next)
            if delta < tolerance { break }
        }
        return rank
    }

    /// Betweenness of every node of an undirected, unweighted graph (Brandes, 2001), normalised by
    /// the number of pairs `(n − 1)(n − 2)/2` so values lie in `0…1`.
    public static func betweenness(nodeCount n: Int, edges: [(Int32, Int32)]) -> [Double] {
        guard n > 2 else { return [Double](repeating: 0, count: n) }
        var adjacency = [[Int32]](repeating: [], count: n)
        for (a, b) in edges where a != b {
            adjacency[Int(a)].append(b)
            adjacency[Int(b)].append(a)
        }
        for v in 0..<n { adjacency[v] = Array(Set(adjacency[v])).sorted() }
        var centrality = [Double](repeating: 0, count: n)
        var stack: [Int32] = []
        var predecessors = [[Int32]](repeating: [], count: n)
        var sigma = [Double](repeating: 0, count: n)
        var distance = [Int](repeating: -1, count: n)
        var delta = [Double](repeating: 0, count: n)
        var queue: [Int32] = []
        for s in 0..<n {
            stack.removeAll(keepingCapacity: true)
            for v in 0..<n {
                predecessors[v].removeAll(keepingCapacity: true)
                sigma[v] = 0
                distance[v] = -1
                delta[v] = 0
            }
            sigma[s] = 1
            distance[s] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(Int32(s))
            var head = 0
            while head < queue.count {
                let v = Int(queue[head])
                head += 1
                stack.append(Int32(v))
                for w32 in adjacency[v] {
                    let w = Int(w32)
                    if distance[w] < 0 {
                        distance[w] = distance[v] + 1
                        queue.append(w32)
                    }
                    if distance[w] == distance[v] + 1 {
                        sigma[w] += sigma[v]
                        predecessors[w].append(Int32(v))
                    }
                }
            }
            while let w32 = stack.popLast() {
                let w = Int(w32)
                for v in predecessors[w] {
                    delta[Int(v)] += sigma[Int(v)] / sigma[w] * (1 + delta[w])
                }
                if w != s { centrality[w] += delta[w] }
            }
        }
        // Each pair was counted from both ends.
        let pairs = Double((n - 1) * (n - 2))
        return centrality.map { $0 / pairs }
    }
}
