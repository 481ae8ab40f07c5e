/// Why a model could not be fitted or applied.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// An array did not have the size its shape requires.
    case shapeMismatch(expected: Int, actual: Int)
    /// There is nothing to fit on.
    case empty
    /// Labels and samples differ in number.
    case labelCount(samples: Int, labels: Int)
    /// A parameter is out of its range; `name` is the parameter, `reason` says what is allowed.
    case invalidParameter(name: String, reason: String)
    /// A model was applied to samples with another number of features than it was fitted on.
    case featureCount(fitted: Int, given: Int)

    /// A stable key for messages.
    public var code: String {
        switch self {
        case .shapeMismatch: return "model.shape_mismatch"
        case .empty: return "model.empty"
        case .labelCount: return "model.label_count"
        case .invalidParameter: return "model.invalid_parameter"
        case .featureCount: return "model.feature_count"
        }
    }

    public var description: String {
        switch self {
        case .shapeMismatch(let expected, let actual): return "expected \(expected) values, got \(actual)"
        case .empty: return "no samples to fit on"
        case .labelCount(let samples, let labels): return "\(samples) samples but \(labels) labels"
        case .invalidParameter(let name, let reason): return "parameter \(name): \(reason)"
        case .featureCount(let fitted, let given): return "model fitted on \(fitted) features, given \(given)"
        }
    }
}
