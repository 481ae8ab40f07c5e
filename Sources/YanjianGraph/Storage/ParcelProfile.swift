/// What a smuggling parcel tends to look like, used to flag waybills while loading: a harmless
/// description (domain facts §8.10) and the weight of one or two cartons with packaging (§6: about
/// 0.4–0.5 kg per carton packed; a two-carton parcel 0.6–1.0 kg). Configurable, never a verdict on its
/// own: gang evidence compares a group's share of such parcels with the share in all the data.
public struct ParcelProfile: Sendable, Equatable {
    /// Descriptions (matched as substrings) used to disguise cigarettes.
    public var disguiseWords: [String]
    /// The carton-sized weight window in grams (inclusive).
    public var cartonGrams: ClosedRange<Int32>
    /// The most pieces a carton-sized parcel has.
    public var maximumPieces: Int32

    /// Creates a profile.
    public init(disguiseWords: [String], cartonGrams: ClosedRange<Int32>, maximumPieces: Int32 = 1) {
        self.disguiseWords = disguiseWords
        self.cartonGrams = cartonGrams
        self.maximumPieces = maximumPieces
    }

    /// The domain-facts defaults: tea, local produce, clothes, daily goods, food, documents, books;
    /// 0.3–1.3 kg, one piece.
    public static let standard = ParcelProfile(
        disguiseWords: ["茶叶", "特产", "衣服", "衣物", "服装", "日用品", "食品", "文件", "书"],
        cartonGrams: 300...1300)

    /// Whether a description is one of the disguises.
    public func isDisguise(_ description: String) -> Bool {
        disguiseWords.contains { description.contains($0) }
    }
}
