/// YanjianGraph: link analysis over the entity graph (串并组网). Layers, as in petgraph:
/// `Storage/` (the CSR snapshot and its loader), `Views/` (small traversal protocols),
/// `Resolution/` (entity keys and name-based resolution), `Algorithms/` (union-find, communities,
/// centrality, traversal), `Analysis/` (gangs, tiers, case linking, findings) and `Export/` (GraphML,
/// GEXF, i2 CSV).
public enum YanjianGraphModule {
    /// The analysis name recorded in `analysis_runs` and on findings.
    public static let analysisName = "links"
}
