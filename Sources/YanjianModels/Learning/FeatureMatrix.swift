/// A dense table of numeric features: `rows` samples × `columns` features, stored row-major in one flat
/// `[Float]` so that a model reads a sample as one contiguous slice.
///
/// Missing values are NaN. Trees send NaN to the left branch (the lowest bin), so impute before fitting
/// when "missing" should mean something else.
public struct FeatureMatrix: Sendable, Equatable {
    /// Number of samples.
    public let rows: Int
    /// Number of features per sample.
    public let columns: Int
    /// `values[row * columns + column]` (keep its count at `rows × columns`).
    public var values: [Float]

    /// A matrix over existing row-major values.
    /// - Throws: ``ModelError/shapeMismatch(expected:actual:)`` when `values.count != rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) throws {
        guard rows >= 0, columns >= 0, values.count == rows * columns else {
            throw ModelError.shapeMismatch(expected: max(0, rows) * max(0, columns), actual: values.count)
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix of zeros.
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.values = [Float](repeating: 0, count: self.rows * self.columns)
    }

    /// A matrix from rows of equal length.
    /// - Throws: ``ModelError/shapeMismatch(expected:actual:)`` naming the first ragged row's length.
    public init(_ rowList: [[Float]]) throws {
        let width = rowList.first?.count ?? 0
        var flat: [Float] = []
        flat.reserveCapacity(rowList.count * width)
        for row in rowList {
            guard row.count == width else { throw ModelError.shapeMismatch(expected: width, actual: row.count) }
            flat.append(contentsOf: row)
        }
        try self.init(rows: rowList.count, columns: width, values: flat)
    }

    /// The value at (`row`, `column`).
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// One sample's features.
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// One feature over all samples.
    public func column(_ index: Int) -> [Float] {
        var result = [Float](repeating: 0, count: rows)
        for row in 0..<rows { result[row] = values[row * columns + index] }
        return result
    }

    /// The samples at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var flat: [Float] = []
        flat.reserveCapacity(indices.count * columns)
        for index in indices { flat.append(contentsOf: values[(index * columns)..<((index + 1) * columns)]) }
        // The shape is right by construction.
        return FeatureMatrix(unchecked: indices.count, columns: columns, values: flat)
    }

    init(unchecked rows: Int, columns: Int, values: [Float]) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}
