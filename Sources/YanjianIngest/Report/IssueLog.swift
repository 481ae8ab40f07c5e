/// Collects the rejects and warnings of one file, listing at most `maxListed` of each; the rest are
/// counted and summed up by one closing entry, so a file of a million orphans cannot bloat the report.
struct IssueLog {
    let file: String
    let maxListed: Int
    private(set) var rejects: [ImportReport.Issue] = []
    private(set) var warnings: [ImportReport.Issue] = []
    /// Rejected records (each counted once), including unlisted ones.
    private(set) var rejectCount = 0
    private(set) var warningCount = 0
    private var listedRecordRejects = 0

    init(file: String, maxListed: Int) {
        self.file = file
        self.maxListed = max(1, maxListed)
    }

    /// Records one rejected record.
    mutating func reject(line: Int, id: String?, field: String, reason: String) {
        rejectCount += 1
        if listedRecordRejects < maxListed {
            listedRecordRejects += 1
            rejects.append(ImportReport.Issue(file: file, line: line, id: id, field: field, reason: reason))
        }
    }

    /// Records a problem with the whole file; it does not count as a rejected record.
    mutating func fileProblem(line: Int = 0, field: String = "", reason: String) {
        rejects.append(ImportReport.Issue(file: file, line: line, id: nil, field: field, reason: reason))
    }

    /// Records a warning about a kept record or about the file.
    mutating func warn(line: Int, id: String?, field: String, reason: String) {
        warningCount += 1
        if warnings.count < maxListed {
            warnings.append(ImportReport.Issue(file: file, line: line, id: id, field: field, reason: reason))
        }
    }

    /// The lists, each closed by a count of the entries not listed.
    func finished() -> (rejects: [ImportReport.Issue], warnings: [ImportReport.Issue]) {
        var rejects = self.rejects
        var warnings = self.warnings
        if rejectCount > listedRecordRejects {
            rejects.append(ImportReport.Issue(
                file: file, line: 0, id: nil, field: "",
                reason: "\(rejectCount - listedRecordRejects) more rejected records are not listed (the first \(maxListed) are)"))
        }
        if warningCount > warnings.count {
            warnings.append(ImportReport.Issue(
                file: file, line: 0, id: nil, field: "",
                reason: "\(warningCount - warnings.count) more warnings are not listed (the first \(maxListed) are)"))
        }
        return (rejects, warnings)
    }
}
